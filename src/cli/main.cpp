// `ladder`: the command-line front. It parses flags and calls the library; nothing else.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <limits>
#include <sstream>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "ladder/report/Compare.hpp"
#include "ladder/report/Diagram.hpp"
#include "ladder/report/Format.hpp"
#include "ladder/report/Output.hpp"
#include "ladder/report/Html.hpp"
#include "ladder/scenario/Loader.hpp"
#include "ladder/sim/Capacity.hpp"
#include "ladder/sim/Simulation.hpp"
#include "SweepCommand.hpp"

namespace fs = std::filesystem;
using namespace ladder;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitCheckFailed = 1;
constexpr int kExitBadInput = 2;

struct Common {
  std::string format = "table";
  std::string output;
  std::vector<CLI::Option*> output_flags;  // -o of each command: given (even as '') or not
  bool output_given() const {
    return std::any_of(output_flags.begin(), output_flags.end(), [](CLI::Option* o) { return o->count() > 0; });
  }
  bool quiet = false;
  std::string log_level = "warn";
};

void print_issues(const InputError& e) {
  for (const auto& issue : e.issues())
    std::fprintf(stderr, "ladder: error: %s\n", issue.to_string().c_str());
}

/// Refuses an -o target that cannot be written before spending a whole run on it.
void check_writable(const std::string& path, bool given) {
  if (given && path.empty())
    throw InputError({{"-o", "", "expected a file name (or - for standard output), found ''"}});
  if (path.empty() || path == "-")
    return;
  fs::path parent = fs::path(path).parent_path();
  if (parent.empty())
    parent = ".";
  std::error_code ec;
  if (!fs::is_directory(parent, ec))
    throw InputError({{"-o", "", "expected a file in an existing directory, found '" + path +
                                     "' (no directory " + parent.string() + ")"}});
  if (fs::is_directory(path, ec))
    throw InputError({{"-o", "", "expected a file, found the directory '" + path + "'"}});
  if (access(parent.c_str(), W_OK) != 0)
    throw InputError({{"-o", "", "expected a writable directory, found '" + parent.string() + "' (not writable)"}});
}

/// Refuses an -o target that is one of the command's inputs (the scenario, one of its extends
/// bases, a stage file, a result to compare): writing there would destroy the input.
void check_not_input(const std::string& output, const std::vector<std::string>& inputs, const char* what) {
  if (output.empty() || output == "-")
    return;
  std::error_code ec;
  if (!fs::exists(output, ec))
    return;  // a new file cannot be an input
  for (const auto& in : inputs)
    if (fs::equivalent(output, in, ec))
      throw InputError({{"-o", "", "expected a file that is not an input, found '" + output + "' (it is " + what +
                                       " '" + in + "'; writing there would destroy it)"}});
}

/// A result given to compare, with every number compare reads.
Result read_result(const std::string& path) {
  return read_result_file(path, {"/requests/completed", "/requests/failed", "/requests/error_rate", "/requests/throughput_rps",
                          "/latency_ms/mean", "/latency_ms/p50", "/latency_ms/p90", "/latency_ms/p95",
                          "/latency_ms/p99", "/latency_ms/p999", "/latency_ms/max", "/cost/monthly_usd",
                          "/cost/per_1k_dau_usd"});
}

std::vector<std::string> stage_files(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw InputError({{dir, "", std::string("expected a directory of stage scenarios, found ") +
                                    (fs::exists(dir, ec) ? "a file (run it with `ladder run`)" : "no such directory")}});
  std::vector<std::string> files;
  static const std::regex stage_name(R"(^\d\d-.*\.json$)");
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.is_regular_file() && std::regex_match(entry.path().filename().string(), stage_name))
      files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  if (files.empty())
    throw InputError({{dir, "", "expected stage files named NN-name.json, found none"}});
  return files;
}

/// --seed takes a whole number in [0, 2^64): CLI11 would otherwise wrap "-1" around.
const CLI::Validator kSeedValidator(
    [](std::string& s) -> std::string {
      if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos || s.size() > 20 ||
          (s.size() == 20 && s > "18446744073709551615"))
        return "expected a whole number from 0 to 18446744073709551615, found '" + s + "'";
      return {};
    },
    "SEED");

/// --jobs takes a whole number of parallel runs from 1 to 1024 (CLI11 would accept "-1" and "0").
const CLI::Validator kJobsValidator(
    [](std::string& s) -> std::string {
      if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos || s.size() > 4 ||
          std::stoi(s) < 1 || std::stoi(s) > 1024)
        return "expected a whole number of stages to run at once, from 1 to 1024, found '" + s + "'";
      return {};
    },
    "N");

/// --seeds takes a whole number of replications from 2 to 1000.
const CLI::Validator kSeedsValidator(
    [](std::string& s) -> std::string {
      if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos || s.size() > 4 ||
          std::stoi(s) < 2 || std::stoi(s) > 1000)
        return "expected a whole number of seeds to run, from 2 to 1000 (one seed: leave --seeds out), found '" + s + "'";
      return {};
    },
    "K");

/// The machine's cores: climb's default --jobs.
int machine_cores() {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : static_cast<int>(std::min(n, 1024L));
}

void add_common(CLI::App* cmd, Common& c, bool with_output) {
  cmd->add_option("--format", c.format, "Output format: table, json, csv or markdown")
      ->capture_default_str();
  if (with_output)
    c.output_flags.push_back(cmd->add_option(
        "-o,--output", c.output,
        "Write to FILE instead of standard output (all or nothing; never one of the command's inputs)"));
  cmd->add_flag("-q,--quiet", c.quiet, "No progress line on stderr");
  cmd->add_option("--log-level", c.log_level, "trace, debug, info, warn, error or off")
      ->capture_default_str()
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
}

}  // namespace

int main(int argc, char** argv) {
  install_output_guards();
  CLI::App app{"Scale Ladder: simulate a web system from one box to millions of users.", "ladder"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "ladder 0.1.0");
  app.footer("Exit codes: 0 success, 1 a check failed (SLO, compare, or capacity found nothing meeting the SLO),\n"
             "  2 bad input (a flag, a file, -o, or a write error such as a full disk), 3 internal error\n"
             "  (a bug in ladder: please report it with the command line, the scenario files and the\n"
             "  message; the run's output is not to be trusted).\n"
             "A broken pipe (`ladder ... | head -1`) is not an error: output stops quietly and the exit\n"
             "  code is the one the command would have had.\n"
             "Run `ladder COMMAND --help` for the flags of each command.");
  Common common;

  // run
  std::string scenario;
  std::vector<std::string> sets;
  std::uint64_t seed = 0;  // used when --seed was given (run or climb)
  bool check = false;
  bool timeline = false;
  bool force = false;  // run, validate, climb: accept a run estimated over the wall-time limit
  std::uint64_t seeds = 0;
  int run_jobs = machine_cores();
  std::string from;
  auto* run = app.add_subcommand("run", "Simulate one scenario and report latency, errors, utilization and cost");
  auto* run_scenario = run->add_option("SCENARIO", scenario, "Scenario file (JSON with comments); or --from");
  auto* run_seed = run->add_option("--seed", seed, "Random seed, 0 to 2^64-1 (overrides the scenario's)")
                       ->check(kSeedValidator);
  auto* run_sets = run->add_option("--set", sets, "Override a field: --set services.app.count=4 (repeatable)");
  auto* run_seeds = run->add_option("--seeds", seeds,
                                    "Run K replications (seeds s, s+1, ..., s+K-1 from the scenario's or --seed's "
                                    "seed), K from 2 to 1000, and report across-seed means with 95% intervals; "
                                    "the SLO is judged on the means")
                        ->check(kSeedsValidator);
  auto* run_jobs_opt = run->add_option("-j,--jobs", run_jobs,
                                       "With --seeds: replications run at once, each in its own child process "
                                       "(default: the machine's cores); the output is the same whatever N is")
                           ->check(kJobsValidator)
                           ->default_str(std::to_string(run_jobs));
  auto* run_from = run->add_option("--from", from,
                                   "Rerun the run recorded in RESULT.json (its `input`: scenario, seed, seeds, "
                                   "overrides), without the original files; same output bytes except wall time");
  run->add_flag("--check", check, "Exit 1 if the scenario's SLO (slo.p99_ms, slo.error_rate) is not met");
  run->add_flag("--timeline", timeline,
                "Add the per-interval time series (throughput, p50/p99, errors, utilization) as a table; "
                "json and csv always include it");
  run->add_flag("--force", force,
                "Run even if the run is estimated to take more than 10 minutes of wall time (progress on stderr)");
  add_common(run, common, true);
  run->footer("Examples:\n  ladder run scenarios/03-load-balancer.json --set services.app.count=6 --format json -o out.json\n"
              "  ladder run scenarios/validation/mm1.json --seeds 5 --jobs 2\n"
              "  ladder run --from out.json --format table");

  // validate
  std::vector<std::string> to_validate;
  auto* validate = app.add_subcommand("validate", "Check scenario files without running them");
  validate->add_option("SCENARIO", to_validate, "Scenario files")->required();
  validate->add_flag("--force", force, "Accept runs estimated over 10 minutes of wall time (as run --force would)");
  bool print = false;
  validate->add_flag("--print", print,
                     "Print the one SCENARIO as the loader resolved it (extends merged, --set applied, defaults "
                     "filled in): a document that runs the same");
  validate->add_option("--set", sets, "Override a field, as for run: --set services.app.count=4 (repeatable)");
  validate->footer("Examples:\n  ladder validate scenarios/*.json\n"
                   "  ladder validate --print scenarios/05-cache.json --set caches.cache.policy=lfu");

  // compare
  std::string base_file, new_file;
  std::vector<std::string> limits;
  auto* cmp = app.add_subcommand("compare", "Compare two results; exit 1 if a --max limit is exceeded");
  cmp->add_option("BASE", base_file, "Baseline result (ladder run --format json)")->required();
  cmp->add_option("NEW", new_file, "New result")->required();
  cmp->add_option("--max", limits,
                  "METRIC=LIMIT: +10% (relative increase), +5 (absolute increase), 0.01 (cap on NEW); "
                  "a negative relative limit bounds a drop (throughput_rps=-5%)");
  add_common(cmp, common, true);
  cmp->footer("Example:\n  ladder compare base.json new.json --max p99_ms=+10% --max error_rate=0.01");

  // climb
  std::string dir = "scenarios";
  auto* climb = app.add_subcommand(
      "climb", "Run every stage file (NN-*.json) in DIR in order, and each stage's predecessor at its load (what "
               "forces it): one progression table with a why line per rung");
  climb->add_option("DIR", dir, "Directory of stage scenarios")->capture_default_str();
  auto* climb_seed = climb->add_option("--seed", seed, "Random seed for every stage, 0 to 2^64-1")
                         ->check(kSeedValidator);
  climb->add_flag("--force", force, "Run stages estimated over 10 minutes of wall time");
  int jobs = machine_cores();
  climb->add_option("-j,--jobs", jobs,
                    "Stages run at once, each in its own child process (default: the machine's cores); "
                    "the output is the same, in stage order, whatever N is")
      ->check(kJobsValidator)
      ->default_str(std::to_string(jobs));
  add_common(climb, common, true);
  climb->footer("Example:\n  ladder climb scenarios --format markdown --jobs 2");

  // schema
  bool markdown = false;
  auto* schema = app.add_subcommand("schema", "Print the scenario JSON Schema (or the field reference)");
  schema->add_flag("--markdown", markdown, "Print the field reference table instead (docs/scenario-fields.md)");
  schema->footer("Example:\n  ladder schema > schema/ladder-scenario.schema.json");

  // capacity
  std::string cap_scenario, knob;
  std::vector<std::string> cap_sets;
  std::uint64_t cap_seeds = 3;
  int cap_jobs = machine_cores();
  auto* capacity = app.add_subcommand("capacity", "Find the highest load (or value of any numeric knob) at which the "
                                                  "scenario still meets its SLO");
  capacity->add_option("SCENARIO", cap_scenario, "Scenario file with a latency objective (slo.p99_ms)")->required();
  auto* cap_knob = capacity->add_option("--knob", knob,
                                        "Numeric field to search, as a dotted path (default: workload.users for a "
                                        "closed loop; workload.rate_rps for an open loop, or workload.dau when the "
                                        "rate comes from it)");
  auto* cap_seed = capacity->add_option("--seed", seed, "First seed, 0 to 2^64-1 (overrides the scenario's)")
                       ->check(kSeedValidator);
  capacity->add_option("--seeds", cap_seeds, "Seeds run at every point, 2 to 1000; the SLO is judged on their means")
      ->check(kSeedsValidator)
      ->capture_default_str();
  capacity->add_option("--set", cap_sets, "Override a field before the search (repeatable), e.g. --set slo.p99_ms=250");
  capacity->add_option("-j,--jobs", cap_jobs, "Runs at once, each in its own child process (default: the machine's cores)")
      ->check(kJobsValidator)
      ->default_str(std::to_string(cap_jobs));
  capacity->add_flag("--force", force, "Accept points estimated over 10 minutes of wall time");
  add_common(capacity, common, true);
  capacity->footer("Example:\n  ladder capacity scenarios/validation/mm1.json --set slo.p99_ms=100 --seeds 5");

  SweepCommand sweep(app);

  // diagram
  std::string diagram_scenario;
  auto* diagram = app.add_subcommand("diagram", "Print the scenario's architecture as a mermaid flowchart "
                                                "(the components this stage changed highlighted)");
  diagram->add_option("SCENARIO", diagram_scenario, "Scenario file")->required();
  diagram->footer("Example:\n  ladder diagram scenarios/05-cache.json > stage5.mmd");

  // report
  std::vector<std::string> report_inputs;
  std::string report_output;
  auto* report = app.add_subcommand("report", "One self-contained HTML page (diagram, latency, timeline, bottleneck, "
                                              "cost) for results, or a climb of them");
  report->add_option("RESULT", report_inputs, "Result files (ladder run --format json) or directories of them")
      ->required();
  report->add_option("-o,--output", report_output, "HTML file to write (never one of the inputs; all or nothing)")
      ->required();
  report->footer("Examples:\n  ladder report out.json -o report.html\n"
                 "  mkdir -p climb && for f in scenarios/0*.json; do ladder run $f --format json -o climb/$(basename $f); done\n"
                 "  ladder report climb -o climb.html");

  if (argc > 1 && argv[1][0] != '-') {
    static const std::vector<std::string> commands = {"run", "validate", "compare", "climb", "capacity", "schema", "sweep", "diagram", "report"};
    if (std::find(commands.begin(), commands.end(), argv[1]) == commands.end()) {
      std::fprintf(stderr, "ladder: error: unknown command '%s'; expected one of run, validate, compare, climb, capacity, schema, sweep, diagram, report\n"
                           "Run `ladder --help` for usage.\n", argv[1]);
      return kExitBadInput;
    }
  }
  // Help and version go through write_stdout, so a full disk is an error (exit 2).
  auto print_info = [&](const CLI::ParseError& e) {
    std::ostringstream out, err;
    int code = app.exit(e, out, err);
    try {
      write_stdout(out.str());
    } catch (const InputError& w) {
      print_issues(w);
      return kExitBadInput;
    }
    std::fputs(err.str().c_str(), stderr);
    return code;
  };
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return print_info(e);
  } catch (const CLI::CallForAllHelp& e) {
    return print_info(e);
  } catch (const CLI::CallForVersion& e) {
    return print_info(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "ladder: error: %s\nRun `ladder --help` for usage.\n", e.what());
    return kExitBadInput;
  }

  auto logger = spdlog::stderr_color_st("ladder");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(common.log_level));
  spdlog::set_pattern("ladder: %l: %v");

  bool progress = !common.quiet && isatty(STDERR_FILENO);
  try {
    if (*run) {
      OutputFormat f = parse_output_format(common.format);
      check_writable(common.output, common.output_given());
      const bool replay = run_from->count() > 0;
      if (replay) {
        std::vector<InputIssue> clash;
        for (auto [opt, what] : {std::pair{run_scenario, "a SCENARIO"}, {run_sets, "--set"}, {run_seed, "--seed"},
                                 {run_seeds, "--seeds"}})
          if (opt->count() > 0)
            clash.push_back({"--from", "", std::string("expected --from alone (it reruns the recorded scenario, seed, "
                                                       "seeds and overrides), found ") + what + " as well"});
        if (!clash.empty()) throw InputError(clash);
      } else if (run_scenario->count() == 0) {
        throw InputError({{"run", "", "expected a SCENARIO file (or --from RESULT.json), found none"}});
      }
      if (run_jobs_opt->count() > 0 && !replay && run_seeds->count() == 0)
        throw InputError({{"--jobs", "", "expected --jobs with --seeds K (a single run has nothing to run in parallel), "
                                         "found --jobs alone"}});
      RunInput input;
      std::vector<Scenario> replicas;  // one per seed
      if (replay) {
        Result recorded = read_result_file(from, {});
        if (recorded.input.empty())
          throw InputError({{from, "/input",
                             "expected the input section `ladder run` records (file, seed, overrides, scenario), found "
                             "none: this result was written before results recorded their input, or by another "
                             "tool; rerun it from its scenario file with `ladder run FILE`"}});
        input = recorded.input;
        if (input.seeds == 1 || input.seeds > 1000)
          throw InputError({{from, "/input/seeds", fmt::format("expected a number of seeds from 2 to 1000 (as "
                                                               "--seeds takes), found {}", input.seeds)}});
        check_not_input(common.output, {from}, "the result to rerun");
        try {
          replicas.push_back(load_scenario_text(input.scenario, input.file, {}, LoadOptions{force}));
        } catch (const InputError& e) {
          // The document is the result file's: point there, not at the original scenario file.
          std::vector<InputIssue> issues;
          for (const auto& i : e.issues())
            issues.push_back({from, "/input/scenario" + i.json_path, i.message});
          throw InputError(issues);
        }
      } else {
        std::vector<std::string> overrides = sets;
        if (run_seed->count() > 0)
          overrides.push_back("seed=" + std::to_string(seed));
        replicas.push_back(load_scenario(scenario, overrides, LoadOptions{force}));
        const Scenario& s = replicas.front();
        check_not_input(common.output, {s.sources.front()}, "the scenario");
        check_not_input(common.output, std::vector<std::string>(s.sources.begin() + 1, s.sources.end()),
                        "an extends base of the scenario");
        input = RunInput{scenario, s.sim.seed, seeds, sets, s.resolved.dump()};
      }
      const std::uint64_t first_seed = replicas.front().sim.seed;
      const std::uint64_t k = input.seeds;
      if (k >= 2) {
        if (first_seed > std::numeric_limits<std::uint64_t>::max() - (k - 1))
          throw InputError({{"--seeds", "", fmt::format("expected seeds that fit below 2^64 (s + K - 1), found seed {} "
                                                        "with --seeds {}", first_seed, k)}});
        const int at_once = static_cast<int>(std::min<std::uint64_t>(k, static_cast<std::uint64_t>(run_jobs)));
        const RunEstimate& e = replicas.front().estimate;
        const double total = e.wall_s * static_cast<double>(k) / at_once;
        if (!force && total > kMaxRunWallS)
          throw InputError({{"--seeds", "", fmt::format("expected {} runs estimated at most {} of wall time, found ~{}: "
                                                        "{} runs of ~{} each, {} at once ({}); lower --seeds, raise "
                                                        "--jobs, or pass --force",
                                                        k, format_wall_time(kMaxRunWallS), format_wall_time(total), k,
                                                        format_wall_time(e.wall_s), at_once, e.detail)}});
        for (std::uint64_t i = 1; i < k; ++i) {
          const std::string seed_set = "seed=" + std::to_string(first_seed + i);
          if (replay) {
            replicas.push_back(load_scenario_text(input.scenario, input.file, {seed_set}, LoadOptions{true}));
          } else {
            std::vector<std::string> overrides = sets;
            overrides.push_back(seed_set);
            replicas.push_back(load_scenario(scenario, overrides, LoadOptions{true}));
          }
        }
      }
      const Scenario& s = replicas.front();
      for (const std::string& w : s.warnings) spdlog::warn("{}: {}", s.file, w);
      spdlog::info("running {} (stage {}) for {} simulated seconds", s.name, s.stage, s.sim.duration_s);
      if (force && s.estimate.wall_s > kMaxRunWallS) {
        // Forced past the refusal: say so, and show progress even when stderr is not a terminal.
        std::fprintf(stderr, "ladder: --force: running a run estimated at ~%s of wall time (%s)\n",
                     format_wall_time(s.estimate.wall_s).c_str(), s.estimate.detail.c_str());
        progress = !common.quiet;
      }
      Result r;
      if (k >= 2)
        r = run_replications(replicas, run_jobs, RunOptions{progress && run_jobs == 1}, [&](std::size_t i) {
          if (!common.quiet && progress)
            std::fprintf(stderr, "ladder: running seed %s (%zu of %zu)\n",
                         std::to_string(replicas[i].sim.seed).c_str(), i + 1, replicas.size());
        });
      else
        r = run_simulation(s, RunOptions{progress});
      r.input = input;
      r.scenario.description = overridden_description(r.scenario.description, input.overrides);
      std::string text = render(r, f);
      if (f == OutputFormat::markdown)
        text = markdown_diagram(s) + "\n" + text;
      if (timeline && (f == OutputFormat::table || f == OutputFormat::markdown))
        text += "\n" + render_timeline(r, f);
      write_output(text, common.output);
      if (check && !r.slo.met) {
        for (const auto& v : r.slo.violations)
          std::fprintf(stderr, "ladder: SLO not met: %s\n", v.c_str());
        return kExitCheckFailed;
      }
      return kExitOk;
    }
    if (*validate) {
      if (print && to_validate.size() != 1)
        throw InputError({{"--print", "", "expected one SCENARIO to print, found " + std::to_string(to_validate.size())}});
      int bad = 0;
      for (const auto& file : to_validate) {
        std::optional<Scenario> s;
        try {
          s = load_scenario(file, sets, LoadOptions{force});
        } catch (const InputError& e) {
          print_issues(e);
          ++bad;
        }
        if (s)
          for (const std::string& w : s->warnings) spdlog::warn("{}: {}", file, w);
        // A write error ends validate (exit 2); a broken pipe only stops the "ok" lines.
        if (s && print)
          write_stdout(scenario_document(*s));
        else if (s)
          write_stdout(file + ": ok (" + s->name + ", stage " + std::to_string(s->stage) +
                       (s->estimate.wall_s > kMaxRunWallS
                            ? "; estimated ~" + format_wall_time(s->estimate.wall_s) + " of wall time, forced"
                            : std::string()) +
                       ")\n");
      }
      return bad ? kExitBadInput : kExitOk;
    }
    if (*cmp) {
      OutputFormat f = parse_output_format(common.format);
      check_writable(common.output, common.output_given());
      std::vector<Limit> parsed;
      std::vector<InputIssue> issues;
      for (const auto& l : limits) {
        try {
          parsed.push_back(parse_limit(l));
        } catch (const InputError& e) {
          issues.insert(issues.end(), e.issues().begin(), e.issues().end());
        }
      }
      if (!issues.empty())
        throw InputError(issues);
      check_not_input(common.output, {base_file, new_file}, "an input of compare");
      Result base = read_result(base_file);
      Result next = read_result(new_file);
      Comparison c = compare(base, next, parsed);
      write_output(render_comparison(c, f), common.output);
      return c.regressed() ? kExitCheckFailed : kExitOk;
    }
    if (*climb) {
      OutputFormat f = parse_output_format(common.format);
      check_writable(common.output, common.output_given());
      std::vector<std::string> overrides;
      if (climb_seed->count() > 0)
        overrides.push_back("seed=" + std::to_string(seed));
      // Validate every stage before running any, so a typo in stage 9 fails in a second. Every
      // rung from the second on is also run before it is built: the previous rung's file at this
      // rung's workload (what forces this rung). The runs list holds the stages, then those.
      const std::vector<std::string> files = stage_files(dir);
      std::vector<Scenario> runs;
      std::vector<InputIssue> issues;
      for (const auto& file : files) {
        try {
          runs.push_back(load_scenario(file, overrides, LoadOptions{force}));
        } catch (const InputError& e) {
          issues.insert(issues.end(), e.issues().begin(), e.issues().end());
        }
      }
      for (std::size_t i = 1; i < files.size() && issues.empty(); ++i) {
        try {
          runs.push_back(load_scenario_at_load_of(files[i - 1], files[i], overrides, LoadOptions{force}));
        } catch (const InputError& e) {
          issues.insert(issues.end(), e.issues().begin(), e.issues().end());
        }
      }
      if (!issues.empty())
        throw InputError(issues);
      for (const auto& st : runs)
        check_not_input(common.output, st.sources, "a stage file or one of its extends bases");
      // Several children redrawing one progress line would garble it: only a serial climb has one.
      std::vector<Result> results = run_in_children(
          runs, jobs, RunOptions{progress && jobs == 1}, [&](std::size_t i) {
            if (common.quiet) return;
            if (i < files.size())
              std::fprintf(stderr, "ladder: climbing stage %d: %s\n", runs[i].stage, runs[i].file.c_str());
            else
              std::fprintf(stderr, "ladder: stage %d at stage %d's load: %s\n", runs[i].stage,
                           runs[i - files.size() + 1].stage, runs[i].file.c_str());
          });
      std::vector<ClimbRung> rungs;
      for (std::size_t i = 0; i < files.size(); ++i)
        rungs.push_back({results[i], i == 0 ? std::nullopt : std::optional<Result>(results[files.size() + i - 1])});
      write_output(render_climb(rungs, f), common.output);
      return kExitOk;
    }
    if (*capacity) {
      OutputFormat f = parse_output_format(common.format);
      check_writable(common.output, common.output_given());
      if (cap_knob->count() > 0 && knob.empty())
        throw InputError({{"--knob", "", "expected a numeric scenario field (e.g. workload.users), found ''"}});
      std::vector<std::string> overrides = cap_sets;
      if (cap_seed->count() > 0)
        overrides.push_back("seed=" + std::to_string(seed));
      const Scenario s = load_scenario(cap_scenario, overrides, LoadOptions{force});
      check_not_input(common.output, s.sources, "the scenario or one of its extends bases");
      if (s.sim.seed > std::numeric_limits<std::uint64_t>::max() - (cap_seeds - 1))
        throw InputError({{"--seeds", "", fmt::format("expected seeds that fit below 2^64 (s + K - 1), found seed {} "
                                                      "with --seeds {}", s.sim.seed, cap_seeds)}});
      CapacityOptions o;
      o.knob = knob;
      o.seeds = cap_seeds;
      o.jobs = cap_jobs;
      o.force = force;
      o.on_point = [&](const std::string& searched, const CapacityPoint& p) {
        if (!common.quiet)
          std::fprintf(stderr, "ladder: capacity: %s=%s: p99 %.1f ± %.1f ms, error rate %.2f%%: %s\n",
                       searched.c_str(), fmt::format("{}", p.value).c_str(),
                       p.p99_ms, p.p99_ci95, p.error_rate * 100, p.pass ? "SLO met" : "SLO NOT met");
      };
      CapacityResult c = find_capacity(cap_scenario, overrides, o);
      write_output(render_capacity(c, f), common.output);
      return c.outcome == "none" ? kExitCheckFailed : kExitOk;
    }
    if (sweep.parsed())
      return sweep.run();
    if (*diagram) {
      std::string text = render_mermaid(diagram_of_file(diagram_scenario));
      write_stdout(text);
      return kExitOk;
    }
    if (*report) {
      check_writable(report_output, true);
      std::vector<ReportInput> inputs = load_report_inputs(report_inputs);
      check_report_output(report_output, inputs);
      write_output(render_html_report(inputs), report_output);
      return kExitOk;
    }
    if (*schema) {
      write_stdout(markdown ? scenario_fields_markdown() : scenario_json_schema());
      return kExitOk;
    }
  } catch (const InputError& e) {
    print_issues(e);
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ladder: internal error: %s\nladder: this is a bug in ladder (exit 3); please report it with the command line, the scenario files and this message.\n", e.what());
    return 3;
  }
  return kExitOk;
}
