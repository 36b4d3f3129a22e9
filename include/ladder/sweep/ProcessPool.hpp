// A pool of child processes: runs a list of jobs, at most N at once, and reports each as it
// ends. A job either execs a program (argv, stdout and stderr redirected to files) or runs a
// function in a forked child (its return value is the exit code). Children are reaped by pid,
// so other children of the process are left alone; SIGINT or SIGTERM during run() stops the
// running children (SIGTERM, by pid), waits for them and then re-raises the signal.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace ladder {

struct ChildJob {
  std::vector<std::string> argv;  ///< argv[0] is the program to exec; empty = fork and call `body`
  std::function<int()> body;      ///< run in a forked child when argv is empty
  std::string stdout_path;        ///< "" = /dev/null
  std::string stderr_path;        ///< "" = inherit the parent's
};

struct ChildExit {
  std::size_t index = 0;  ///< position of the job in the list given to run()
  bool exited = false;    ///< ended by exit() (else by a signal, or could not be started)
  int code = -1;          ///< exit code when exited
  int signal = 0;         ///< the signal that ended it, when not exited
  double wall_s = 0;
  std::string start_error;  ///< non-empty when the child could not be started
  bool ok() const { return exited && code == 0 && start_error.empty(); }
  std::string describe() const;  ///< "exit code 3", "killed by signal 9", "could not start: …"
};

class ProcessPool {
 public:
  explicit ProcessPool(int jobs);
  int jobs() const { return jobs_; }

  /// Runs every job, at most jobs() at once, started in list order. `on_exit` is called in the
  /// parent as each ends; `on_tick` about every `tick_s` seconds while children run (progress).
  void run(const std::vector<ChildJob>& jobs, const std::function<void(const ChildExit&)>& on_exit,
           const std::function<void()>& on_tick = {}, double tick_s = 0.5);

  /// The CPUs this process may run on (its affinity mask: Slurm's allocation, taskset), at least 1.
  static int available_cpus();

 private:
  int jobs_;
};

}  // namespace ladder
