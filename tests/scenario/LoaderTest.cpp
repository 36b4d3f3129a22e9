// Good scenario inputs: defaults, extends merge order, --set precedence, resolution of vCPUs and
// of the open-loop rate, comments.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "ladder/scenario/Fields.hpp"
#include "ladder/scenario/Loader.hpp"

namespace ladder {
namespace {

const std::string kData = std::string(LADDER_SOURCE_DIR) + "/tests/scenario/data/";

const ClassDemand& demand(const Scenario& s, RequestClass c) {
  return s.workload.classes[static_cast<std::size_t>(c)];
}

TEST(ScenarioLoad, DefaultsFilledFromTheTable) {
  Scenario s = load_scenario_text("{}", "dir/stage0.json");
  EXPECT_EQ(s.name, "stage0");  // the file's stem
  EXPECT_EQ(s.file, "dir/stage0.json");
  EXPECT_EQ(s.stage, -1);
  EXPECT_EQ(s.sim.seed, 1u);
  EXPECT_DOUBLE_EQ(s.sim.duration_s, 60);
  EXPECT_DOUBLE_EQ(s.sim.warmup_s, 10);
  EXPECT_EQ(s.workload.model, ArrivalModel::closed);
  EXPECT_EQ(s.workload.users, 100);
  EXPECT_EQ(s.workload.population, 1'000'000);
  EXPECT_DOUBLE_EQ(s.workload.key_zipf_s, 0.99);
  EXPECT_DOUBLE_EQ(demand(s, RequestClass::read).weight, 0.80);
  // The default endpoints: today's six programs (scenarios/00-single-box.json writes the same).
  const auto& login = s.app.endpoints[static_cast<std::size_t>(RequestClass::login)];
  ASSERT_TRUE(login.defined);
  ASSERT_EQ(login.steps.size(), 3u);
  EXPECT_EQ(login.steps[0].head, StepSpec::Head::cpu);
  EXPECT_DOUBLE_EQ(login.steps[0].cpu_ms, 30);
  const auto& write = s.app.endpoints[static_cast<std::size_t>(RequestClass::write)];
  ASSERT_EQ(write.steps.size(), 3u);
  EXPECT_EQ(write.steps[2].head, StepSpec::Head::query);
  EXPECT_EQ(write.steps[2].store, "db");
  EXPECT_TRUE(write.steps[2].write);
  EXPECT_DOUBLE_EQ(write.steps[2].io_kb, 32);
  EXPECT_EQ(s.resolved["services"]["app"]["endpoints"]["read"][2],
            nlohmann::json::parse(R"({"query": "db", "cpu_ms": 3, "io_kb": 0, "write": false, "primary": false,
                                      "cacheable": true})"));  // a query's keys are defaulted
  EXPECT_EQ(s.service.distribution, Distribution::exponential);
  EXPECT_EQ(s.app.count, 1);
  EXPECT_EQ(s.app.instance, "m5.large");
  EXPECT_EQ(s.app.vcpus, 2);
  EXPECT_EQ(s.app.workers, 16);
  EXPECT_TRUE(s.db.enabled);
  EXPECT_FALSE(s.db.colocated);
  EXPECT_EQ(s.db.instance, "db.m5.large");
  EXPECT_EQ(s.db.vcpus, 2);
  EXPECT_FALSE(s.lb.enabled);
  EXPECT_EQ(s.lb.policy, LbPolicy::round_robin);
  EXPECT_DOUBLE_EQ(s.network.hop_ms, 0.25);
  EXPECT_DOUBLE_EQ(s.slo.error_rate, 0.01);
  EXPECT_DOUBLE_EQ(s.cost.hours_per_month, 730);
}

TEST(ScenarioLoad, ResolvedDocumentHoldsEveryDefaultedField) {
  Scenario s = load_scenario_text(R"({"services": {"app": {"count": 3}}})", "t.json");
  for (const Field& f : scenario_fields()) {
    if (f.def.is_null() || is_item_field(f)) continue;  // list items are defaulted per entry
    // A map's rows are filled in every entry: here the service `app` and the default sql store `db`.
    if (f.path.starts_with("caches.") || f.path.starts_with("lbs.") || (!f.kind.empty() && f.kind != "sql")) continue;
    std::string p = "/" + f.path;  // not "/" + string&&: GCC 12's -Wrestrict false positive
    if (auto star = p.find(".*"); star != std::string::npos) p.replace(star + 1, 1, p.starts_with("/services") ? "app" : "db");
    std::replace(p.begin(), p.end(), '.', '/');
    auto ptr = nlohmann::json::json_pointer(p);
    ASSERT_TRUE(s.resolved.contains(ptr)) << f.path;
    if (f.path != "services.*.count" && f.path != "entry" && f.path != "name") {  // resolved: the service, the stem
      EXPECT_EQ(s.resolved.at(ptr), f.def) << f.path;
    }
  }
  EXPECT_EQ(s.resolved["services"]["app"]["count"], 3);
  EXPECT_EQ(s.resolved["stores"]["db"]["kind"], "sql");  // the default store
  EXPECT_EQ(s.resolved["entry"], "app");                 // resolved: no load balancer
  EXPECT_FALSE(s.resolved.contains("extends"));
}

TEST(ScenarioLoad, CommentsAllowed) {
  Scenario s = load_scenario_text(R"(// line comment
    { /* block */ "services": { "app": { "count": 2 } } // trailing
    })",
                                  "t.json");
  EXPECT_EQ(s.app.count, 2);
}

TEST(ScenarioLoad, ExtendsMergesObjectsAndTheExtendingFileWins) {
  Scenario s = load_scenario(kData + "child.json");
  EXPECT_EQ(s.name, "child");
  EXPECT_EQ(s.description, "two app servers behind a load balancer");  // from base.json
  EXPECT_EQ(s.app.count, 4);                                            // child wins
  EXPECT_EQ(s.app.instance, "m5.xlarge");                               // merged from base
  EXPECT_EQ(s.app.workers, 8);
  EXPECT_EQ(s.app.vcpus, 4);
  EXPECT_TRUE(s.lb.enabled);
  EXPECT_EQ(s.lb.policy, LbPolicy::sticky);
  EXPECT_EQ(s.workload.users, 500);
  EXPECT_DOUBLE_EQ(demand(s, RequestClass::read).weight, 0.9);
}

TEST(ScenarioLoad, ExtendsIsAJsonMergePatch) {
  Scenario s = load_scenario(kData + "patch/child.json");
  EXPECT_EQ(s.app.count, 1);    // the child's
  EXPECT_EQ(s.app.workers, 8);  // objects merge: the base's
  EXPECT_FALSE(s.lb.enabled);   // null deleted the load balancer
  EXPECT_FALSE(s.resolved["lbs"].contains("lb"));
  EXPECT_EQ(s.resolved["entry"], "app");  // so the requests arrive at the service
  EXPECT_EQ(s.db.replicas, 2);
  EXPECT_EQ(s.db.read_policy, ReadPolicy::any_replica);  // null deleted the key: its default again
  ASSERT_EQ(s.faults.size(), 1u);                         // arrays replace
  EXPECT_EQ(s.faults[0].action, FaultAction::slow);
}

TEST(ScenarioLoad, SetNullDeletesAnEntity) {
  Scenario s = load_scenario(kData + "patch/base.json", {"lbs.lb=null", "services.app.count=1", "faults=[]"});
  EXPECT_FALSE(s.lb.enabled);
  Scenario none = load_scenario_text("{}", "t.json", {"stores.db=null"});
  EXPECT_FALSE(none.db.enabled);
  Scenario set = load_scenario_text("{}", "t.json", {"stores.db.replicas=3"});  // the default store, changed
  EXPECT_TRUE(set.db.enabled);
  EXPECT_EQ(set.db.replicas, 3);
}

// `ladder validate --print`: the resolved document loads back to itself, for every shipped file.
TEST(ScenarioLoad, ResolvedDocumentLoadsBackToItself) {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(std::string(LADDER_SOURCE_DIR) + "/scenarios"))
    if (e.path().extension() == ".json") files.push_back(e.path().string());
  ASSERT_FALSE(files.empty());
  for (const auto& f : files) {
    Scenario s = load_scenario(f);
    Scenario again = load_scenario_text(scenario_document(s), "elsewhere/printed.json");
    EXPECT_EQ(again.resolved, s.resolved) << f;
    EXPECT_EQ(again.name, s.name) << f;
    EXPECT_EQ(again.app.count, s.app.count) << f;
  }
}

TEST(ScenarioLoad, ExtendsChainRelativeToEachFile) {
  Scenario s = load_scenario(kData + "sub/leaf.json");
  EXPECT_EQ(s.name, "child");  // set by child.json, not overridden
  EXPECT_EQ(s.sim.seed, 7u);
  EXPECT_EQ(s.app.instance, "m5.2xlarge");
  EXPECT_EQ(s.app.vcpus, 8);
  EXPECT_EQ(s.app.count, 4);
  EXPECT_EQ(s.app.workers, 8);
}

TEST(ScenarioLoad, SetOverridesTheFileAndLaterSetWins) {
  Scenario s =
      load_scenario(kData + "child.json", {"services.app.count=6", "lbs.lb.policy=random", "services.app.count=7"});
  EXPECT_EQ(s.app.count, 7);
  EXPECT_EQ(s.lb.policy, LbPolicy::random);
  EXPECT_EQ(s.app.instance, "m5.xlarge");
}

TEST(ScenarioLoad, SetValueIsJsonElseAString) {
  Scenario s = load_scenario_text("{}", "t.json",
                                  {"services.app.instance=m5.4xlarge", "name=\"quoted\"", "lbs.lb.to=app",
                                   "demand.cv=0.5", "description=two words"});
  EXPECT_EQ(s.app.instance, "m5.4xlarge");
  EXPECT_EQ(s.app.vcpus, 16);
  EXPECT_EQ(s.name, "quoted");
  EXPECT_TRUE(s.lb.enabled);
  EXPECT_DOUBLE_EQ(s.service.cv, 0.5);
  EXPECT_EQ(s.description, "two words");
}

TEST(ScenarioLoad, VcpusFromInstanceUnlessOverridden) {
  Scenario s = load_scenario_text(
      R"({"services": {"app": {"instance": "c5.9xlarge"}}, "stores": {"db": {"kind": "sql", "instance": "db.r5.2xlarge"}}})", "t.json");
  EXPECT_EQ(s.app.vcpus, 36);
  EXPECT_EQ(s.db.vcpus, 8);
  Scenario o = load_scenario_text(
      R"({"services": {"app": {"instance": "m5.large", "vcpus": 3}}, "stores": {"db": {"kind": "sql", "vcpus": 5}}})", "t.json");
  EXPECT_EQ(o.app.vcpus, 3);
  EXPECT_EQ(o.db.vcpus, 5);
}

TEST(ScenarioLoad, DbMayUseAComputeInstance) {
  Scenario s = load_scenario_text(R"({"stores": {"db": {"kind": "sql", "instance": "m5.xlarge"}}})", "t.json");
  EXPECT_EQ(s.db.vcpus, 4);
}

TEST(ScenarioLoad, OpenRateFromDau) {
  // 1e6 DAU × 50 req/day × peak 3 / 86400 s = 1736.1 req/s
  Scenario s = load_scenario_text(R"({"workload": {"model": "open", "dau": 1000000}})", "t.json");
  EXPECT_EQ(s.workload.model, ArrivalModel::open);
  EXPECT_NEAR(s.workload.rate_rps, 1e6 * 50 * 3 / 86400.0, 1e-9);
}

// Closed loop: N = λ_peak × (Z + 2 × client latency), λ_peak = dau × requests/user/day × peak / 86400.
// 20,000 × 600 × 3 / 86400 = 416.67 req/s; × (5 s + 2 × 20 ms) = 2,100 users.
TEST(ScenarioLoad, ClosedUsersDerivedFromDau) {
  Scenario s = load_scenario_text(
      R"({"workload": {"dau": 20000, "requests_per_user_per_day": 600, "peak_factor": 3, "think_time_s": 5},
          "network": {"client_latency_ms": 20}})",
      "t.json");
  EXPECT_EQ(s.workload.users, 2100);
  EXPECT_DOUBLE_EQ(s.workload.dau, 20000);
  // A tiny DAU still has one user.
  EXPECT_EQ(load_scenario_text(R"({"workload": {"dau": 1}})", "t.json").workload.users, 1);
}

// The stage files state DAU and a profile, never a load: each one's users are the profile's
// arithmetic, and typing the load as well is refused (LoaderErrorTest: users_and_dau).
TEST(ScenarioLoad, StageFilesDeriveTheirLoadFromDau) {
  const std::string dir = std::string(LADDER_SOURCE_DIR) + "/scenarios/";
  for (const char* f : {"00-single-box.json", "01-separate-database.json", "02-vertical-scale.json",
                        "03-load-balancer.json", "04-read-replicas.json", "05-cache.json"}) {
    Scenario s = load_scenario(dir + f);
    const auto& w = s.workload;
    ASSERT_GT(w.dau, 0) << f;
    ASSERT_EQ(w.model, ArrivalModel::closed) << f;
    const double rate = w.dau * w.requests_per_user_per_day * w.peak_factor / 86400.0;
    const double cycle = w.think_time_s + 2 * s.network.client_latency_ms / 1e3;
    EXPECT_EQ(w.users, static_cast<std::int64_t>(std::llround(rate * cycle))) << f;
    EXPECT_THROW(load_scenario(dir + f, {"workload.users=100"}), InputError) << f;
    EXPECT_THROW(load_scenario(dir + f, {"workload.model=open", "workload.rate_rps=100"}), InputError) << f;
    EXPECT_EQ(load_scenario(dir + f, {"workload.dau=0", "workload.users=100"}).workload.users, 100) << f;
  }
}

TEST(ScenarioLoad, EnumsAndIntegralFloats) {
  Scenario s = load_scenario_text(
      R"({"demand": {"distribution": "lognormal", "cv": 2}, "lbs": {"lb": {"to": "app", "policy": "least_connections"}}, "workload": {"users": 1000.0}, "stage": 3, "name": "given"})",
      "t.json");
  EXPECT_EQ(s.service.distribution, Distribution::lognormal);
  EXPECT_EQ(s.lb.policy, LbPolicy::least_connections);
  EXPECT_EQ(s.workload.users, 1000);
  EXPECT_EQ(s.stage, 3);
  EXPECT_EQ(s.name, "given");
}

TEST(ScenarioLoad, ColocatedSingleBox) {
  Scenario s = load_scenario_text(R"({"stores": {"db": {"kind": "sql", "colocated_with": "app"}}})", "t.json");
  EXPECT_TRUE(s.db.colocated);
  EXPECT_EQ(s.app.count, 1);
}

TEST(ScenarioLoad, MixWithinTolerance) {
  Scenario s = load_scenario_text(
      R"({"workload": {"mix": {"read": 0.7000000001, "write": 0.1, "static": 0.1, "login": 0.1}}})", "t.json");
  EXPECT_NEAR(demand(s, RequestClass::read).weight, 0.7, 1e-9);
}

TEST(ScenarioEnums, ToString) {
  EXPECT_STREQ(to_string(Distribution::deterministic), "deterministic");
  EXPECT_STREQ(to_string(ArrivalModel::open), "open");
  EXPECT_STREQ(to_string(LbPolicy::least_connections), "least_connections");
}

}  // namespace
}  // namespace ladder
