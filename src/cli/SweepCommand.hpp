// `ladder sweep`: its flags, registered on the CLI11 app, and the calls into the sweep library.
// Kept out of main.cpp so that main only registers it and runs it.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace ladder {

class SweepCommand {
 public:
  /// Registers `sweep` (and `sweep collect`, `sweep exec`, `sweep schema`) on `app`.
  explicit SweepCommand(CLI::App& app);
  bool parsed() const { return cmd_->parsed(); }
  /// Runs the parsed command; returns the exit code. Throws InputError for bad input.
  int run() const;

 private:
  int run_plan() const;
  int collect() const;
  int exec() const;

  CLI::App* cmd_ = nullptr;
  CLI::App* collect_ = nullptr;
  CLI::App* exec_ = nullptr;
  CLI::App* schema_ = nullptr;
  std::string plan_;
  std::string out_dir_;
  int jobs_ = 0;
  bool resume_ = false;
  bool quiet_ = false;
  std::string format_ = "table";
  std::vector<std::string> emit_;
  std::size_t runs_per_task_ = 0;
  std::size_t throttle_ = 64;
  int cpus_per_task_ = 1;
  std::string ladder_;
  std::vector<std::string> sbatch_;
  std::vector<std::string> modules_;
  std::string collect_dir_;
  std::string collect_format_ = "table";
  std::string collect_output_;
  std::string exec_dir_;
  std::size_t chunk_ = 0;
  std::size_t exec_runs_per_task_ = 1;
  int exec_jobs_ = 1;
  bool exec_resume_ = false;
};

}  // namespace ladder
