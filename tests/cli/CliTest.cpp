// The command-line contract (DESIGN.md, "Interface contract"), tested on the real binary:
// exit codes 0 (success), 1 (a check failed), 2 (bad input, with a message naming the file and
// the JSON path, and nothing half-written). Each test runs in its own temporary directory.
#include <sys/wait.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace fs = std::filesystem;

namespace {

struct Outcome {
  int code = -1;
  std::string out, err;
};

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

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
    const fs::path out = dir_ / "stdout.txt", err = dir_ / "stderr.txt";
    std::string cmd = std::string("cd '") + LADDER_SOURCE_DIR + "' && '" + LADDER_BIN + "' " + args + " >'" +
                      out.string() + "' 2>'" + err.string() + "'";
    int status = std::system(cmd.c_str());
    Outcome o;
    o.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    o.out = read_file(out);
    o.err = read_file(err);
    fs::remove(out);
    fs::remove(err);
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

TEST_F(Cli, RunWritesOutputFile) {
  run_to("out.json");
  auto j = nlohmann::json::parse(read_file(path("out.json")));
  EXPECT_EQ(j["schema"], "ladder-result/1");
  EXPECT_EQ(files(), std::vector<std::string>{"out.json"});  // no temporary left next to it
}

TEST_F(Cli, BadScenarioExits2NamingFileAndPathAndWritesNothing) {
  write("bad.json", "// tiers.app.count must be >= 1\n{ \"extends\": \"" + std::string(LADDER_SOURCE_DIR) +
                        "/scenarios/00-single-box.json\", \"tiers\": { \"app\": { \"count\": 0 } } }\n");
  Outcome o = ladder("run " + q("bad.json") + " -q -o " + q("out.json"));
  EXPECT_EQ(o.code, 2) << describe(o);
  EXPECT_NE(o.err.find(path("bad.json").string()), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("/tiers/app/count"), std::string::npos) << o.err;
  EXPECT_EQ(files(), std::vector<std::string>{"bad.json"});
}

TEST_F(Cli, MalformedJsonExits2NamingFile) {
  write("broken.json", "{ \"tiers\": { \"app\": { \"count\": 2, } } ");
  Outcome o = ladder("run " + q("broken.json") + " -q -o " + q("out.json"));
  EXPECT_EQ(o.code, 2) << describe(o);
  EXPECT_NE(o.err.find(path("broken.json").string()), std::string::npos) << o.err;
  EXPECT_FALSE(fs::exists(path("out.json")));
}

TEST_F(Cli, BadSetValueExits2NamingPathAndWritesNothing) {
  Outcome o = ladder(std::string(kShortRun) + " --set tiers.app.count=0 -q -o " + q("out.json"));
  EXPECT_EQ(o.code, 2) << describe(o);
  // The bad value came from the flag, so the message names it as the source: "--set: /tiers/app/count: …".
  EXPECT_NE(o.err.find("--set: /tiers/app/count"), std::string::npos) << o.err;
  EXPECT_TRUE(files().empty());
}

TEST_F(Cli, UnknownSetPathExits2) {
  Outcome o = ladder(std::string(kShortRun) + " --set tiers.app.cuont=2 -q -o " + q("out.json"));
  EXPECT_EQ(o.code, 2) << describe(o);
  EXPECT_NE(o.err.find("/tiers/app/cuont"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("did you mean 'tiers.app.count'?"), std::string::npos) << o.err;
  EXPECT_TRUE(files().empty());
}

TEST_F(Cli, OldTopLevelTierPathExits2PointingToTiers) {
  Outcome o = ladder(std::string(kShortRun) + " --set app.count=6 -q -o " + q("out.json"));
  EXPECT_EQ(o.code, 2) << describe(o);
  EXPECT_NE(o.err.find("--set: /app/count: unknown field 'app.count'; the tier sections moved under 'tiers': "
                       "did you mean 'tiers.app.count'?"),
            std::string::npos)
      << o.err;
  EXPECT_TRUE(files().empty());
}

TEST_F(Cli, MalformedSetExits2) {
  Outcome o = ladder(std::string(kShortRun) + " --set tiers.app.count -q -o " + q("out.json"));
  EXPECT_EQ(o.code, 2) << describe(o);
  EXPECT_NE(o.err.find("tiers.app.count"), std::string::npos) << o.err;
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
  write("bad.json", "{ \"workload\": { \"model\": \"sometimes\" }, \"tiers\": { \"app\": { \"count\": -1 } } }");
  Outcome o = ladder("validate scenarios/00-single-box.json " + q("bad.json"));
  EXPECT_EQ(o.code, 2) << describe(o);
  // Every error at once, each naming the file and the JSON path.
  EXPECT_NE(o.err.find(path("bad.json").string() + ": /workload/model"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find(path("bad.json").string() + ": /tiers/app/count"), std::string::npos) << o.err;
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

}  // namespace
