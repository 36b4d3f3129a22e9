// `ladder report`: the HTML page. Charts are Vega-Lite specs built here as JSON (the page draws
// them with vega-embed, as SVG); the diagram is the mermaid text from report/Diagram. Both
// libraries are inlined from the binary (web_asset), so the page needs no network. The latency
// CDF is drawn from the percentiles the result carries (p50, p90, p95, p99, p99.9, max): the
// result JSON has no histogram, and those six points are the CDF's upper half, exactly.
#include "ladder/report/Html.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <optional>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "FormatDetail.hpp"
#include "ladder/report/Diagram.hpp"
#include "ladder/scenario/Loader.hpp"

namespace ladder {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;
using namespace report_detail;

std::string esc(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

/// Inline JavaScript must not end its <script> element early ("</script") nor open an HTML
/// comment that would change how the element ends ("<!--"). Only those two sequences are
/// rewritten, and only in forms that mean the same inside strings and regular expressions
/// ("<\/script", "\x3C!--"); a blanket "</" → "<\/" would break a regex like /</g.
std::string script_safe(std::string_view s, bool is_json) {
  std::string out;
  out.reserve(s.size() + 64);
  auto lower_eq = [&](std::size_t i, std::string_view w) {
    if (i + w.size() > s.size()) return false;
    for (std::size_t k = 0; k < w.size(); ++k)
      if (std::tolower(static_cast<unsigned char>(s[i + k])) != w[k]) return false;
    return true;
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '<' && (is_json ? (i + 1 < s.size() && s[i + 1] == '/') : lower_eq(i, "</script"))) {
      out += "<\\/";
      ++i;
    } else if (s[i] == '<' && lower_eq(i, "<!--")) {
      out += is_json ? "\\u003C" : "\\x3C";
    } else {
      out += s[i];
    }
  }
  return out;
}

const json& chart_config() {
  static const json c = {
      {"font", "Helvetica, Arial, sans-serif"},
      {"axis", {{"labelFontSize", 14}, {"titleFontSize", 15}, {"titleFontWeight", "normal"}, {"titlePadding", 8}}},
      {"legend", {{"labelFontSize", 14}, {"titleFontSize", 14}, {"titleFontWeight", "normal"}}},
      {"title", {{"fontSize", 17}, {"anchor", "start"}, {"fontWeight", "bold"}, {"offset", 10}}},
      {"header", {{"labelFontSize", 14}}},
      {"view", {{"stroke", nullptr}}}};
  return c;
}

json spec(const std::string& title, int width, int height) {
  return {{"$schema", "https://vega.github.io/schema/vega-lite/v6.json"},
          {"title", title},
          {"width", width},
          {"height", height},
          {"config", chart_config()}};
}

json axis_q(const std::string& field, const std::string& title, json extra = json::object()) {
  json e = {{"field", field}, {"type", "quantitative"}, {"title", title}};
  for (auto& [k, v] : extra.items()) e[k] = v;
  return e;
}

/// The fault and health events of a run as vertical dashed rules (and, with labels, their names).
json event_layers(const Result& r, bool labels) {
  json layers = json::array();
  if (r.events.empty()) return layers;
  json rows = json::array();
  int i = 0;
  for (const auto& e : r.events) {
    ++i;
    rows.push_back({{"t_s", e.t_s}, {"n", std::to_string(i)}, {"label", e.event + " " + e.component}, {"detail", e.detail}});
  }
  layers.push_back({{"data", {{"values", rows}}},
                    {"mark", {{"type", "rule"}, {"color", "#b91c1c"}, {"strokeDash", {5, 3}}, {"strokeWidth", 2}}},
                    {"encoding", {{"x", {{"field", "t_s"}, {"type", "quantitative"}}},
                                  {"tooltip", {{{"field", "label"}}, {{"field", "detail"}}}}}}});
  if (labels)
    layers.push_back({{"data", {{"values", rows}}},
                      {"mark", {{"type", "text"}, {"baseline", "bottom"}, {"fontSize", 14}, {"fontWeight", "bold"},
                                {"color", "#b91c1c"}}},
                      {"encoding", {{"x", {{"field", "t_s"}, {"type", "quantitative"}}},
                                    {"y", {{"value", -3}}},
                                    {"text", {{"field", "n"}}},
                                    {"tooltip", {{{"field", "label"}}, {{"field", "detail"}}}}}}});
  return layers;
}

json warmup_layer(const Result& r) {
  return {{"data", {{"values", {{{"from", 0.0}, {"to", r.sim.warmup_s}}}}}},
          {"mark", {{"type", "rect"}, {"color", "#e5e7eb"}, {"opacity", 0.6}}},
          {"encoding", {{"x", {{"field", "from"}, {"type", "quantitative"}}}, {"x2", {{"field", "to"}}}}}};
}

json time_x(const Result& r) {
  return axis_q("t_s", "time (s)", {{"scale", {{"domain", {0.0, r.sim.duration_s}}}}, {"axis", {{"tickCount", 12}}}});
}

/// A time-series chart: the warm-up shaded, `main` layers, the events on top.
json timeline_chart(const Result& r, const std::string& title, json main_layers, bool event_labels, int height = 170) {
  json s = spec(title, 800, height);
  json layers = json::array();
  if (r.sim.warmup_s > 0) layers.push_back(warmup_layer(r));
  for (auto& l : main_layers) layers.push_back(std::move(l));
  for (auto& l : event_layers(r, event_labels)) layers.push_back(std::move(l));
  s["layer"] = layers;
  s["resolve"] = {{"scale", {{"x", "shared"}}}};
  if (event_labels && !r.events.empty()) s["padding"] = {{"top", 22}, {"left", 5}, {"right", 5}, {"bottom", 5}};
  return s;
}

struct Section {
  std::string id;
  std::string html;
  std::vector<std::pair<std::string, json>> charts;
  std::string mermaid;
};

class Page {
 public:
  std::string chart(Section& sec, const std::string& tag, json s) {
    std::string id = sec.id + "-" + tag;
    sec.charts.emplace_back(id, std::move(s));
    return "<div class=\"chart\" id=\"" + id + "\"></div>\n";
  }
};

std::string kv(const std::string& k, const std::string& v) {
  return "<div class=\"kv\"><div class=\"k\">" + esc(k) + "</div><div class=\"v\">" + esc(v) + "</div></div>";
}

std::string ms(double v) { return sig3(v) + " ms"; }

Section result_section(const ReportInput& in, std::size_t index, bool several) {
  const Result& r = in.result;
  Section sec;
  sec.id = fmt::format("r{}", index);
  Page page;
  std::string& h = sec.html;
  std::string title = r.scenario.stage >= 0 ? fmt::format("Stage {} — {}", r.scenario.stage, r.scenario.name)
                                            : r.scenario.name;
  h += "<section id=\"" + sec.id + "\">\n<h2>" + esc(title) + "</h2>\n";
  h += "<p class=\"sub\">" + esc(r.scenario.description) + " · <code>" + esc(r.scenario.file) + "</code> · seed " +
       std::to_string(r.scenario.seed) + " · " + plain(r.sim.duration_s) + " s simulated (" + plain(r.sim.warmup_s) +
       " s warm-up) · result <code>" + esc(in.path) + "</code></p>\n";

  std::string load = r.workload.model == "closed" ? count(r.workload.users) + " users"
                                                  : sig3(r.workload.offered_rps) + " req/s offered";
  h += "<div class=\"cards\">" + kv("load", load + (r.workload.dau > 0 ? " · " + count(static_cast<std::uint64_t>(r.workload.dau)) + " DAU" : "")) +
       kv("throughput", sig3(r.requests.throughput_rps) + " req/s") + kv("p50 / p99", ms(r.latency_ms.p50) + " / " + ms(r.latency_ms.p99)) +
       kv("errors", pct(r.requests.error_rate) + " %") + kv("cost", "$" + usd(r.cost.monthly_usd) + " / month") +
       kv("bottleneck", r.bottleneck.component.empty() ? "none"
                                                       : r.bottleneck.component + " " + r.bottleneck.resource + " " +
                                                             pct(r.bottleneck.utilization) + " %") +
       "</div>\n";

  // Architecture.
  h += "<h3>Architecture</h3>\n";
  if (!in.mermaid.empty()) {
    sec.mermaid = in.mermaid;
    h += "<div class=\"diagram\" data-nodes=\"" + std::to_string(in.diagram_nodes) +
         "\"><pre class=\"mermaid\" id=\"" + sec.id + "-diagram\">" + esc(in.mermaid) +
         "</pre><p class=\"note\">Highlighted: what this stage changed compared with the file it extends.</p></div>\n";
  } else {
    h += "<p class=\"note\">" + esc(in.diagram_note) + "</p>\n";
  }

  // Bottleneck.
  h += "<h3>Bottleneck</h3>\n<p>";
  if (r.bottleneck.component.empty()) h += "Nothing was measured.";
  else
    h += "<b>" + esc(r.bottleneck.component) + "</b> (" + esc(r.bottleneck.resource) + ") at <b>" +
         pct(r.bottleneck.utilization) + " %</b>, the busiest resource of the run.";
  if (r.saturation.saturated) h += " <b class=\"bad\">Saturated:</b> " + esc(r.saturation.reason);
  h += "</p>\n";
  {
    json rows = json::array();
    for (const auto& c : r.components)
      rows.push_back({{"component", c.name}, {"utilization", c.utilization},
                      {"is", c.name == r.bottleneck.component ? "bottleneck" : "other"}});
    json s = spec("Utilization per component (measured window)", 420, std::max<int>(60, 26 * static_cast<int>(r.components.size())));
    s["data"] = {{"values", rows}};
    s["mark"] = {{"type", "bar"}};
    s["encoding"] = {
        {"y", {{"field", "component"}, {"type", "nominal"}, {"sort", nullptr}, {"title", nullptr}}},
        {"x", axis_q("utilization", "utilization (%)", {{"axis", {{"format", "%"}}}, {"scale", {{"domain", {0, 1}}}}})},
        {"color", {{"field", "is"}, {"type", "nominal"}, {"title", nullptr},
                   {"scale", {{"domain", {"bottleneck", "other"}}, {"range", {"#dc2626", "#64748b"}}}}}},
        {"tooltip", {{{"field", "component"}}, {{"field", "utilization"}, {"format", ".1%"}}}}};
    if (!r.components.empty()) h += page.chart(sec, "util", s);
  }

  // Latency per class.
  h += "<h3>Latency per request class</h3>\n<table><tr><th>class</th><th>completed</th><th>failed</th><th>p50</th>"
       "<th>p90</th><th>p95</th><th>p99</th><th>p99.9</th><th>max</th></tr>\n";
  std::vector<std::pair<std::string, LatencySummary>> lat;
  lat.emplace_back("all", r.latency_ms);
  for (const auto& c : r.classes) lat.emplace_back(c.name, c.latency_ms);
  auto row_for = [&](const std::string& name, const RequestTotals& t, const LatencySummary& l) {
    h += "<tr><td>" + esc(name) + "</td><td>" + count(t.completed) + "</td><td>" + count(t.failed) + "</td><td>" +
         sig3(l.p50) + "</td><td>" + sig3(l.p90) + "</td><td>" + sig3(l.p95) + "</td><td>" + sig3(l.p99) +
         "</td><td>" + sig3(l.p999) + "</td><td>" + sig3(l.max) + "</td></tr>\n";
  };
  row_for("all", r.requests, r.latency_ms);
  for (const auto& c : r.classes) row_for(c.name, c.requests, c.latency_ms);
  h += "</table><p class=\"note\">Milliseconds, successful requests only.</p>\n<div class=\"row\">\n";
  {
    json bars = json::array(), cdf = json::array();
    for (const auto& [name, l] : lat) {
      if (l.count == 0) continue;
      const std::pair<const char*, double> pts[] = {{"p50", l.p50}, {"p90", l.p90}, {"p95", l.p95},
                                                    {"p99", l.p99}, {"p99.9", l.p999}};
      for (const auto& [p, v] : pts) bars.push_back({{"class", name}, {"percentile", p}, {"ms", v}});
      const std::pair<double, double> c[] = {{l.p50, 0.5}, {l.p90, 0.9}, {l.p95, 0.95},
                                             {l.p99, 0.99}, {l.p999, 0.999}, {l.max, 1.0}};
      for (const auto& [v, f] : c) cdf.push_back({{"class", name}, {"ms", std::max(v, 1e-3)}, {"fraction", f}});
    }
    json s = spec("Percentiles per class", 420, 260);
    s["data"] = {{"values", bars}};
    s["mark"] = {{"type", "bar"}};
    s["encoding"] = {{"x", {{"field", "class"}, {"type", "nominal"}, {"sort", nullptr}, {"title", "request class"},
                            {"axis", {{"labelAngle", 0}}}}},
                     {"xOffset", {{"field", "percentile"}, {"sort", nullptr}}},
                     {"y", axis_q("ms", "latency (ms)")},
                     {"color", {{"field", "percentile"}, {"sort", nullptr}, {"title", "percentile"},
                                {"scale", {{"scheme", "blues"}}}}},
                     {"tooltip", {{{"field", "class"}}, {{"field", "percentile"}}, {{"field", "ms"}, {"format", ".3~r"}}}}};
    h += page.chart(sec, "pct", s);
    json c = spec("Latency CDF (from the percentiles)", 420, 260);
    c["data"] = {{"values", cdf}};
    c["mark"] = {{"type", "line"}, {"point", true}, {"interpolate", "step-after"}};
    c["encoding"] = {{"x", axis_q("ms", "latency (ms, log scale)", {{"scale", {{"type", "log"}}}})},
                     {"y", axis_q("fraction", "requests at or below (%)",
                                  {{"scale", {{"domain", {0.5, 1.0}}}}, {"axis", {{"format", "%"}}}})},
                     {"color", {{"field", "class"}, {"type", "nominal"}, {"sort", nullptr}, {"title", "class"}}},
                     {"tooltip", {{{"field", "class"}}, {{"field", "fraction"}, {"format", ".1%"}}, {{"field", "ms"}, {"format", ".3~r"}}}}};
    h += page.chart(sec, "cdf", c);
  }
  h += "</div>\n<p class=\"note\">The CDF's points are the result's p50, p90, p95, p99, p99.9 and max; "
       "between them it is drawn as a step (the result keeps no histogram).</p>\n";

  // Timeline.
  if (!r.timeline.empty()) {
    double width_s = r.timeline.size() > 1 ? r.timeline[1].t_s - r.timeline[0].t_s : r.sim.duration_s;
    h += "<h3>Timeline</h3>\n";
    if (!r.events.empty()) {
      h += "<p class=\"note\">Red dashed lines: the run's events (faults, health checks, drains), numbered as in "
           "this table above the throughput chart. Grey: warm-up, not measured.</p>\n<table class=\"left\"><tr><th>#</th>"
           "<th>t (s)</th><th>component</th><th>event</th><th>detail</th></tr>\n";
      int n = 0;
      for (const auto& e : r.events)
        h += "<tr><td>" + std::to_string(++n) + "</td><td>" + plain(e.t_s) + "</td><td>" + esc(e.component) + "</td><td>" + esc(e.event) + "</td><td>" +
             esc(e.detail) + "</td></tr>\n";
      h += "</table>\n";
    } else {
      h += "<p class=\"note\">Grey: warm-up, not measured. No fault or event in this run.</p>\n";
    }
    json pts = json::array(), lat_rows = json::array(), err_rows = json::array(), heat = json::array();
    bool any_error = false, any_lag = false;
    for (const auto& p : r.timeline) {
      pts.push_back({{"t_s", p.t_s}, {"throughput_rps", p.throughput_rps}, {"lag_ms", p.replication_lag_ms},
                     {"hit", p.cache_hit_ratio}});
      lat_rows.push_back({{"t_s", p.t_s}, {"percentile", "p50"}, {"ms", p.p50_ms}});
      lat_rows.push_back({{"t_s", p.t_s}, {"percentile", "p99"}, {"ms", p.p99_ms}});
      for (const auto& [kind, n] : p.errors_by_kind) {
        err_rows.push_back({{"t_s", p.t_s}, {"t_end", p.t_s + width_s}, {"kind", kind}, {"errors", n}});
        any_error = any_error || n > 0;
      }
      any_lag = any_lag || p.replication_lag_ms > 0;
      for (const auto& [name, u] : p.utilization)
        heat.push_back({{"t_s", p.t_s}, {"t_end", p.t_s + width_s}, {"component", name}, {"utilization", u}});
    }
    json line = {{"data", {{"values", pts}}},
                 {"mark", {{"type", "line"}, {"strokeWidth", 2}, {"color", "#1d4ed8"}}},
                 {"encoding", {{"x", time_x(r)}, {"y", axis_q("throughput_rps", "completed (req/s)")}}}};
    h += page.chart(sec, "tput", timeline_chart(r, "Throughput", json::array({line}), true, 190));
    json l = {{"data", {{"values", lat_rows}}},
              {"mark", {{"type", "line"}, {"strokeWidth", 2}}},
              {"encoding", {{"x", time_x(r)}, {"y", axis_q("ms", "latency (ms)")},
                            {"color", {{"field", "percentile"}, {"type", "nominal"}, {"title", nullptr},
                                       {"scale", {{"domain", {"p50", "p99"}}, {"range", {"#60a5fa", "#1e3a8a"}}}}}}}}};
    h += page.chart(sec, "lat", timeline_chart(r, "Latency p50 and p99 per interval", json::array({l}), false));
    if (any_error) {
      json e = {{"data", {{"values", err_rows}}},
                {"mark", {{"type", "rect"}}},
                {"encoding", {{"x", time_x(r)}, {"x2", {{"field", "t_end"}}},
                              {"y", axis_q("errors", "failed requests per interval", {{"stack", "zero"}})},
                              {"color", {{"field", "kind"}, {"type", "nominal"}, {"title", "error kind"},
                                         {"scale", {{"scheme", "set1"}}}}},
                              {"tooltip", {{{"field", "t_s"}}, {{"field", "kind"}}, {{"field", "errors"}}}}}}};
      h += page.chart(sec, "err", timeline_chart(r, "Errors by kind", json::array({e}), false));
    } else {
      h += "<p class=\"note\">No request failed during the run (no errors-by-kind chart).</p>\n";
    }
    if (!heat.empty()) {
      std::vector<std::string> order;
      for (const auto& c : r.components) order.push_back(c.name);
      json hm = spec("Utilization per component (heatmap)", 800, std::max<int>(60, 22 * static_cast<int>(order.size())));
      json layers = json::array();
      layers.push_back({{"data", {{"values", heat}}},
                        {"mark", {{"type", "rect"}}},
                        {"encoding", {{"x", time_x(r)}, {"x2", {{"field", "t_end"}}},
                                      {"y", {{"field", "component"}, {"type", "nominal"}, {"sort", order}, {"title", nullptr}}},
                                      {"color", {{"field", "utilization"}, {"type", "quantitative"}, {"title", "busy"},
                                                 {"scale", {{"domain", {0, 1}}, {"scheme", "yelloworangered"}}},
                                                 {"legend", {{"format", "%"}}}}},
                                      {"tooltip", {{{"field", "component"}}, {{"field", "t_s"}}, {{"field", "utilization"}, {"format", ".0%"}}}}}}});
      for (auto& ev : event_layers(r, false)) layers.push_back(std::move(ev));
      hm["layer"] = layers;
      h += page.chart(sec, "heat", hm);
    }
    if (any_lag || r.replication.replicas > 0) {
      json g = {{"data", {{"values", pts}}},
                {"mark", {{"type", "line"}, {"strokeWidth", 2}, {"color", "#7c3aed"}}},
                {"encoding", {{"x", time_x(r)}, {"y", axis_q("lag_ms", "largest lag (ms)")}}}};
      h += page.chart(sec, "lag", timeline_chart(r, "Replication lag", json::array({g}), false, 150));
    }
    if (r.cache.enabled) {
      json g = {{"data", {{"values", pts}}},
                {"mark", {{"type", "line"}, {"strokeWidth", 2}, {"color", "#059669"}}},
                {"encoding", {{"x", time_x(r)}, {"y", axis_q("hit", "hit ratio (%)", {{"axis", {{"format", "%"}}}})}}}};
      h += page.chart(sec, "hit", timeline_chart(r, "Cache hit ratio", json::array({g}), false, 150));
    }
  }

  // Cost.
  h += "<h3>Cost</h3>\n<p><b>$" + usd(r.cost.monthly_usd) + " per month</b>" +
       (r.cost.per_1k_dau_usd > 0 ? " · $" + usd(r.cost.per_1k_dau_usd) + " per 1,000 DAU" : std::string()) + "</p>\n";
  if (!r.cost.items.empty()) {
    json rows = json::array();
    for (const auto& it : r.cost.items)
      rows.push_back({{"item", fmt::format("{} ({} × {})", it.name, it.count, it.instance)}, {"usd", it.monthly_usd}});
    json s = spec("Monthly cost breakdown", 420, std::max<int>(60, 30 * static_cast<int>(r.cost.items.size())));
    s["data"] = {{"values", rows}};
    s["layer"] = {{{"mark", {{"type", "bar"}, {"color", "#0f766e"}}}},
                  {{"mark", {{"type", "text"}, {"align", "left"}, {"dx", 4}, {"fontSize", 13}}},
                   {"encoding", {{"text", {{"field", "usd"}, {"format", "$,.0f"}}}}}}};
    s["encoding"] = {{"y", {{"field", "item"}, {"type", "nominal"}, {"sort", "-x"}, {"title", nullptr},
                            {"axis", {{"labelLimit", 320}}}}},
                     {"x", axis_q("usd", "$ per month", {{"axis", {{"format", "$,.0f"}}}})}};
    h += page.chart(sec, "cost", s);
  }
  if (several) h += "<p class=\"top\"><a href=\"#top\">back to the climb</a></p>\n";
  h += "</section>\n";
  return sec;
}

Section progression(const std::vector<ReportInput>& inputs) {
  Section sec;
  sec.id = "climb";
  Page page;
  json rows = json::array();
  std::string& h = sec.html;
  h += "<section id=\"climb\">\n<h2>The climb</h2>\n<table><tr><th>stage</th><th>name</th><th>DAU</th><th>req/s</th>"
       "<th>p99 (ms)</th><th>errors %</th><th>bottleneck</th><th>$/month</th><th>$/1k DAU</th></tr>\n";
  std::size_t i = 0, without_dau = 0;
  for (const auto& in : inputs) {
    const Result& r = in.result;
    std::string stage = r.scenario.stage >= 0 ? std::to_string(r.scenario.stage) : "-";
    h += "<tr><td><a href=\"#r" + std::to_string(i) + "\">" + stage + "</a></td><td>" + esc(r.scenario.name) +
         "</td><td>" + (r.workload.dau > 0 ? count(static_cast<std::uint64_t>(r.workload.dau)) : "-") + "</td><td>" +
         sig3(r.requests.throughput_rps) + "</td><td>" + sig3(r.latency_ms.p99) + "</td><td>" +
         pct(r.requests.error_rate) + "</td><td>" + esc(r.bottleneck.component) + "</td><td>" + usd(r.cost.monthly_usd) +
         "</td><td>" + (r.cost.per_1k_dau_usd > 0 ? usd(r.cost.per_1k_dau_usd) : "-") + "</td></tr>\n";
    if (r.workload.dau > 0)
      rows.push_back({{"label", r.scenario.stage >= 0 ? "stage " + stage : r.scenario.name},
                      {"dau", r.workload.dau}, {"p99_ms", r.latency_ms.p99}, {"usd", r.cost.monthly_usd},
                      {"per_1k", r.cost.per_1k_dau_usd}});
    else
      ++without_dau;
    ++i;
  }
  h += "</table>\n";
  if (without_dau)
    h += fmt::format("<p class=\"note\">{} result(s) state no DAU and are left out of the charts.</p>\n", without_dau);
  auto chart = [&](const std::string& tag, const std::string& title, const std::string& field, const std::string& ytitle,
                   const std::string& fmt_y, const std::string& color) {
    json s = spec(title, 420, 280);
    s["data"] = {{"values", rows}};
    // An explicit domain, half a decade of margin each side, so the end labels stay inside.
    double lo_x = 1e300, hi_x = 0, lo_y = 1e300, hi_y = 0;
    for (const auto& r : rows) {
      lo_x = std::min(lo_x, r["dau"].get<double>()), hi_x = std::max(hi_x, r["dau"].get<double>());
      double v = std::max(r[field].get<double>(), 1e-3);
      lo_y = std::min(lo_y, v), hi_y = std::max(hi_y, v);
    }
    json x = axis_q("dau", "daily active users (log scale)",
                    {{"scale", {{"type", "log"}, {"nice", false}, {"domain", {lo_x / 1.8, hi_x * 1.8}}}},
                     {"axis", {{"format", "~s"}}}});
    json y = axis_q(field, ytitle, {{"scale", {{"type", "log"}, {"nice", false}, {"domain", {lo_y / 1.6, hi_y * 1.6}}}},
                                    {"axis", {{"format", fmt_y}}}});
    s["encoding"] = {{"x", x}, {"y", y}};
    s["layer"] = {{{"mark", {{"type", "line"}, {"point", {{"size", 70}, {"filled", true}}}, {"color", color}}}},
                  {{"mark", {{"type", "text"}, {"dy", -12}, {"fontSize", 13}}}, {"encoding", {{"text", {{"field", "label"}}}}}}};
    return page.chart(sec, tag, s);
  };
  if (!rows.empty()) {
    h += "<div class=\"row\">\n";
    h += chart("p99", "p99 latency against users", "p99_ms", "p99 latency (ms, log scale)", "~s", "#1d4ed8");
    h += chart("cost", "Cost against users", "usd", "$ per month (log scale)", "$~s", "#0f766e");
    h += "</div>\n<p class=\"note\">Both axes logarithmic: cost grows with users, cost per user falls "
         "(the right chart's slope is below 1 when it does).</p>\n";
  }
  h += "</section>\n";
  return sec;
}

constexpr const char* kStyle = R"(
body{font-family:Helvetica,Arial,sans-serif;font-size:17px;color:#0f172a;margin:0;background:#fff}
main{max-width:1000px;margin:0 auto;padding:16px 28px 48px}
h1{font-size:30px;margin:12px 0 4px}h2{font-size:25px;margin:36px 0 4px;border-top:3px solid #0f172a;padding-top:14px}
h3{font-size:20px;margin:26px 0 8px}.sub{color:#475569;margin:0 0 12px;font-size:15px}
.cards{display:grid;grid-template-columns:repeat(3,1fr);gap:10px;margin:12px 0}
.kv{border:1px solid #cbd5e1;border-radius:6px;padding:8px 12px}.k{color:#475569;font-size:14px}.v{font-size:20px;font-weight:bold}
table{border-collapse:collapse;margin:8px 0;font-size:15px}td,th{border-bottom:1px solid #e2e8f0;padding:4px 10px;text-align:right}
td:first-child,th:first-child{text-align:left}#climb td:nth-child(2),#climb th:nth-child(2){text-align:left}table.left td,table.left th{text-align:left}th{background:#f1f5f9}
.row{display:flex;gap:24px;flex-wrap:wrap}.chart{margin:10px 0}.note{color:#475569;font-size:14px}
.diagram{border:1px solid #e2e8f0;border-radius:6px;padding:8px;text-align:center;overflow-x:auto}
pre.mermaid{font-size:16px;margin:0}.bad{color:#b91c1c}code{font-size:14px}nav a{margin-right:14px}
)";

}  // namespace

Result read_result_file(const std::string& path, const std::vector<std::string>& required) {
  std::string why;
  std::optional<std::string> content = read_input_file(path, why);
  if (!content)
    throw InputError({{path, "", "expected a result file from `ladder run --format json`, found none (" + why + ")"}});
  const std::string& text = *content;
  if (json_nesting_depth(text) > kMaxJsonDepth)
    throw InputError({{path, "", "expected a ladder-result/1 document, found JSON nested deeper than " +
                                     std::to_string(kMaxJsonDepth) + " levels"}});
  nlohmann::ordered_json j;
  try {
    j = nlohmann::ordered_json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw InputError({{path, "", std::string("expected JSON, found invalid JSON (") + e.what() + ")"}});
  } catch (const nlohmann::json::out_of_range&) {
    // A number too large for a double: the scan names its place.
    std::vector<InputIssue> found = json_text_issues(text, path);
    if (found.empty())
      found.push_back({path, "", "expected numbers that fit in a double, found a number too large"});
    throw InputError(found);
  }
  if (std::vector<InputIssue> found = json_text_issues(text, path); !found.empty())
    throw InputError(found);
  if (j.is_array() && !j.empty() && j[0].is_object() && j[0].contains("next_step"))
    throw InputError({{path, "", "expected a ladder-result/1 document, found a `ladder climb --format json` summary "
                                 "(it has no timeline or classes); write each rung with `ladder run --format json -o DIR/NN.json` "
                                 "and report the directory"}});
  if (!j.is_object() || !j.contains("schema") || !j["schema"].is_string() || j["schema"] != kResultSchema)
    throw InputError({{path, "/schema", std::string("expected \"") + kResultSchema + "\", found " +
                                             (j.is_object() && j.contains("schema") ? j["schema"].dump() : "none")}});
  // What the caller reads must be there: a missing number would silently read as 0.
  std::vector<InputIssue> missing;
  for (const std::string& ptr : required)
    if (!j.contains(nlohmann::ordered_json::json_pointer(ptr)))
      missing.push_back({path, ptr, "expected a value (ladder-result/1 requires it), found nothing"});
  if (!missing.empty())
    throw InputError(missing);
  Result r;
  try {
    from_json(j, r);
  } catch (const nlohmann::json::exception& e) {
    throw InputError({{path, "", std::string("expected a ladder-result/1 document, found: ") + e.what()}});
  }
  return r;
}

std::vector<ReportInput> load_report_inputs(const std::vector<std::string>& args) {
  std::vector<std::string> files;
  std::vector<InputIssue> issues;
  for (const auto& a : args) {
    std::error_code ec;
    if (fs::is_directory(a, ec)) {
      std::vector<std::string> in_dir;
      for (const auto& e : fs::directory_iterator(a, ec))
        if (e.is_regular_file() && e.path().extension() == ".json") in_dir.push_back(e.path().string());
      std::sort(in_dir.begin(), in_dir.end());
      if (in_dir.empty()) issues.push_back({a, "", "expected a directory of result files (*.json), found none"});
      files.insert(files.end(), in_dir.begin(), in_dir.end());
    } else {
      files.push_back(a);
    }
  }
  std::vector<ReportInput> out;
  for (const auto& f : files) {
    try {
      ReportInput in;
      in.path = f;
      in.result = read_result_file(f, {"/scenario/file", "/requests/throughput_rps", "/latency_ms/p50", "/latency_ms/p99",
                                          "/latency_ms/p999", "/latency_ms/max", "/classes", "/components",
                                          "/cost/monthly_usd", "/timeline", "/sim/duration_s"});
      try {
        Diagram d = diagram_of_file(in.result.scenario.file);
        in.mermaid = render_mermaid(d);
        in.diagram_nodes = static_cast<int>(d.nodes.size());
      } catch (const InputError& e) {
        in.diagram_note = "No diagram: the result's scenario file '" + in.result.scenario.file +
                          "' could not be loaded from here (" + (e.issues().empty() ? "" : e.issues()[0].message) + ").";
      }
      out.push_back(std::move(in));
    } catch (const InputError& e) {
      issues.insert(issues.end(), e.issues().begin(), e.issues().end());
    }
  }
  if (!issues.empty()) throw InputError(issues);
  if (out.empty()) throw InputError({{"report", "", "expected at least one result file, found none"}});
  return out;
}

void check_report_output(const std::string& output, const std::vector<ReportInput>& inputs) {
  std::error_code ec;
  fs::path o = fs::weakly_canonical(fs::absolute(output, ec), ec);
  for (const auto& in : inputs) {
    std::error_code ec2;
    if (fs::weakly_canonical(fs::absolute(in.path, ec2), ec2) == o)
      throw InputError({{"-o", "", "expected an output that is not one of the inputs, found '" + output +
                                       "' (it would overwrite the result " + in.path + ")"}});
  }
}

std::string render_html_report(const std::vector<ReportInput>& inputs) {
  const bool several = inputs.size() > 1;
  std::vector<Section> sections;
  if (several) sections.push_back(progression(inputs));
  for (std::size_t i = 0; i < inputs.size(); ++i) sections.push_back(result_section(inputs[i], i, several));

  json specs = json::object();
  for (const auto& s : sections)
    for (const auto& [id, sp] : s.charts) specs[id] = sp;

  const Result& first = inputs.front().result;
  std::string title = several ? "Scale Ladder — the climb"
                              : "Scale Ladder — " + (first.scenario.stage >= 0 ? fmt::format("stage {} ", first.scenario.stage) : "") +
                                    first.scenario.name;
  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + esc(title) +
         "</title>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta name=\"generator\" content=\"ladder report\">\n<style>" + std::string(kStyle) + "</style>\n</head>\n"
         "<body>\n<main id=\"top\">\n<h1>" + esc(title) + "</h1>\n";
  if (several) {
    out += "<nav>";
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      const auto& r = inputs[i].result;
      out += "<a href=\"#r" + std::to_string(i) + "\">" +
             esc(r.scenario.stage >= 0 ? fmt::format("stage {}", r.scenario.stage) : r.scenario.name) + "</a>";
    }
    out += "</nav>\n";
  }
  for (const auto& s : sections) out += s.html;
  out += "<p class=\"note\">Generated by <code>ladder report</code>; charts by Vega-Lite, diagrams by mermaid, "
         "both embedded in this file.</p>\n</main>\n";
  for (const char* lib : {"vega", "vega_lite", "vega_embed", "mermaid"})
    out += "<script>" + script_safe(web_asset(lib), false) + "</script>\n";
  out += "<script type=\"application/json\" id=\"ladder-specs\">" + script_safe(specs.dump(), true) + "</script>\n";
  out += R"(<script>
(function () {
  const specs = JSON.parse(document.getElementById('ladder-specs').textContent);
  mermaid.initialize({startOnLoad: false, theme: 'base', securityLevel: 'strict',
    flowchart: {htmlLabels: true, curve: 'basis', nodeSpacing: 50, rankSpacing: 55, padding: 8, useMaxWidth: true, wrappingWidth: 260},
    themeVariables: {fontFamily: 'Helvetica, Arial, sans-serif', fontSize: '18px',
                     lineColor: '#334155', primaryColor: '#f8fafc', primaryBorderColor: '#334155'}});
  const work = [mermaid.run({querySelector: 'pre.mermaid'})];
  for (const id of Object.keys(specs))
    work.push(vegaEmbed('#' + id, specs[id], {renderer: 'svg', actions: false}));
  Promise.all(work).then(function () { document.body.dataset.rendered = 'ok'; },
                         function (e) { console.error('ladder report: ' + e); document.body.dataset.rendered = 'error'; });
})();
</script>
</body>
</html>
)";
  return out;
}

}  // namespace ladder
