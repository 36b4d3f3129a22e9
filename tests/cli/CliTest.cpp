// The command-line contract (DESIGN.md, "Interface contract"), tested on the real binary:
// exit codes 0 (success), 1 (a check failed), 2 (bad input, with a message naming the file and
// the JSON path, and nothing half-written). Each test runs in its own temporary directory.
#include <sys/wait.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/CliRun.hpp"

namespace fs = std::filesystem;

namespace {

using ladder::test::Outcome;
using ladder::test::read_file;
using ladder::test::run_captured;

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = "/tmp/ladder-cli-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  /// Runs `ladder ARGS` from the repository root; stdout and stderr are captured in files.
  Outcome ladder(const std::string& args) {
    return run_captured(std::string("cd '") + LADDER_SOURCE_DIR + "' && '" + LADDER_BIN + "' " + args, dir_);
  }

  /// Runs a bash script from the repository root with $L the ladder binary; the script may
  /// redirect ladder's streams itself (> /dev/full, >&-, | true), else they are captured.
  Outcome script(const std::string& body) {
    const fs::path sh = dir_ / "t.sh";
    std::ofstream(sh) << "cd '" << LADDER_SOURCE_DIR << "' || exit 99\nL='" << LADDER_BIN << "'\n" << body << "\n";
    Outcome o = run_captured("bash '" + sh.string() + "'", dir_);
    fs::remove(sh);
    return o;
  }

  fs::path path(const std::string& name) const { return dir_ / name; }
  std::string q(const std::string& name) const { return "'" + path(name).string() + "'"; }

  void write(const std::string& name, const std::string& text) const {
    std::ofstream(path(name), std::ios::binary) << text;
  }

  /// Files in the temp dir (to prove nothing was left behind).
  std::vector<std::string> files() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_))
      names.push_back(e.path().filename().string());
    return names;
  }

  /// A short run of stage 0 written as JSON to `name`.
  void run_to(const std::string& name) {
    Outcome o = ladder(std::string(kShortRun) + " --format json -q -o " + q(name));
    ASSERT_EQ(o.code, 0) << o.err;
  }

  /// base.json, a real result, and `name`: the same with its p99 replaced by 1e400.
  void write_result_with_huge_p99(const std::string& name) {
    run_to("base.json");
    std::string text = read_file(path("base.json"));
    auto at = text.find("\"p99\": ");
    ASSERT_NE(at, std::string::npos) << text;
    auto end = text.find_first_of(",\n}", at + 7);
    write(name, text.substr(0, at + 7) + "1e400" + text.substr(end));
  }

  static constexpr const char* kShortRun =
      "run scenarios/00-single-box.json --set sim.duration_s=5 --set sim.warmup_s=1";
  fs::path dir_;
};

std::string describe(const Outcome& o) { return "exit " + std::to_string(o.code) + "\nstdout:\n" + o.out + "\nstderr:\n" + o.err; }

// ---- run -----------------------------------------------------------------------------------

TEST_F(Cli, RunValidScenarioExits0) {
  Outcome o = ladder(std::string(kShortRun) + " --format json -q");
  ASSERT_EQ(o.code, 0) << describe(o);
  auto j = nlohmann::json::parse(o.out);
  EXPECT_EQ(j["schema"], "ladder-result/1");
  EXPECT_EQ(j["scenario"]["stage"], 0);
  EXPECT_GT(j["requests"]["completed"].get<long>(), 0);
  EXPECT_EQ(j["sim"]["duration_s"], 5.0);
}

// A service renamed by a patch that states no endpoints runs the light defaults, not the
// programs of the service it replaced: allowed, so validate and run say it on stderr (exit 0).
TEST_F(Cli, RenamedServiceWithoutEndpointsIsWarnedAbout) {
  write("renamed.json", "{ \"extends\": \"" + std::string(LADDER_SOURCE_DIR) +
                            "/scenarios/00-single-box.json\", \"services\": { \"app\": null, \"web\": {} },"
                            " \"stores\": { \"db\": { \"colocated_with\": \"web\" } }, \"entry\": \"web\" }\n");
  Outcome o = ladder("validate " + q("renamed.json"));
  EXPECT_EQ(o.code, 0) << describe(o);
  EXPECT_NE(o.err.find("ladder: warning: " + path("renamed.json").string() +
                       ": services.web states no endpoints, so it runs the default programs"),
            std::string::npos)
      << o.err;
  EXPECT_NE(o.err.find("not the programs of the service \"app\" the patch deleted"), std::string::npos) << o.err;
  // With the endpoints copied over, nothing to say.
  Outcome plain = ladder("validate scenarios/00-single-box.json");
  EXPECT_EQ(plain.err.find("warning"), std::string::npos) << plain.err;
}

TEST_F(Cli, RunWritesOutputFile) {
  run_to("out.json");
  auto j = nlohmann::json::parse(read_file(path("out.json")));
  EXPECT_EQ(j["schema"], "ladder-result/1");
  EXPECT_EQ(files(), std::vector<std::string>{"out.json"});  // no temporary left next to it
}

TEST_F(Cli, BadScenarioExits2NamingFileAndPathAndWritesNothing) {
  write("bad.json", "// services.app.count must be >= 1\n{ \"extends\": \"" + std::string(LADDER_SOURCE_DIR) +
                        "/scenarios/00-single-box.json\", \"services\": { \"app\": { \"count\": 0 } } }\n");
  Outcome o = ladder("run " + q("bad.json") + " -q -o " + q("out.json"));
  EXPECT_EQ(o.code, 2) << describe(o);
  EXPECT_NE(o.err.find(path("bad.json").string()), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("/services/app/count"), std::string::npos) << o.err;
  EXPECT_EQ(files(), std::vector<std::string>{"bad.json"});
}

TEST_F(Cli, MalformedJsonExits2NamingFile) {
  write("broken.json", "{ \"services\": { \"app\": { \"count\": 2, } } ");
  Outcome o = ladder("run " + q("broken.json") + " -q -o " + q("out.json"));
  EXPECT_EQ(o.code, 2) << describe(o);
  EXPECT_NE(o.err.find(path("broken.json").string()), std::string::npos) << o.err;
  EXPECT_FALSE(fs::exists(path("out.json")));
}

TEST_F(Cli, BadSetValueExits2NamingPathAndWritesNothing) {
  Outcome o = ladder(std::string(kShortRun) + " --set services.app.count=0 -q -o " + q("out.json"));
  EXPECT_EQ(o.code, 2) << describe(o);
  // The bad value came from the flag, so the message names it as the source: "--set: /services/app/count: …".
  EXPECT_NE(o.err.find("--set: /services/app/count"), std::string::npos) << o.err;
  EXPECT_TRUE(files().empty());
}

TEST_F(Cli, UnknownSetPathExits2) {
  Outcome o = ladder(std::string(kShortRun) + " --set services.app.cuont=2 -q -o " + q("out.json"));
  EXPECT_EQ(o.code, 2) << describe(o);
  EXPECT_NE(o.err.find("/services/app/cuont"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("did you mean 'services.app.count'?"), std::string::npos) << o.err;
  EXPECT_TRUE(files().empty());
}

TEST_F(Cli, OldShapeSetPathExits2PointingToTheNewOne) {
  Outcome o = ladder(std::string(kShortRun) + " --set tiers.app.count=6 -q -o " + q("out.json"));
  EXPECT_EQ(o.code, 2) << describe(o);
  EXPECT_NE(o.err.find("--set: /tiers/app/count: unknown field 'tiers.app.count'; the scenario shape changed: "
                       "did you mean 'services.app.count'?"),
            std::string::npos)
      << o.err;
  EXPECT_TRUE(files().empty());
}

TEST_F(Cli, OldShapeFileExits2WithTheNewShape) {
  write("old.json", "{ \"tiers\": { \"app\": { \"count\": 2 }, \"lb\": { \"enabled\": true } } }");
  Outcome o = ladder("validate " + q("old.json"));
  EXPECT_EQ(o.code, 2) << describe(o);
  EXPECT_NE(o.err.find(path("old.json").string() + ": /tiers: unknown field 'tiers'; `tiers` was replaced by the maps "
                       "of named entities `services`, `stores`, `caches` and `lbs`"),
            std::string::npos)
      << o.err;
  EXPECT_NE(o.err.find("see docs/scenario-fields.md"), std::string::npos) << o.err;
}

TEST_F(Cli, MalformedSetExits2) {
  Outcome o = ladder(std::string(kShortRun) + " --set services.app.count -q -o " + q("out.json"));
  EXPECT_EQ(o.code, 2) << describe(o);
  EXPECT_NE(o.err.find("services.app.count"), std::string::npos) << o.err;
  EXPECT_TRUE(files().empty());
}

TEST_F(Cli, UnknownFormatExits2) {
  Outcome o = ladder(std::string(kShortRun) + " --format yaml -q -o " + q("out.json"));
  EXPECT_EQ(o.code, 2) << describe(o);
  EXPECT_NE(o.err.find("yaml"), std::string::npos) << o.err;
  EXPECT_TRUE(files().empty());
}

TEST_F(Cli, MissingFileExits2NamingIt) {
  Outcome o = ladder("run " + q("nope.json") + " -q -o " + q("out.json"));
  EXPECT_EQ(o.code, 2) << describe(o);
  EXPECT_NE(o.err.find(path("nope.json").string()), std::string::npos) << o.err;
  EXPECT_TRUE(files().empty());
}

TEST_F(Cli, NegativeSeedExits2) {
  Outcome o = ladder(std::string(kShortRun) + " --seed -3 -q -o " + q("out.json"));
  EXPECT_EQ(o.code, 2) << describe(o);
  EXPECT_NE(o.err.find("seed"), std::string::npos) << o.err;
  EXPECT_TRUE(files().empty());
}

TEST_F(Cli, CheckExits1WhenSloViolated) {
  Outcome o = ladder(std::string(kShortRun) + " --set slo.p99_ms=1 --check -q --format json");
  EXPECT_EQ(o.code, 1) << describe(o);
  EXPECT_NE(o.err.find("SLO"), std::string::npos) << o.err;
  // The result is still reported.
  auto j = nlohmann::json::parse(o.out);
  EXPECT_FALSE(j["slo"]["met"].get<bool>());
}

// ---- run: stage 3 in depth (faults, events) -------------------------------------------------

TEST_F(Cli, BadFaultTargetExits2NamingFileAndPathWithNothingOnStdout) {
  // Entry 0 is good; entry 1 names a server the run does not have, entry 2 a zone that does not exist.
  write("bad-fault.json", "{ \"extends\": \"" + std::string(LADDER_SOURCE_DIR) +
                              "/scenarios/03-load-balancer.json\",\n"
                              "  \"faults\": [ { \"at_s\": 30, \"action\": \"crash\", \"target\": \"app-1\" },\n"
                              "              { \"at_s\": 40, \"action\": \"crash\", \"target\": \"app-9\" },\n"
                              "              { \"at_s\": 50, \"action\": \"cut\", \"target\": \"zone-q\" } ] }\n");
  Outcome o = ladder("run " + q("bad-fault.json") + " -q");
  EXPECT_EQ(o.code, 2) << describe(o);
  EXPECT_TRUE(o.out.empty()) << describe(o);
  const std::string file = path("bad-fault.json").string();
  EXPECT_NE(o.err.find(file + ": /faults/1/target"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("\"app-9\""), std::string::npos) << o.err;
  EXPECT_NE(o.err.find(file + ": /faults/2/target"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("did you mean 'zone-a'?"), std::string::npos) << o.err;
  EXPECT_EQ(o.err.find("/faults/0/"), std::string::npos) << "the good entry is not reported\n" << o.err;
  // Written with -o, nothing is left behind either.
  Outcome written = ladder("run " + q("bad-fault.json") + " -q -o " + q("out.json"));
  EXPECT_EQ(written.code, 2) << describe(written);
  EXPECT_EQ(files(), std::vector<std::string>{"bad-fault.json"});
}

TEST_F(Cli, BadFaultFromSetExits2NamingSet) {
  Outcome o = ladder(R"(run scenarios/stage3/sticky-crash.json -q --set 'faults=[{"at_s": 30, "action": "crash", "target": "app-7"}]')");
  EXPECT_EQ(o.code, 2) << describe(o);
  EXPECT_TRUE(o.out.empty()) << describe(o);
  EXPECT_NE(o.err.find("--set: /faults/0/target"), std::string::npos) << o.err;
}

TEST_F(Cli, TimelineShowsMostErrorsAndEvents) {
  Outcome o = ladder("run scenarios/stage3/sticky-crash.json --timeline -q");
  ASSERT_EQ(o.code, 0) << describe(o);
  const auto timeline = o.out.find("\nTimeline\n");
  ASSERT_NE(timeline, std::string::npos) << o.out;
  const std::string t = o.out.substr(timeline);
  EXPECT_NE(t.find("most errors"), std::string::npos) << t;
  EXPECT_NE(t.find("events"), std::string::npos) << t;
  // app-1 crashes at 40 s, the health checks take it out at 45 s, it recovers at 70 s and is
  // back in service at 80 s: each shows in the row it happened in.
  for (const char* e : {"app-1 crash", "app-1 out_of_service", "app-1 recover", "app-1 in_service"})
    EXPECT_NE(t.find(e), std::string::npos) << e << "\n" << t;
  EXPECT_NE(t.find("backend_down"), std::string::npos) << t;
  EXPECT_NE(t.find("unauthorized"), std::string::npos) << t;
  // The report itself has the Events table.
  EXPECT_NE(o.out.find("\nEvents\n"), std::string::npos) << o.out;
}

TEST_F(Cli, TimelineWithoutFaultsHasNoEventsColumn) {
  Outcome o = ladder(std::string(kShortRun) + " --timeline -q");
  ASSERT_EQ(o.code, 0) << describe(o);
  const auto timeline = o.out.find("\nTimeline\n");
  ASSERT_NE(timeline, std::string::npos) << o.out;
  const std::string t = o.out.substr(timeline);
  EXPECT_NE(t.find("most errors"), std::string::npos) << t;
  EXPECT_EQ(t.find("events"), std::string::npos) << t;
}

TEST_F(Cli, JsonCarriesEventsAndErrorsByKindPerInterval) {
  Outcome o = ladder("run scenarios/stage3/sticky-crash.json --format json -q");
  ASSERT_EQ(o.code, 0) << describe(o);
  auto j = nlohmann::json::parse(o.out);
  ASSERT_TRUE(j["events"].is_array());
  ASSERT_FALSE(j["events"].empty());
  EXPECT_EQ(j["events"][0]["component"], "app-1");
  EXPECT_EQ(j["events"][0]["event"], "crash");
  EXPECT_EQ(j["events"][0]["t_s"], 40.0);
  EXPECT_EQ(j["sessions"]["store"], "local");
  EXPECT_GT(j["sessions"]["unauthorized_lost"].get<long>(), 0);
  EXPECT_GT(j["imbalance"].get<double>(), 1.0);
  std::uint64_t backend_down = 0;
  for (const auto& p : j["timeline"]) {
    ASSERT_TRUE(p["errors_by_kind"].is_object());
    if (p["errors_by_kind"].contains("backend_down")) backend_down += p["errors_by_kind"]["backend_down"].get<std::uint64_t>();
  }
  EXPECT_GT(backend_down, 0u);
}

// ---- compare -------------------------------------------------------------------------------

TEST_F(Cli, CompareIdenticalExits0AndRegressionExits1) {
  run_to("base.json");
  auto j = nlohmann::ordered_json::parse(read_file(path("base.json")));
  const double p99 = j["latency_ms"]["p99"].get<double>();
  ASSERT_GT(p99, 0);
  j["latency_ms"]["p99"] = p99 * 1.5;  // a made-up 50% regression
  write("worse.json", j.dump(2));

  Outcome same = ladder("compare " + q("base.json") + " " + q("base.json") + " --max p99_ms=+10%");
  EXPECT_EQ(same.code, 0) << describe(same);
  Outcome worse = ladder("compare " + q("base.json") + " " + q("worse.json") + " --max p99_ms=+10%");
  EXPECT_EQ(worse.code, 1) << describe(worse);
  EXPECT_NE((worse.out + worse.err).find("p99"), std::string::npos) << describe(worse);
  // The other way round it is an improvement.
  Outcome better = ladder("compare " + q("worse.json") + " " + q("base.json") + " --max p99_ms=+10%");
  EXPECT_EQ(better.code, 0) << describe(better);
}

TEST_F(Cli, CompareBadMaxExits2) {
  run_to("base.json");
  Outcome o = ladder("compare " + q("base.json") + " " + q("base.json") + " --max p99_ms=lots");
  EXPECT_EQ(o.code, 2) << describe(o);
  EXPECT_NE(o.err.find("p99_ms"), std::string::npos) << o.err;
  Outcome unknown = ladder("compare " + q("base.json") + " " + q("base.json") + " --max latency_nope=+10%");
  EXPECT_EQ(unknown.code, 2) << describe(unknown);
}

TEST_F(Cli, CompareMissingOrForeignFileExits2) {
  run_to("base.json");
  write("other.json", "{\"hello\": 1}");
  EXPECT_EQ(ladder("compare " + q("base.json") + " " + q("nope.json")).code, 2);
  Outcome o = ladder("compare " + q("base.json") + " " + q("other.json"));
  EXPECT_EQ(o.code, 2) << describe(o);
  EXPECT_NE(o.err.find(path("other.json").string()), std::string::npos) << o.err;
}

// ---- climb ---------------------------------------------------------------------------------

// Stages 0–3 copied to their own directory (later stages may be added to scenarios/), climbed
// in order: one row per stage, stage numbers 0, 1, 2, 3.
TEST_F(Cli, ClimbListsStagesInOrder) {
  fs::create_directory(path("stages"));
  for (const char* f : {"00-single-box.json", "01-separate-database.json", "02-vertical-scale.json",
                        "03-load-balancer.json"})
    fs::copy_file(fs::path(LADDER_SOURCE_DIR) / "scenarios" / f, path("stages") / f);
  Outcome o = ladder("climb " + q("stages") + " --format json -q");
  ASSERT_EQ(o.code, 0) << describe(o);
  auto rows = nlohmann::json::parse(o.out);
  ASSERT_TRUE(rows.is_array());
  ASSERT_EQ(rows.size(), 4u);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(rows[static_cast<std::size_t>(i)]["stage"], i);
    EXPECT_GT(rows[static_cast<std::size_t>(i)]["throughput_rps"].get<double>(), 0);
  }
}

// A parallel climb prints exactly what a serial one does, in stage order. Stage 0 is made the
// longest run, so with 3 jobs stages 1 and 2 finish before it: output in finishing order would
// differ. The climb's formats carry no wall time, so the comparison is of the whole output.
TEST_F(Cli, ClimbInParallelEqualsSerialByteForByte) {
  fs::create_directory(path("stages"));
  fs::copy_file(fs::path(LADDER_SOURCE_DIR) / "scenarios" / "00-single-box.json", path("stages") / "base.json");
  write("stages/00-slow.json", R"({ "extends": "base.json", "name": "slow", "sim": { "duration_s": 600 } })");
  write("stages/01-quick.json",
        R"({ "extends": "base.json", "name": "quick", "stage": 1, "sim": { "duration_s": 30 } })");
  write("stages/02-quicker.json",
        R"({ "extends": "base.json", "name": "quicker", "stage": 2, "sim": { "duration_s": 25 } })");
  for (const char* format : {"json", "table"}) {
    Outcome serial = ladder("climb " + q("stages") + " --format " + format + " -q --jobs 1");
    Outcome parallel = ladder("climb " + q("stages") + " --format " + format + " -q --jobs 3");
    ASSERT_EQ(serial.code, 0) << describe(serial);
    ASSERT_EQ(parallel.code, 0) << describe(parallel);
    EXPECT_EQ(parallel.out, serial.out) << format;
    if (std::string(format) == "json") {
      auto rows = nlohmann::json::parse(parallel.out);
      ASSERT_EQ(rows.size(), 3u);
      for (int i = 0; i < 3; ++i)
        EXPECT_EQ(rows[static_cast<std::size_t>(i)]["stage"], i);
      EXPECT_EQ(rows[0]["name"], "slow");
    }
  }
}

// The announcements on stderr come in stage order too, one per stage, with any --jobs.
TEST_F(Cli, ClimbInParallelAnnouncesEveryStage) {
  fs::create_directory(path("stages"));
  for (const char* f : {"00-single-box.json", "01-separate-database.json"})
    fs::copy_file(fs::path(LADDER_SOURCE_DIR) / "scenarios" / f, path("stages") / f);
  Outcome o = ladder("climb " + q("stages") + " --format json --jobs 2");
  ASSERT_EQ(o.code, 0) << describe(o);
  auto first = o.err.find("climbing stage 0");
  auto second = o.err.find("climbing stage 1");
  EXPECT_NE(first, std::string::npos) << o.err;
  EXPECT_NE(second, std::string::npos) << o.err;
  EXPECT_LT(first, second) << o.err;
}

TEST_F(Cli, ClimbBadJobsExits2) {
  for (const char* bad : {"0", "-1", "abc", "1.5", "99999"}) {
    Outcome o = ladder("climb scenarios -q --format json --jobs " + std::string(bad));
    EXPECT_EQ(o.code, 2) << bad << "\n" << describe(o);
    EXPECT_TRUE(o.out.empty()) << bad << "\n" << o.out;
    EXPECT_NE(o.err.find("--jobs"), std::string::npos) << bad << "\n" << o.err;
    EXPECT_NE(o.err.find(std::string("found '") + bad + "'"), std::string::npos) << bad << "\n" << o.err;
  }
}

TEST_F(Cli, ClimbMissingDirectoryExits2) {
  Outcome o = ladder("climb " + q("nowhere") + " -q");
  EXPECT_EQ(o.code, 2) << describe(o);
  EXPECT_NE(o.err.find("nowhere"), std::string::npos) << o.err;
}

// ---- validate ------------------------------------------------------------------------------

TEST_F(Cli, ValidateGoodScenariosExits0) {
  Outcome o = ladder("validate scenarios/00-single-box.json scenarios/03-load-balancer.json "
                     "scenarios/validation/mm1.json scenarios/validation/mmc.json scenarios/validation/closed.json");
  EXPECT_EQ(o.code, 0) << describe(o);
  EXPECT_NE(o.out.find("scenarios/03-load-balancer.json: ok"), std::string::npos) << o.out;
}

// The printed document is the scenario the loader resolved: loaded back it runs to the same
// bytes as the file (stage 5's golden, but for the file name), and `--set` shows in it.
TEST_F(Cli, ValidatePrintLoadsBackToTheSameResult) {
  Outcome printed = ladder("validate --print scenarios/05-cache.json");
  ASSERT_EQ(printed.code, 0) << describe(printed);
  auto doc = nlohmann::json::parse(printed.out);
  EXPECT_FALSE(doc.contains("extends"));
  EXPECT_EQ(doc["name"], "cache");
  EXPECT_EQ(doc["entry"], "lb");
  EXPECT_EQ(doc["stores"]["db"]["cache_aside"], "cache");
  EXPECT_EQ(doc["caches"]["cache"]["ttl_s"], 0);                        // a default, filled in
  EXPECT_EQ(doc["services"]["app"]["endpoints"]["static"].size(), 1u);  // from stage 0
  write("printed.json", printed.out);
  Outcome again = ladder("validate --print " + q("printed.json"));
  ASSERT_EQ(again.code, 0) << describe(again);
  EXPECT_EQ(again.out, printed.out) << "printing is a fixed point";
  Outcome run = ladder("run " + q("printed.json") + " --seed 1 --format json");
  ASSERT_EQ(run.code, 0) << describe(run);
  auto strip = [](const std::string& text) {  // wall_s, and the file name the result echoes
    std::string out, line;
    std::istringstream in(text);
    while (std::getline(in, line))
      if (line.find("\"wall_s\": ") == std::string::npos && line.find("\"file\": ") == std::string::npos)
        out += line + "\n";
    return out;
  };
  EXPECT_EQ(strip(run.out), strip(read_file(std::string(LADDER_SOURCE_DIR) + "/tests/golden/05-cache.json")));
  Outcome set = ladder("validate --print scenarios/05-cache.json --set caches.cache.policy=lfu");
  ASSERT_EQ(set.code, 0) << describe(set);
  EXPECT_EQ(nlohmann::json::parse(set.out)["caches"]["cache"]["policy"], "lfu");
  Outcome two = ladder("validate --print scenarios/00-single-box.json scenarios/05-cache.json");
  EXPECT_EQ(two.code, 2) << describe(two);
  EXPECT_NE(two.err.find("--print: expected one SCENARIO to print, found 2"), std::string::npos) << two.err;
}

// A new endpoint name: its program from --set, its weight in the mix; the result lists it after
// today's classes (which keep their order and rows).
TEST_F(Cli, NewEndpointNameRunsAndHasItsRow) {
  Outcome o = ladder("run scenarios/03-load-balancer.json --seed 1 --format json "
                     "--set sim.duration_s=8 --set sim.warmup_s=2 --set workload.mix.read=0.7 "
                     "--set workload.mix.search=0.1 "
                     "--set 'services.app.endpoints.search=[{\"cpu_ms\": 4}, {\"query\": \"db\", \"cpu_ms\": 9}]'");
  ASSERT_EQ(o.code, 0) << describe(o);
  auto j = nlohmann::json::parse(o.out);
  std::vector<std::string> names;
  for (const auto& c : j["classes"]) names.push_back(c["name"]);
  EXPECT_EQ(names, (std::vector<std::string>{"read", "write", "static", "login", "search"}));
  const auto& search = j["classes"].back();
  EXPECT_GT(search["requests"]["completed"].get<double>(), 100);
  // 4 ms of app CPU and a 9 ms query, plus two client latencies of 20 ms: above 40 ms on average.
  EXPECT_GT(search["latency_ms"]["mean"].get<double>(), 40);
  // A mix weight for an endpoint the service does not have is refused, with the nearest name.
  Outcome bad = ladder("validate scenarios/03-load-balancer.json --set workload.mix.read=0.7 "
                       "--set workload.mix.serch=0.1 --set 'services.app.endpoints.search=[{\"cpu_ms\": 4}]'");
  EXPECT_EQ(bad.code, 2) << describe(bad);
  EXPECT_NE(bad.err.find("--set: /workload/mix/serch: expected the name of an endpoint of services.app"),
            std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("(did you mean \"search\"?)"), std::string::npos) << bad.err;
}

TEST_F(Cli, ValidateStage3ScenariosExits0) {
  Outcome o = ladder("validate scenarios/stage3/*.json");  // the shell expands the glob
  EXPECT_EQ(o.code, 0) << describe(o);
  for (const char* f : {"drain-cut", "drain", "sessions-in-memory", "sessions-redis-crash", "sticky-crash",
                        "uploads-local", "uploads-object-store"})
    EXPECT_NE(o.out.find(std::string("scenarios/stage3/") + f + ".json: ok (" + f + ", stage 3)"), std::string::npos)
        << f << "\n" << o.out;
  EXPECT_TRUE(o.err.empty()) << o.err;
}

TEST_F(Cli, ValidateBadScenarioExits2) {
  write("bad.json", "{ \"workload\": { \"model\": \"sometimes\" }, \"services\": { \"app\": { \"count\": -1 } } }");
  Outcome o = ladder("validate scenarios/00-single-box.json " + q("bad.json"));
  EXPECT_EQ(o.code, 2) << describe(o);
  // Every error at once, each naming the file and the JSON path.
  EXPECT_NE(o.err.find(path("bad.json").string() + ": /workload/model"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find(path("bad.json").string() + ": /services/app/count"), std::string::npos) << o.err;
}

// ---- hardening (issue 17) --------------------------------------------------------------------

constexpr const char* kHuge = "{ \"sim\": { \"duration_s\": 1e400 } }\n";

TEST_F(Cli, ValidateReportsANumberTooLargeAndGoesOn) {
  write("huge.json", kHuge);
  Outcome o = ladder("validate scenarios/00-single-box.json " + q("huge.json") + " scenarios/01-separate-database.json");
  EXPECT_EQ(o.code, 2) << describe(o);
  EXPECT_NE(o.err.find(path("huge.json").string() + ": /sim/duration_s: expected a number that fits in a double "
                       "(at most ~1.8e308), found a number too large: \"1e400\" at line 1, column 26"),
            std::string::npos) << o.err;
  EXPECT_NE(o.out.find("scenarios/00-single-box.json: ok"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("scenarios/01-separate-database.json: ok"), std::string::npos) << o.out;
  EXPECT_EQ(o.err.find("internal error"), std::string::npos) << o.err;
}

TEST_F(Cli, RunWithANumberTooLargeInAnExtendsBaseExits2NamingTheBase) {
  write("huge.json", kHuge);
  write("child.json", "{ \"extends\": \"huge.json\" }");
  Outcome o = ladder("run " + q("child.json") + " -q -o " + q("out.json"));
  EXPECT_EQ(o.code, 2) << describe(o);
  EXPECT_NE(o.err.find(path("huge.json").string() + ": /sim/duration_s:"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("a number too large"), std::string::npos) << o.err;
  EXPECT_FALSE(fs::exists(path("out.json")));
}

TEST_F(Cli, ClimbWithANumberTooLargeInAStageExits2) {
  fs::create_directory(path("stages"));
  fs::copy_file(fs::path(LADDER_SOURCE_DIR) / "scenarios/00-single-box.json", path("stages/00-single-box.json"));
  std::ofstream(path("stages/01-huge.json")) << "{ \"extends\": \"00-single-box.json\", \"seed\": -1e999 }";
  Outcome o = ladder("climb " + q("stages") + " -q");
  EXPECT_EQ(o.code, 2) << describe(o);
  EXPECT_NE(o.err.find(path("stages/01-huge.json").string() + ": /seed:"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("a number too large"), std::string::npos) << o.err;
  EXPECT_TRUE(o.out.empty()) << o.out;
}

// report reads results through the same reader as compare: an overflowing number is bad input
// (exit 2, the file and the path), not an internal error, and no page is written.
TEST_F(Cli, ReportWithANumberTooLargeExits2NamingFileAndPath) {
  write_result_with_huge_p99("huge.json");
  Outcome o = ladder("report " + q("huge.json") + " -o " + q("page.html"));
  EXPECT_EQ(o.code, 2) << describe(o);
  EXPECT_NE(o.err.find(path("huge.json").string() + ": /latency_ms/p99: "), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("a number too large"), std::string::npos) << o.err;
  EXPECT_FALSE(fs::exists(path("page.html")));
}

TEST_F(Cli, CompareWithANumberTooLargeExits2NamingFileAndPath) {
  write_result_with_huge_p99("huge.json");
  Outcome o = ladder("compare " + q("base.json") + " " + q("huge.json"));
  EXPECT_EQ(o.code, 2) << describe(o);
  EXPECT_NE(o.err.find(path("huge.json").string() + ": /latency_ms/p99: "), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("a number too large"), std::string::npos) << o.err;
}

TEST_F(Cli, DuplicateKeyExits2NamingBothOccurrences) {
  write("dup.json", "{\n  \"extends\": \"" + std::string(LADDER_SOURCE_DIR) + "/scenarios/03-load-balancer.json\",\n"
                    "  \"services\": { \"app\": { \"count\": 8 } },\n  \"services\": { \"app\": { \"count\": 4 } }\n}\n");
  Outcome o = ladder("run " + q("dup.json") + " -q -o " + q("out.json"));
  EXPECT_EQ(o.code, 2) << describe(o);
  EXPECT_NE(o.err.find(path("dup.json").string() + ": /services: expected each key once in an object, found \"services\" "
                       "twice: at line 3, column 3 and at line 4, column 3"),
            std::string::npos) << o.err;
  EXPECT_FALSE(fs::exists(path("out.json")));
}

TEST_F(Cli, OutputNamingAnInputIsRefusedBeforeRunning) {
  const std::string base = std::string(LADDER_SOURCE_DIR) + "/scenarios/00-single-box.json";
  const std::string scenario = "{ \"extends\": \"base.json\", \"sim\": { \"duration_s\": 5, \"warmup_s\": 1 } }\n";
  fs::copy_file(base, path("base.json"));
  write("s.json", scenario);
  const std::string base_text = read_file(path("base.json"));
  for (const char* target : {"s.json", "base.json"}) {
    Outcome o = ladder("run " + q("s.json") + " -q --format json -o " + q(target));
    EXPECT_EQ(o.code, 2) << target << "\n" << describe(o);
    EXPECT_NE(o.err.find("-o: expected a file that is not an input, found '" + path(target).string() + "'"),
              std::string::npos) << o.err;
  }
  // Through another spelling of the same file, and through a symbolic link.
  fs::create_symlink(path("s.json"), path("link.json"));
  EXPECT_EQ(ladder("run " + q("s.json") + " -q -o " + q("link.json")).code, 2);
  EXPECT_EQ(ladder("run " + q("s.json") + " -q -o '" + dir_.string() + "/./s.json'").code, 2);
  EXPECT_EQ(read_file(path("s.json")), scenario);
  EXPECT_EQ(read_file(path("base.json")), base_text);
}

TEST_F(Cli, CompareOutputNamingAnInputIsRefused) {
  run_to("base.json");
  const std::string before = read_file(path("base.json"));
  Outcome o = ladder("compare " + q("base.json") + " " + q("base.json") + " -o " + q("base.json"));
  EXPECT_EQ(o.code, 2) << describe(o);
  EXPECT_NE(o.err.find("it is an input of compare"), std::string::npos) << o.err;
  EXPECT_EQ(read_file(path("base.json")), before);
}

TEST_F(Cli, ClimbOutputNamingAStageIsRefused) {
  fs::create_directory(path("stages"));
  fs::copy_file(fs::path(LADDER_SOURCE_DIR) / "scenarios/00-single-box.json", path("stages/00-single-box.json"));
  const std::string before = read_file(path("stages/00-single-box.json"));
  Outcome o = ladder("climb " + q("stages") + " -q -o " + q("stages/00-single-box.json"));
  EXPECT_EQ(o.code, 2) << describe(o);
  EXPECT_NE(o.err.find("it is a stage file"), std::string::npos) << o.err;
  EXPECT_EQ(read_file(path("stages/00-single-box.json")), before);
}

TEST_F(Cli, EmptyOutputNameIsAnError) {
  for (const std::string& cmd : {std::string(kShortRun), std::string("compare x.json y.json"), std::string("climb")}) {
    Outcome o = ladder(cmd + " -q -o ''");
    EXPECT_EQ(o.code, 2) << cmd << "\n" << describe(o);
    EXPECT_NE(o.err.find("-o: expected a file name (or - for standard output), found ''"), std::string::npos)
        << o.err;
    EXPECT_TRUE(o.out.empty()) << o.out;
  }
}

// Every command that writes to standard output reports a full disk or a closed stdout (exit 2).
class CliWriteError : public Cli, public ::testing::WithParamInterface<const char*> {};

TEST_P(CliWriteError, FullDiskExits2) {
  Outcome o = script(std::string("\"$L\" ") + GetParam() + " >/dev/full");
  EXPECT_EQ(o.code, 2) << describe(o);
  EXPECT_NE(o.err.find("stdout: expected a writable standard output, found a write error (No space left on device)"),
            std::string::npos) << o.err;
}

TEST_P(CliWriteError, ClosedStdoutExits2) {
  Outcome o = script(std::string("\"$L\" ") + GetParam() + " >&-");
  EXPECT_EQ(o.code, 2) << describe(o);
  EXPECT_NE(o.err.find("stdout: expected a writable standard output, found a write error (Bad file descriptor)"),
            std::string::npos) << o.err;
}

TEST_P(CliWriteError, BrokenPipeEndsQuietlyWithTheCommandsOwnCode) {
  // The reader is gone before ladder writes: every write is a broken pipe (SIGPIPE would be 141).
  Outcome o = script(std::string("{ sleep 0.2; exec \"$L\" ") + GetParam() + "; } | true\nexit ${PIPESTATUS[0]}");
  EXPECT_EQ(o.code, 0) << describe(o);
  EXPECT_TRUE(o.err.empty()) << o.err;
}

INSTANTIATE_TEST_SUITE_P(Commands, CliWriteError,
                         ::testing::Values("validate scenarios/00-single-box.json", "schema", "schema --markdown",
                                           "--help", "run --help", "--version",
                                           "run scenarios/00-single-box.json --set sim.duration_s=2 "
                                           "--set sim.warmup_s=1 -q"));

TEST_F(Cli, BrokenPipeKeepsValidatesExitCode) {
  write("bad.json", "{ \"services\": { \"app\": { \"count\": 0 } } }");
  Outcome o = script("{ sleep 0.2; exec \"$L\" validate scenarios/00-single-box.json " + q("bad.json") +
                     "; } | true\nexit ${PIPESTATUS[0]}");
  EXPECT_EQ(o.code, 2) << describe(o);
  EXPECT_NE(o.err.find("/services/app/count"), std::string::npos) << o.err;
}

TEST_F(Cli, OutputFileOverTheSizeLimitExits2AndLeavesNothing) {
  // ulimit -f 1: at most 1 KiB per file; the result JSON is larger. SIGXFSZ would kill ladder
  // and leave out.json.tmp-PID behind.
  Outcome o = script("ulimit -f 1\n\"$L\" " + std::string(kShortRun) + " -q --format json -o " + q("out.json"));
  EXPECT_EQ(o.code, 2) << describe(o);
  EXPECT_NE(o.err.find("-o: expected a writable file, found '" + path("out.json").string() +
                       "' (cannot write: File too large)"),
            std::string::npos) << o.err;
  EXPECT_TRUE(files().empty()) << files().front();
}

TEST_F(Cli, HugeSetPathIsRefusedWithoutSuggestion) {
  const std::string huge(100'000, 'x');
  Outcome o = ladder("validate scenarios/00-single-box.json");  // warm the page cache
  auto start = std::chrono::steady_clock::now();
  o = ladder(std::string(kShortRun) + " -q --set " + huge + "=1");
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(o.code, 2) << o.err.substr(0, 300);
  EXPECT_NE(o.err.find("unknown field '" + huge + "'\n"), std::string::npos) << o.err.substr(0, 300);
  EXPECT_LT(seconds, 1.0);  // 1.9 s before the bound, on this machine's kind
}

TEST_F(Cli, DenormalSizeIsRefusedWithTheFieldsMinimum) {
  Outcome o = ladder(std::string(kShortRun) + " -q --set sim.timeline_interval_s=1e-320");
  EXPECT_EQ(o.code, 2) << describe(o);
  EXPECT_NE(o.err.find("--set: /sim/timeline_interval_s: expected a number > 0 (at least 2.23e-308, the smallest "
                       "normal double), found 1e-320 (a denormal)"),
            std::string::npos) << o.err;
}

TEST_F(Cli, HelpListsEveryExitCode) {
  Outcome o = ladder("--help");
  EXPECT_EQ(o.code, 0) << describe(o);
  for (const char* part : {"0 success", "1 a check failed", "2 bad input", "3 internal error", "please report it",
                           "broken pipe"})
    EXPECT_NE(o.out.find(part), std::string::npos) << part << "\n" << o.out;
}

// ---- run-size refusals (issue 8, item 5) ---------------------------------------------------

// The measured offenders: each is refused (exit 2) naming the knob that drives the estimate and
// the estimate; validate --force accepts it (the dry path of run --force).
struct Offender {
  const char* name;
  const char* args;  ///< scenario and --set flags
  const char* knob;  ///< the JSON pointer the refusal names
  const char* term;  ///< what the estimate counted
};

const Offender kOffenders[] = {
    {"health_checks",
     "scenarios/stage3/sticky-crash.json --set workload.dau=0 --set workload.users=100 --set services.app.count=1000 "
     "--set lbs.lb.health.interval_s=0.01 --set sim.duration_s=1e6",
     "/lbs/lb/health/interval_s", "1000 servers × 1000000 s / 0.01 s = ~1e11 health checks"},
    {"shared_executions",
     "scenarios/00-single-box.json --set workload.dau=0 --set workload.users=100000 --set services.app.workers=100000",
     "/services/app/workers", "executions in flight (services.app.workers busy on one host"},
    {"arrivals_under_the_cap",
     "scenarios/00-single-box.json --set workload.dau=0 --set workload.model=open --set workload.rate_rps=1e7 --set sim.duration_s=10 "
     "--set sim.warmup_s=1",
     "/workload/rate_rps", "~1e8 requests (10 s at ~1e7 req/s)"},
};

class CliRunSize : public Cli, public ::testing::WithParamInterface<Offender> {};

TEST_P(CliRunSize, RefusedNamingKnobAndEstimate) {
  const Offender& c = GetParam();
  Outcome o = ladder(std::string("run ") + c.args + " -q -o " + q("out.json"));
  EXPECT_EQ(o.code, 2) << describe(o);
  EXPECT_NE(o.err.find(std::string(": ") + c.knob + ": expected a run estimated at most 10 min of wall time, found ~"),
            std::string::npos) << o.err;
  EXPECT_NE(o.err.find(c.term), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("or pass --force to run it anyway"), std::string::npos) << o.err;
  EXPECT_TRUE(files().empty());
}

TEST_P(CliRunSize, ForceGetsPastTheRefusal) {
  const Offender& c = GetParam();
  std::string args = c.args;
  const std::string file = args.substr(0, args.find(' '));
  // validate takes no --set: the offender as a file extending the scenario.
  std::string rest = args.substr(args.find(' ') + 1);
  nlohmann::json doc = {{"extends", std::string(LADDER_SOURCE_DIR) + "/" + file}};
  for (std::size_t at = rest.find("--set "); at != std::string::npos; at = rest.find("--set ", at + 1)) {
    std::string kv = rest.substr(at + 6, rest.find(' ', at + 6) - at - 6);
    std::string key = kv.substr(0, kv.find('=')), value = kv.substr(kv.find('=') + 1);
    nlohmann::json* node = &doc;
    for (std::size_t dot = 0, next; dot != std::string::npos; dot = next == std::string::npos ? next : next + 1) {
      next = key.find('.', dot);
      node = &(*node)[key.substr(dot, next == std::string::npos ? std::string::npos : next - dot)];
      if (next == std::string::npos) break;
    }
    *node = nlohmann::json::accept(value) ? nlohmann::json::parse(value) : nlohmann::json(value);
  }
  write("offender.json", doc.dump(2));
  Outcome no = ladder("validate " + q("offender.json"));
  EXPECT_EQ(no.code, 2) << describe(no);
  EXPECT_NE(no.err.find(c.knob), std::string::npos) << no.err;
  Outcome yes = ladder("validate --force " + q("offender.json"));
  EXPECT_EQ(yes.code, 0) << describe(yes);
  EXPECT_NE(yes.out.find(": ok ("), std::string::npos) << yes.out;
  EXPECT_NE(yes.out.find(" of wall time, forced)"), std::string::npos) << yes.out;
}

INSTANTIATE_TEST_SUITE_P(Offenders, CliRunSize, ::testing::ValuesIn(kOffenders),
                         [](const auto& offender_info) { return std::string(offender_info.param.name); });

TEST_F(Cli, LagCheckOffenderIsUnderTheLimitHere) {
  // Issue 8 listed it; measured on this machine it is ~7 min (docs/model.md, "Run-size
  // estimate"): 2e7 requests (300 s) + 1.5e9 lag checks (107 s). Accepted without --force.
  write("lag.json", "{ \"extends\": \"" + std::string(LADDER_SOURCE_DIR) +
                        "/scenarios/stage4/lagging-replica.json\", \"workload\": { \"dau\": 0, \"users\": 100 }, "
                        "\"sim\": { \"duration_s\": 1e6 }, \"stores\": { \"db\": { \"replicas\": 15, "
                        "\"lag_check_s\": 0.01 } } }");
  Outcome o = ladder("validate " + q("lag.json"));
  EXPECT_EQ(o.code, 0) << describe(o);
  EXPECT_EQ(o.out.find("forced"), std::string::npos) << o.out;
}

TEST_F(Cli, RunForceStartsTheRunWithProgressOnStderr) {
  // Forced, the health-check offender runs (hours): stopped after 3 s by timeout (exit 124), having
  // said what it runs and shown progress on stderr, which is not a terminal here.
  Outcome o = script(std::string("timeout -s INT 3 \"$L\" run ") + kOffenders[0].args + " --force -o " + q("out.json"));
  EXPECT_EQ(o.code, 124) << describe(o);
  EXPECT_NE(o.err.find("ladder: --force: running a run estimated at ~"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("~1e11 health checks"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("simulated "), std::string::npos) << o.err;  // the progress line
  EXPECT_EQ(o.err.find("error"), std::string::npos) << o.err;
  EXPECT_TRUE(files().empty());  // interrupted: nothing written
}

TEST_F(Cli, EverySuppliedScenarioIsUnderTheLimit) {
  Outcome o = script("shopt -s globstar\n\"$L\" validate scenarios/**/*.json");
  EXPECT_EQ(o.code, 0) << describe(o);
  EXPECT_EQ(o.out.find("forced"), std::string::npos) << o.out;
}

// ---- help ----------------------------------------------------------------------------------

class CliHelp : public Cli, public ::testing::WithParamInterface<const char*> {};

TEST_P(CliHelp, ExitsZeroWithAnExample) {
  Outcome o = ladder(std::string(GetParam()) + " --help");
  EXPECT_EQ(o.code, 0) << describe(o);
  EXPECT_NE(o.out.find("Example"), std::string::npos) << o.out;
}

INSTANTIATE_TEST_SUITE_P(Subcommands, CliHelp, ::testing::Values("run", "validate", "compare", "climb", "schema"));

}  // namespace

// ---- diagram and report ----------------------------------------------------------------------

namespace {

class CliReport : public Cli {};

TEST_F(CliReport, DiagramPrintsMermaidAndBadFileExits2) {
  Outcome o = ladder("diagram scenarios/03-load-balancer.json");
  ASSERT_EQ(o.code, 0) << describe(o);
  EXPECT_NE(o.out.find("flowchart TD"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("class lb,app changed"), std::string::npos) << o.out;
  Outcome bad = ladder("diagram " + q("missing.json"));
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("missing.json"), std::string::npos) << bad.err;
}

TEST_F(CliReport, RunMarkdownStartsWithTheMermaidBlock) {
  Outcome o = ladder(std::string(kShortRun) + " --format markdown -q");
  ASSERT_EQ(o.code, 0) << describe(o);
  EXPECT_EQ(o.out.rfind("```mermaid\n", 0), 0u) << o.out.substr(0, 200);
}

TEST_F(CliReport, ReportWritesOneSelfContainedPage) {
  run_to("r.json");
  Outcome o = ladder("report " + q("r.json") + " -o " + q("r.html"));
  ASSERT_EQ(o.code, 0) << describe(o);
  std::string html = read_file(path("r.html"));
  EXPECT_NE(html.find("<pre class=\"mermaid\""), std::string::npos);
  EXPECT_NE(html.find("vegaEmbed"), std::string::npos);
  EXPECT_EQ(html.find("<script src="), std::string::npos) << "everything is inlined";
  EXPECT_EQ(html.find("cdn.jsdelivr"), std::string::npos);
}

TEST_F(CliReport, BadInputsExit2NamingTheFileAndWriteNothing) {
  run_to("r.json");
  write("bad.json", "{ not json");
  write("other.json", R"({"schema": "something-else/1"})");
  write("climb.json", R"([{"stage": 0, "next_step": "x"}])");
  for (const char* name : {"bad.json", "other.json", "climb.json", "missing.json"}) {
    Outcome o = ladder("report " + q("r.json") + " " + q(name) + " -o " + q("out.html"));
    EXPECT_EQ(o.code, 2) << name << "\n" << describe(o);
    EXPECT_NE(o.err.find(name), std::string::npos) << o.err;
    EXPECT_FALSE(fs::exists(path("out.html"))) << name;
  }
  std::string before = read_file(path("r.json"));
  Outcome same = ladder("report " + q("r.json") + " -o " + q("r.json"));
  EXPECT_EQ(same.code, 2);
  EXPECT_NE(same.err.find("not one of the inputs"), std::string::npos) << same.err;
  EXPECT_EQ(read_file(path("r.json")), before);
}

// ---- run --seeds, and compare of replicated results -------------------------------------------

/// The JSON of a result without its one varying line (sim.wall_s), as the goldens compare it.
std::string without_wall(const std::string& json_text) {
  std::istringstream in(json_text);
  std::string line, out;
  while (std::getline(in, line))
    if (line.find("\"wall_s\": ") == std::string::npos) out += line + "\n";
  return out;
}

// M/M/1 at ρ = 0.8 (scenarios/validation/mm1.json): 100k requests per seed, about 0.1 s each.
constexpr const char* kMm1 = "run scenarios/validation/mm1.json";

TEST_F(Cli, RunSeedsReportsEachSeedAndTheStudentTInterval) {
  Outcome o = ladder(std::string(kMm1) + " --seed 3 --seeds 3 --format json -q");
  ASSERT_EQ(o.code, 0) << describe(o);
  auto j = nlohmann::json::parse(o.out);
  const auto& rep = j["replications"];
  EXPECT_EQ(rep["seeds"], (std::vector<int>{3, 4, 5}));
  EXPECT_EQ(j["scenario"]["seed"], 3);  // the rest of the result is the first seed's run
  // Seed 4's figures are exactly those of `run --seed 4`.
  Outcome four = ladder(std::string(kMm1) + " --seed 4 --format json -q");
  ASSERT_EQ(four.code, 0) << describe(four);
  auto j4 = nlohmann::json::parse(four.out);
  const auto& p99 = rep["figures"]["p99_ms"];
  EXPECT_EQ(p99["values"][1].get<double>(), j4["latency_ms"]["p99"].get<double>());
  EXPECT_EQ(rep["figures"]["throughput_rps"]["values"][1].get<double>(), j4["requests"]["throughput_rps"].get<double>());
  // Mean and half-width t(0.975, 2) · s / √3, t(0.975, 2) = 4.302652729696142.
  std::vector<double> v = p99["values"].get<std::vector<double>>();
  ASSERT_EQ(v.size(), 3u);
  double mean = (v[0] + v[1] + v[2]) / 3;
  double ss = 0;
  for (double x : v) ss += (x - mean) * (x - mean);
  EXPECT_NEAR(p99["mean"].get<double>(), mean, 1e-9 * mean);
  EXPECT_NEAR(p99["ci95"].get<double>(), 4.302652729696142 * std::sqrt(ss / 2) / std::sqrt(3.0), 1e-9 * mean);
  for (const char* f : {"throughput_rps", "error_rate", "mean_ms", "p50_ms", "p99_ms"})
    EXPECT_TRUE(rep["figures"].contains(f)) << f;
  Outcome table = ladder(std::string(kMm1) + " --seed 3 --seeds 3 -q");
  ASSERT_EQ(table.code, 0) << describe(table);
  EXPECT_NE(table.out.find("Replications (3 seeds"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find(" ms, throughput "), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("over 3 seeds"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("seeds 3 to 5"), std::string::npos) << table.out;
  // A single run has no replications section.
  EXPECT_FALSE(j4.contains("replications"));
}

TEST_F(Cli, RunSeedsBytesDoNotDependOnJobs) {
  Outcome serial = ladder(std::string(kMm1) + " --seeds 4 --jobs 1 --format json -q");
  Outcome parallel = ladder(std::string(kMm1) + " --seeds 4 --jobs 3 --format json -q");
  ASSERT_EQ(serial.code, 0) << describe(serial);
  ASSERT_EQ(parallel.code, 0) << describe(parallel);
  EXPECT_EQ(without_wall(serial.out), without_wall(parallel.out));
}

TEST_F(Cli, BadSeedsExits2AndWritesNothing) {
  for (const char* k : {"1", "0", "-3", "x", "2.5", "1001", "''"}) {
    Outcome o = ladder(std::string(kMm1) + " --seeds " + k + " -q -o " + q("out.json"));
    EXPECT_EQ(o.code, 2) << k << "\n" << describe(o);
    EXPECT_NE(o.err.find("--seeds"), std::string::npos) << o.err;
    EXPECT_NE(o.err.find("from 2 to 1000"), std::string::npos) << o.err;
  }
  Outcome jobs = ladder(std::string(kMm1) + " --jobs 2 -q -o " + q("out.json"));
  EXPECT_EQ(jobs.code, 2) << describe(jobs);
  EXPECT_NE(jobs.err.find("expected --jobs with --seeds"), std::string::npos) << jobs.err;
  Outcome wrap = ladder(std::string(kMm1) + " --seed 18446744073709551615 --seeds 2 -q -o " + q("out.json"));
  EXPECT_EQ(wrap.code, 2) << describe(wrap);
  EXPECT_NE(wrap.err.find("below 2^64"), std::string::npos) << wrap.err;
  EXPECT_TRUE(files().empty());
}

TEST_F(Cli, TooManySeedsAreRefusedWithTheRunSizeEstimate) {
  // One run of mm1 is estimated at ~1 s (104k requests × 1e-5 s); 1000 of them one at a time
  // come to ~17 min, over the 10-minute limit.
  Outcome o = ladder(std::string(kMm1) + " --seeds 1000 --jobs 1 -q");
  EXPECT_EQ(o.code, 2) << describe(o);
  EXPECT_NE(o.err.find("--seeds: expected 1000 runs estimated at most 10 min"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("1 at once"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("--force"), std::string::npos) << o.err;
  EXPECT_TRUE(o.out.empty());
}

TEST_F(Cli, SeedsCheckJudgesTheSloOnTheMean) {
  // p99 of M/M/1 at ρ = 0.8 is ln(100) · 50 ms ≈ 230 ms: an objective of 100 ms fails on every
  // seed, one of 1000 ms passes on every seed.
  Outcome bad = ladder(std::string(kMm1) + " --seeds 3 --check --set slo.p99_ms=100 -q");
  EXPECT_EQ(bad.code, 1) << describe(bad);
  EXPECT_NE(bad.err.find("over 3 seeds exceeds the objective of 100.0 ms"), std::string::npos) << bad.err;
  EXPECT_NE(bad.out.find("SLO: NOT MET: p99 "), std::string::npos) << bad.out;
  Outcome good = ladder(std::string(kMm1) + " --seeds 3 --check --set slo.p99_ms=1000 -q");
  EXPECT_EQ(good.code, 0) << describe(good);
}

TEST_F(Cli, CompareTwoSeedSetsOfOneScenarioPasses) {
  ASSERT_EQ(ladder(std::string(kMm1) + " --seed 1 --seeds 5 --format json -q -o " + q("a.json")).code, 0);
  ASSERT_EQ(ladder(std::string(kMm1) + " --seed 11 --seeds 5 --format json -q -o " + q("b.json")).code, 0);
  Outcome o = ladder("compare " + q("a.json") + " " + q("b.json") + " --max p99_ms=+10% --max throughput_rps=-5%");
  EXPECT_EQ(o.code, 0) << describe(o);
  EXPECT_NE(o.out.find("across-seed means"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("Welch"), std::string::npos) << o.out;
  EXPECT_EQ(o.out.find("single-seed"), std::string::npos) << o.out;
  Outcome j = ladder("compare " + q("a.json") + " " + q("b.json") + " --max p99_ms=+10% --format json");
  ASSERT_EQ(j.code, 0) << describe(j);
  auto doc = nlohmann::json::parse(j.out);
  bool seen = false;
  for (const auto& row : doc["rows"])
    if (row["metric"] == "p99_ms") {
      seen = true;
      EXPECT_EQ(row["test"]["kind"], "welch");
      EXPECT_EQ(row["test"]["base_seeds"], 5);
      EXPECT_EQ(row["test"]["new_seeds"], 5);
      EXPECT_GT(row["test"]["df"].get<double>(), 0);
    }
  EXPECT_TRUE(seen) << j.out;
  EXPECT_FALSE(doc.contains("note"));
}

TEST_F(Cli, CompareDoubledP99FailsWithTheTest) {
  // λ 80 → 90 with μ = 100/s: p99 = ln(100)/(μ − λ) goes from 230 ms to 461 ms.
  ASSERT_EQ(ladder(std::string(kMm1) + " --seed 1 --seeds 5 --format json -q -o " + q("a.json")).code, 0);
  ASSERT_EQ(ladder(std::string(kMm1) + " --seed 11 --seeds 5 --set workload.rate_rps=90 --format json -q -o " +
                   q("c.json")).code, 0);
  Outcome o = ladder("compare " + q("a.json") + " " + q("c.json") + " --max p99_ms=+10%");
  EXPECT_EQ(o.code, 1) << describe(o);
  EXPECT_NE(o.out.find("REGRESSION: p99_ms"), std::string::npos) << o.out;
  auto j = nlohmann::json::parse(ladder("compare " + q("a.json") + " " + q("c.json") +
                                        " --max p99_ms=+10% --format json").out);
  for (const auto& row : j["rows"])
    if (row["metric"] == "p99_ms") {
      EXPECT_GT(row["new"].get<double>(), 1.8 * row["base"].get<double>());
      EXPECT_TRUE(row["test"]["significant"].get<bool>());
      EXPECT_GT(row["test"]["t"].get<double>(), row["test"]["critical"].get<double>());
      EXPECT_LT(row["test"]["p"].get<double>(), 0.05);
    }
}

TEST_F(Cli, CompareWithASingleSeedSideSaysSo) {
  ASSERT_EQ(ladder(std::string(kMm1) + " --seed 1 --format json -q -o " + q("one.json")).code, 0);
  ASSERT_EQ(ladder(std::string(kMm1) + " --seed 11 --seeds 3 --format json -q -o " + q("many.json")).code, 0);
  for (const std::string& pair : {q("one.json") + " " + q("many.json"), q("one.json") + " " + q("one.json")}) {
    Outcome o = ladder("compare " + pair + " --max p99_ms=+50%");
    EXPECT_EQ(o.code, 0) << describe(o);
    EXPECT_NE(o.out.find("single-seed differences include run-to-run noise"), std::string::npos) << o.out;
    EXPECT_NE(o.out.find("--seeds"), std::string::npos) << o.out;
  }
}

// ---- self-describing results: input, run --from, the overridden description ------------------

TEST_F(Cli, RunFromReproducesAPlainRunByteForByte) {
  ASSERT_EQ(ladder(std::string(kMm1) + " --format json -q -o " + q("r.json")).code, 0);
  auto j = nlohmann::json::parse(read_file(path("r.json")));
  EXPECT_EQ(j["input"]["file"], "scenarios/validation/mm1.json");
  EXPECT_EQ(j["input"]["seed"], 1);
  EXPECT_TRUE(j["input"]["overrides"].empty());
  EXPECT_FALSE(j["input"].contains("seeds"));
  EXPECT_EQ(j["input"]["scenario"]["workload"]["rate_rps"], 80);  // the merged, defaulted document
  EXPECT_FALSE(j["input"]["scenario"].contains("extends"));
  Outcome again = ladder("run --from " + q("r.json") + " --format json -q");
  ASSERT_EQ(again.code, 0) << describe(again);
  EXPECT_EQ(without_wall(again.out), without_wall(read_file(path("r.json"))));
  // Any format: the same bytes as the original command's, wall time aside.
  Outcome table = ladder(std::string(kMm1) + " -q");
  Outcome table_again = ladder("run --from " + q("r.json") + " -q");
  auto drop_wall = [](const std::string& t) { return t.substr(0, t.rfind(", wall ")); };
  EXPECT_EQ(drop_wall(table_again.out), drop_wall(table.out));
}

TEST_F(Cli, RunFromReproducesARunWithTwoSetsWithoutItsFiles) {
  // Stage 0 extends nothing, but the copy below is read from the temporary directory and then
  // removed: the rerun needs only the result.
  write("stage.json", read_file(fs::path(LADDER_SOURCE_DIR) / "scenarios/00-single-box.json"));
  const std::string cmd = "run " + q("stage.json") +
                          " --set sim.duration_s=30 --set workload.dau=2000 --seed 7 --format json -q";
  Outcome first = ladder(cmd + " -o " + q("r.json"));
  ASSERT_EQ(first.code, 0) << describe(first);
  fs::remove(path("stage.json"));
  auto j = nlohmann::json::parse(read_file(path("r.json")));
  EXPECT_EQ(j["input"]["overrides"], (std::vector<std::string>{"sim.duration_s=30", "workload.dau=2000"}));
  EXPECT_EQ(j["input"]["seed"], 7);
  Outcome again = ladder("run --from " + q("r.json") + " --format json -q -o " + q("again.json"));
  ASSERT_EQ(again.code, 0) << describe(again);
  EXPECT_EQ(without_wall(read_file(path("again.json"))), without_wall(read_file(path("r.json"))));
}

TEST_F(Cli, RunFromReproducesASeedsRun) {
  ASSERT_EQ(ladder(std::string(kMm1) + " --seed 4 --seeds 3 --format json -q -o " + q("r.json")).code, 0);
  auto j = nlohmann::json::parse(read_file(path("r.json")));
  EXPECT_EQ(j["input"]["seeds"], 3);
  Outcome again = ladder("run --from " + q("r.json") + " --jobs 1 --format json -q");
  ASSERT_EQ(again.code, 0) << describe(again);
  EXPECT_EQ(without_wall(again.out), without_wall(read_file(path("r.json"))));
}

TEST_F(Cli, RunFromAResultWithoutInputExits2AndWritesNothing) {
  run_to("r.json");
  auto j = nlohmann::json::parse(read_file(path("r.json")));
  j.erase("input");
  write("old.json", j.dump(2));
  Outcome o = ladder("run --from " + q("old.json") + " -q -o " + q("out.json"));
  EXPECT_EQ(o.code, 2) << describe(o);
  EXPECT_NE(o.err.find(path("old.json").string() + ": /input: expected the input section"), std::string::npos) << o.err;
  EXPECT_FALSE(fs::exists(path("out.json")));
  // A recorded document that no longer validates names the result file and the place in it.
  j = nlohmann::json::parse(read_file(path("r.json")));
  j["input"]["scenario"]["workload"]["users"] = -1;
  write("bad.json", j.dump(2));
  Outcome bad = ladder("run --from " + q("bad.json") + " -q");
  EXPECT_EQ(bad.code, 2) << describe(bad);
  EXPECT_NE(bad.err.find(path("bad.json").string() + ": /input/scenario/workload/users"), std::string::npos) << bad.err;
  j = nlohmann::json::parse(read_file(path("r.json")));
  j["input"]["seeds"] = 5000;
  write("many.json", j.dump(2));
  Outcome many = ladder("run --from " + q("many.json") + " -q");
  EXPECT_EQ(many.code, 2) << describe(many);
  EXPECT_NE(many.err.find("/input/seeds: expected a number of seeds from 2 to 1000"), std::string::npos) << many.err;
}

TEST_F(Cli, RunFromTakesNoOtherInputAndNeverOverwritesItsResult) {
  run_to("r.json");
  for (const char* extra : {"--set seed=2", "--seed 2", "--seeds 2", "scenarios/00-single-box.json"}) {
    Outcome o = ladder("run --from " + q("r.json") + " " + extra + " -q");
    EXPECT_EQ(o.code, 2) << extra << "\n" << describe(o);
    EXPECT_NE(o.err.find("expected --from alone"), std::string::npos) << o.err;
  }
  std::string before = read_file(path("r.json"));
  Outcome same = ladder("run --from " + q("r.json") + " -q --format json -o " + q("r.json"));
  EXPECT_EQ(same.code, 2) << describe(same);
  EXPECT_EQ(read_file(path("r.json")), before);
  Outcome none = ladder("run -q");
  EXPECT_EQ(none.code, 2) << describe(none);
  EXPECT_NE(none.err.find("expected a SCENARIO file (or --from RESULT.json)"), std::string::npos) << none.err;
}

TEST_F(Cli, OverridesMarkTheDescription) {
  Outcome plain = ladder(std::string(kMm1) + " --seed 2 --format json -q");
  ASSERT_EQ(plain.code, 0) << describe(plain);
  EXPECT_EQ(nlohmann::json::parse(plain.out)["scenario"]["description"], "M/M/1 at rho 0.8");  // --seed is not a change
  Outcome set = ladder(std::string(kMm1) + " --set workload.rate_rps=90 --set sim.duration_s=300 --format json -q");
  ASSERT_EQ(set.code, 0) << describe(set);
  EXPECT_EQ(nlohmann::json::parse(set.out)["scenario"]["description"],
            "M/M/1 at rho 0.8 (with --set workload.rate_rps=90, --set sim.duration_s=300)");
  Outcome table = ladder(std::string(kMm1) + " --set workload.rate_rps=90 --set sim.duration_s=300 -q");
  EXPECT_NE(table.out.find("\n  M/M/1 at rho 0.8 (with --set workload.rate_rps=90, --set sim.duration_s=300)\n"),
            std::string::npos) << table.out;
  Outcome md = ladder(std::string(kMm1) + " --set workload.rate_rps=90 --format markdown -q");
  EXPECT_NE(md.out.find("M/M/1 at rho 0.8 (with --set workload.rate_rps=90)"), std::string::npos) << md.out;
}

// ---- capacity -----------------------------------------------------------------------------------

TEST_F(Cli, CapacityOfMm1MatchesTheAnalyticRateWithinItsUncertainty) {
  // M/M/1 response times are exponential with rate μ − λ, so p99 = ln(100) / (μ − λ) and the
  // highest λ with p99 <= P is λ* = μ − ln(100) / P. μ = 1000 / app_cpu_ms per second (one
  // worker on one reference vCPU): with the read endpoint's 10 ms cpu step and P = 100 ms,
  // λ* = 100 − 46.05 = 53.95/s.
  auto doc = nlohmann::json::parse(read_file(fs::path(LADDER_SOURCE_DIR) / "scenarios/validation/mm1.json"), nullptr,
                                   true, /*ignore_comments=*/true);
  const auto& read = doc["services"]["app"]["endpoints"]["read"];
  ASSERT_EQ(read.size(), 1u);  // one cpu step: the whole demand
  const double mu = 1000.0 / read[0]["cpu_ms"].get<double>();
  const double p99_objective_s = 0.100;
  const double analytic = mu - std::log(100.0) / p99_objective_s;
  Outcome o = ladder("capacity scenarios/validation/mm1.json --set slo.p99_ms=100 --seeds 10 --format json -q");
  ASSERT_EQ(o.code, 0) << describe(o);
  auto j = nlohmann::json::parse(o.out);
  EXPECT_EQ(j["knob"], "workload.rate_rps");  // the open loop's default
  EXPECT_EQ(j["outcome"], "bracketed");
  const auto& c = j["capacity"];
  const double found = c["estimate"].get<double>(), uncertainty = c["uncertainty"].get<double>();
  EXPECT_LE(c["last_pass"].get<double>(), found);
  EXPECT_GE(c["first_fail"].get<double>(), found);
  EXPECT_NEAR(found, analytic, uncertainty) << o.out;
  // The stated uncertainty is a few percent, not a blanket.
  EXPECT_LT(uncertainty, 0.05 * analytic) << o.out;
  EXPECT_EQ(c["limited_by"], "p99");
  EXPECT_EQ(j["bottleneck"]["component"], "app-0");
  EXPECT_NEAR(j["bottleneck"]["utilization"].get<double>(), found / mu, 0.05);  // ρ at the limit
  Outcome table = ladder("capacity scenarios/validation/mm1.json --set slo.p99_ms=100 --seeds 10 -q");
  EXPECT_NE(table.out.find("capacity "), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("bottleneck at the limit: app-0 cpu"), std::string::npos) << table.out;
}

TEST_F(Cli, CapacityRefusesAScenarioWithoutAnSloAndBadKnobs) {
  Outcome none = ladder("capacity scenarios/validation/mm1.json -q -o " + q("out.json"));
  EXPECT_EQ(none.code, 2) << describe(none);
  EXPECT_NE(none.err.find("/slo/p99_ms: expected a latency objective"), std::string::npos) << none.err;
  for (const char* knob : {"lbs.lb.policy", "no.such.field", "''"}) {
    Outcome o = ladder(std::string("capacity scenarios/validation/mm1.json --set slo.p99_ms=100 --knob ") + knob +
                       " -q -o " + q("out.json"));
    EXPECT_EQ(o.code, 2) << knob << "\n" << describe(o);
    EXPECT_NE(o.err.find("--knob: expected a numeric scenario field"), std::string::npos) << o.err;
  }
  Outcome seeds = ladder("capacity scenarios/validation/mm1.json --set slo.p99_ms=100 --seeds 1 -q");
  EXPECT_EQ(seeds.code, 2) << describe(seeds);
  EXPECT_TRUE(files().empty());
}

TEST_F(Cli, CapacitySaysWhenNothingPassesAndWhenNothingFails) {
  // p99 <= 1 ms is out of reach (one request alone takes 10 ms on average): exit 1.
  Outcome none = ladder("capacity scenarios/validation/mm1.json --set slo.p99_ms=1 --seeds 2 --format json -q");
  EXPECT_EQ(none.code, 1) << describe(none);
  EXPECT_EQ(nlohmann::json::parse(none.out)["outcome"], "none");
  // The open loop ignores workload.users: every value passes until the field's maximum stops the search.
  Outcome above = ladder("capacity scenarios/validation/mm1.json --set slo.p99_ms=1000 --knob workload.users "
                         "--seeds 2 --format json -q");
  EXPECT_EQ(above.code, 0) << describe(above);
  auto j = nlohmann::json::parse(above.out);
  EXPECT_EQ(j["outcome"], "above");
  EXPECT_NE(j["stop_reason"].get<std::string>().find("expected an integer <= 10000000"), std::string::npos) << above.out;
}

}  // namespace
