// Rendering a Result for people (table, markdown) and programs (json, csv). The table and the
// markdown share one report model (titled blocks of text lines and aligned tables) so they
// always carry the same content. Numbers for people are rounded to about three significant
// digits; numbers for programs (json, csv) are written in full (shortest round-trip form).
#include "ladder/report/Format.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "FormatDetail.hpp"
#include "ladder/scenario/Loader.hpp"

namespace ladder {

using json = nlohmann::ordered_json;

// ---------------------------------------------------------------------------------------------
// Number formatting and the shared report model (declared in FormatDetail.hpp for Compare.cpp).
namespace report_detail {

std::string sig3(double v) {
  if (std::isnan(v)) return "-";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  double a = std::abs(v);
  if (a == 0) return "0";
  if (a >= 100) return group_thousands(fmt::format("{:.0f}", v));
  if (a >= 10) return fmt::format("{:.1f}", v);
  if (a >= 1) return fmt::format("{:.2f}", v);
  int decimals = std::min(6, 2 - static_cast<int>(std::floor(std::log10(a))));
  return fmt::format("{:.{}f}", v, decimals);
}

std::string group_thousands(std::string digits) {
  std::size_t start = (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) ? 1 : 0;
  std::size_t end = digits.find('.');
  if (end == std::string::npos) end = digits.size();
  for (std::size_t i = end; i > start + 3; i -= 3) digits.insert(i - 3, 1, ',');
  return digits;
}

std::string count(std::uint64_t n) { return group_thousands(std::to_string(n)); }
std::string count(std::int64_t n) { return group_thousands(std::to_string(n)); }

std::string pct(double fraction) {
  if (std::isnan(fraction)) return "-";
  double p = fraction * 100;
  if (p == 0) return "0";
  if (std::abs(p) < 0.01) return fmt::format("{:.4f}", p);
  if (std::abs(p) < 10) return fmt::format("{:.2f}", p);
  return fmt::format("{:.1f}", p);
}

std::string usd(double v) {
  if (std::isnan(v)) return "-";
  if (std::abs(v) < 1000) return fmt::format("{:.2f}", v);
  return group_thousands(fmt::format("{:.0f}", v));
}

std::string plain(double v) {
  if (std::isnan(v)) return "-";
  return group_thousands(fmt::format("{:.6g}", v));
}

std::string full(double v) {
  if (!std::isfinite(v)) return std::isnan(v) ? "nan" : (v > 0 ? "inf" : "-inf");
  return fmt::format("{}", v);
}

std::string Table::render_text(const std::string& indent) const {
  std::vector<std::size_t> width(header.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (std::size_t i = 0; i < row.size() && i < width.size(); ++i) width[i] = std::max(width[i], row[i].size());
  };
  measure(header);
  for (const auto& r : rows) measure(r);
  auto line = [&](const std::vector<std::string>& row) {
    std::string out = indent;
    for (std::size_t i = 0; i < width.size(); ++i) {
      std::string cell = i < row.size() ? row[i] : "";
      bool left = i < align_left.size() ? align_left[i] : i == 0;
      if (i > 0) out += "  ";
      out += left ? fmt::format("{:<{}}", cell, width[i]) : fmt::format("{:>{}}", cell, width[i]);
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::string out = line(header);
  std::size_t total = 0;
  for (auto w : width) total += w;
  total += 2 * (width.empty() ? 0 : width.size() - 1);
  out += indent + std::string(total, '-') + "\n";
  for (const auto& r : rows) out += line(r);
  return out;
}

static std::string md_escape(std::string s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  return out;
}

std::string Table::render_markdown() const {
  std::string out = "|";
  // Appended piece by piece: GCC 12 warns (-Wrestrict, a false positive) on "literal" + string&&.
  for (const auto& h : header) {
    out += ' ';
    out += md_escape(h);
    out += " |";
  }
  out += "\n|";
  for (std::size_t i = 0; i < header.size(); ++i) {
    bool left = i < align_left.size() ? align_left[i] : i == 0;
    out += left ? " --- |" : " ---: |";
  }
  out += "\n";
  for (const auto& r : rows) {
    out += "|";
    for (std::size_t i = 0; i < header.size(); ++i) {
      out += ' ';
      out += md_escape(i < r.size() ? r[i] : "");
      out += " |";
    }
    out += "\n";
  }
  return out;
}

std::string render_blocks(const std::vector<Block>& blocks, OutputFormat f) {
  std::string out;
  bool md = f == OutputFormat::markdown;
  for (std::size_t b = 0; b < blocks.size(); ++b) {
    const Block& blk = blocks[b];
    if (md) {
      if (!blk.title.empty()) out += (b == 0 ? "## " : "### ") + md_escape(blk.title) + "\n\n";
      for (const auto& l : blk.lines) out += l + "  \n";
      if (!blk.lines.empty()) out += "\n";
      if (!blk.table.header.empty()) out += blk.table.render_markdown() + "\n";
      for (const auto& l : blk.after) out += l + "  \n";
      if (!blk.after.empty()) out += "\n";
    } else {
      if (b > 0) out += "\n";
      if (!blk.title.empty()) out += blk.title + "\n";
      std::string indent = blk.title.empty() ? "" : "  ";
      for (const auto& l : blk.lines) out += indent + l + "\n";
      if (!blk.table.header.empty()) out += blk.table.render_text(indent);
      for (const auto& l : blk.after) out += indent + l + "\n";
    }
  }
  if (md) {
    while (out.size() >= 2 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') out.pop_back();
  }
  return out;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string csv_row(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    out += csv_field(fields[i]);
  }
  return out + "\n";
}

}  // namespace report_detail

using namespace report_detail;

// ---------------------------------------------------------------------------------------------
namespace {

std::string stage_label(const ScenarioInfo& s) { return s.stage >= 0 ? fmt::format("stage {}", s.stage) : ""; }

std::string load_label(const WorkloadSummary& w) {
  if (w.model == "closed") return fmt::format("{} users", count(w.users));
  if (w.model == "open") return fmt::format("{} rps", sig3(w.offered_rps));
  return "-";
}

std::string bottleneck_label(const Bottleneck& b) {
  if (b.component.empty()) return "-";
  return fmt::format("{} {} {}%", b.component, b.resource, pct(b.utilization));
}

std::string latency_line(const LatencySummary& l) {
  return fmt::format("p50 {}  p90 {}  p95 {}  p99 {}  p99.9 {}  max {}  mean {}{}", sig3(l.p50), sig3(l.p90),
                     sig3(l.p95), sig3(l.p99), sig3(l.p999), sig3(l.max), sig3(l.mean),
                     l.mean_ci95 > 0 ? fmt::format(" ±{}", sig3(l.mean_ci95)) : std::string());
}

std::vector<Block> result_blocks(const Result& r) {
  std::vector<Block> blocks;

  Block head;
  std::string stage = stage_label(r.scenario);
  head.title = fmt::format("Scale Ladder: {}{}", r.scenario.name.empty() ? "(unnamed)" : r.scenario.name,
                           stage.empty() ? "" : " (" + stage + ")");
  if (!r.scenario.description.empty()) head.lines.push_back(r.scenario.description);
  const Replications& reps = r.replications;
  if (reps.empty())
    head.lines.push_back(fmt::format("file {}, seed {}", r.scenario.file.empty() ? "-" : r.scenario.file,
                                     r.scenario.seed));
  else
    head.lines.push_back(fmt::format("file {}, seeds {} to {} ({} replications: Replications has the across-seed "
                                     "means, the SLO verdict is on them, every other figure is seed {}'s run)",
                                     r.scenario.file.empty() ? "-" : r.scenario.file, reps.seeds.front(),
                                     reps.seeds.back(), reps.seeds.size(), reps.seeds.front()));
  std::string wl = fmt::format("workload: {} loop", r.workload.model.empty() ? "?" : r.workload.model);
  if (r.workload.model == "closed") wl += fmt::format(", {} concurrent users", count(r.workload.users));
  if (r.workload.model == "open") wl += fmt::format(", {} rps offered", sig3(r.workload.offered_rps));
  if (r.workload.dau > 0) wl += fmt::format(", {} DAU", group_thousands(fmt::format("{:.0f}", r.workload.dau)));
  head.lines.push_back(wl);
  blocks.push_back(std::move(head));

  Block req;
  req.title = "Requests";
  req.lines.push_back(fmt::format("completed {}   failed {}   error rate {}%   throughput {} rps",
                                  count(r.requests.completed), count(r.requests.failed), pct(r.requests.error_rate),
                                  sig3(r.requests.throughput_rps)));
  if (!r.requests.errors_by_kind.empty()) {
    std::vector<std::string> parts;
    for (const auto& [kind, n] : r.requests.errors_by_kind) parts.push_back(fmt::format("{} {}", kind, count(n)));
    req.lines.push_back(fmt::format("errors: {}", fmt::join(parts, ", ")));
  }
  req.lines.push_back("latency ms: " + latency_line(r.latency_ms));
  blocks.push_back(std::move(req));

  if (!reps.empty()) {
    Block rep;
    rep.title = fmt::format("Replications ({} seeds: mean ± 95% interval, Student t with {} df)", reps.seeds.size(),
                            reps.seeds.size() - 1);
    auto fig = [&](const char* name) {
      static const ReplicatedFigure none;
      const ReplicatedFigure* f = reps.find(name);
      return f ? *f : none;
    };
    const ReplicatedFigure p99 = fig("p99_ms"), rps = fig("throughput_rps"), err = fig("error_rate");
    rep.lines.push_back(fmt::format("p99 {} ± {} ms, throughput {} ± {} rps, error rate {} ± {}% over {} seeds",
                                    sig3(p99.mean), sig3(p99.ci95), sig3(rps.mean), sig3(rps.ci95), pct(err.mean),
                                    pct(err.ci95), reps.seeds.size()));
    rep.table.header = {"figure", "mean", "± 95%", "stddev", "min", "max"};
    for (const auto& f : reps.figures) {
      double lo = f.values.empty() ? 0 : *std::min_element(f.values.begin(), f.values.end());
      double hi = f.values.empty() ? 0 : *std::max_element(f.values.begin(), f.values.end());
      if (f.name == "error_rate")
        rep.table.rows.push_back({"error rate %", pct(f.mean), pct(f.ci95), pct(f.stddev), pct(lo), pct(hi)});
      else
        rep.table.rows.push_back({f.name == "throughput_rps" ? "throughput rps" : f.name.substr(0, f.name.size() - 3) + " ms",
                                  sig3(f.mean), sig3(f.ci95), sig3(f.stddev), sig3(lo), sig3(hi)});
    }
    blocks.push_back(std::move(rep));
  }

  if (!r.classes.empty()) {
    Block cls;
    cls.title = "Request classes";
    cls.table.header = {"class", "completed", "failed", "err%", "rps", "p50 ms", "p99 ms"};
    for (const auto& c : r.classes)
      cls.table.rows.push_back({c.name, count(c.requests.completed), count(c.requests.failed),
                                pct(c.requests.error_rate), sig3(c.requests.throughput_rps), sig3(c.latency_ms.p50),
                                sig3(c.latency_ms.p99)});
    blocks.push_back(std::move(cls));
  }

  if (!r.components.empty()) {
    Block comp;
    comp.title = "Components";
    comp.table.header = {"name", "kind", "instance", "vCPU", "util%", "disk%", "pool%", "queue mean", "queue max",
                         "W ms", "rps", "rejected"};
    comp.table.align_left = {true, true, true};
    for (const auto& c : r.components)
      comp.table.rows.push_back({c.name, c.kind, c.instance, std::to_string(c.vcpus), pct(c.utilization),
                                 c.disk_utilization > 0 ? pct(c.disk_utilization) : "-", pct(c.pool_utilization),
                                 sig3(c.queue_mean), plain(c.queue_max), sig3(c.residence_ms),
                                 sig3(c.throughput_rps), count(c.rejected)});
    for (const auto& c : r.components)
      if (c.kind == "db" && c.buffer_pool_hit_ratio > 0 && c.buffer_pool_hit_ratio < 1)
        comp.after.push_back(fmt::format("{}: {}% of reads found their page in the buffer pool (the rest read it from disk)",
                                         c.name, pct(c.buffer_pool_hit_ratio)));
    blocks.push_back(std::move(comp));
  }

  if (r.sessions.store != "none" && !r.sessions.store.empty()) {
    Block ses;
    ses.title = "Sessions";
    const SessionResult& x = r.sessions;
    std::uint64_t unauthorized = x.unauthorized_other_server + x.unauthorized_lost;
    ses.lines.push_back(fmt::format("store {}: {} requests needed a session; {} unauthorized ({}%)", x.store,
                                    count(x.checked), count(unauthorized),
                                    pct(x.checked ? static_cast<double>(unauthorized) / static_cast<double>(x.checked) : 0)));
    if (unauthorized > 0)
      ses.lines.push_back(fmt::format("  {} because the session was on another server, {} because its server crashed "
                                      "or was removed",
                                      count(x.unauthorized_other_server), count(x.unauthorized_lost)));
    ses.lines.push_back(fmt::format("logins served {}; re-logins sent after a 401 {}; session store commands {}",
                                    count(x.logins), count(x.relogins), count(x.store_lookups)));
    blocks.push_back(std::move(ses));
  }

  if (r.uploads.uploads + r.uploads.downloads + r.uploads.not_found > 0) {
    Block up;
    up.title = "Uploads";
    const UploadResult& x = r.uploads;
    std::uint64_t tried = x.downloads + x.not_found;
    up.lines.push_back(fmt::format("store {}: {} files uploaded, {} downloaded, {} downloads not found ({}%)", x.store,
                                   count(x.uploads), count(x.downloads), count(x.not_found),
                                   pct(tried ? static_cast<double>(x.not_found) / static_cast<double>(tried) : 0)));
    blocks.push_back(std::move(up));
  }

  if (r.replication.replicas > 0) {
    Block rep;
    rep.title = "Replication";
    const ReplicationResult& x = r.replication;
    rep.lines.push_back(fmt::format("{} replicas, read policy {}: {} writes committed, {} applied on replicas",
                                    x.replicas, x.read_policy, count(x.commits), count(x.applied)));
    rep.lines.push_back(fmt::format("lag ms: p50 {}  p99 {}  max {}  mean {}", sig3(x.lag_ms.p50), sig3(x.lag_ms.p99),
                                    sig3(x.lag_ms.max), sig3(x.lag_ms.mean)));
    if (x.evictions + x.readmissions > 0)
      rep.lines.push_back(fmt::format("replicas evicted for lag {}, readmitted {}", x.evictions, x.readmissions));
    rep.table.header = {"class", "reads primary", "reads replica", "stale", "stale %", "read-your-writes", "ryw %"};
    auto row = [&](const std::string& name, const ConsistencyCounts& c) {
      double n = static_cast<double>(c.reads_primary + c.reads_replica);
      rep.table.rows.push_back({name, count(c.reads_primary), count(c.reads_replica), count(c.stale),
                                fmt::format("{:.3f}", n > 0 ? 100 * static_cast<double>(c.stale) / n : 0.0),
                                count(c.read_your_writes),
                                fmt::format("{:.3f}", n > 0 ? 100 * static_cast<double>(c.read_your_writes) / n : 0.0)});
    };
    for (const auto& [name, c] : x.by_class) row(name, c);
    row("all", x.total);
    blocks.push_back(std::move(rep));
  }

  if (r.cache.enabled) {
    Block cache;
    cache.title = "Cache";
    const CacheResult& x = r.cache;
    cache.lines.push_back(fmt::format("{}: hit ratio {}% ({} hits, {} misses); {} database reads; {} invalidations by writes",
                                      x.policy, pct(x.hit_ratio), count(x.hits), count(x.misses), count(x.db_reads),
                                      count(x.invalidations)));
    cache.lines.push_back(fmt::format("expirations {}, database reads per expiry {}, most concurrent reads of one key {}; "
                                      "coalesced {}, early refreshes {}",
                                      count(x.expirations), sig3(x.db_reads_per_expiry), x.max_db_reads_one_key,
                                      count(x.coalesced), count(x.early_refreshes)));
    blocks.push_back(std::move(cache));
  }

  if (!r.events.empty()) {
    Block ev;
    ev.title = "Events";
    ev.table.header = {"t s", "component", "event", "detail"};
    ev.table.align_left = {false, true, true, true};
    for (const auto& e : r.events) ev.table.rows.push_back({fmt::format("{:.3f}", e.t_s), e.component, e.event, e.detail});
    blocks.push_back(std::move(ev));
  }

  Block verdict;
  verdict.title = "Verdict";
  verdict.lines.push_back(r.bottleneck.component.empty()
                              ? "bottleneck: none measured"
                              : fmt::format("bottleneck: {} {} at {}%", r.bottleneck.component,
                                            r.bottleneck.resource, pct(r.bottleneck.utilization)));
  if (r.saturation.saturated)
    // The reason already says where the backlog grew and how fast.
    verdict.lines.push_back(fmt::format("WARNING saturated at {}{}", r.saturation.component,
                                        r.saturation.reason.empty() ? "" : ": " + r.saturation.reason));
  if (r.imbalance > 0)
    verdict.lines.push_back(fmt::format("load imbalance: busiest app server took {:.2f}x the mean{}", r.imbalance,
                                        r.events.empty() ? "" : " (servers no event touched)"));
  if (r.slo.checked) {
    if (r.slo.met)
      verdict.lines.push_back("SLO: met");
    else
      verdict.lines.push_back(fmt::format("SLO: NOT MET: {}", fmt::join(r.slo.violations, "; ")));
  }
  blocks.push_back(std::move(verdict));

  Block cost;
  cost.title = "Cost (on-demand list prices)";
  cost.table.header = {"item", "instance", "count", "$/h each", "$/month"};
  cost.table.align_left = {true, true};
  for (const auto& i : r.cost.items)
    cost.table.rows.push_back({i.name, i.instance, i.count > 0 ? std::to_string(i.count) : "usage",
                               i.count > 0 ? fmt::format("{:.4g}", i.hourly_usd) : "-",
                               usd(i.monthly_usd)});
  cost.table.rows.push_back({"total", "", "", "", usd(r.cost.monthly_usd)});
  if (r.cost.per_1k_dau_usd > 0)
    cost.after.push_back(fmt::format("${}/month, ${} per 1k DAU", usd(r.cost.monthly_usd), usd(r.cost.per_1k_dau_usd)));
  else
    cost.after.push_back(fmt::format("${}/month (no DAU stated, so no cost per 1k DAU)", usd(r.cost.monthly_usd)));
  blocks.push_back(std::move(cost));

  Block foot;
  foot.lines.push_back(fmt::format("simulated {} s ({} s warm-up), {} arrivals, {} events, wall {} s",
                                   plain(r.sim.duration_s), plain(r.sim.warmup_s), count(r.sim.arrivals),
                                   count(r.sim.events), sig3(r.sim.wall_s)));
  blocks.push_back(std::move(foot));
  return blocks;
}

struct CsvWriter {
  std::string out = csv_row({"section", "name", "metric", "value"});
  /// Every leaf of a result section's JSON form (Result.cpp, the one declaration of its fields),
  /// one row each, nested keys joined by '.' in the metric: `lag_ms.p99`, `by_class.read.stale`.
  void json_section(const std::string& section, const json& j, const std::string& prefix = "") {
    for (const auto& [key, v] : j.items()) {
      const std::string metric = prefix.empty() ? key : prefix + "." + key;
      if (v.is_object()) json_section(section, v, metric);
      else if (v.is_number_float()) row(section, "", metric, full(v.get<double>()));
      else if (v.is_string()) row(section, "", metric, v.get<std::string>());
      else row(section, "", metric, v.is_null() ? "" : v.dump());
    }
  }
  void row(const std::string& section, const std::string& name, const std::string& metric, const std::string& v) {
    out += csv_row({section, name, metric, v});
  }
  void num(const std::string& section, const std::string& name, const std::string& metric, double v) {
    row(section, name, metric, full(v));
  }
  void num(const std::string& section, const std::string& name, const std::string& metric, std::uint64_t v) {
    row(section, name, metric, std::to_string(v));
  }
  void totals(const std::string& section, const std::string& name, const RequestTotals& t) {
    num(section, name, "completed", t.completed);
    num(section, name, "failed", t.failed);
    num(section, name, "error_rate", t.error_rate);
    num(section, name, "throughput_rps", t.throughput_rps);
    for (const auto& [kind, n] : t.errors_by_kind) num(section, name, "errors." + kind, n);
  }
  void latency(const std::string& section, const std::string& name, const LatencySummary& l) {
    num(section, name, "count", l.count);
    num(section, name, "mean_ms", l.mean);
    num(section, name, "p50_ms", l.p50);
    num(section, name, "p90_ms", l.p90);
    num(section, name, "p95_ms", l.p95);
    num(section, name, "p99_ms", l.p99);
    num(section, name, "p999_ms", l.p999);
    num(section, name, "max_ms", l.max);
    num(section, name, "stddev_ms", l.stddev);
    num(section, name, "mean_ci95_ms", l.mean_ci95);
  }
};

}  // namespace

OutputFormat parse_output_format(const std::string& s) {
  if (s == "table") return OutputFormat::table;
  if (s == "json") return OutputFormat::json;
  if (s == "csv") return OutputFormat::csv;
  if (s == "markdown") return OutputFormat::markdown;
  throw InputError({InputIssue{"--format", "",
                               fmt::format("expected one of table, json, csv, markdown; found \"{}\"", s)}});
}

std::string render(const Result& r, OutputFormat f) {
  switch (f) {
    case OutputFormat::table: return render_table(r);
    case OutputFormat::json: return render_json(r);
    case OutputFormat::csv: return render_csv(r);
    case OutputFormat::markdown: return render_markdown(r);
  }
  return render_table(r);
}

std::string render_json(const Result& r) {
  json j;
  to_json(j, r);
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string render_table(const Result& r) { return render_blocks(result_blocks(r), OutputFormat::table); }

std::string render_markdown(const Result& r) { return render_blocks(result_blocks(r), OutputFormat::markdown); }

std::string render_timeline(const Result& r, OutputFormat f, std::size_t max_rows) {
  Block b;
  b.title = "Timeline";
  if (r.timeline.empty() || max_rows == 0) {
    b.lines.push_back("no intervals recorded");
    return render_blocks({b}, f);
  }
  std::vector<std::string> names;
  for (const auto& [name, u] : r.timeline.front().utilization) names.push_back(name);
  const std::size_t n = r.timeline.size();
  const std::size_t group = (n + max_rows - 1) / max_rows;
  const double width = n > 1 ? r.timeline[1].t_s - r.timeline[0].t_s : r.sim.duration_s;
  b.lines.push_back(fmt::format("{} s per row; rps, utilization and hit % are averages over the row, p50, p99 and "
                                "lag the worst interval's; warm-up ends at {} s",
                                plain(width * static_cast<double>(group)), plain(r.sim.warmup_s)));
  b.table.header = {"t s", "rps", "p50 ms", "p99 ms", "errors", "most errors"};
  for (const auto& name : names) b.table.header.push_back(name + " %");
  const bool with_lag = r.replication.replicas > 0, with_cache = r.cache.enabled;
  if (with_lag) b.table.header.push_back("lag ms");
  if (with_cache) b.table.header.push_back("hit %");
  const bool with_events = !r.events.empty();
  if (with_events) b.table.header.push_back("events");
  b.table.align_left = std::vector<bool>(b.table.header.size(), false);
  b.table.align_left[0] = b.table.align_left[5] = true;
  if (with_events) b.table.align_left.back() = true;
  for (std::size_t start = 0; start < n; start += group) {
    std::size_t end = std::min(n, start + group);
    double rps = 0, p50 = 0, p99 = 0;
    std::uint64_t errors = 0;
    std::map<std::string, std::uint64_t> kinds;
    std::vector<double> util(names.size(), 0.0);
    for (std::size_t i = start; i < end; ++i) {
      const TimelinePoint& p = r.timeline[i];
      rps += p.throughput_rps;
      p50 = std::max(p50, p.p50_ms);
      p99 = std::max(p99, p.p99_ms);
      errors += p.errors;
      for (const auto& [kind, k] : p.errors_by_kind) kinds[kind] += k;
      for (std::size_t k = 0; k < names.size(); ++k) {
        auto it = p.utilization.find(names[k]);
        if (it != p.utilization.end()) util[k] += it->second;
      }
    }
    double rows = static_cast<double>(end - start);
    std::string top;
    std::uint64_t top_n = 0;
    for (const auto& [kind, k] : kinds)
      if (k > top_n) top = kind, top_n = k;
    std::vector<std::string> row = {plain(r.timeline[start].t_s), sig3(rps / rows), sig3(p50), sig3(p99),
                                    count(errors), top};
    for (double u : util) row.push_back(fmt::format("{:.1f}", 100 * u / rows));
    if (with_lag) {
      double lag = 0;
      for (std::size_t i = start; i < end; ++i) lag = std::max(lag, r.timeline[i].replication_lag_ms);
      row.push_back(sig3(lag));
    }
    if (with_cache) {
      double hit = 0;
      for (std::size_t i = start; i < end; ++i) hit += r.timeline[i].cache_hit_ratio;
      row.push_back(fmt::format("{:.1f}", 100 * hit / rows));
    }
    if (with_events) {
      // The events that happened during this row.
      double from = r.timeline[start].t_s, to = end < n ? r.timeline[end].t_s : r.sim.duration_s + 1;
      std::vector<std::string> what;
      for (const auto& e : r.events)
        if (e.t_s >= from && e.t_s < to) what.push_back(e.component + " " + e.event);
      row.push_back(fmt::format("{}", fmt::join(what, "; ")));
    }
    b.table.rows.push_back(std::move(row));
  }
  return render_blocks({b}, f);
}

std::string render_csv(const Result& r) {
  CsvWriter w;
  w.row("scenario", "", "name", r.scenario.name);
  w.row("scenario", "", "file", r.scenario.file);
  w.num("scenario", "", "seed", r.scenario.seed);
  w.row("scenario", "", "stage", std::to_string(r.scenario.stage));
  w.row("workload", "", "model", r.workload.model);
  w.num("workload", "", "offered_rps", r.workload.offered_rps);
  w.row("workload", "", "users", std::to_string(r.workload.users));
  w.num("workload", "", "dau", r.workload.dau);
  w.totals("requests", "", r.requests);
  w.latency("latency", "", r.latency_ms);
  for (const auto& c : r.classes) {
    w.totals("class", c.name, c.requests);
    w.latency("class", c.name, c.latency_ms);
  }
  for (const auto& c : r.components) {
    w.row("component", c.name, "kind", c.kind);
    w.row("component", c.name, "instance", c.instance);
    w.row("component", c.name, "host", c.host);
    w.row("component", c.name, "vcpus", std::to_string(c.vcpus));
    w.num("component", c.name, "utilization", c.utilization);
    w.num("component", c.name, "cpu_share", c.cpu_share);
    w.num("component", c.name, "disk_utilization", c.disk_utilization);
    w.num("component", c.name, "pool_utilization", c.pool_utilization);
    w.num("component", c.name, "queue_mean", c.queue_mean);
    w.num("component", c.name, "queue_max", c.queue_max);
    w.num("component", c.name, "in_system_mean", c.in_system_mean);
    w.num("component", c.name, "residence_ms", c.residence_ms);
    w.num("component", c.name, "throughput_rps", c.throughput_rps);
    w.num("component", c.name, "served", c.served);
    w.num("component", c.name, "rejected", c.rejected);
    w.num("component", c.name, "queue_growth_per_s", c.queue_growth_per_s);
    w.num("component", c.name, "in_system_max", c.in_system_max);
    w.num("component", c.name, "buffer_pool_hit_ratio", c.buffer_pool_hit_ratio);
  }
  w.row("bottleneck", r.bottleneck.component, "resource", r.bottleneck.resource);
  w.num("bottleneck", r.bottleneck.component, "utilization", r.bottleneck.utilization);
  w.row("saturation", r.saturation.component, "saturated", r.saturation.saturated ? "true" : "false");
  w.num("saturation", r.saturation.component, "queue_growth_per_s", r.saturation.queue_growth_per_s);
  if (!r.saturation.reason.empty()) w.row("saturation", r.saturation.component, "reason", r.saturation.reason);
  w.row("slo", "", "checked", r.slo.checked ? "true" : "false");
  w.row("slo", "", "met", r.slo.met ? "true" : "false");
  for (const auto& v : r.slo.violations) w.row("slo", "", "violation", v);
  for (const auto& i : r.cost.items) {
    w.row("cost", i.name, "instance", i.instance);
    w.row("cost", i.name, "count", std::to_string(i.count));
    w.num("cost", i.name, "hourly_usd", i.hourly_usd);
    w.num("cost", i.name, "monthly_usd", i.monthly_usd);
  }
  w.num("cost", "total", "monthly_usd", r.cost.monthly_usd);
  w.num("cost", "total", "per_1k_dau_usd", r.cost.per_1k_dau_usd);
  for (const auto& p : r.timeline) {
    std::string t = full(p.t_s);
    w.num("timeline", t, "throughput_rps", p.throughput_rps);
    w.num("timeline", t, "p50_ms", p.p50_ms);
    w.num("timeline", t, "p99_ms", p.p99_ms);
    w.num("timeline", t, "errors", p.errors);
    w.num("timeline", t, "replication_lag_ms", p.replication_lag_ms);
    w.num("timeline", t, "cache_hit_ratio", p.cache_hit_ratio);
    for (const auto& [kind, k] : p.errors_by_kind) w.num("timeline", t, "errors." + kind, k);
    for (const auto& [name, u] : p.utilization) w.num("timeline", t, "utilization." + name, u);
  }
  w.num("balance", "", "imbalance", r.imbalance);
  json sections;
  to_json(sections, r);
  for (const char* section : {"sessions", "uploads", "replication", "cache"})
    w.json_section(section, sections[section]);
  for (const auto& e : r.events) {
    std::string t = full(e.t_s);
    w.row("event", t, e.component + " " + e.event, e.detail);
  }
  w.num("sim", "", "duration_s", r.sim.duration_s);
  w.num("sim", "", "warmup_s", r.sim.warmup_s);
  w.num("sim", "", "wall_s", r.sim.wall_s);
  w.num("sim", "", "arrivals", r.sim.arrivals);
  w.num("sim", "", "events", r.sim.events);
  if (!r.replications.empty()) {
    for (std::size_t i = 0; i < r.replications.seeds.size(); ++i)
      w.num("replications", "", "seed." + std::to_string(i), r.replications.seeds[i]);
    for (const auto& f : r.replications.figures) {
      w.num("replications", f.name, "mean", f.mean);
      w.num("replications", f.name, "stddev", f.stddev);
      w.num("replications", f.name, "ci95", f.ci95);
      for (std::size_t i = 0; i < f.values.size() && i < r.replications.seeds.size(); ++i)
        w.num("replications", f.name, "seed." + std::to_string(r.replications.seeds[i]), f.values[i]);
    }
  }
  if (!r.input.empty()) {
    w.row("input", "", "file", r.input.file);
    w.num("input", "", "seed", r.input.seed);
    if (r.input.seeds > 0) w.num("input", "", "seeds", r.input.seeds);
    for (const auto& o : r.input.overrides) w.row("input", "", "override", o);
  }
  return w.out;
}

// ---------------------------------------------------------------------------------------------
// ladder climb

namespace {

std::string stage_name(const Result& r, std::size_t index) {
  return r.scenario.stage >= 0 ? std::to_string(r.scenario.stage) : fmt::format("#{}", index);
}

/// What forces the next step: the bottleneck, plus saturation and errors when present.
std::string next_step_hint(const Result& r) {
  std::string hint = r.bottleneck.component.empty()
                         ? "no bottleneck measured"
                         : fmt::format("{} {} at {}%", r.bottleneck.component, r.bottleneck.resource,
                                       pct(r.bottleneck.utilization));
  // Components sharing the bottleneck's host (a colocated database) compete for its cores.
  if (r.bottleneck.resource == "cpu") {
    const ComponentResult* own = nullptr;
    for (const auto& c : r.components)
      if (c.name == r.bottleneck.component) own = &c;
    if (own)
      for (const auto& c : r.components)
        if (&c != own && c.host == own->host)
          hint += fmt::format(" ({} uses {}% of host {}, {} {}%)", own->name, pct(own->cpu_share), own->host,
                              c.name, pct(c.cpu_share));
  }
  if (r.saturation.saturated)
    hint += fmt::format("; saturated at {}{}", r.saturation.component.empty() ? "?" : r.saturation.component,
                        r.saturation.reason.empty() ? "" : " (" + r.saturation.reason + ")");
  if (r.requests.error_rate > 0) hint += fmt::format("; {}% of requests fail", pct(r.requests.error_rate));
  if (r.slo.checked && !r.slo.met) hint += "; SLO not met";
  return hint;
}

}  // namespace

namespace {

/// The resources at 90% or more, busiest first, one entry per kind of component ("app cpu 100%
/// (11 of 11)"): in a closed loop several tiers can be pinned at once. Components alone of their
/// kind on one host (stage 0's app-0 and db on `box`) are one entry: they share its cores.
std::string saturated_resources(const Result& r) {
  struct Kind {
    double max = 0;
    int hot = 0, all = 0;
    std::string first, resource, host;
  };
  std::map<std::string, Kind> kinds;
  std::vector<std::string> order;
  for (const auto& c : r.components) {
    if (c.kind == "lb" || c.kind == "apply") continue;
    const bool disk = c.disk_utilization > c.utilization;
    const double u = disk ? c.disk_utilization : c.utilization;
    auto [it, fresh] = kinds.try_emplace(c.kind);
    if (fresh) order.push_back(c.kind);
    Kind& k = it->second;
    ++k.all;
    if (u >= 0.9) ++k.hot;
    if (u > k.max) k.max = u, k.first = c.name, k.resource = disk ? "disk" : "cpu", k.host = disk ? "" : c.host;
  }
  std::stable_sort(order.begin(), order.end(), [&](const auto& a, const auto& b) { return kinds[a].max > kinds[b].max; });
  std::string out;
  std::map<std::string, std::string> shared;  // host -> the components alone of their kind on it
  for (const auto& name : order) {
    const Kind& k = kinds[name];
    if (k.hot > 0 && k.all == 1 && !k.host.empty()) shared[k.host] += (shared[k.host].empty() ? "" : " + ") + k.first;
  }
  for (const auto& name : order) {
    const Kind& k = kinds[name];
    if (k.hot == 0) continue;
    const bool joint = k.all == 1 && !k.host.empty() && shared[k.host].find(" + ") != std::string::npos;
    if (joint && shared[k.host].rfind(k.first, 0) != 0) continue;  // listed with the first on its host
    if (!out.empty()) out += ", ";
    if (joint)
      out += fmt::format("{} {} {}% (one host, {})", shared[k.host], k.resource, pct(k.max), k.host);
    else
      out += k.all == 1 ? fmt::format("{} {} {}%", k.first, k.resource, pct(k.max))
                        : fmt::format("{} {} {}% ({} of {} at 90%+)", name, k.resource, pct(k.max), k.hot, k.all);
  }
  return out.empty() ? bottleneck_label(r.bottleneck) : out;
}

std::string verdict(const Result& r) {
  if (!r.slo.checked) return "-";
  if (r.slo.met) return "met";
  std::string v;
  for (const auto& s : r.slo.violations) {
    std::string what = s.rfind("p99", 0) == 0 ? "p99" : s.rfind("error", 0) == 0 ? "errors" : "no completions";
    v += (v.empty() ? "FAIL " : "+") + what;
  }
  return v;
}

std::string dau_label(const WorkloadSummary& w) { return w.dau > 0 ? count(static_cast<std::uint64_t>(w.dau)) : "-"; }

}  // namespace

std::string climb_why(const ClimbRung& rung) {
  if (!rung.before) return "";
  const Result& b = *rung.before;
  const Result& r = rung.own;
  std::string fail;
  for (const auto& v : b.slo.violations) fail += (fail.empty() ? "" : ", ") + v;
  std::string before =
      b.slo.met ? fmt::format("{} at {} DAU still meets the SLO (p99 {} ms, errors {}%): this rung is not forced",
                              b.scenario.name, dau_label(b.workload), sig3(b.latency_ms.p99), pct(b.requests.error_rate))
                : fmt::format("{} at {} DAU fails: {}; saturated: {}", b.scenario.name, dau_label(b.workload), fail,
                              saturated_resources(b));
  std::string own = r.slo.met ? fmt::format("{} meets it: p99 {} ms, errors {}%, busiest {}", r.scenario.name,
                                            sig3(r.latency_ms.p99), pct(r.requests.error_rate),
                                            bottleneck_label(r.bottleneck))
                              : fmt::format("{} fails too: {}", r.scenario.name,
                                            r.slo.violations.empty() ? "?" : r.slo.violations.front());
  return before + ". " + own;
}

std::string render_climb(const std::vector<Result>& stages, OutputFormat f) {
  std::vector<ClimbRung> rungs;
  for (const auto& r : stages) rungs.push_back({r, std::nullopt});
  return render_climb(rungs, f);
}

std::string render_climb(const std::vector<ClimbRung>& rungs, OutputFormat f) {
  auto json_row = [](const Result& r) {
    json j;
    j["stage"] = r.scenario.stage;
    j["name"] = r.scenario.name;
    j["file"] = r.scenario.file;
    j["load"] = load_label(r.workload);
    j["dau"] = r.workload.dau;
    j["throughput_rps"] = r.requests.throughput_rps;
    j["p50_ms"] = r.latency_ms.p50;
    j["p99_ms"] = r.latency_ms.p99;
    j["error_rate"] = r.requests.error_rate;
    j["slo_met"] = r.slo.met;
    j["slo_violations"] = r.slo.violations;
    j["bottleneck"] = r.bottleneck.component;
    j["bottleneck_resource"] = r.bottleneck.resource;
    j["bottleneck_utilization"] = r.bottleneck.utilization;
    j["saturated"] = r.saturation.saturated;
    j["monthly_usd"] = r.cost.monthly_usd;
    j["per_1k_dau_usd"] = r.cost.per_1k_dau_usd;
    j["next_step"] = next_step_hint(r);
    return j;
  };
  if (f == OutputFormat::json) {
    json a = json::array();
    for (const auto& rung : rungs) {
      json j = json_row(rung.own);
      if (rung.before) {
        j["before"] = json_row(*rung.before);
        j["why"] = climb_why(rung);
      }
      a.push_back(std::move(j));
    }
    return a.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  }
  if (f == OutputFormat::csv) {
    std::string out = csv_row({"stage", "row", "name", "file", "load", "dau", "throughput_rps", "p50_ms", "p99_ms",
                               "error_rate", "slo", "bottleneck", "bottleneck_resource", "bottleneck_utilization",
                               "monthly_usd", "per_1k_dau_usd", "next_step"});
    auto row = [&](const Result& r, int stage, const char* kind) {
      out += csv_row({std::to_string(stage), kind, r.scenario.name, r.scenario.file, load_label(r.workload),
                      full(r.workload.dau), full(r.requests.throughput_rps), full(r.latency_ms.p50),
                      full(r.latency_ms.p99), full(r.requests.error_rate), verdict(r), r.bottleneck.component,
                      r.bottleneck.resource, full(r.bottleneck.utilization), full(r.cost.monthly_usd),
                      full(r.cost.per_1k_dau_usd), next_step_hint(r)});
    };
    for (const auto& rung : rungs) {
      if (rung.before) row(*rung.before, rung.own.scenario.stage, "before");
      row(rung.own, rung.own.scenario.stage, "own");
    }
    return out;
  }
  Block table;
  table.title = "Scale Ladder: the climb";
  table.table.header = {"stage", "architecture", "DAU", "load", "rps", "p50 ms", "p99 ms", "errors %", "SLO",
                        "bottleneck", "$/month", "$/1k DAU"};
  table.table.align_left = {false, true, false, false, false, false, false, false, true, true, false, false};
  auto row = [&](const Result& r, const std::string& stage, const std::string& name) {
    table.table.rows.push_back({stage, name, dau_label(r.workload), load_label(r.workload),
                                sig3(r.requests.throughput_rps), sig3(r.latency_ms.p50), sig3(r.latency_ms.p99),
                                pct(r.requests.error_rate), verdict(r), bottleneck_label(r.bottleneck),
                                usd(r.cost.monthly_usd), r.cost.per_1k_dau_usd > 0 ? usd(r.cost.per_1k_dau_usd) : "-"});
  };
  bool any_before = false;
  for (std::size_t i = 0; i < rungs.size(); ++i) {
    const auto& rung = rungs[i];
    const std::string stage = stage_name(rung.own, i);
    if (rung.before) {
      any_before = true;
      row(*rung.before, stage, "(before) " + rung.before->scenario.name);
    }
    row(rung.own, stage, rung.own.scenario.name);
  }
  Block hints;
  if (any_before) {
    hints.title = "Why each rung: the rung before it, at its load";
    for (std::size_t i = 0; i < rungs.size(); ++i)
      if (rungs[i].before)
        hints.lines.push_back(fmt::format("stage {}: {}", stage_name(rungs[i].own, i), climb_why(rungs[i])));
  } else {
    hints.title = "What forces the next step";
    for (std::size_t i = 0; i < rungs.size(); ++i)
      hints.lines.push_back(fmt::format("stage {} {}: {}", stage_name(rungs[i].own, i), rungs[i].own.scenario.name,
                                        next_step_hint(rungs[i].own)));
  }
  return render_blocks({table, hints}, f);
}

}  // namespace ladder
