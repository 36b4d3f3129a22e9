// `ladder sweep` end to end on the real binary: the collected table against the individual
// result files (mean and Student-t interval recomputed here), --resume, content-addressed
// reruns, bad plans (exit 2, file + JSON path), missing and bad runs (exit 1), an interrupted
// sweep, and the emitted Slurm script (its tasks run here by bash, without Slurm: the same
// table as the local pool, byte for byte). Each test runs in its own temporary directory.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/CliRun.hpp"

namespace fs = std::filesystem;

namespace {

using ladder::test::Outcome;
using ladder::test::read_file;
using ladder::test::run_captured;

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, sep)) out.push_back(item);
  if (!s.empty() && s.back() == sep) out.push_back("");
  return out;
}

// t(0.975, 1): two seeds per point (scipy.stats.t.ppf, R qt).
constexpr double kT975Df1 = 12.706204736174698;
// The table prints the shortest text that reads back as the same double; recomputing the mean
// here in the same order gives the same bits, the interval up to the last few ulps of t.
constexpr double kRelTol = 1e-12;

class SweepCli : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = "/tmp/ladder-sweep-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    // The base extends the real stage 3, so the tests can change it without touching scenarios/.
    write_base("");
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  Outcome ladder(const std::string& args) {
    return run_captured("cd '" + dir_.string() + "' && '" + LADDER_BIN + "' " + args, dir_);
  }

  void write(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }
  void write_base(const std::string& extra) const {
    write("base.json", "// the tests' base\n{ \"extends\": \"" + std::string(LADDER_SOURCE_DIR) +
                           "/scenarios/03-load-balancer.json\"" + extra + " }\n");
  }
  /// The small plan: services.app.count x 2 seeds, short runs.
  void write_plan(const std::string& values = "[2, 4]", double duration_s = 6, const std::string& name = "plan.json") const {
    write(name, "{ \"name\": \"small\", \"base\": \"base.json\",\n"
                "  \"set\": { \"sim.duration_s\": " + std::to_string(duration_s) + ", \"sim.warmup_s\": 1 },\n"
                "  \"axes\": [ { \"path\": \"services.app.count\", \"name\": \"app servers\", \"values\": " + values + " } ],\n"
                "  \"seeds\": 2,\n"
                "  \"metrics\": [\"requests.throughput_rps\", \"latency_ms.p99\", \"components.app-0.utilization\", \"slo.met\"] }\n");
  }

  nlohmann::json manifest(const std::string& out) const {
    return nlohmann::json::parse(read_file(dir_ / out / "manifest.json"));
  }
  std::map<std::string, fs::file_time_type> result_times(const std::string& out) const {
    std::map<std::string, fs::file_time_type> t;
    for (const auto& e : fs::directory_iterator(dir_ / out / "runs")) t[e.path().filename().string()] = e.last_write_time();
    return t;
  }
  /// "N ran, M already done, K failed" from the summary line.
  static std::string counts(const std::string& err) {
    std::smatch m;
    static const std::regex re(R"((\d+) ran, (\d+) already done, (\d+) failed)");
    return std::regex_search(err, m, re) ? m[0].str() : "no summary in: " + err;
  }

  fs::path dir_;
};

}  // namespace

TEST_F(SweepCli, TableMatchesTheResultFiles) {
  write_plan();
  Outcome o = ladder("sweep plan.json -o out --jobs 2 -q --format csv");
  ASSERT_EQ(o.code, 0) << o.err;
  const nlohmann::json m = manifest("out");
  ASSERT_EQ(m["runs"].size(), 4u);
  std::vector<std::string> lines = split(o.out, '\n');
  ASSERT_EQ(lines.size(), 4u) << o.out;  // header, 2 points, final empty
  EXPECT_EQ(lines[0], "point,app servers,runs,ok,requests.throughput_rps.mean,requests.throughput_rps.ci95,"
                      "latency_ms.p99.mean,latency_ms.p99.ci95,components.app-0.utilization.mean,"
                      "components.app-0.utilization.ci95,slo.met.mean,slo.met.ci95");
  // Recompute each point's mean and interval from the runs' own result files.
  auto metric = [](const nlohmann::json& r, int k) -> double {
    switch (k) {
      case 0: return r["requests"]["throughput_rps"].get<double>();
      case 1: return r["latency_ms"]["p99"].get<double>();
      case 2:
        for (const auto& c : r["components"])
          if (c["name"] == "app-0") return c["utilization"].get<double>();
        return NAN;
      default: return r["slo"]["met"].get<bool>() ? 1.0 : 0.0;
    }
  };
  for (int p = 0; p < 2; ++p) {
    std::vector<std::string> cells = split(lines[static_cast<std::size_t>(p + 1)], ',');
    ASSERT_EQ(cells.size(), 12u) << lines[static_cast<std::size_t>(p + 1)];
    EXPECT_EQ(cells[0], std::to_string(p));
    EXPECT_EQ(cells[1], p == 0 ? "2" : "4");
    EXPECT_EQ(cells[2], "2");
    EXPECT_EQ(cells[3], "2");
    std::vector<nlohmann::json> results;
    for (const auto& r : m["runs"])
      if (r["point"] == p) {
        results.push_back(nlohmann::json::parse(read_file(dir_ / "out/runs" / (r["id"].get<std::string>() + ".json"))));
        EXPECT_EQ(results.back()["scenario"]["seed"], r["seed"]);
        EXPECT_EQ(results.back()["tiers"].is_null(), true);
      }
    ASSERT_EQ(results.size(), 2u);
    for (int k = 0; k < 4; ++k) {
      const double a = metric(results[0], k), b = metric(results[1], k);
      const double mean = (a + b) / 2;
      const double s = std::sqrt(((a - mean) * (a - mean) + (b - mean) * (b - mean)) / 1.0);
      const double hw = kT975Df1 * s / std::sqrt(2.0);
      const double got_mean = std::stod(cells[static_cast<std::size_t>(4 + 2 * k)]);
      const double got_hw = std::stod(cells[static_cast<std::size_t>(5 + 2 * k)]);
      EXPECT_NEAR(got_mean, mean, kRelTol * std::fabs(mean)) << "point " << p << " metric " << k;
      EXPECT_NEAR(got_hw, hw, kRelTol * std::fabs(hw) + 1e-300) << "point " << p << " metric " << k;
    }
    // The seeds differ, so the interval is not zero for throughput.
    EXPECT_GT(std::stod(cells[5]), 0) << lines[static_cast<std::size_t>(p + 1)];
  }
  // collect gives the same bytes, and the JSON the same numbers.
  Outcome c = ladder("sweep collect out --format csv");
  EXPECT_EQ(c.code, 0) << c.err;
  EXPECT_EQ(c.out, o.out);
  Outcome j = ladder("sweep collect out --format json");
  ASSERT_EQ(j.code, 0) << j.err;
  auto table = nlohmann::json::parse(j.out);
  EXPECT_EQ(table["schema"], "ladder-sweep-table/1");
  EXPECT_EQ(table["points"][1]["values"]["app servers"], 4);
  EXPECT_DOUBLE_EQ(table["points"][1]["metrics"]["latency_ms.p99"]["mean"].get<double>(), std::stod(split(lines[2], ',')[6]));
  EXPECT_TRUE(table["problems"].empty());
  Outcome md = ladder("sweep collect out --format markdown");
  EXPECT_NE(md.out.find("| point | app servers | ok/runs |"), std::string::npos) << md.out;
}

TEST_F(SweepCli, ResumeSkipsFinishedRuns) {
  write_plan();
  Outcome first = ladder("sweep plan.json -o out --jobs 2");
  ASSERT_EQ(first.code, 0) << first.err;
  EXPECT_EQ(counts(first.err), "4 ran, 0 already done, 0 failed");
  const auto before = result_times("out");
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  Outcome again = ladder("sweep plan.json -o out --jobs 2 --resume");
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_EQ(counts(again.err), "0 ran, 4 already done, 0 failed");
  EXPECT_EQ(result_times("out"), before) << "--resume rewrote a finished result";
  EXPECT_EQ(again.out, first.out);
  // Without --resume everything runs again.
  EXPECT_EQ(counts(ladder("sweep plan.json -o out --jobs 2").err), "4 ran, 0 already done, 0 failed");
}

TEST_F(SweepCli, ChangedPointOrBaseReruns) {
  write_plan("[2, 4]");
  ASSERT_EQ(ladder("sweep plan.json -o out -q").code, 0);
  write_plan("[2, 5]");  // point 1 changed
  Outcome o = ladder("sweep plan.json -o out --resume");
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(counts(o.err), "2 ran, 2 already done, 0 failed");
  // A comment in the base changes its bytes, not its content: nothing reruns.
  write("base.json", "// another comment\n" + read_file(dir_ / "base.json"));
  EXPECT_EQ(counts(ladder("sweep plan.json -o out --resume").err), "0 ran, 4 already done, 0 failed");
  // A changed base scenario changes every point.
  write_base(", \"workload\": { \"think_time_s\": 1.5 }");
  EXPECT_EQ(counts(ladder("sweep plan.json -o out --resume").err), "4 ran, 0 already done, 0 failed");
}

TEST_F(SweepCli, BadPlansExit2WithFileAndPath) {
  write("bad.json", R"({ "base": "base.json", "seeds": 2, "metrics": ["latency_ms.p99", "cache.hit_rate"],
    "axes": [ { "path": "services.app.cont", "values": [2] }, { "path": "services.app.workers", "values": [0, 8] } ],
    "sedes": 3 })");
  Outcome o = ladder("sweep bad.json -o out");
  EXPECT_EQ(o.code, 2);
  for (const char* want : {"ladder: error: bad.json: /sedes: unknown key 'sedes' in a sweep plan, did you mean 'seeds'?",
                           "ladder: error: bad.json: /axes/0/path: expected a scenario field path (as for --set), found "
                           "unknown field 'services.app.cont', did you mean 'services.app.count'?",
                           "ladder: error: bad.json: /metrics/1: expected a number in ladder-result/1",
                           "did you mean 'cache.hit_ratio'?"})
    EXPECT_NE(o.err.find(want), std::string::npos) << "missing: " << want << "\n" << o.err;
  EXPECT_TRUE(o.out.empty());
  EXPECT_FALSE(fs::exists(dir_ / "out")) << "a bad plan must leave nothing behind";
  // A value the scenario refuses is named at its place in the plan.
  write("bad2.json", R"({ "base": "base.json", "seeds": 1, "metrics": ["latency_ms.p99"],
    "axes": [ { "path": "services.app.workers", "values": [8, 0] } ] })");
  Outcome v = ladder("sweep bad2.json -o out");
  EXPECT_EQ(v.code, 2);
  EXPECT_NE(v.err.find("bad2.json: /axes/0/values/1: services.app.workers: expected an integer >= 1, found 0"),
            std::string::npos) << v.err;
  write("bad3.json", "{ \"base\": \"base.json\", // unfinished\n");
  Outcome s = ladder("sweep bad3.json");
  EXPECT_EQ(s.code, 2);
  EXPECT_NE(s.err.find("bad3.json: expected valid JSON (comments allowed), found a syntax error at line 2"), std::string::npos)
      << s.err;
  EXPECT_EQ(ladder("sweep missing.json").code, 2);
  EXPECT_EQ(ladder("sweep collect nowhere").code, 2);
  write_plan();
  Outcome e = ladder("sweep plan.json --emit pbs out");
  EXPECT_EQ(e.code, 2);
  EXPECT_NE(e.err.find("--emit: expected 'slurm DIR', found 'pbs'"), std::string::npos) << e.err;
}

TEST_F(SweepCli, CollectListsMissingAndBadRunsAndExits1) {
  write_plan();
  ASSERT_EQ(ladder("sweep plan.json -o out -q").code, 0);
  const nlohmann::json m = manifest("out");
  const std::string gone = m["runs"][1]["id"], bad = m["runs"][2]["id"];
  fs::remove(dir_ / "out/runs" / (gone + ".json"));
  write("out/runs/" + bad + ".json", "{\"schema\": \"ladder-result/1\"}");
  Outcome o = ladder("sweep collect out --format csv");
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find("point 0 seed 2 (" + gone + "): missing"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("point 1 seed 1 (" + bad + "): bad result: no 'requests.throughput_rps' in this result"),
            std::string::npos) << o.err;
  EXPECT_NE(o.err.find("2 of 4 runs have no usable result"), std::string::npos) << o.err;
  // The points still show what they have: one seed each, a mean and no interval.
  std::vector<std::string> row = split(split(o.out, '\n')[1], ',');
  EXPECT_EQ(row[3], "1");
  EXPECT_FALSE(row[4].empty());
  EXPECT_TRUE(row[5].empty());
  Outcome j = ladder("sweep collect out --format json");
  EXPECT_EQ(j.code, 1);
  EXPECT_EQ(nlohmann::json::parse(j.out)["problems"].size(), 2u);
  // --resume fills in exactly the missing run (the bad file is a result file: it stays).
  Outcome r = ladder("sweep plan.json -o out --resume");
  EXPECT_EQ(counts(r.err), "1 ran, 3 already done, 0 failed");
  EXPECT_EQ(r.code, 1);  // the bad result is still listed
}

TEST_F(SweepCli, InterruptedSweepLeavesNoHalfWrittenResult) {
  write_plan("[1, 2, 3, 4]", 40);
  const std::string plan = (dir_ / "plan.json").string(), out = (dir_ / "out").string();
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, 1);
    dup2(devnull, 2);
    execl(LADDER_BIN, LADDER_BIN, "sweep", plan.c_str(), "-o", out.c_str(), "--jobs", "1", static_cast<char*>(nullptr));
    _exit(127);
  }
  auto have_result = [&] {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir_ / "out/runs", ec))
      if (e.path().extension() == ".json") return true;
    return false;
  };
  const auto t0 = std::chrono::steady_clock::now();
  while (!have_result() && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(60))
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_TRUE(have_result());
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM) << status;
  std::size_t results = 0;
  for (const auto& e : fs::directory_iterator(dir_ / "out/runs")) {
    const std::string name = e.path().filename().string();
    EXPECT_EQ(name.find(".tmp-"), std::string::npos) << name;
    EXPECT_FALSE(name.ends_with(".stderr")) << name;
    if (e.path().extension() == ".json") {
      ++results;
      auto r = nlohmann::json::parse(read_file(e.path()));  // complete, or not there at all
      EXPECT_EQ(r["schema"], "ladder-result/1");
    }
  }
  EXPECT_LT(results, 8u) << "the sweep finished before it was interrupted: make the runs longer";
  Outcome resumed = ladder("sweep plan.json -o out --resume -q --format csv");
  EXPECT_EQ(resumed.code, 0) << resumed.err;
  Outcome c = ladder("sweep collect out");
  EXPECT_EQ(c.code, 0) << c.err;
}

TEST_F(SweepCli, EmittedSlurmArrayGivesTheLocalTable) {
  write_plan("[2, 3, 4]");
  Outcome e = ladder("sweep plan.json --emit slurm array --runs-per-task 4 --throttle 1 --sbatch=--partition=ci "
                     "--module ladder/0.1");
  ASSERT_EQ(e.code, 0) << e.err;
  const std::string script = read_file(dir_ / "array/sweep.sbatch");
  for (const char* want : {"#SBATCH --array=0-1%1\n", "#SBATCH --cpus-per-task=1\n", "/array/logs/%A_%a.log\n",
                           "#SBATCH --partition=ci\n", "module load ladder/0.1\n", "LADDER=\"${LADDER:-",
                           "sweep exec '", "--runs-per-task 4"})
    EXPECT_NE(script.find(want), std::string::npos) << want << "\n" << script;
  EXPECT_TRUE(fs::is_empty(dir_ / "array/runs")) << "--emit must run nothing";
  EXPECT_EQ(manifest("array")["runs"].size(), 6u);
  // Run the array's tasks the way Slurm would: the script with SLURM_ARRAY_TASK_ID set (and a
  // `module` command that does nothing, as environment modules are not installed here).
  fs::create_directories(dir_ / "bin");
  write("bin/module", "#!/bin/sh\nexit 0\n");
  fs::permissions(dir_ / "bin/module", fs::perms::owner_all);
  for (int task = 0; task < 2; ++task) {
    std::string cmd = "cd / && PATH='" + (dir_ / "bin").string() + "':$PATH SLURM_ARRAY_TASK_ID=" + std::to_string(task) + " LADDER='" + LADDER_BIN + "' bash '" +
                      (dir_ / "array/sweep.sbatch").string() + "' >/dev/null 2>&1";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << "task " << task;
  }
  Outcome slurm = ladder("sweep collect array --format csv");
  ASSERT_EQ(slurm.code, 0) << slurm.err;
  Outcome local = ladder("sweep plan.json -o local -q --format csv");
  ASSERT_EQ(local.code, 0) << local.err;
  EXPECT_EQ(slurm.out, local.out);
  EXPECT_EQ(ladder("sweep collect array --format json").out, ladder("sweep collect local --format json").out);
  // The ids are the same: the results are the same bytes apart from sim.wall_s.
  for (const auto& r : manifest("array")["runs"]) {
    auto a = nlohmann::json::parse(read_file(dir_ / "array/runs" / (r["id"].get<std::string>() + ".json")));
    auto b = nlohmann::json::parse(read_file(dir_ / "local/runs" / (r["id"].get<std::string>() + ".json")));
    a["sim"].erase("wall_s");
    b["sim"].erase("wall_s");
    EXPECT_EQ(a, b);
  }
  // A task out of range is bad input.
  EXPECT_EQ(ladder("sweep exec array --chunk 2 --runs-per-task 4").code, 2);
}

TEST_F(SweepCli, ExecRefusesAScenarioChangedSinceTheEmit) {
  write_plan();
  ASSERT_EQ(ladder("sweep plan.json --emit slurm array --runs-per-task 4").code, 0);
  write_base(", \"description\": \"edited after the emit\"");
  Outcome o = ladder("sweep exec array --chunk 0 --runs-per-task 4");
  EXPECT_EQ(o.code, 1);
  Outcome c = ladder("sweep collect array");
  EXPECT_EQ(c.code, 1);
  EXPECT_NE(c.err.find("failed: the scenario changed since the manifest was written"), std::string::npos) << c.err;
}

TEST_F(SweepCli, Help) {
  Outcome o = ladder("sweep --help");
  EXPECT_EQ(o.code, 0);
  for (const char* want : {"--jobs", "--resume", "--emit", "collect", "exec", "--runs-per-task", "--throttle"})
    EXPECT_NE(o.out.find(want), std::string::npos) << want;
  EXPECT_EQ(ladder("sweep collect --help").code, 0);
  EXPECT_NE(ladder("--help").out.find("sweep"), std::string::npos);
}
