// `ladder capacity`: the highest value of a load knob at which the scenario still meets its SLO,
// as found by the search in sim/Capacity.hpp, and its renderings.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ladder/report/Format.hpp"
#include "ladder/report/Result.hpp"

namespace ladder {

/// One value of the knob, run at every seed and judged on the across-seed means.
struct CapacityPoint {
  double value = 0;
  bool pass = false;
  double p99_ms = 0, p99_ci95 = 0, p99_min = 0, p99_max = 0;  ///< across seeds
  double error_rate = 0, error_ci95 = 0;
  double throughput_rps = 0;  ///< across-seed mean
  std::vector<std::string> violations;  ///< the SLO verdicts when it fails
};

struct CapacityResult {
  std::string name, file, description;
  std::string knob;  ///< dotted path searched
  std::string unit;  ///< the knob's unit from the field table ("users", "req/s", …)
  bool integer = false;  ///< the knob takes whole numbers
  std::vector<std::uint64_t> seeds;
  double objective_p99_ms = 0, objective_error_rate = 0;
  /// "bracketed": last_pass and first_fail found; "above": every value tried passed (the search
  /// stopped at `stop_reason`); "none": even the smallest value tried failed.
  std::string outcome;
  std::string stop_reason;
  double last_pass = 0, first_fail = 0;  ///< the bracket (when found)
  double estimate = 0;     ///< where the limiting figure's means cross its objective (linear between the bracket)
  double uncertainty = 0;  ///< half the bracket plus that figure's 95% interval in knob units (by the slope around the bracket)
  std::string limited_by;  ///< "p99" or "error rate": the objective first_fail broke
  Bottleneck bottleneck;   ///< at last_pass (first seed's run)
  std::vector<CapacityPoint> points;  ///< in the order they were run
};

std::string render_capacity(const CapacityResult& c, OutputFormat f);

}  // namespace ladder
