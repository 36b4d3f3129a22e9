// Rung 9's loader side: several services, the steps that join them (call, parallel, respond,
// publish, fail), their resolution into Scenario::services indexes, and their errors (each with
// the file, the JSON pointer and what was expected / found). Pure loader logic: no Engine.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "ladder/scenario/Instances.hpp"
#include "ladder/scenario/Loader.hpp"

namespace ladder {
namespace {

const std::string kData = std::string(LADDER_SOURCE_DIR) + "/tests/scenario/data/";

Scenario load_services() { return load_scenario(kData + "services.json", {}); }

TEST(ScenarioServices, ServicesInEntryThenNameOrder) {
  const Scenario s = load_services();
  ASSERT_EQ(s.services.size(), 4u);
  EXPECT_EQ(s.app.name, "gateway");
  EXPECT_EQ(s.services[0].name, "gateway");
  EXPECT_EQ(s.services[1].name, "thumbs");
  EXPECT_EQ(s.services[2].name, "timeline");
  EXPECT_EQ(s.services[3].name, "users");
  // The entry is a copy of app: its endpoint names are the request classes.
  EXPECT_EQ(s.services[0].endpoint_names, s.workload.class_names);
  EXPECT_EQ(s.services[0].count, 2);
  EXPECT_EQ(s.services[3].endpoint_names, (std::vector<std::string>{"get", "put"}));
  EXPECT_EQ(s.services[1].endpoint_names, (std::vector<std::string>{"thumbnails"}));
  EXPECT_EQ(s.services[1].consumes, "thumbnails");
  EXPECT_EQ(s.services[0].consumes, "");
  // The bound rows fill the others as they fill the entry: count, zones, instance and its vCPUs.
  EXPECT_EQ(s.services[3].count, 3);
  EXPECT_EQ(s.services[3].max_count, 3);
  EXPECT_EQ(s.services[3].zones, 2);
  EXPECT_EQ(s.services[3].instance, "m5.xlarge");
  EXPECT_EQ(s.services[3].vcpus, 4);
  EXPECT_EQ(s.services[2].workers, 16);  // a default
  ASSERT_EQ(s.services[3].endpoints.size(), 2u);
  EXPECT_TRUE(s.services[3].endpoints[1].defined);
  ASSERT_EQ(s.services[3].endpoints[1].steps.size(), 2u);
  EXPECT_EQ(s.services[3].endpoints[1].steps[1].head, StepSpec::Head::query);
  EXPECT_EQ(s.services[3].endpoints[1].steps[1].store, "db");
}

TEST(ScenarioServices, CallStepWithEveryOption) {
  const Scenario s = load_services();
  const auto& read = s.app.endpoints[static_cast<int>(RequestClass::read)].steps;
  ASSERT_EQ(read.size(), 6u);
  const StepSpec& call = read[1];
  EXPECT_EQ(call.head, StepSpec::Head::call);
  EXPECT_EQ(call.target, "users.get");
  EXPECT_EQ(call.service, 3);
  EXPECT_EQ(call.endpoint, 0);
  EXPECT_DOUBLE_EQ(call.timeout_ms, 100);
  EXPECT_EQ(call.retries, 2);
  EXPECT_DOUBLE_EQ(call.backoff_ms, 50);
  EXPECT_DOUBLE_EQ(call.jitter, 0.5);
  EXPECT_EQ(call.on_error, OnError::fallback);
  EXPECT_EQ(call.fan_out, 8);
  EXPECT_EQ(call.quorum, 6);
  EXPECT_TRUE(call.breaker);
  ASSERT_EQ(call.fallback.size(), 2u);
  EXPECT_EQ(call.fallback[0].head, StepSpec::Head::cpu);
  EXPECT_EQ(call.fallback[1].head, StepSpec::Head::call);
  EXPECT_EQ(call.fallback[1].service, 2);
  EXPECT_EQ(call.fallback[1].endpoint, 0);
  EXPECT_EQ(call.fallback[1].on_error, OnError::skip);
  // A call's absent keys keep StepSpec's defaults.
  const StepSpec& put = s.app.endpoints[static_cast<int>(RequestClass::write)].steps[1];
  EXPECT_EQ(put.service, 3);
  EXPECT_EQ(put.endpoint, 1);
  EXPECT_DOUBLE_EQ(put.timeout_ms, 0);
  EXPECT_EQ(put.retries, 0);
  EXPECT_EQ(put.on_error, OnError::fail);
  EXPECT_EQ(put.fan_out, 1);
  EXPECT_EQ(put.quorum, 0);
  EXPECT_FALSE(put.breaker);
  // A callee's own call.
  const StepSpec& inner = s.services[2].endpoints[0].steps[1];
  EXPECT_EQ(inner.head, StepSpec::Head::call);
  EXPECT_EQ(inner.service, 3);
  EXPECT_EQ(inner.endpoint, 0);
}

TEST(ScenarioServices, ParallelRespondPublishFail) {
  const Scenario s = load_services();
  const auto& read = s.app.endpoints[static_cast<int>(RequestClass::read)].steps;
  const StepSpec& par = read[2];
  EXPECT_EQ(par.head, StepSpec::Head::parallel);
  EXPECT_EQ(par.quorum, 1);
  EXPECT_EQ(par.on_error, OnError::skip);
  ASSERT_EQ(par.calls.size(), 2u);
  EXPECT_EQ(par.calls[0].service, 3);
  EXPECT_EQ(par.calls[1].service, 2);
  EXPECT_DOUBLE_EQ(par.calls[1].timeout_ms, 20);
  EXPECT_EQ(read[3].head, StepSpec::Head::respond);
  EXPECT_EQ(read[3].status, 201);
  EXPECT_EQ(read[4].head, StepSpec::Head::publish);
  EXPECT_EQ(read[4].target, "thumbnails");
  EXPECT_EQ(read[4].consumer, 1);
  EXPECT_EQ(read[4].endpoint, 0);
  EXPECT_EQ(read[5].head, StepSpec::Head::fail);
  EXPECT_DOUBLE_EQ(read[5].p, 0.1);
}

TEST(ScenarioServices, InstancesOfTheOtherServicesComeLast) {
  const Scenario s = load_services();
  const std::vector<Instance> in = expand_instances(s);
  std::vector<std::string> paths;
  for (const Instance& i : in) paths.push_back(i.path);
  EXPECT_EQ(paths, (std::vector<std::string>{"gateway-0", "gateway-1", "db", "lb", "thumbs-0", "timeline-0",
                                             "users-0", "users-1", "users-2"}));
  const Instance& u1 = in[7];
  EXPECT_EQ(u1.host, "users-1");
  EXPECT_EQ(u1.role, InstanceRole::service);
  EXPECT_EQ(u1.service, 3);
  EXPECT_EQ(u1.cores, 4);
  EXPECT_EQ(u1.type, "m5.xlarge");
  EXPECT_EQ(u1.cost_item, "users servers");
  EXPECT_EQ(u1.type_field, "/services/users/instance");
  EXPECT_EQ(u1.group, "zone-b");
  EXPECT_EQ(in[0].service, 0);
  EXPECT_EQ(in[0].cost_item, "app servers");
  // The fault on users-1 was accepted; scale faults still name only the fronted service.
  ASSERT_EQ(s.faults.size(), 1u);
  EXPECT_EQ(s.faults[0].target, "users-1");
  EXPECT_EQ(fault_targets(in, FaultAction::scale_out), (std::vector<std::string>{"gateway"}));
}

TEST(ScenarioServices, CallKeysDefaultedOnlyInCalls) {
  const Scenario s = load_services();
  const auto& eps = s.resolved["services"]["users"]["endpoints"];
  EXPECT_FALSE(eps["get"][0].contains("timeout_ms"));
  EXPECT_FALSE(eps["put"][1].contains("fan_out"));
  const auto& put = s.resolved["services"]["gateway"]["endpoints"]["write"][1];
  EXPECT_EQ(put["fan_out"], 1);
  EXPECT_EQ(put["on_error"], "fail");
  // The merged document loads back to itself.
  const Scenario again = load_scenario_text(scenario_document(s), "again.json");
  EXPECT_EQ(again.resolved, s.resolved);
}

TEST(ScenarioServices, CalleeCpuCountsInTheEstimate) {
  const std::string base = R"({"entry": "app", "services": {"app": {"endpoints": {"read": [{"cpu_ms": 1}%s]}}%s},
    "workload": {"model": "open", "rate_rps": 1000, "mix": {"read": 1, "write": 0, "static": 0, "login": 0}}})";
  auto text = [&](const std::string& call, const std::string& svc) {
    std::string t = base;
    t.replace(t.find("%s"), 2, call);
    t.replace(t.find("%s"), 2, svc);
    return t;
  };
  const Scenario alone = load_scenario_text(text("", ""), "t.json");
  const Scenario calling = load_scenario_text(
      text(R"(, {"call": "users.get", "fan_out": 4})", R"(, "users": {"endpoints": {"get": [{"cpu_ms": 50}]}})"),
      "t.json");
  // 1000 req/s × 1 ms is 1 busy core of 2 (m5.large); the calls add 4 × 50 ms a request: every worker busy.
  EXPECT_DOUBLE_EQ(alone.estimate.shared_execs, 1.0);
  EXPECT_DOUBLE_EQ(calling.estimate.shared_execs, 16.0);  // AppConfig::workers
}

// ---- errors ----

std::vector<InputIssue> issues_of(const std::function<void()>& load) {
  try {
    load();
  } catch (const InputError& e) {
    return e.issues();
  }
  ADD_FAILURE() << "expected InputError";
  return {};
}

::testing::AssertionResult has_issue(const std::vector<InputIssue>& issues, const std::string& path,
                                     const std::string& part) {
  std::string all;
  for (const auto& i : issues) {
    all += "\n  " + i.to_string();
    if (i.json_path == path && i.file == "t.json" && i.message.find(part) != std::string::npos)
      return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "no issue t.json: " << path << ": …" << part << "… among:" << all;
}

struct BadCase {
  std::string name;
  std::string services;  ///< the "services" object's body, behind an entry service "gw"
  std::string path;
  std::string part;
};
void PrintTo(const BadCase& c, std::ostream* os) { *os << c.name; }

class BadServices : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadServices, ReportsPathAndMessage) {
  const BadCase& c = GetParam();
  const std::string text = R"({"entry": "gw", "stores": {}, "services": {)" + c.services +
                           R"(}, "workload": {"mix": {"read": 1, "write": 0, "static": 0, "login": 0}}})";
  auto issues = issues_of([&] { load_scenario_text(text, "t.json"); });
  ASSERT_FALSE(issues.empty());
  EXPECT_TRUE(has_issue(issues, c.path, c.part));
}

const std::string kUsers = R"("users": {"endpoints": {"get": [{"cpu_ms": 1}], "put": [{"cpu_ms": 2}]}})";

std::string gw(const std::string& steps) { return R"("gw": {"endpoints": {"read": [)" + steps + "]}}"; }

const std::vector<BadCase> kBadServices = {
    {"unknown_service", gw(R"({"call": "usres.get"})") + "," + kUsers, "/services/gw/endpoints/read/0/call",
     "usres"},
    {"unknown_service_suggests", gw(R"({"call": "usres.get"})") + "," + kUsers, "/services/gw/endpoints/read/0/call",
     "users"},
    {"unknown_endpoint", gw(R"({"call": "users.gte"})") + "," + kUsers, "/services/gw/endpoints/read/0/call",
     R"(expected an endpoint of services.users (get, put), found "gte" (did you mean "users.get"?))"},
    {"target_without_dot", gw(R"({"call": "users"})") + "," + kUsers, "/services/gw/endpoints/read/0/call",
     R"(expected "service.endpoint")"},
    {"cycle", gw(R"({"call": "users.get"})") + R"(, "users": {"endpoints": {"get": [{"call": "gw.read"}]}})",
     "/services/users/endpoints/get/0/call", "found gw.read → users.get → gw.read"},
    {"cycle_through_fallback",
     gw(R"({"call": "users.get", "on_error": "fallback", "fallback": [{"call": "tl.feed"}]})") +
         R"(, "users": {"endpoints": {"get": [{"cpu_ms": 1}]}}, "tl": {"endpoints": {"feed": [{"call": "tl.feed"}]}})",
     "/services/tl/endpoints/feed/0/call", "found tl.feed → tl.feed"},
    {"bad_on_error", gw(R"({"call": "users.get", "on_error": "retry"})") + "," + kUsers,
     "/services/gw/endpoints/read/0/on_error", "expected one of fail, skip, fallback"},
    {"fallback_missing", gw(R"({"call": "users.get", "on_error": "fallback"})") + "," + kUsers,
     "/services/gw/endpoints/read/0", "expected a field 'fallback'"},
    {"fallback_without_on_error", gw(R"({"call": "users.get", "fallback": [{"cpu_ms": 1}]})") + "," + kUsers,
     "/services/gw/endpoints/read/0/fallback", R"(expected no fallback without on_error "fallback")"},
    {"fallback_in_fallback",
     gw(R"({"call": "users.get", "on_error": "fallback", "fallback": [{"call": "users.put", "on_error": "fallback", "fallback": [{"cpu_ms": 1}]}]})") +
         "," + kUsers,
     "/services/gw/endpoints/read/0/fallback/0/on_error", "a fallback has no fallback of its own"},
    {"respond_in_fallback",
     gw(R"({"call": "users.get", "on_error": "fallback", "fallback": [{"respond": 200}]})") + "," + kUsers,
     "/services/gw/endpoints/read/0/fallback/0", "expected a cpu, query, fail or call step in a fallback"},
    {"query_in_a_fallback_resolved",
     gw(R"({"call": "users.get", "on_error": "fallback", "fallback": [{"query": "dbx", "cpu_ms": 1}]})") + "," + kUsers,
     "/services/gw/endpoints/read/0/fallback/0/query", R"(found "dbx")"},
    {"publish_in_a_fallback",
     gw(R"({"call": "users.get", "on_error": "fallback", "fallback": [{"publish": "jobs"}]})") + "," + kUsers,
     "/services/gw/endpoints/read/0/fallback/0", "expected a cpu, query, fail or call step in a fallback, found a "
                                                 "publish step"},
    {"quorum_above_fan_out", gw(R"({"call": "users.get", "fan_out": 3, "quorum": 4})") + "," + kUsers,
     "/services/gw/endpoints/read/0/quorum", "expected a quorum <= fan_out (3), found 4"},
    {"retries_above_10", gw(R"({"call": "users.get", "retries": 11})") + "," + kUsers,
     "/services/gw/endpoints/read/0/retries", "expected an integer <= 10, found 11"},
    {"jitter_above_1", gw(R"({"call": "users.get", "jitter": 1.5})") + "," + kUsers,
     "/services/gw/endpoints/read/0/jitter", "expected a number <= 1, found 1.5"},
    {"call_key_on_a_cpu_step", gw(R"({"cpu_ms": 1, "retries": 1})") + "," + kUsers,
     "/services/gw/endpoints/read/0/retries", "expected only the keys of a cpu step"},
    {"parallel_of_one", gw(R"({"parallel": [{"call": "users.get"}]})") + "," + kUsers,
     "/services/gw/endpoints/read/0/parallel", "expected a list of 2 to 64 call steps"},
    {"parallel_of_a_cpu_step", gw(R"({"parallel": [{"call": "users.get"}, {"cpu_ms": 1}]})") + "," + kUsers,
     "/services/gw/endpoints/read/0/parallel/1", "expected a call step in a parallel step, found a cpu step"},
    {"parallel_quorum", gw(R"({"parallel": [{"call": "users.get"}, {"call": "users.put"}], "quorum": 3})") + "," +
                            kUsers,
     "/services/gw/endpoints/read/0/quorum", "expected a quorum <= the number of calls (2), found 3"},
    {"respond_twice", gw(R"({"call": "users.get"}, {"respond": 200}, {"respond": 202})") + "," + kUsers,
     "/services/gw/endpoints/read/2", "expected at most one respond step in an endpoint"},
    {"respond_status", gw(R"({"call": "users.get"}, {"respond": 700})") + "," + kUsers,
     "/services/gw/endpoints/read/1/respond", "expected an integer <= 599, found 700"},
    {"fail_probability", gw(R"({"call": "users.get"}, {"fail": 2})") + "," + kUsers,
     "/services/gw/endpoints/read/1/fail", "expected a number <= 1, found 2"},
    {"publish_without_consumer", gw(R"({"call": "users.get"}, {"publish": "thumbs"})") + "," + kUsers,
     "/services/gw/endpoints/read/1/publish", R"(expected a service with "consumes": "thumbs")"},
    {"consumer_without_its_endpoint",
     gw(R"({"publish": "jobs"})") + R"(, "worker": {"consumes": "jobs", "endpoints": {"run": [{"cpu_ms": 1}]}})",
     "/services/worker/consumes", R"(expected an endpoint "jobs" in services.worker)"},
    {"two_consumers",
     gw(R"({"publish": "jobs"})") + R"(, "a": {"consumes": "jobs", "endpoints": {"jobs": [{"cpu_ms": 1}]}},)" +
         R"("b": {"consumes": "jobs", "endpoints": {"jobs": [{"cpu_ms": 1}]}})",
     "/services/b/consumes", R"(expected one service consuming topic "jobs", found 2 (a, b))"},
    {"service_never_used", gw(R"({"cpu_ms": 1})") + "," + kUsers, "/services/users",
     R"(expected a call to one of its endpoints (a step {"call": "users.get"} in another service) or consumes)"},
    {"session_in_a_callee", gw(R"({"call": "users.get"})") +
                                R"(, "users": {"endpoints": {"get": [{"session": "check"}, {"cpu_ms": 1}]}})",
     "/services/users/endpoints/get/0", "expected no session step in services.users"},
    {"callee_without_endpoints", gw(R"({"call": "users.get"})") + R"(, "users": {"count": 2})", "/services/users",
     "expected a field 'endpoints' (a service other than the entry service has no default endpoints"},
    {"too_deep",
     gw(R"({"call": "s1.x"})") +
         R"(, "s1": {"endpoints": {"x": [{"call": "s2.x"}]}}, "s2": {"endpoints": {"x": [{"call": "s3.x"}]}},)"
         R"("s3": {"endpoints": {"x": [{"call": "s4.x"}]}}, "s4": {"endpoints": {"x": [{"call": "s5.x"}]}},)"
         R"("s5": {"endpoints": {"x": [{"call": "s6.x"}]}}, "s6": {"endpoints": {"x": [{"call": "s7.x"}]}},)"
         R"("s7": {"endpoints": {"x": [{"call": "s8.x"}]}}, "s8": {"endpoints": {"x": [{"call": "s9.x"}]}},)"
         R"("s9": {"endpoints": {"x": [{"cpu_ms": 1}]}})",
     "/services/gw/endpoints/read/0/call", "expected calls at most 8 deep, found 9: gw.read → s1.x → s2.x"},
};

INSTANTIATE_TEST_SUITE_P(Services, BadServices, ::testing::ValuesIn(kBadServices),
                         [](const auto& param_info) { return param_info.param.name; });

TEST(ScenarioServicesErrors, SeveralServicesNeedAnEntry) {
  auto issues = issues_of([] {
    load_scenario_text(R"({"services": {"app": {}, "api": {"endpoints": {"x": [{"cpu_ms": 1}]}}}})", "t.json");
  });
  EXPECT_TRUE(has_issue(issues, "/entry", R"(with several services (api, app): set "entry" to one of them)"));
}

TEST(ScenarioServicesErrors, CallingTheEntryWithoutACycleIsAllowed) {
  const Scenario s = load_scenario_text(
      R"({"entry": "gw", "stores": {}, "services": {"gw": {"endpoints": {"read": [{"call": "users.get"}], "ping": [{"cpu_ms": 1}]}},
         "users": {"endpoints": {"get": [{"call": "gw.ping"}]}}},
         "workload": {"mix": {"read": 1, "write": 0, "static": 0, "login": 0}}})",
      "t.json");
  const StepSpec& back = s.services[1].endpoints[0].steps[0];
  EXPECT_EQ(back.service, 0);
  EXPECT_EQ(s.services[0].endpoint_names[static_cast<std::size_t>(back.endpoint)], "ping");
}

}  // namespace
}  // namespace ladder
