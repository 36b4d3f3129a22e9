// The capacity search: bracket, then bisect, the knob's value at which the scenario's SLO
// (slo.p99_ms, slo.error_rate) stops holding on the across-seed means. Each point runs every
// seed in parallel children (run_replications).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "ladder/report/Capacity.hpp"

namespace ladder {

struct CapacityOptions {
  std::string knob;  ///< dotted numeric field; empty: workload.users (closed) or workload.rate_rps / workload.dau (open)
  std::uint64_t seeds = 3;  ///< per point, >= 2
  int jobs = 1;
  double tolerance = 0.01;  ///< stop when the bracket is this fraction of its low end (integers: 1 apart)
  bool force = false;       ///< accept points estimated over the wall-time limit
  std::function<void(const std::string& knob, const CapacityPoint&)> on_point;  ///< after each point
};

/// Throws InputError for bad input: a scenario without slo.p99_ms, a knob that is not a
/// numeric field or is 0, a point the loader refuses at the starting value.
CapacityResult find_capacity(const std::string& file, const std::vector<std::string>& overrides,
                             const CapacityOptions& options);

}  // namespace ladder
