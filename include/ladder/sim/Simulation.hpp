// Running a scenario: build the platform and the model, run SimGrid, collect the result.
#pragma once

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

}  // namespace ladder
