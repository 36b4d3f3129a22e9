// See include/ladder/sweep/Sweep.hpp.
// Why re-exec this binary for each run instead of fork + run_in_child: the local pool and a
// Slurm array task then run exactly the same command (`ladder run … --format json -o FILE`), so
// their results are the same bytes by construction; each run starts from a fresh process (no
// SimGrid or allocator state inherited from a parent that has loaded hundreds of scenarios);
// `run -o` already writes all or nothing; and a crash, an abort or an out-of-memory kill takes
// down one run, recorded as failed, never the pool.
#include "ladder/sweep/Sweep.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "ladder/report/Result.hpp"
#include "ladder/scenario/Fields.hpp"
#include "ladder/scenario/Loader.hpp"
#include "ladder/sweep/ProcessPool.hpp"
#include "ladder/sweep/Stats.hpp"

namespace ladder {

namespace {

namespace fs = std::filesystem;
using ojson = nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;

constexpr double kTargetTaskSeconds = 60;   // an array task this long amortizes Slurm's scheduling
constexpr std::size_t kMaxArrayTasks = 1000;  // Slurm's default MaxArraySize is 1001
constexpr double kSimulatedRequestsPerSecond = 1e5;  // rough wall-clock speed (docs/model.md)

fs::path runs_dir(const std::string& dir) { return fs::path(dir) / "runs"; }
fs::path result_path(const std::string& dir, const std::string& id) { return runs_dir(dir) / (id + ".json"); }
fs::path failed_path(const std::string& dir, const std::string& id) { return runs_dir(dir) / (id + ".failed"); }
fs::path stderr_path(const std::string& dir, const std::string& id) { return runs_dir(dir) / (id + ".stderr"); }

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string self_exe() {
  std::error_code ec;
  fs::path p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("/proc/self/exe") : p.string();
}

void make_dirs(const fs::path& p) {
  std::error_code ec;
  fs::create_directories(p, ec);
  if (ec || !fs::is_directory(p))
    throw InputError({{"-o", "", "expected a directory that can be created, found '" + p.string() + "' (" +
                                     (ec ? ec.message() : "not a directory") + ")"}});
  if (access(p.c_str(), W_OK) != 0)
    throw InputError({{"-o", "", "expected a writable directory, found '" + p.string() + "' (not writable)"}});
}

/// Leftovers of an interrupted sweep: temporary result files and the stderr of unfinished runs.
void remove_leftovers(const std::string& dir) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(runs_dir(dir), ec)) {
    const std::string name = e.path().filename().string();
    if (name.find(".tmp-") != std::string::npos || name.ends_with(".stderr")) fs::remove(e.path(), ec);
  }
}

std::string duration_text(double s) {
  if (s < 60) return fmt::format("{:.0f}s", s);
  if (s < 3600) return fmt::format("{}m{:02}s", static_cast<int>(s) / 60, static_cast<int>(s) % 60);
  return fmt::format("{}h{:02}m", static_cast<int>(s) / 3600, static_cast<int>(s) / 60 % 60);
}

/// Runs `todo` (indices into m.runs) on the pool; `skipped` runs count as done for progress.
SweepOutcome run_selected(const SweepManifest& m, const std::string& dir, const std::vector<std::size_t>& todo,
                          std::size_t skipped, const SweepRunOptions& opt) {
  const auto t0 = Clock::now();
  SweepOutcome out;
  out.total = todo.size() + skipped;
  out.skipped = skipped;
  const std::string ladder = opt.ladder.empty() ? self_exe() : opt.ladder;

  std::vector<ChildJob> jobs;
  for (std::size_t i : todo) {
    const SweepRun& r = m.runs[i];
    std::error_code ec;
    fs::remove(result_path(dir, r.id), ec);  // an old result must not pass for this run's outcome
    fs::remove(failed_path(dir, r.id), ec);
    ChildJob job;
    job.argv = {ladder, "run", m.scenario};
    for (const auto& o : r.overrides) {
      job.argv.push_back("--set");
      job.argv.push_back(o);
    }
    for (const char* a : {"--format", "json", "-q", "-o"}) job.argv.push_back(a);
    job.argv.push_back(result_path(dir, r.id).string());
    job.stderr_path = stderr_path(dir, r.id).string();
    jobs.push_back(std::move(job));
  }

  // Progress: a point is done when all its runs are (skipped runs included).
  std::vector<std::size_t> left_in_point(m.points.size(), 0);
  for (std::size_t i : todo) ++left_in_point[m.runs[i].point];
  std::size_t points_done = 0;
  for (std::size_t n : left_in_point) points_done += n == 0;
  std::size_t finished = 0;
  auto last_line = Clock::now() - std::chrono::hours(1);

  auto draw = [&](bool final_line) {
    if (opt.quiet) return;
    const double elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
    const std::size_t remaining = todo.size() - finished;
    std::string eta = finished == 0 ? "ETA ?" : "ETA " + duration_text(elapsed / static_cast<double>(finished) *
                                                                       static_cast<double>(remaining));
    if (remaining == 0) eta = "done";
    const std::string counts = fmt::format("{}/{} points, {}/{} runs{}, {} elapsed, {}", points_done, m.points.size(),
                                           finished + skipped, out.total,
                                           out.failed ? fmt::format(", {} failed", out.failed) : "",
                                           duration_text(elapsed), eta);
    if (opt.progress) {
      constexpr int kWidth = 24;
      const double frac = out.total ? static_cast<double>(finished + skipped) / static_cast<double>(out.total) : 1;
      const int filled = static_cast<int>(frac * kWidth);
      std::fprintf(stderr, "\r\033[K  sweep %s [%s%s] %s", m.name.c_str(), std::string(filled, '#').c_str(),
                   std::string(kWidth - filled, '.').c_str(), counts.c_str());
      if (final_line) std::fprintf(stderr, "\r\033[K");
    } else if (final_line || Clock::now() - last_line >= std::chrono::seconds(5)) {
      if (!final_line) std::fprintf(stderr, "ladder: sweep %s: %s\n", m.name.c_str(), counts.c_str());
      last_line = Clock::now();
    }
    std::fflush(stderr);
  };

  ProcessPool pool(opt.jobs);
  pool.run(
      jobs,
      [&](const ChildExit& e) {
        const SweepRun& r = m.runs[todo[e.index]];
        std::error_code ec;
        const fs::path err = stderr_path(dir, r.id);
        const bool have_result = fs::is_regular_file(result_path(dir, r.id), ec);
        if (e.ok() && have_result) {
          ++out.ran;
        } else {
          ++out.failed;
          std::string log = read_all(err);
          if (log.size() > 4000) log = "…" + log.substr(log.size() - 4000);
          std::string why = e.ok() ? "exit code 0 but no result file" : e.describe();
          write_file_atomically(failed_path(dir, r.id).string(),
                                fmt::format("{}\npoint {} seed {}\n{}", why, r.point, r.seed, log));
          fs::remove(result_path(dir, r.id), ec);
        }
        fs::remove(err, ec);
        ++finished;
        if (--left_in_point[r.point] == 0) {
          ++points_done;
          draw(false);
        } else if (opt.progress) {
          draw(false);
        }
      },
      [&] {
        if (opt.progress) draw(false);
      });
  draw(true);
  out.wall_s = std::chrono::duration<double>(Clock::now() - t0).count();
  return out;
}

}  // namespace

void write_file_atomically(const std::string& path, const std::string& text) {
  fs::path tmp = path + ".tmp-" + std::to_string(getpid());
  {
    std::ofstream o(tmp, std::ios::binary);
    o << text;
    o.close();
    if (!o) {
      std::error_code ec;
      fs::remove(tmp, ec);
      throw InputError({{path, "", "expected a writable file, found a write error"}});
    }
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw InputError({{path, "", "expected a writable file, found it cannot be renamed into place"}});
  }
}

SweepOutcome run_sweep(const SweepManifest& m, const std::string& dir, const SweepRunOptions& opt) {
  make_dirs(runs_dir(dir));
  write_file_atomically((fs::path(dir) / "manifest.json").string(), manifest_to_text(m));
  remove_leftovers(dir);
  std::vector<std::size_t> todo;
  std::size_t skipped = 0;
  for (std::size_t i = 0; i < m.runs.size(); ++i) {
    std::error_code ec;
    if (opt.resume && fs::is_regular_file(result_path(dir, m.runs[i].id), ec)) ++skipped;
    else todo.push_back(i);
  }
  return run_selected(m, dir, todo, skipped, opt);
}

SweepOutcome exec_sweep_chunk(const std::string& dir, std::size_t chunk, std::size_t runs_per_task,
                              const SweepRunOptions& opt) {
  const std::string file = (fs::path(dir) / "manifest.json").string();
  std::string why;
  auto text = read_input_file(file, why);
  if (!text) throw InputError({{file, "", "expected a sweep manifest (written by `ladder sweep`), found " + why}});
  SweepManifest m = manifest_from_text(*text, file);
  if (runs_per_task == 0) throw InputError({{"--runs-per-task", "", "expected a whole number >= 1, found 0"}});
  const std::size_t begin = chunk * runs_per_task;
  if (begin >= m.runs.size())
    throw InputError({{"--chunk", "", fmt::format("expected a chunk below {} ({} runs, {} per task), found {}",
                                                  (m.runs.size() + runs_per_task - 1) / runs_per_task, m.runs.size(),
                                                  runs_per_task, chunk)}});
  const std::size_t end = std::min(m.runs.size(), begin + runs_per_task);
  make_dirs(runs_dir(dir));
  // The manifest's ids were computed when it was written: a scenario edited since then would
  // store new results under old ids, so such runs fail instead, asking for a new emit.
  std::vector<std::size_t> todo;
  std::size_t skipped = 0, stale = 0;
  for (std::size_t i = begin; i < end; ++i) {
    const SweepRun& r = m.runs[i];
    std::error_code ec;
    std::string now_id;
    try {
      Scenario s = load_scenario(m.scenario, r.overrides);
      now_id = sweep_run_id(s.resolved, r.overrides, r.seed);
    } catch (const InputError& e) {
      now_id = "invalid: " + std::string(e.what());
    }
    if (now_id != r.id) {
      write_file_atomically(failed_path(dir, r.id).string(),
                            fmt::format("the scenario changed since the manifest was written (its id is now {}): "
                                        "emit the sweep again\npoint {} seed {}\n",
                                        now_id, r.point, r.seed));
      ++stale;
      continue;
    }
    if (opt.resume && fs::is_regular_file(result_path(dir, r.id), ec)) ++skipped;
    else todo.push_back(i);
  }
  SweepOutcome out = run_selected(m, dir, todo, skipped, opt);
  out.total += stale;
  out.failed += stale;
  return out;
}

SlurmEmitted emit_slurm(const SweepManifest& m, const SlurmOptions& opt) {
  std::error_code ec;
  const fs::path dir = fs::absolute(opt.dir, ec).lexically_normal();
  const std::string dir_text = dir.string();
  if (dir_text.find_first_of(" \t\n'\"\\$`") != std::string::npos)
    throw InputError({{"--emit", "", "expected a directory path without spaces, quotes, $ or backslashes (it goes into "
                                     "#SBATCH lines), found '" + dir_text + "'"}});
  make_dirs(dir / "runs");
  make_dirs(dir / "logs");

  std::size_t rpt = opt.runs_per_task;
  if (rpt == 0) {
    // Estimated wall time of a run: its simulated requests at ~1e5 per second, plus start-up.
    double total_s = 0;
    std::set<std::size_t> seen;
    for (const auto& r : m.runs) {
      if (!seen.insert(r.point).second) continue;
      Scenario s = load_scenario(m.scenario, r.overrides);
      const auto& w = s.workload;
      const double rate = w.model == ArrivalModel::open
                              ? w.rate_rps
                              : static_cast<double>(w.users) / std::max(1e-3, w.think_time_s + 2 * s.network.client_latency_ms / 1e3);
      total_s += 0.2 + rate * s.sim.duration_s / kSimulatedRequestsPerSecond;
    }
    const double est = total_s / static_cast<double>(std::max<std::size_t>(1, seen.size()));
    rpt = static_cast<std::size_t>(std::max(1.0, std::floor(kTargetTaskSeconds / est)));
  }
  rpt = std::max(rpt, (m.runs.size() + kMaxArrayTasks - 1) / kMaxArrayTasks);
  rpt = std::min(rpt, std::max<std::size_t>(1, m.runs.size()));
  const std::size_t tasks = (m.runs.size() + rpt - 1) / rpt;
  std::string ladder = opt.ladder.empty() ? self_exe() : opt.ladder;
  if (ladder.find_first_of("'\n") != std::string::npos)
    throw InputError({{"--ladder", "", "expected a path without quotes or newlines, found '" + ladder + "'"}});

  write_file_atomically((dir / "manifest.json").string(), manifest_to_text(m));
  std::string s;
  s += "#!/bin/bash\n";
  s += fmt::format("# Slurm job array for the sweep '{}': {} runs in {} array tasks of up to {} runs each.\n", m.name,
                   m.runs.size(), tasks, rpt);
  s += "# Written by `ladder sweep " + m.plan_file + " --emit slurm " + opt.dir + "`; submit it with\n";
  s += "#   sbatch " + (dir / "sweep.sbatch").string() + "\n";
  s += "# and when the array has finished, merge the results with\n";
  s += "#   ladder sweep collect " + dir_text + "\n";
  s += "# Each task runs its chunk of manifest.json with `ladder sweep exec`, which re-executes ladder once per\n";
  s += "# run and renames each result into runs/ when complete. This directory, the scenario files and the\n";
  s += "# ladder binary must be on a filesystem every node sees (docs/sweeps.md#on-a-real-cluster).\n";
  s += "#SBATCH --job-name=ladder-" + m.name + "\n";
  s += fmt::format("#SBATCH --array=0-{}{}\n", tasks - 1,
                   opt.throttle > 0 && opt.throttle < tasks ? fmt::format("%{}", opt.throttle) : "");
  s += fmt::format("#SBATCH --cpus-per-task={}\n", opt.cpus_per_task);
  s += "#SBATCH --output=" + dir_text + "/logs/%A_%a.log\n";
  for (const auto& a : opt.sbatch) s += "#SBATCH " + a + "\n";
  s += "set -euo pipefail\n";
  for (const auto& mod : opt.modules) s += "module load " + mod + "\n";
  s += "# The ladder binary: override at submission with  sbatch --export=ALL,LADDER=/path/to/ladder …\n";
  s += "LADDER=\"${LADDER:-" + ladder + "}\"\n";
  s += "echo \"ladder sweep task ${SLURM_ARRAY_TASK_ID} of job ${SLURM_ARRAY_JOB_ID:-?} on $(hostname)\"\n";
  s += fmt::format("exec \"$LADDER\" sweep exec '{}' --chunk \"$SLURM_ARRAY_TASK_ID\" --runs-per-task {} "
                   "--jobs \"${{SLURM_CPUS_PER_TASK:-1}}\" --resume\n",
                   dir_text, rpt);
  const std::string script = (dir / "sweep.sbatch").string();
  write_file_atomically(script, s);
  fs::permissions(script, fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec,
                  fs::perm_options::add, ec);
  return {script, tasks, rpt};
}

Collected collect_sweep(const std::string& dir) {
  const std::string file = (fs::path(dir) / "manifest.json").string();
  std::string why;
  auto text = read_input_file(file, why);
  if (!text)
    throw InputError({{file, "", "expected a sweep directory with a manifest.json (written by `ladder sweep PLAN` or "
                                 "`--emit slurm`), found " + why}});
  Collected c;
  c.manifest = manifest_from_text(*text, file);
  const SweepManifest& m = c.manifest;
  std::vector<std::vector<std::vector<double>>> values(m.points.size(),
                                                       std::vector<std::vector<double>>(m.metrics.size()));
  for (const auto& p : m.points) c.points.push_back({p.index, p.values, 0, 0, {}});
  for (const auto& r : m.runs) {
    CollectedPoint& cp = c.points[r.point];
    ++cp.runs;
    std::error_code ec;
    const fs::path res = result_path(dir, r.id);
    if (!fs::is_regular_file(res, ec)) {
      if (fs::is_regular_file(failed_path(dir, r.id), ec)) {
        std::string reason = read_all(failed_path(dir, r.id));
        c.problems.push_back({r.point, r.seed, r.id, "failed", reason.substr(0, reason.find('\n'))});
      } else {
        c.problems.push_back({r.point, r.seed, r.id, "missing", "no result (not run yet, or still running)"});
      }
      continue;
    }
    ojson j;
    try {
      j = ojson::parse(read_all(res));
    } catch (const nlohmann::json::exception& e) {
      c.problems.push_back({r.point, r.seed, r.id, "bad result", std::string("not JSON: ") + e.what()});
      continue;
    }
    if (!j.is_object() || j.value("schema", "") != std::string(kResultSchema)) {
      c.problems.push_back({r.point, r.seed, r.id, "bad result", "not a ladder-result/1 document"});
      continue;
    }
    std::vector<double> got;
    std::string bad;
    for (const auto& metric : m.metrics) {
      std::string w;
      auto v = metric_value(j, metric, w);
      if (!v) bad += (bad.empty() ? "" : "; ") + w;
      else got.push_back(*v);
    }
    if (!bad.empty()) {
      c.problems.push_back({r.point, r.seed, r.id, "bad result", bad});
      continue;
    }
    ++cp.ok;
    for (std::size_t k = 0; k < got.size(); ++k) values[r.point][k].push_back(got[k]);
  }
  for (std::size_t p = 0; p < c.points.size(); ++p)
    for (std::size_t k = 0; k < m.metrics.size(); ++k) {
      MeanInterval mi = mean_interval95(values[p][k]);
      c.points[p].metrics.push_back({mi.n, mi.mean, mi.half_width});
    }
  return c;
}

namespace {

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char ch : s) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + "\"";
}

/// An axis value for a table cell: strings without their quotes.
std::string value_text(const std::string& json_text) {
  ojson v = ojson::parse(json_text);
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number()) return format_number(v.get<double>());
  return v.dump();
}

std::string short_number(double v) {
  if (v != 0 && std::fabs(v) < 1e-3) return fmt::format("{:.3g}", v);
  if (std::fabs(v) >= 1e6) return fmt::format("{:.4g}", v);
  return fmt::format("{:.4g}", v);
}

}  // namespace

std::string render_collected(const Collected& c, OutputFormat f) {
  const SweepManifest& m = c.manifest;
  if (f == OutputFormat::json) {
    ojson j;
    j["schema"] = kSweepTableSchema;
    j["sweep"] = m.name;
    j["combine"] = m.combine;
    j["axes"] = ojson::array();
    for (const auto& a : m.axes) j["axes"].push_back({{"name", a.name}, {"path", a.path}});
    j["seeds"] = m.seeds;
    j["metrics"] = m.metrics;
    j["points"] = ojson::array();
    for (const auto& p : c.points) {
      ojson values = ojson::object();
      for (std::size_t a = 0; a < m.axes.size(); ++a) values[m.axes[a].name] = ojson::parse(p.values[a]);
      ojson metrics = ojson::object();
      for (std::size_t k = 0; k < m.metrics.size(); ++k) {
        const CollectedMetric& cm = p.metrics[k];
        ojson e = {{"n", cm.n}};
        e["mean"] = cm.n ? ojson(cm.mean) : ojson();
        e["ci95"] = cm.n >= 2 ? ojson(cm.half_width) : ojson();
        e["low"] = cm.n >= 2 ? ojson(cm.mean - cm.half_width) : ojson();
        e["high"] = cm.n >= 2 ? ojson(cm.mean + cm.half_width) : ojson();
        metrics[m.metrics[k]] = e;
      }
      j["points"].push_back({{"point", p.index}, {"values", values}, {"runs", p.runs}, {"ok", p.ok}, {"metrics", metrics}});
    }
    j["problems"] = ojson::array();
    for (const auto& pr : c.problems)
      j["problems"].push_back(
          {{"point", pr.point}, {"seed", pr.seed}, {"id", pr.id}, {"status", pr.status}, {"reason", pr.reason}});
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  }
  if (f == OutputFormat::csv) {
    std::string out = "point";
    for (const auto& a : m.axes) out += "," + csv_field(a.name);
    out += ",runs,ok";
    for (const auto& metric : m.metrics) out += "," + csv_field(metric + ".mean") + "," + csv_field(metric + ".ci95");
    out += "\n";
    for (const auto& p : c.points) {
      out += std::to_string(p.index);
      for (const auto& v : p.values) out += "," + csv_field(value_text(v));
      out += fmt::format(",{},{}", p.runs, p.ok);
      for (const auto& cm : p.metrics) {
        // Full precision (shortest text that reads back as the same double).
        out += "," + (cm.n ? fmt::format("{}", cm.mean) : std::string());
        out += "," + (cm.n >= 2 ? fmt::format("{}", cm.half_width) : std::string());
      }
      out += "\n";
    }
    return out;
  }
  // table and markdown: mean ± half-width, 4 significant digits.
  std::vector<std::string> header = {"point"};
  for (const auto& a : m.axes) header.push_back(a.name);
  header.push_back("ok/runs");
  for (const auto& metric : m.metrics) header.push_back(metric + " (mean ± 95%)");
  std::vector<std::vector<std::string>> rows;
  for (const auto& p : c.points) {
    std::vector<std::string> row = {std::to_string(p.index)};
    for (const auto& v : p.values) row.push_back(value_text(v));
    row.push_back(fmt::format("{}/{}", p.ok, p.runs));
    for (const auto& cm : p.metrics) {
      if (cm.n == 0) row.push_back("-");
      else if (cm.n == 1) row.push_back(short_number(cm.mean));
      else row.push_back(short_number(cm.mean) + " ± " + short_number(cm.half_width));
    }
    rows.push_back(row);
  }
  std::string out;
  const std::string title = fmt::format("Sweep {}: {} points x {} seeds ({} runs), 95% intervals from Student t, df = n-1",
                                        m.name, m.points.size(), m.seeds.size(), m.runs.size());
  if (f == OutputFormat::markdown) {
    out += "**" + title + "**\n\n";
    auto line = [&](const std::vector<std::string>& cells) {
      out += "|";
      for (const auto& cell : cells) out += " " + cell + " |";
      out += "\n";
    };
    line(header);
    out += "|";
    for (std::size_t i = 0; i < header.size(); ++i) out += i == 0 ? "---:|" : i <= m.axes.size() ? "---|" : "---:|";
    out += "\n";
    for (const auto& r : rows) line(r);
  } else {
    // Widths in code points ('±' is one column, two bytes).
    auto width = [](const std::string& s) {
      std::size_t w = 0;
      for (unsigned char ch : s) w += (ch & 0xC0) != 0x80;
      return w;
    };
    std::vector<std::size_t> w(header.size(), 0);
    for (std::size_t i = 0; i < header.size(); ++i) w[i] = width(header[i]);
    for (const auto& r : rows)
      for (std::size_t i = 0; i < r.size(); ++i) w[i] = std::max(w[i], width(r[i]));
    out += title + "\n\n";
    auto line = [&](const std::vector<std::string>& cells) {
      std::string l = " ";
      for (std::size_t i = 0; i < cells.size(); ++i) {
        const std::string pad(w[i] - width(cells[i]), ' ');
        const bool left = i >= 1 && i <= m.axes.size();
        // Piece by piece: `" " + std::string&&` trips GCC 12's -Wrestrict false positive.
        l += ' ';
        l += left ? cells[i] : pad;
        l += left ? pad : cells[i];
        l += ' ';
      }
      while (!l.empty() && l.back() == ' ') l.pop_back();
      out += l + "\n";
    };
    line(header);
    std::size_t total = 1;
    for (auto x : w) total += x + 2;
    out += "  " + std::string(total - 2, '-') + "\n";
    for (const auto& r : rows) line(r);
  }
  if (!c.problems.empty()) {
    out += fmt::format("\n{} run(s) without a result:\n", c.problems.size());
    if (f == OutputFormat::markdown) out += "\n";
    for (const auto& pr : c.problems)
      out += fmt::format("{}point {} seed {} ({}): {}: {}\n", f == OutputFormat::markdown ? "- " : "  ", pr.point,
                         pr.seed, pr.id, pr.status, pr.reason);
  }
  return out;
}

}  // namespace ladder
