// Sweep plans: expansion (cross product, zip, ranges, seeds), content-addressed run ids, every
// validation error with its file and JSON path, metric paths, the manifest round trip and the
// shipped JSON Schema.
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "ladder/scenario/Loader.hpp"
#include "ladder/sweep/Plan.hpp"

using namespace ladder;

namespace {

const std::string kRoot = std::string(LADDER_SOURCE_DIR) + "/";
// A plan "file" in tests/sweep/, so "../../scenarios/…" is its base.
const std::string kPlanFile = kRoot + "tests/sweep/plan.json";

std::string plan(const std::string& body) {
  return R"({ "base": "../../scenarios/03-load-balancer.json", "seeds": 2, "metrics": ["latency_ms.p99"], )" + body + "}";
}

/// The issues of a plan that must fail, as "pointer: message" lines.
std::string issues_of(const std::string& text) {
  try {
    load_sweep_plan_text(text, kPlanFile);
  } catch (const InputError& e) {
    std::string out;
    for (const auto& i : e.issues()) {
      EXPECT_EQ(i.file, kPlanFile);
      out += i.json_path + ": " + i.message + "\n";
    }
    return out;
  }
  ADD_FAILURE() << "expected the plan to be refused: " << text;
  return "";
}

std::string read_all(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST(SweepPlan, CrossProductLastAxisFastestThenSeeds) {
  SweepManifest m = load_sweep_plan_text(
      plan(R"("set": {"sim.duration_s": 30}, "axes": [{"path": "services.app.count", "values": [2, 4]},
                                                     {"path": "lbs.lb.policy", "name": "policy", "values": ["round_robin", "random", "least_connections"]}])"),
      kPlanFile);
  ASSERT_EQ(m.points.size(), 6u);
  EXPECT_EQ(m.points[1].values, (std::vector<std::string>{"2", "\"random\""}));
  EXPECT_EQ(m.points[3].values, (std::vector<std::string>{"4", "\"round_robin\""}));
  EXPECT_EQ(m.axes[1].name, "policy");
  EXPECT_EQ(m.axes[0].name, "services.app.count");
  ASSERT_EQ(m.runs.size(), 12u);
  EXPECT_EQ(m.runs[3].point, 1u);
  EXPECT_EQ(m.runs[3].seed, 2u);
  EXPECT_EQ(m.runs[3].overrides,
            (std::vector<std::string>{"sim.duration_s=30", "services.app.count=2", "lbs.lb.policy=\"random\"", "seed=2"}));
  std::set<std::string> ids;
  for (const auto& r : m.runs) ids.insert(r.id);
  EXPECT_EQ(ids.size(), 12u);
  EXPECT_TRUE(std::filesystem::path(m.scenario).is_absolute());
}

TEST(SweepPlan, ZipRangesAndSeedLists) {
  SweepManifest m = load_sweep_plan_text(
      R"({ "base": "../../scenarios/03-load-balancer.json", "combine": "zip", "seeds": [7, 3], "metrics": ["latency_ms.p99"],
           "axes": [{"path": "services.app.count", "range": {"from": 2, "to": 6, "step": 2}},
                    {"path": "workload.think_time_s", "range": {"from": 0.1, "to": 0.3, "step": 0.1}}] })",
      kPlanFile);
  ASSERT_EQ(m.points.size(), 3u);
  EXPECT_EQ(m.points[0].values, (std::vector<std::string>{"2", "0.1"}));
  EXPECT_EQ(m.points[2].values, (std::vector<std::string>{"6", "0.3"}));  // 0.30000000000000004 rounded
  EXPECT_EQ(m.seeds, (std::vector<std::uint64_t>{7, 3}));
  EXPECT_EQ(m.runs[1].seed, 3u);
  // No axes: one point, the seeds only.
  EXPECT_EQ(load_sweep_plan_text(plan(R"("name": "x")"), kPlanFile).runs.size(), 2u);
}

TEST(SweepPlan, RunIdsFollowTheContentNotTheText) {
  auto ids = [](const std::string& text) {
    std::vector<std::string> out;
    for (const auto& r : load_sweep_plan_text(text, kPlanFile).runs) out.push_back(r.id);
    return out;
  };
  const auto a = ids(plan(R"("axes": [{"path": "services.app.count", "values": [2, 4]}])"));
  // Same content, other spelling (comments, spaces): same ids.
  EXPECT_EQ(a, ids(plan("// a comment\n" R"("axes": [ { "path" : "services.app.count", "values": [ 2, 4 ] } ])")));
  // One changed point: only its runs change.
  const auto b = ids(plan(R"("axes": [{"path": "services.app.count", "values": [2, 5]}])"));
  EXPECT_EQ(a[0], b[0]);
  EXPECT_EQ(a[1], b[1]);
  EXPECT_NE(a[2], b[2]);
  EXPECT_NE(a[3], b[3]);
  // A change for every point (an override that equals the default still names it): all change.
  const auto c = ids(plan(R"("set": {"sim.warmup_s": 11}, "axes": [{"path": "services.app.count", "values": [2, 4]}])"));
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_NE(a[i], c[i]) << i;
  // The id hashes the merged scenario: a different document, a different id.
  nlohmann::json doc = {{"seed", 1}, {"x", 1}};
  EXPECT_NE(sweep_run_id(doc, {"seed=1"}, 1), sweep_run_id({{"seed", 1}, {"x", 2}}, {"seed=1"}, 1));
  EXPECT_EQ(sweep_run_id(doc, {"seed=1"}, 1).size(), 32u);
}

TEST(SweepPlan, EveryErrorWithItsPathAndASuggestion) {
  const std::string got = issues_of(R"({
    "base": "../../scenarios/03-load-balancer.json",
    "axis": [],
    "set": {"sim.duration": 5, "seed": 3},
    "axes": [{"path": "services.app.cont", "values": [1, 2]},
             {"path": "stores.db.connections", "range": {"from": 5, "to": 1, "step": 1}},
             {"path": "lbs.lb.policy", "values": []},
             {"path": "lbs.lb.enabled", "values": [true], "range": {"from": 1, "to": 2, "step": 1}}],
    "combine": "zipp",
    "seeds": 0,
    "metrics": ["latency_ms.p98", "components.db", "sim.wall_s", "requests.errors_by_kind.queue_full", "scenario.name"]
  })");
  for (const char* want : {
           "/axis: unknown key 'axis' in a sweep plan, did you mean 'axes'?",
           "/set/sim.duration: expected a scenario field path (as for --set), found unknown field 'sim.duration', did you mean 'sim.duration_s'?",
           "/set/seed: expected a scenario field other than 'seed'",
           "/axes/0/path: expected a scenario field path (as for --set), found unknown field 'services.app.cont', did you mean 'services.app.count'?",
           "/axes/1/range/to: expected a number >= from (5), found 1",
           "/axes/2/values: expected a non-empty array of values, found []",
           "/axes/3: expected either 'values' or 'range', found both",
           "/combine: expected one of cross, zip; found \"zipp\" (did you mean 'zip'?)",
           "/seeds: expected a count from 1 to 10000",
           "/metrics/0: expected a number in ladder-result/1",
           "did you mean 'latency_ms.p9",
           "/metrics/1: expected a number in ladder-result/1 (docs/sweeps.md#metrics), found \"components.db\": 'components.db' is a section",
           "/metrics/2: ",
           "/metrics/4: expected a number in ladder-result/1"})
    EXPECT_NE(got.find(want), std::string::npos) << "missing: " << want << "\nin:\n" << got;
  EXPECT_EQ(got.find("/metrics/3"), std::string::npos) << "errors_by_kind.KIND is a metric:\n" << got;
}

TEST(SweepPlan, ValuesTheScenarioRefusesAreNamedAtTheirPlace) {
  const std::string got = issues_of(plan(R"("axes": [{"path": "services.app.count", "values": [2, 0]},
                                                      {"path": "services.app.workers", "range": {"from": 0, "to": 4, "step": 4}}])"));
  EXPECT_NE(got.find("/axes/0/values/1: services.app.count: expected an integer >= 1, found 0"), std::string::npos) << got;
  EXPECT_NE(got.find("/axes/1/range: services.app.workers: expected an integer >= 1, found 0"), std::string::npos) << got;
  // Reported once, not once per point.
  EXPECT_EQ(got.find("/axes/0/values/1"), got.rfind("/axes/0/values/1")) << got;
  EXPECT_NE(issues_of(R"({"base": "nope.json", "seeds": 1, "metrics": ["latency_ms.p99"]})")
                .find("/base: expected a readable scenario file, found \"nope.json\""),
            std::string::npos);
  EXPECT_NE(issues_of(plan(R"("combine": "zip", "axes": [{"path": "services.app.count", "values": [2, 4]},
                                                          {"path": "services.app.workers", "values": [8]}])"))
                .find("/axes/1: expected 2 values (zip pairs the axes value by value"),
            std::string::npos);
  EXPECT_NE(issues_of("{ \"base\": 1,\n ").find(": expected valid JSON (comments allowed), found a syntax error at line 2"),
            std::string::npos);
  EXPECT_NE(issues_of(plan(R"("axes": [{"path": "services.app.count", "values": [2]}, {"path": "services.app.count", "values": [3]}])"))
                .find("/axes/1/path: expected each path on one axis"),
            std::string::npos);
}

// A plan's metrics may name the scenario's own endpoints, and only those.
TEST(SweepMetrics, EndpointsOfTheScenario) {
  const std::string search = R"("set": {"workload.mix.search": 0.1, "workload.mix.read": 0.7,
      "services.app.endpoints.search": [{"cpu_ms": 3}]}, )";
  EXPECT_NO_THROW(load_sweep_plan_text(
      R"({ "base": "../../scenarios/03-load-balancer.json", "seeds": 1, "metrics": ["classes.search.latency_ms.p99"], )" +
          search + R"("axes": [])" + "}",
      kPlanFile));
  EXPECT_NE(issues_of(R"({ "base": "../../scenarios/03-load-balancer.json", "seeds": 1, "metrics": ["classes.search.latency_ms.p99"], "axes": []})")
                .find("no 'classes.search' in the result"),
            std::string::npos);
}

// A component no point of the sweep has is refused before anything runs, with a suggestion;
// one that some points have (an axis on the server count) is left to the runs.
TEST(SweepMetrics, ComponentsOfTheScenario) {
  const std::string head = R"({ "base": "../../scenarios/03-load-balancer.json", "seeds": 1, )";
  EXPECT_NE(issues_of(head + R"("metrics": ["components.dbb.utilization"], "axes": [{"path": "services.app.count", "values": [2, 4]}]})")
                .find("/metrics/0: expected a component of the scenario's runs, found 'dbb' in \"components.dbb.utilization\" "
                      "(did you mean 'db'?)"),
            std::string::npos);
  EXPECT_NO_THROW(load_sweep_plan_text(
      head + R"("metrics": ["components.app-3.utilization", "components.db-replica-1.apply.utilization"],
                "axes": [{"path": "services.app.count", "values": [2, 4]}], "set": {"stores.db.replicas": 1}})",
      kPlanFile));
}

TEST(SweepMetrics, PathsIntoTheResult) {
  for (const char* ok : {"requests.throughput_rps", "latency_ms.p99", "classes.read.latency_ms.p99", "components.db.utilization",
                         "components.app-3.queue_mean", "cache.hit_ratio", "slo.met", "cost.monthly_usd",
                         "requests.errors_by_kind.queue_full", "replication.lag_ms.p99", "bottleneck.utilization"})
    EXPECT_EQ(check_metric_path(ok), "") << ok;
  EXPECT_NE(check_metric_path("classes.reed.latency_ms.p99", {"read", "write"}).find("did you mean 'classes.read'?"),
            std::string::npos)
      << check_metric_path("classes.reed.latency_ms.p99", {"read", "write"});
  // Endpoint names are the scenario's: any name without one; with its list, only those.
  EXPECT_EQ(check_metric_path("classes.search.latency_ms.p99"), "");
  EXPECT_EQ(check_metric_path("classes.search.latency_ms.p99", {"read", "search"}), "");
  EXPECT_NE(check_metric_path("classes.serch.latency_ms.p99", {"read", "search"}).find("did you mean 'classes.search'?"),
            std::string::npos)
      << check_metric_path("classes.serch.latency_ms.p99", {"read", "search"});
  EXPECT_NE(check_metric_path("latency_ms.p99.x"), "");
  EXPECT_NE(check_metric_path("components.db.name"), "");
  const auto paths = metric_paths();
  EXPECT_NE(std::find(paths.begin(), paths.end(), "components.*.utilization"), paths.end());
  EXPECT_EQ(std::find(paths.begin(), paths.end(), "sim.wall_s"), paths.end());

  nlohmann::ordered_json r = {{"latency_ms", {{"p99", 12.5}}},
                              {"slo", {{"met", false}}},
                              {"requests", {{"errors_by_kind", {{"queue_full", 3}}}}},
                              {"components", {{{"name", "db"}, {"utilization", 0.5}},
                                              {{"name", "db-replica-1.apply"}, {"utilization", 0.25}}}}};
  std::string why;
  EXPECT_EQ(metric_value(r, "components.db-replica-1.apply.utilization", why), 0.25);
  EXPECT_EQ(metric_value(r, "latency_ms.p99", why), 12.5);
  EXPECT_EQ(metric_value(r, "slo.met", why), 0.0);
  EXPECT_EQ(metric_value(r, "requests.errors_by_kind.queue_full", why), 3.0);
  EXPECT_EQ(metric_value(r, "requests.errors_by_kind.db_timeout", why), 0.0);  // kinds that did not occur
  EXPECT_EQ(metric_value(r, "components.db.utilization", why), 0.5);
  EXPECT_FALSE(metric_value(r, "components.app-9.utilization", why));
  EXPECT_NE(why.find("components.app-9.utilization"), std::string::npos);
}

TEST(SweepManifest, RoundTrip) {
  SweepManifest m = load_sweep_plan_text(plan(R"("axes": [{"path": "lbs.lb.policy", "values": ["random", "sticky"]}])"),
                                         kPlanFile);
  const std::string text = manifest_to_text(m);
  SweepManifest back = manifest_from_text(text, "manifest.json");
  EXPECT_EQ(manifest_to_text(back), text);
  EXPECT_EQ(back.runs[3].overrides, m.runs[3].overrides);
  EXPECT_THROW(manifest_from_text("{\"schema\": \"x\"}", "manifest.json"), InputError);
}

TEST(SweepSchema, ShippedFileIsTheGeneratedOneAndNamesEveryPlanKey) {
  EXPECT_EQ(read_all(kRoot + "schema/ladder-sweep.schema.json"), sweep_plan_json_schema())
      << "regenerate: ladder sweep schema > schema/ladder-sweep.schema.json";
  auto s = nlohmann::json::parse(sweep_plan_json_schema());
  std::set<std::string> keys;
  for (auto& [k, v] : s["properties"].items()) keys.insert(k);
  EXPECT_EQ(keys, (std::set<std::string>{"name", "description", "base", "set", "axes", "combine", "seeds", "metrics"}));
  // Every key the schema names is accepted by the validator, and one it does not name is refused.
  EXPECT_NO_THROW(load_sweep_plan_text(
      plan(R"("name": "n", "description": "d", "set": {"sim.duration_s": 30}, "combine": "cross",
              "axes": [{"path": "services.app.count", "name": "apps", "values": [2]}, {"path": "services.app.workers", "range": {"from": 8, "to": 8, "step": 1}}])"),
      kPlanFile));
  EXPECT_NE(issues_of(plan(R"("axes": [{"path": "services.app.count", "value": [2]}])")).find("did you mean 'values'?"),
            std::string::npos);
}

TEST(SweepPlan, ShippedPlansAreValid) {
  for (const char* p : {"sweeps/capacity.json", "tests/sweep/data/small.json"}) {
    SweepManifest m = load_sweep_plan(kRoot + p);
    EXPECT_FALSE(m.runs.empty()) << p;
  }
}
