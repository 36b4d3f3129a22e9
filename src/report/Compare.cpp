// `ladder compare`: metric-by-metric deltas between two results and the regression gate.
// The gate only checks the limits the user gave; unchecked rows are informational.
// Limit semantics are documented in Compare.hpp and docs/results.md.
#include "ladder/report/Compare.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "FormatDetail.hpp"
#include "ladder/scenario/Fields.hpp"
#include "ladder/scenario/Loader.hpp"
#include "ladder/scenario/Scenario.hpp"

namespace ladder {

using namespace report_detail;

namespace {

const std::vector<std::string>& base_metrics() {
  static const std::vector<std::string> m = {"p50_ms",     "p90_ms",         "p95_ms",      "p99_ms",
                                             "p999_ms",    "max_ms",         "mean_ms",     "error_rate",
                                             "throughput_rps", "monthly_usd", "per_1k_dau_usd"};
  return m;
}

// Metrics that exist for every request class, as "<class>.<metric>".
const std::vector<std::string>& class_metrics() {
  static const std::vector<std::string> m = {"p50_ms",  "p90_ms",  "p95_ms",     "p99_ms",        "p999_ms",
                                             "max_ms",  "mean_ms", "error_rate", "throughput_rps"};
  return m;
}

double latency_metric(const LatencySummary& l, const std::string& m) {
  if (m == "p50_ms") return l.p50;
  if (m == "p90_ms") return l.p90;
  if (m == "p95_ms") return l.p95;
  if (m == "p99_ms") return l.p99;
  if (m == "p999_ms") return l.p999;
  if (m == "max_ms") return l.max;
  if (m == "mean_ms") return l.mean;
  throw std::out_of_range("unknown metric \"" + m + "\"");
}

double totals_or_latency(const RequestTotals& t, const LatencySummary& l, const std::string& m) {
  if (m == "error_rate") return t.error_rate;
  if (m == "throughput_rps") return t.throughput_rps;
  return latency_metric(l, m);
}

[[noreturn]] void limit_error(const std::string& message) {
  throw InputError({InputIssue{"--max", "", message}});
}

/// A base metric, or "<endpoint>.<metric>" for any endpoint name: the scenario decides its
/// endpoints (a result without that endpoint is reported when the results are read).
bool is_known_metric(const std::string& m) {
  const auto& base = base_metrics();
  if (std::find(base.begin(), base.end(), m) != base.end()) return true;
  const auto dot = m.rfind('.');
  if (dot == std::string::npos || dot == 0) return false;
  const auto& per = class_metrics();
  return std::find(per.begin(), per.end(), m.substr(dot + 1)) != per.end();
}

std::string describe(const Limit& l) {
  switch (l.kind) {
    case Limit::Kind::relative: return fmt::format("{:+g}%", l.value);
    case Limit::Kind::absolute_delta: return fmt::format("{:+g}", l.value);
    case Limit::Kind::cap: return fmt::format("<= {:g}", l.value);
  }
  return "";
}

bool violates(const Limit& l, double base, double next) {
  if (std::isnan(next) || std::isnan(base)) return l.kind != Limit::Kind::cap || std::isnan(next);
  switch (l.kind) {
    case Limit::Kind::cap: return next > l.value;
    case Limit::Kind::absolute_delta:
      return l.value >= 0 ? next - base > l.value : next - base < l.value;
    case Limit::Kind::relative: {
      if (base == 0) return l.value >= 0 ? next > 0 : next < 0;
      double change_pct = (next - base) / std::abs(base) * 100.0;
      // A tiny tolerance keeps "+10%" from failing on 10.000000000001% from rounding.
      return l.value >= 0 ? change_pct > l.value + 1e-9 : change_pct < l.value - 1e-9;
    }
  }
  return false;
}

}  // namespace

std::vector<std::string> comparable_metrics() {
  std::vector<std::string> all = base_metrics();
  for (const char* cls : kClassNames)
    for (const auto& m : class_metrics()) all.push_back(std::string(cls) + "." + m);
  return all;
}

double metric_value(const Result& r, const std::string& metric) {
  if (metric == "monthly_usd") return r.cost.monthly_usd;
  if (metric == "per_1k_dau_usd") return r.cost.per_1k_dau_usd;
  auto dot = metric.find('.');
  if (dot == std::string::npos) return totals_or_latency(r.requests, r.latency_ms, metric);
  auto dot_at = metric.rfind('.');
  std::string cls = metric.substr(0, dot_at), m = metric.substr(dot_at + 1);
  std::vector<std::string> names;
  for (const auto& c : r.classes) {
    if (c.name == cls) return totals_or_latency(c.requests, c.latency_ms, m);
    names.push_back(c.name);
  }
  std::string msg = fmt::format("expected an endpoint of the result ({}), found \"{}\"", fmt::join(names, ", "), cls);
  if (std::string near = nearest_name(cls, names); !near.empty()) msg += " (did you mean \"" + near + "\"?)";
  throw std::out_of_range(msg);
}

Limit parse_limit(const std::string& text) {
  auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
    limit_error(fmt::format("expected METRIC=LIMIT (e.g. p99_ms=+10%, error_rate=0.01), found \"{}\"", text));
  std::string metric = text.substr(0, eq), spec = text.substr(eq + 1);
  if (!is_known_metric(metric)) {
    auto all = comparable_metrics();
    std::stable_sort(all.begin(), all.end(), [&](const std::string& a, const std::string& b) {
      return edit_distance(metric, a) < edit_distance(metric, b);
    });
    limit_error(fmt::format("unknown metric \"{}\" (did you mean \"{}\"?); expected one of {}, or "
                            "<endpoint>.<metric> for an endpoint of the scenario (read, write, …) and a metric of {}",
                            metric, all.front(), fmt::join(base_metrics(), ", "), fmt::join(class_metrics(), ", ")));
  }
  Limit l{metric, Limit::Kind::cap, 0};
  bool signed_value = spec[0] == '+' || spec[0] == '-';
  bool percent = spec.back() == '%';
  std::string number = percent ? spec.substr(0, spec.size() - 1) : spec;
  std::size_t used = 0;
  double v = 0;
  try {
    v = std::stod(number, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != number.size() || !std::isfinite(v))
    limit_error(fmt::format("{}: expected a limit like +10%, -5%, +5 or 0.01, found \"{}\"", metric, spec));
  if (percent && !signed_value)
    limit_error(fmt::format("{}: a relative limit needs a sign (+{}% for an allowed increase, -{}% for an "
                            "allowed drop); for a cap write a plain number, found \"{}\"",
                            metric, number, number, spec));
  if (percent)
    l.kind = Limit::Kind::relative;
  else if (signed_value)
    l.kind = Limit::Kind::absolute_delta;
  else if (v < 0)
    limit_error(fmt::format("{}: a cap must be >= 0, found \"{}\"", metric, spec));
  l.value = v;
  return l;
}

bool Comparison::regressed() const {
  return std::any_of(rows.begin(), rows.end(), [](const CompareRow& r) { return r.violated; });
}

Comparison compare(const Result& base, const Result& next, const std::vector<Limit>& limits) {
  std::vector<std::string> metrics = base_metrics();
  // Per-class rows for the classes both runs measured, in BASE's order.
  for (const auto& c : base.classes) {
    bool in_next = std::any_of(next.classes.begin(), next.classes.end(),
                               [&](const ClassResult& n) { return n.name == c.name; });
    if (!in_next) continue;
    for (const char* m : {"p50_ms", "p99_ms", "error_rate"}) metrics.push_back(c.name + "." + m);
  }
  for (const auto& l : limits)
    if (std::find(metrics.begin(), metrics.end(), l.metric) == metrics.end()) metrics.push_back(l.metric);

  Comparison out;
  out.statistical = !base.replications.empty() && !next.replications.empty();
  if (base.replications.empty() || next.replications.empty()) {
    const std::string b = base.replications.empty() ? "single-seed" : fmt::format("{} seeds", base.replications.seeds.size());
    const std::string n = next.replications.empty() ? "single-seed" : fmt::format("{} seeds", next.replications.seeds.size());
    out.note = fmt::format("BASE is {}, NEW is {}: single-seed differences include run-to-run noise, so a limit "
                           "can fail (or pass) by chance; rerun both with `ladder run --seeds 5` for a statistical "
                           "test (Welch's t on the per-seed values)", b, n);
  }
  for (const auto& m : metrics) {
    CompareRow row;
    row.metric = m;
    const ReplicatedFigure* fb = base.replications.find(m);
    const ReplicatedFigure* fn = next.replications.find(m);
    try {
      row.base = fb ? fb->mean : metric_value(base, m);
      row.next = fn ? fn->mean : metric_value(next, m);
    } catch (const std::out_of_range& e) {
      limit_error(fmt::format("{}: {}", m, e.what()));
    }
    if (fb) row.base_seeds = fb->values.size();
    if (fn) row.next_seeds = fn->values.size();
    row.delta = row.next - row.base;
    row.delta_pct = row.base != 0 ? row.delta / std::abs(row.base) * 100.0 : 0.0;
    // A missing measurement (NaN) in a seed cannot be tested: the plain rules apply (NaN in NEW violates).
    auto finite = [](const ReplicatedFigure* f) {
      return std::all_of(f->values.begin(), f->values.end(), [](double v) { return std::isfinite(v); });
    };
    const bool testable = fb && fn && fb->values.size() >= 2 && fn->values.size() >= 2 && finite(fb) && finite(fn);
    if (testable) {
      // Without a limit, the test shown is for an increase.
      row.tested = true;
      row.test_kind = "welch";
      row.test = welch_greater(fb->values, fn->values);
    }
    std::vector<std::string> given;
    for (const auto& l : limits) {
      if (l.metric != m) continue;
      given.push_back(describe(l));
      if (!violates(l, row.base, row.next)) continue;
      row.past_limit = true;
      if (!testable) {
        row.violated = true;
        continue;
      }
      // Worse means up, except for a negative limit (it bounds a drop).
      TTest t = l.kind == Limit::Kind::cap ? one_sample_greater(l.value, fn->values)
                : l.value < 0              ? welch_greater(fn->values, fb->values)
                                           : welch_greater(fb->values, fn->values);
      row.test = t;
      row.test_kind = l.kind == Limit::Kind::cap ? "one-sample" : "welch";
      if (t.significant) row.violated = true;
    }
    row.limit = fmt::format("{}", fmt::join(given, ", "));
    out.rows.push_back(std::move(row));
  }
  return out;
}

std::string render_comparison(const Comparison& c, OutputFormat f) {
  auto status = [](const CompareRow& r) {
    if (r.limit.empty()) return "";
    if (r.violated) return "REGRESSION";
    return r.past_limit ? "ok (not significant)" : "ok";
  };
  auto test_json = [](const CompareRow& r) {
    return nlohmann::ordered_json{{"kind", r.test_kind},       {"base_seeds", r.base_seeds},
                                  {"new_seeds", r.next_seeds}, {"t", std::isfinite(r.test.t) ? nlohmann::ordered_json(r.test.t) : nlohmann::ordered_json(nullptr)},
                                  {"df", r.test.df},           {"p", r.test.p},
                                  {"critical", r.test.critical}, {"significant", r.test.significant}};
  };
  auto t_text = [](double t) { return std::isinf(t) ? (t > 0 ? "inf" : "-inf") : fmt::format("{:.2f}", t); };
  if (f == OutputFormat::json) {
    nlohmann::ordered_json j;
    j["regressed"] = c.regressed();
    j["rows"] = nlohmann::ordered_json::array();
    for (const auto& r : c.rows)
      j["rows"].push_back({{"metric", r.metric},
                           {"base", r.base},
                           {"new", r.next},
                           {"delta", r.delta},
                           {"delta_pct", r.delta_pct},
                           {"limit", r.limit},
                           {"status", status(r)}});
    for (std::size_t i = 0; i < c.rows.size(); ++i)
      if (c.rows[i].tested) j["rows"][i]["test"] = test_json(c.rows[i]);
    if (!c.note.empty()) j["note"] = c.note;
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  }
  if (f == OutputFormat::csv) {
    std::vector<std::string> head = {"metric", "base", "new", "delta", "delta_pct", "limit", "status"};
    if (c.statistical)
      for (const char* h : {"base_seeds", "new_seeds", "test", "t", "df", "p", "critical"}) head.push_back(h);
    std::string out = csv_row(head);
    for (const auto& r : c.rows) {
      std::vector<std::string> row = {r.metric, full(r.base), full(r.next), full(r.delta), full(r.delta_pct), r.limit, status(r)};
      if (c.statistical) {
        row.push_back(std::to_string(r.base_seeds));
        row.push_back(std::to_string(r.next_seeds));
        for (const std::string& v : r.tested ? std::vector<std::string>{r.test_kind, full(r.test.t), full(r.test.df),
                                                                         full(r.test.p), full(r.test.critical)}
                                             : std::vector<std::string>(5, ""))
          row.push_back(v);
      }
      out += csv_row(row);
    }
    return out;
  }
  Block b;
  b.title = c.statistical ? "Comparison (BASE → NEW, across-seed means)" : "Comparison (BASE → NEW)";
  b.table.header = {"metric", "base", "new", "delta", "delta %", "limit", "status"};
  b.table.align_left = {true, false, false, false, false, false, true};
  if (c.statistical) {
    for (const char* h : {"seeds", "t", "df", "p", "t crit"}) b.table.header.push_back(h);
    b.table.align_left.resize(b.table.header.size(), false);
    b.lines.push_back("a limit fails only when NEW's mean is past it AND a one-sided 95% t test on the per-seed "
                      "values says NEW is worse (Welch's t, Welch–Satterthwaite df; against a cap, a one-sample t): "
                      "t > t crit, p < 0.05");
  }
  for (const auto& r : c.rows) {
    std::string d = sig3(r.delta);
    if (r.delta > 0) d = "+" + d;
    std::string dp = r.base != 0 ? fmt::format("{:+.1f}%", r.delta_pct) : "-";
    std::vector<std::string> row = {r.metric, sig3(r.base), sig3(r.next), d, dp, r.limit, status(r)};
    if (c.statistical) {
      row.push_back(fmt::format("{}/{}", r.base_seeds, r.next_seeds));
      if (r.tested) {
        row.push_back(t_text(r.test.t));
        row.push_back(fmt::format("{:.1f}", r.test.df));
        row.push_back(r.test.p < 0.0001 ? "<0.0001" : fmt::format("{:.4f}", r.test.p));
        row.push_back(fmt::format("{:.2f}", r.test.critical));
      } else {
        for (int i = 0; i < 4; ++i) row.push_back("-");
      }
    }
    b.table.rows.push_back(std::move(row));
  }
  Block verdict;
  std::vector<std::string> bad;
  for (const auto& r : c.rows)
    if (r.violated) bad.push_back(fmt::format("{} (base {}, new {}, limit {})", r.metric, sig3(r.base), sig3(r.next), r.limit));
  std::size_t checked = std::count_if(c.rows.begin(), c.rows.end(), [](const CompareRow& r) { return !r.limit.empty(); });
  if (!bad.empty())
    verdict.lines.push_back(fmt::format("REGRESSION: {}", fmt::join(bad, "; ")));
  else if (checked > 0)
    verdict.lines.push_back(fmt::format("ok: {} limit{} checked, none exceeded", checked, checked == 1 ? "" : "s"));
  else
    verdict.lines.push_back("no limits given (use --max METRIC=LIMIT to gate)");
  std::size_t noise = std::count_if(c.rows.begin(), c.rows.end(), [](const CompareRow& r) { return r.past_limit && !r.violated; });
  if (noise > 0)
    verdict.lines.push_back(fmt::format("{} limit{} exceeded on the means but not significantly (within seed noise)", noise,
                                        noise == 1 ? "" : "s"));
  if (!c.note.empty()) verdict.lines.push_back("note: " + c.note);
  return render_blocks({b, verdict}, f);
}

}  // namespace ladder
