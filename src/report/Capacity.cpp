// Rendering `ladder capacity`: the answer with its uncertainty, the bottleneck at the limit and
// every point the search ran (JSON "ladder-capacity/1", CSV one row per point, table, markdown).
#include "ladder/report/Capacity.hpp"

#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "FormatDetail.hpp"

namespace ladder {

using namespace report_detail;

namespace {

std::string knob_value(const CapacityResult& c, double v) {
  return c.integer ? count(static_cast<std::int64_t>(std::llround(v))) : sig3(v);
}

}  // namespace

std::string render_capacity(const CapacityResult& c, OutputFormat f) {
  if (f == OutputFormat::json) {
    nlohmann::ordered_json j;
    j["schema"] = "ladder-capacity/1";
    j["scenario"] = {{"name", c.name}, {"file", c.file}, {"description", c.description}};
    j["knob"] = c.knob;
    j["unit"] = c.unit;
    j["seeds"] = c.seeds;
    j["objective"] = {{"p99_ms", c.objective_p99_ms}, {"error_rate", c.objective_error_rate}};
    j["outcome"] = c.outcome;
    j["capacity"] = {{"estimate", c.estimate},    {"uncertainty", c.uncertainty}, {"last_pass", c.last_pass},
                     {"first_fail", c.first_fail}, {"limited_by", c.limited_by}};
    j["stop_reason"] = c.stop_reason;
    j["bottleneck"] = {{"component", c.bottleneck.component},
                       {"resource", c.bottleneck.resource},
                       {"utilization", c.bottleneck.utilization}};
    j["points"] = nlohmann::ordered_json::array();
    for (const auto& p : c.points)
      j["points"].push_back({{"value", p.value},
                             {"pass", p.pass},
                             {"p99_ms", p.p99_ms},
                             {"p99_ci95", p.p99_ci95},
                             {"p99_min", p.p99_min},
                             {"p99_max", p.p99_max},
                             {"error_rate", p.error_rate},
                             {"error_ci95", p.error_ci95},
                             {"throughput_rps", p.throughput_rps},
                             {"violations", p.violations}});
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  }
  if (f == OutputFormat::csv) {
    std::string out = csv_row({"value", "pass", "p99_ms", "p99_ci95", "p99_min", "p99_max", "error_rate", "error_ci95",
                               "throughput_rps"});
    for (const auto& p : c.points)
      out += csv_row({full(p.value), p.pass ? "true" : "false", full(p.p99_ms), full(p.p99_ci95), full(p.p99_min),
                      full(p.p99_max), full(p.error_rate), full(p.error_ci95), full(p.throughput_rps)});
    return out;
  }
  Block head;
  head.title = fmt::format("Capacity: {}", c.name.empty() ? "(unnamed)" : c.name);
  if (!c.description.empty()) head.lines.push_back(c.description);
  head.lines.push_back(fmt::format("file {}, knob {}{}, {} seeds per point ({} to {}), judged on the across-seed means",
                                   c.file, c.knob, c.unit.empty() ? "" : " (" + c.unit + ")", c.seeds.size(),
                                   c.seeds.empty() ? 0 : c.seeds.front(), c.seeds.empty() ? 0 : c.seeds.back()));
  head.lines.push_back(fmt::format("objective: p99 <= {} ms and error rate <= {}%", sig3(c.objective_p99_ms),
                                   pct(c.objective_error_rate)));
  Block answer;
  answer.title = "Answer";
  if (c.outcome == "bracketed") {
    answer.lines.push_back(fmt::format("capacity {} ± {} {}: the highest {} meeting the SLO (limited by {})",
                                       sig3(c.estimate), sig3(c.uncertainty), c.unit, c.knob, c.limited_by));
    const CapacityPoint* pass = nullptr;
    const CapacityPoint* fail = nullptr;
    for (const auto& p : c.points) {
      if (p.value == c.last_pass) pass = &p;
      if (p.value == c.first_fail) fail = &p;
    }
    if (pass && fail)
      answer.lines.push_back(fmt::format("bracket: {} passes (p99 {} ± {} ms, seeds {} to {}), {} fails (p99 {} ± {} "
                                         "ms, seeds {} to {})",
                                         knob_value(c, c.last_pass), sig3(pass->p99_ms), sig3(pass->p99_ci95),
                                         sig3(pass->p99_min), sig3(pass->p99_max), knob_value(c, c.first_fail),
                                         sig3(fail->p99_ms), sig3(fail->p99_ci95), sig3(fail->p99_min),
                                         sig3(fail->p99_max)));
    answer.lines.push_back("± is half the bracket plus the 95% interval of the limiting figure at its ends, turned "
                           "into knob units by the slope around the bracket");
  } else if (c.outcome == "above") {
    answer.lines.push_back(fmt::format("capacity at least {} {}: the search found no failing value ({})",
                                       knob_value(c, c.last_pass), c.unit, c.stop_reason));
  } else {
    answer.lines.push_back(fmt::format("no value meets the SLO: {}", c.stop_reason));
  }
  if (!c.bottleneck.component.empty())
    answer.lines.push_back(fmt::format("bottleneck at the limit: {} {} at {}%", c.bottleneck.component,
                                       c.bottleneck.resource, pct(c.bottleneck.utilization)));
  Block pts;
  pts.title = "Points run (in order)";
  pts.table.header = {c.knob, "p99 ms", "± 95%", "seeds min", "seeds max", "error %", "rps", "SLO"};
  for (const auto& p : c.points)
    pts.table.rows.push_back({knob_value(c, p.value), sig3(p.p99_ms), sig3(p.p99_ci95), sig3(p.p99_min),
                              sig3(p.p99_max), pct(p.error_rate), sig3(p.throughput_rps), p.pass ? "met" : "NOT MET"});
  return render_blocks({head, answer, pts}, f);
}

}  // namespace ladder
