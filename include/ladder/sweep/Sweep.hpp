// Running a sweep and collecting it. A sweep directory holds manifest.json (the expanded plan),
// runs/ID.json (each run's result, as `ladder run --format json` writes it, renamed into place
// when complete) and runs/ID.failed (why a run failed); a Slurm sweep adds sweep.sbatch and
// logs/. Both the local pool and each Slurm array task run a run by re-executing this binary:
// `ladder run SCENARIO --set … --format json -q -o runs/ID.json`.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "ladder/report/Format.hpp"
#include "ladder/sweep/Plan.hpp"

namespace ladder {

struct SweepRunOptions {
  int jobs = 1;
  bool resume = false;    ///< skip runs whose result file exists
  bool progress = false;  ///< stderr is a terminal: redraw a bar; else plain lines
  bool quiet = false;     ///< no progress at all
  std::string ladder;     ///< the binary to re-exec ("" = this one, /proc/self/exe)
};

struct SweepOutcome {
  std::size_t total = 0, ran = 0, skipped = 0, failed = 0;
  double wall_s = 0;
};

/// Writes DIR/manifest.json and runs every run of the manifest (or, with `only`, those runs).
SweepOutcome run_sweep(const SweepManifest& m, const std::string& dir, const SweepRunOptions& opt);

/// `ladder sweep exec DIR --chunk K`: the runs of chunk K of DIR's manifest (chunk size from
/// DIR/sweep.sbatch's RUNS_PER_TASK), after checking their ids against the scenario as it is now.
SweepOutcome exec_sweep_chunk(const std::string& dir, std::size_t chunk, std::size_t runs_per_task,
                              const SweepRunOptions& opt);

struct SlurmOptions {
  std::string dir;
  std::string ladder;              ///< binary path written into the script ("" = this binary's absolute path)
  std::size_t runs_per_task = 0;   ///< 0 = from the estimated run length
  std::size_t throttle = 64;       ///< most array tasks at once (the `%` of --array); 0 = no limit
  int cpus_per_task = 1;
  std::vector<std::string> sbatch; ///< extra `#SBATCH` lines (--partition=…, --time=…, --account=…)
  std::vector<std::string> modules;///< `module load` lines
};

struct SlurmEmitted {
  std::string script;  ///< path of the sbatch script
  std::size_t tasks = 0, runs_per_task = 0;
};

/// Writes DIR/manifest.json, DIR/sweep.sbatch, DIR/runs/ and DIR/logs/; runs nothing.
SlurmEmitted emit_slurm(const SweepManifest& m, const SlurmOptions& opt);

struct CollectedMetric {
  std::size_t n = 0;
  double mean = 0, half_width = 0;
};

struct CollectedPoint {
  std::size_t index = 0;
  std::vector<std::string> values;  ///< JSON texts, one per axis
  std::size_t runs = 0, ok = 0;
  std::vector<CollectedMetric> metrics;  ///< one per manifest metric
};

struct SweepProblem {
  std::size_t point = 0;
  std::uint64_t seed = 0;
  std::string id;
  std::string status;  ///< "failed", "missing" or "bad result"
  std::string reason;
};

struct Collected {
  SweepManifest manifest;
  std::vector<CollectedPoint> points;
  std::vector<SweepProblem> problems;
};

/// Reads DIR's manifest and results. Throws InputError when DIR holds no readable manifest.
Collected collect_sweep(const std::string& dir);
/// table, csv, json or markdown; the same results give the same bytes (no paths, no wall times).
std::string render_collected(const Collected& c, OutputFormat f);

/// Writes `text` to `path` through a temporary file in the same directory renamed into place.
void write_file_atomically(const std::string& path, const std::string& text);

}  // namespace ladder
