// See SweepCommand.hpp.
#include "SweepCommand.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "ladder/scenario/Loader.hpp"
#include "ladder/sweep/ProcessPool.hpp"
#include "ladder/sweep/Sweep.hpp"

namespace ladder {

namespace {

namespace fs = std::filesystem;

constexpr int kExitOk = 0;
constexpr int kExitCheckFailed = 1;

void print_problems(const Collected& c) {
  for (const auto& p : c.problems)
    std::fprintf(stderr, "ladder: sweep: point %zu seed %llu (%s): %s: %s\n", p.point,
                 static_cast<unsigned long long>(p.seed), p.id.c_str(), p.status.c_str(), p.reason.c_str());
  if (!c.problems.empty())
    std::fprintf(stderr, "ladder: sweep: %zu of %zu runs have no usable result\n", c.problems.size(),
                 c.manifest.runs.size());
}

void emit_text(const std::string& text, const std::string& path) {
  if (path.empty() || path == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
    return;
  }
  write_file_atomically(path, text);
}

}  // namespace

SweepCommand::SweepCommand(CLI::App& app) {
  cmd_ = app.add_subcommand("sweep", "Run a sweep plan (axes x seeds) on a local process pool, or emit a Slurm job "
                                     "array; collect the results into one table");
  cmd_->require_subcommand(0, 1);
  cmd_->add_option("PLAN", plan_, "Sweep plan (JSON with comments; docs/sweeps.md)");
  cmd_->add_option("-j,--jobs", jobs_, "Runs at once (default: the CPUs this process may use)")
      ->check(CLI::Range(1, 4096));
  cmd_->add_option("-o,--out", out_dir_, "Output directory (default: PLAN-STEM.sweep in the current directory)");
  cmd_->add_flag("--resume", resume_, "Skip runs whose result is already in the output directory");
  cmd_->add_option("--format", format_, "Table printed at the end: table, csv, json or markdown")->capture_default_str();
  cmd_->add_flag("-q,--quiet", quiet_, "No progress on stderr");
  auto* emit = cmd_->add_option("--emit", emit_, "slurm DIR: write a manifest and an sbatch job-array script to DIR, run nothing")
                   ->expected(2);
  cmd_->add_option("--runs-per-task", runs_per_task_, "With --emit: runs per array task (default: ~60 s of estimated runs)")
      ->needs(emit)->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));
  cmd_->add_option("--throttle", throttle_, "With --emit: most array tasks running at once (the % of --array; 0 = no limit)")
      ->needs(emit)->capture_default_str();
  cmd_->add_option("--cpus-per-task", cpus_per_task_, "With --emit: CPUs per array task (its runs go in parallel)")
      ->needs(emit)->capture_default_str()->check(CLI::Range(1, 4096));
  cmd_->add_option("--ladder", ladder_, "With --emit: the ladder binary the script runs (default: this binary's path)")
      ->needs(emit);
  cmd_->add_option("--sbatch", sbatch_, "With --emit: an extra #SBATCH line, e.g. --sbatch=--partition=short (repeatable)")
      ->needs(emit)->allow_extra_args(false);
  cmd_->add_option("--module", modules_, "With --emit: a `module load` line for the script (repeatable)")
      ->needs(emit)->allow_extra_args(false);
  cmd_->footer("Examples:\n"
               "  ladder sweep sweeps/capacity.json --jobs 2 -o capacity.sweep\n"
               "  ladder sweep sweeps/capacity.json --resume -o capacity.sweep\n"
               "  ladder sweep sweeps/capacity.json --emit slurm /shared/capacity.sweep\n"
               "  ladder sweep collect capacity.sweep --format csv -o capacity.csv\n"
               "Exit codes: 0 every run has a result, 1 some run failed or is missing, 2 bad input.");

  collect_ = cmd_->add_subcommand("collect", "Merge a sweep directory's results into one table (per point: mean and "
                                             "95% interval across seeds); exit 1 if a run failed or is missing");
  collect_->add_option("DIR", collect_dir_, "Sweep directory (from `ladder sweep -o DIR` or `--emit slurm DIR`)")->required();
  collect_->add_option("--format", collect_format_, "table, csv, json or markdown")->capture_default_str();
  collect_->add_option("-o,--output", collect_output_, "Write to FILE instead of standard output (all or nothing)");
  collect_->footer("Example:\n  ladder sweep collect capacity.sweep --format markdown");

  exec_ = cmd_->add_subcommand("exec", "Run one chunk of a sweep directory's manifest (what a Slurm array task runs)");
  exec_->add_option("DIR", exec_dir_, "Sweep directory with manifest.json")->required();
  exec_->add_option("--chunk", chunk_, "Chunk index (the array task id)")->required();
  exec_->add_option("--runs-per-task", exec_runs_per_task_, "Runs per chunk")->required()->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));
  exec_->add_option("-j,--jobs", exec_jobs_, "Runs at once")->capture_default_str()->check(CLI::Range(1, 4096));
  exec_->add_flag("--resume", exec_resume_, "Skip runs whose result exists");
  exec_->footer("Example (as in sweep.sbatch):\n  ladder sweep exec /shared/capacity.sweep --chunk 3 --runs-per-task 4 --resume");

  schema_ = cmd_->add_subcommand("schema", "Print the sweep plan JSON Schema (schema/ladder-sweep.schema.json)");
}

int SweepCommand::run() const {
  if (collect_->parsed()) return collect();
  if (exec_->parsed()) return exec();
  if (schema_->parsed()) {
    std::string text = sweep_plan_json_schema();
    std::fwrite(text.data(), 1, text.size(), stdout);
    return kExitOk;
  }
  return run_plan();
}

int SweepCommand::run_plan() const {
  if (plan_.empty())
    throw InputError({{"sweep", "", "expected a sweep plan (ladder sweep PLAN), or `collect DIR`, found nothing"}});
  if (!emit_.empty() && emit_[0] != "slurm")
    throw InputError({{"--emit", "", "expected 'slurm DIR', found '" + emit_[0] + "'"}});
  if (!emit_.empty() && (jobs_ > 0 || resume_ || !out_dir_.empty()))
    throw InputError({{"--emit", "", "expected no --jobs, --resume or -o with --emit (the array writes to its DIR)"}});
  const OutputFormat f = parse_output_format(format_);
  SweepManifest m = load_sweep_plan(plan_);
  if (!emit_.empty()) {
    SlurmOptions so;
    so.dir = emit_[1];
    so.ladder = ladder_;
    so.runs_per_task = runs_per_task_;
    so.throttle = throttle_;
    so.cpus_per_task = cpus_per_task_;
    so.sbatch = sbatch_;
    so.modules = modules_;
    SlurmEmitted e = emit_slurm(m, so);
    std::printf("%s: %zu runs (%zu points x %zu seeds) in %zu array tasks of up to %zu runs\n"
                "submit:  sbatch %s\ncollect: ladder sweep collect %s\n",
                e.script.c_str(), m.runs.size(), m.points.size(), m.seeds.size(), e.tasks, e.runs_per_task,
                e.script.c_str(), so.dir.c_str());
    return kExitOk;
  }
  std::string dir = out_dir_.empty() ? fs::path(plan_).stem().string() + ".sweep" : out_dir_;
  SweepRunOptions opt;
  opt.jobs = jobs_ > 0 ? jobs_ : ProcessPool::available_cpus();
  opt.resume = resume_;
  opt.quiet = quiet_;
  opt.progress = !quiet_ && isatty(STDERR_FILENO);
  SweepOutcome o = run_sweep(m, dir, opt);
  if (!quiet_)
    std::fprintf(stderr, "ladder: sweep %s: %zu runs: %zu ran, %zu already done, %zu failed, %.1f s with --jobs %d; "
                         "results in %s\n",
                 m.name.c_str(), o.total, o.ran, o.skipped, o.failed, o.wall_s, opt.jobs, dir.c_str());
  Collected c = collect_sweep(dir);
  emit_text(render_collected(c, f), "");
  print_problems(c);
  return c.problems.empty() ? kExitOk : kExitCheckFailed;
}

int SweepCommand::collect() const {
  const OutputFormat f = parse_output_format(collect_format_);
  Collected c = collect_sweep(collect_dir_);
  emit_text(render_collected(c, f), collect_output_);
  print_problems(c);
  return c.problems.empty() ? kExitOk : kExitCheckFailed;
}

int SweepCommand::exec() const {
  SweepRunOptions opt;
  opt.jobs = exec_jobs_;
  opt.resume = exec_resume_;
  opt.progress = false;
  SweepOutcome o = exec_sweep_chunk(exec_dir_, chunk_, exec_runs_per_task_, opt);
  std::fprintf(stderr, "ladder: sweep exec: chunk %zu: %zu runs: %zu ran, %zu already done, %zu failed, %.1f s\n", chunk_,
               o.total, o.ran, o.skipped, o.failed, o.wall_s);
  return o.failed ? kExitCheckFailed : kExitOk;
}

}  // namespace ladder
