// Running a scenario: build the platform and the model, run SimGrid, collect the result.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "ladder/report/Result.hpp"
#include "ladder/scenario/Scenario.hpp"

namespace ladder {

struct RunOptions {
  bool progress = false;  ///< redraw a progress line on stderr while the run is longer than 1 s
};

/// Runs one scenario in this process. SimGrid allows one Engine per process, so call this at
/// most once per process (tests run each in its own process; see run_in_child otherwise).
Result run_simulation(const Scenario& s, const RunOptions& opt = {});

/// Runs the scenario in a forked child process and returns its result, so one process can run
/// many scenarios (`climb`). Throws std::runtime_error if the child fails.
Result run_in_child(const Scenario& s, const RunOptions& opt = {});

/// Runs every scenario in its own forked child, at most `jobs` (>= 1) at a time, and returns
/// the results in the order of `scenarios` whatever order the children finish in: the same
/// results as calling run_in_child on each in turn. `on_start(i)` is called as scenario i's
/// child is started. If a child fails, the others are stopped and std::runtime_error is thrown.
std::vector<Result> run_in_children(const std::vector<Scenario>& scenarios, int jobs, const RunOptions& opt = {},
                                    const std::function<void(std::size_t)>& on_start = {});

/// `run --seeds K`: runs `replications` (one scenario per seed, in seed order, differing only in
/// their seed) in forked children, at most `jobs` at a time, and returns the first seed's
/// result with the across-seed section (Result::replications) and its SLO judged on the
/// across-seed means (the interval named in each verdict). The bytes do not depend on `jobs`.
Result run_replications(const std::vector<Scenario>& replications, int jobs, const RunOptions& opt = {},
                        const std::function<void(std::size_t)>& on_start = {});

}  // namespace ladder
