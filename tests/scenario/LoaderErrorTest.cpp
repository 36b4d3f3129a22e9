// Bad scenario inputs: each must throw InputError naming the file, the exact JSON pointer and
// what was expected / found. In-memory documents use the file name "t.json".
#include <gtest/gtest.h>

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "ladder/scenario/Loader.hpp"

namespace ladder {
namespace {

const std::string kData = std::string(LADDER_SOURCE_DIR) + "/tests/scenario/data/";

struct BadCase {
  std::string name;
  std::string text;
  std::vector<std::string> sets;
  std::string file;  ///< expected issue file
  std::string path;  ///< expected JSON pointer
  std::string part;  ///< a key part of the message
};

void PrintTo(const BadCase& c, std::ostream* os) { *os << c.name; }

std::vector<InputIssue> issues_of(const std::function<void()>& load) {
  try {
    load();
  } catch (const InputError& e) {
    return e.issues();
  }
  ADD_FAILURE() << "expected InputError";
  return {};
}

/// The issue at `path` (there must be exactly one issue there).
::testing::AssertionResult has_issue(const std::vector<InputIssue>& issues, const std::string& file,
                                     const std::string& path, const std::string& part) {
  std::string all;
  for (const auto& i : issues) {
    all += "\n  " + i.to_string();
    if (i.json_path == path && i.file == file && i.message.find(part) != std::string::npos)
      return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "no issue " << file << ": " << path << ": …" << part << "… among:" << all;
}

class BadInput : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadInput, ReportsPathAndMessage) {
  const BadCase& c = GetParam();
  auto issues = issues_of([&] { load_scenario_text(c.text, "t.json", c.sets); });
  ASSERT_FALSE(issues.empty());
  EXPECT_TRUE(has_issue(issues, c.file, c.path, c.part));
}

const std::vector<BadCase> kBadCases = {
    {"integer_given_a_string", R"({"tiers": {"app": {"count": "four"}}})", {}, "t.json", "/tiers/app/count",
     R"(expected an integer, found "four")"},
    {"integer_given_a_fraction", R"({"tiers": {"app": {"count": 1.5}}})", {}, "t.json", "/tiers/app/count",
     "expected an integer, found 1.5"},
    {"number_given_a_string", R"({"sim": {"duration_s": "60s"}})", {}, "t.json", "/sim/duration_s",
     R"(expected a number, found "60s")"},
    {"boolean_given_a_string", R"({"tiers": {"lb": {"enabled": "yes"}}})", {}, "t.json", "/tiers/lb/enabled",
     R"(expected a boolean (true or false), found "yes")"},
    {"string_given_a_number", R"({"tiers": {"app": {"instance": 5}}})", {}, "t.json", "/tiers/app/instance",
     "expected a string, found 5"},
    {"section_not_an_object", R"({"tiers": {"app": 3}})", {}, "t.json", "/tiers/app", "expected an object, found 3"},
    {"tiers_not_an_object", R"({"tiers": 3})", {}, "t.json", "/tiers", "expected an object, found 3"},
    {"old_top_level_tier_section", R"({"app": {"count": 2}})", {}, "t.json", "/app",
     "unknown field 'app'; the tier sections moved under 'tiers': did you mean 'tiers.app'?"},
    {"long_found_value_truncated", R"({"name": ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"]})", {}, "t.json",
     "/name", R"(expected a string, found ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...)"},
    {"negative_rate", R"({"workload": {"model": "open", "rate_rps": -5}})", {}, "t.json", "/workload/rate_rps",
     "expected a number >= 0, found -5"},
    {"open_model_without_rate_or_dau", R"({"workload": {"model": "open", "rate_rps": 0}})", {}, "t.json",
     "/workload/rate_rps", "expected workload.rate_rps > 0 or workload.dau > 0"},
    {"zero_duration", R"({"sim": {"duration_s": 0}})", {}, "t.json", "/sim/duration_s",
     "expected a number > 0, found 0"},
    {"zero_app_count", R"({"tiers": {"app": {"count": 0}}})", {}, "t.json", "/tiers/app/count",
     "expected an integer >= 1, found 0"},
    {"negative_think_time", R"({"workload": {"think_time_s": -1}})", {}, "t.json", "/workload/think_time_s",
     "expected a number >= 0, found -1"},
    {"zero_service_cv", R"({"service": {"cv": 0}})", {}, "t.json", "/service/cv", "expected a number > 0, found 0"},
    {"negative_seed", R"({"seed": -3})", {}, "t.json", "/seed", "expected an integer >= 0, found -3"},
    {"stage_too_high", R"({"stage": 11})", {}, "t.json", "/stage", "expected an integer <= 10, found 11"},
    {"unknown_key_with_suggestion", R"({"tiers": {"app": {"cont": 2}}})", {}, "t.json", "/tiers/app/cont",
     "unknown field 'cont', did you mean 'count'?"},
    {"unknown_top_level_key", R"({"wrkload": {}})", {}, "t.json", "/wrkload",
     "unknown field 'wrkload', did you mean 'workload'?"},
    {"unknown_key_lists_choices", R"({"tiers": {"lb": {"zzzzzzzzzz": 1}}})", {}, "t.json", "/tiers/lb/zzzzzzzzzz",
     "expected one of enabled, policy, instance"},
    {"unknown_enum_value", R"({"tiers": {"lb": {"policy": "roundrobin"}}})", {}, "t.json", "/tiers/lb/policy",
     R"(expected one of round_robin, least_connections, random, sticky, sticky_cookie; found "roundrobin" (did you mean 'round_robin'?))"},
    {"enum_given_a_number", R"({"workload": {"model": 1}})", {}, "t.json", "/workload/model",
     "expected one of open, closed; found 1"},
    {"extends_not_a_string", R"({"extends": 3})", {}, "t.json", "/extends", "expected a string"},
    {"mix_fraction_out_of_range", R"({"workload": {"mix": {"read": 1.5}}})", {}, "t.json", "/workload/mix/read",
     "expected a number <= 1, found 1.5"},
    {"mix_not_summing_to_one", R"({"workload": {"mix": {"read": 0.5}}})", {}, "t.json", "/workload/mix",
     "expected the fractions to sum to 1, found 0.7"},
    {"warmup_not_below_duration", R"({"sim": {"duration_s": 30, "warmup_s": 30}})", {}, "t.json", "/sim/warmup_s",
     "expected a number < sim.duration_s (30), found 30"},
    {"colocated_with_two_app_servers", R"({"tiers": {"db": {"colocated": true}, "app": {"count": 2}}})", {},
     "t.json", "/tiers/app/count", "expected 1 when tiers.db.colocated is true, found 2"},
    {"colocated_with_load_balancer", R"({"tiers": {"db": {"colocated": true}, "lb": {"enabled": true}}})", {},
     "t.json", "/tiers/lb/enabled", "expected false when tiers.db.colocated is true"},
    {"absurd_users", R"({"workload": {"users": 1e9}})", {}, "t.json", "/workload/users",
     "expected an integer <= 10000000"},
    {"absurd_population", R"({"workload": {"population": 1e13}})", {}, "t.json", "/workload/population",
     "expected an integer <= 1000000000000"},
    {"absurd_duration", R"({"sim": {"duration_s": 2e6}})", {}, "t.json", "/sim/duration_s",
     "expected a number <= 1000000"},
    {"absurd_total_arrivals_open",
     R"({"workload": {"model": "open", "rate_rps": 100000}, "sim": {"duration_s": 360000}})", {}, "t.json",
     "/sim/duration_s", "this run would simulate ~3.6e10 requests; the limit is 1e8"},
    {"absurd_total_arrivals_closed",
     R"({"workload": {"users": 10000000, "think_time_s": 0.1},
         "tiers": {"app": {"count": 1000, "instance": "m5.24xlarge"}}, "sim": {"duration_s": 100000}})",
     {}, "t.json", "/sim/duration_s", "the limit is 1e8"},
    {"closed_loop_with_no_time_in_it",
     R"({"workload": {"think_time_s": 0}, "network": {"client_latency_ms": 0}})", {}, "t.json",
     "/workload/think_time_s", "expected workload.think_time_s > 0 or network.client_latency_ms > 0"},
    {"refused_users_count_at_full_rate",
     R"({"workload": {"users": 10000000, "think_time_s": 1}, "sim": {"duration_s": 60}})", {}, "t.json",
     "/sim/duration_s", "this run would simulate ~5.8e8 requests"},  // 1e7 users / (1 s + 2 × 20 ms) × 60 s
    {"absurd_rate_from_dau", R"({"workload": {"model": "open", "dau": 1e12}})", {}, "t.json", "/workload/dau",
     "expected a resolved arrival rate <= 10000000 req/s"},
    {"unknown_app_instance", R"({"tiers": {"app": {"instance": "m5.lrge"}}})", {}, "t.json", "/tiers/app/instance",
     R"(found "m5.lrge" (did you mean 'm5.large'?))"},
    {"app_instance_of_wrong_kind", R"({"tiers": {"app": {"instance": "db.m5.large"}}})", {}, "t.json",
     "/tiers/app/instance",
     R"(expected an instance type of kind compute, found "db.m5.large" (kind database))"},
    {"unknown_db_instance", R"({"tiers": {"db": {"instance": "db.m5.lrge"}}})", {}, "t.json", "/tiers/db/instance",
     "did you mean 'db.m5.large'?"},
    {"lb_instance_of_wrong_kind", R"({"tiers": {"lb": {"instance": "m5.large"}}})", {}, "t.json", "/tiers/lb/instance",
     "kind load_balancer"},
    {"empty_document", "  \n\t ", {}, "t.json", "", "found an empty file"},
    {"invalid_json_line_column", "{\n  \"tiers\": {\"app\": {\"count\": 2,}}\n}", {}, "t.json", "",
     "syntax error at line 2, column 32"},
    {"top_level_array", R"([1, 2])", {}, "t.json", "", "expected an object at the top level, found [1,2]"},
    {"top_level_string", R"("hello")", {}, "t.json", "", R"(found "hello")"},
    {"set_unknown_path", "{}", {"tiers.app.cont=3"}, "--set", "/tiers/app/cont",
     "unknown field 'tiers.app.cont', did you mean 'tiers.app.count'?"},
    {"set_old_tier_path", "{}", {"app.count=6"}, "--set", "/app/count",
     "unknown field 'app.count'; the tier sections moved under 'tiers': did you mean 'tiers.app.count'?"},
    {"set_old_tier_path_with_typo", "{}", {"lb.polcy=random"}, "--set", "/lb/polcy",
     "unknown field 'lb.polcy'; the tier sections moved under 'tiers': did you mean 'tiers.lb.policy'?"},
    {"set_without_equals", "{}", {"tiers.app.count"}, "--set", "",
     R"(expected PATH=VALUE, found "tiers.app.count")"},
    {"set_bad_value", "{}", {"tiers.app.count=0"}, "--set", "/tiers/app/count", "expected an integer >= 1, found 0"},
    {"set_wrong_type", "{}", {"tiers.db.enabled=maybe"}, "--set", "/tiers/db/enabled", R"(found "maybe")"},
    {"set_a_whole_section", "{}", {"tiers.app={\"count\": 2}"}, "--set", "/tiers/app",
     "expected a field, found the section 'tiers.app'; set one of its fields, e.g. tiers.app.count"},
    {"set_the_tiers_section", "{}", {"tiers=3"}, "--set", "/tiers",
     "expected a field, found the section 'tiers'; set one of its fields, e.g. tiers.app.count"},
    {"set_extends", "{}", {"extends=other.json"}, "--set", "/extends", "only a file can extend another"},
    // The fault timeline (issue 3) and its neighbours.
    {"fault_unknown_action", R"({"faults": [{"at_s": 10, "action": "explode", "target": "app-0"}]})", {}, "t.json",
     "/faults/0/action", R"(expected one of crash, recover, slow, cut, heal, scale_out, scale_in; found "explode")"},
    {"fault_unknown_target", R"({"tiers": {"app": {"count": 2}, "lb": {"enabled": true}},
                                 "faults": [{"at_s": 10, "action": "crash", "target": "app-7"}]})", {}, "t.json",
     "/faults/0/target", R"(expected a target of crash: app-0, app-1; found "app-7" (this run has 2 app servers)"},
    {"fault_misspelt_target", R"({"faults": [{"at_s": 10, "action": "slow", "target": "dbb", "factor": 2}]})", {},
     "t.json", "/faults/0/target", "(did you mean 'db'?)"},
    {"fault_beyond_the_run", R"({"sim": {"duration_s": 60}, "faults": [{"at_s": 60, "action": "crash", "target": "app-0"}]})",
     {}, "t.json", "/faults/0/at_s", "expected a time < sim.duration_s (60), found 60"},
    {"fault_negative_time", R"({"faults": [{"at_s": -1, "action": "crash", "target": "app-0"}]})", {}, "t.json",
     "/faults/0/at_s", "expected a number >= 0, found -1"},
    {"fault_missing_target", R"({"faults": [{"at_s": 5, "action": "crash"}]})", {}, "t.json", "/faults/0",
     "expected a field 'target' (required in every faults entry), found none"},
    {"fault_unknown_key", R"({"faults": [{"at_s": 5, "action": "crash", "target": "app-0", "delay": 3}]})", {},
     "t.json", "/faults/0/delay", "unknown field 'delay'; expected one of at_s, action, target, factor, count"},
    {"fault_entry_not_an_object", R"({"faults": ["crash app-0"]})", {}, "t.json", "/faults/0",
     R"(expected an object, found "crash app-0")"},
    {"faults_not_an_array", R"({"faults": {"at_s": 5}})", {}, "t.json", "/faults",
     R"(expected an array of objects, found {"at_s":5})"},
    {"fault_zero_slow_factor", R"({"faults": [{"at_s": 5, "action": "slow", "target": "app-0", "factor": 0}]})", {},
     "t.json", "/faults/0/factor", "expected a number > 0, found 0"},
    {"scale_without_load_balancer", R"({"faults": [{"at_s": 5, "action": "scale_out", "target": "app"}]})", {},
     "t.json", "/faults/0/action", "expected tiers.lb.enabled = true for scale_out"},
    {"scale_in_to_zero", R"({"tiers": {"app": {"count": 2}, "lb": {"enabled": true}},
                            "faults": [{"at_s": 5, "action": "scale_in", "target": "app", "count": 2}]})", {},
     "t.json", "/faults/0/count", "expected a scale_in that leaves at least one server, found 2 of the 2"},
    {"cut_unknown_zone", R"({"tiers": {"app": {"zones": 2}}, "faults": [{"at_s": 5, "action": "cut", "target": "zone-c"}]})",
     {}, "t.json", "/faults/0/target", "expected a target of cut: app-0, zone-a, zone-b"},
    {"fault_set_from_the_command_line", "{}", {R"(faults=[{"at_s": 1, "action": "recover", "target": "app-3"}])"},
     "--set", "/faults/0/target", "expected a target of recover: app-0"},
    {"unknown_session_store", R"({"sessions": {"store": "memcache"}})", {}, "t.json", "/sessions/store",
     R"(expected one of none, local, redis, jwt; found "memcache")"},
    {"session_store_not_a_cache", R"({"sessions": {"store": "redis"}, "tiers": {"session_store": {"instance": "m5.large"}}})",
     {}, "t.json", "/tiers/session_store/instance", R"(expected an instance type of kind cache, found "m5.large" (kind compute))"},
    // Replicas and the cache (issue 4).
    {"negative_replicas", R"({"tiers": {"db": {"replicas": -1}}})", {}, "t.json", "/tiers/db/replicas",
     "expected an integer >= 0, found -1"},
    {"negative_ttl", R"({"tiers": {"cache": {"enabled": true, "ttl_s": -5}}})", {}, "t.json", "/tiers/cache/ttl_s",
     "expected a number >= 0, found -5"},
    {"cache_capacity_zero", R"({"tiers": {"cache": {"enabled": true, "capacity_items": 0}}})", {}, "t.json",
     "/tiers/cache/capacity_items", "expected an integer >= 1, found 0"},
    {"cache_larger_than_its_node", R"({"tiers": {"cache": {"enabled": true, "capacity_items": 10000000, "value_kb": 4}}})",
     {}, "t.json", "/tiers/cache/capacity_items", "expected a capacity whose values fit in cache.m5.large's 6.38 GiB"},
    {"cache_bytes_larger_than_its_node", R"({"tiers": {"cache": {"enabled": true, "capacity_mb": 10000}}})", {}, "t.json",
     "/tiers/cache/capacity_mb", "expected a capacity that fits in cache.m5.large's 6.38 GiB, found 10000 MiB"},
    {"unknown_cache_policy", R"({"tiers": {"cache": {"policy": "fifo"}}})", {}, "t.json", "/tiers/cache/policy",
     R"(expected one of lru, lfu; found "fifo")"},
    {"unknown_read_policy", R"({"tiers": {"db": {"replicas": 1, "read_policy": "nearest"}}})", {}, "t.json",
     "/tiers/db/read_policy", R"(expected one of any_replica, primary_window, write_token; found "nearest")"},
    {"cache_without_database", R"({"tiers": {"db": {"enabled": false}, "cache": {"enabled": true}}})", {}, "t.json",
     "/tiers/cache/enabled", "expected tiers.db.enabled = true with a cache"},
    {"replicas_on_a_colocated_box", R"({"tiers": {"db": {"colocated": true, "replicas": 1}}})", {}, "t.json",
     "/tiers/db/replicas", "expected 0 when tiers.db.colocated is true, found 1"},
    {"slow_unknown_replica", R"({"tiers": {"db": {"replicas": 2}}, "faults": [{"at_s": 5, "action": "slow", "target": "db-replica-3", "factor": 4}]})",
     {}, "t.json", "/faults/0/target", "db-replica-1, db-replica-2"},
};

INSTANTIATE_TEST_SUITE_P(Scenario, BadInput, ::testing::ValuesIn(kBadCases),
                         [](const auto& param_info) { return param_info.param.name; });

TEST(ScenarioFiles, MissingFile) {
  const std::string path = kData + "no_such_file.json";
  auto issues = issues_of([&] { load_scenario(path); });
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_TRUE(has_issue(issues, path, "", "no such file"));
}

TEST(ScenarioFiles, DirectoryIsNotAFile) {
  auto issues = issues_of([&] { load_scenario(kData + "sub"); });
  EXPECT_TRUE(has_issue(issues, kData + "sub", "", "directory"));
}

TEST(ScenarioFiles, EmptyFile) {
  auto issues = issues_of([&] { load_scenario(kData + "empty.json"); });
  EXPECT_TRUE(has_issue(issues, kData + "empty.json", "", "expected a JSON object, found an empty file"));
}

TEST(ScenarioFiles, InvalidJsonGivesLineAndColumn) {
  auto issues = issues_of([&] { load_scenario(kData + "invalid.json"); });
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_TRUE(has_issue(issues, kData + "invalid.json", "", "syntax error at line 5, column 5"));
}

TEST(ScenarioFiles, TopLevelArray) {
  auto issues = issues_of([&] { load_scenario(kData + "array.json"); });
  EXPECT_TRUE(has_issue(issues, kData + "array.json", "", "expected an object at the top level"));
}

TEST(ScenarioFiles, ExtendsCycleNamesTheChain) {
  auto issues = issues_of([&] { load_scenario(kData + "cycle_a.json"); });
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_TRUE(has_issue(issues, kData + "cycle_b.json", "/extends",
                        "cycle " + kData + "cycle_a.json -> " + kData + "cycle_b.json -> " + kData + "cycle_a.json"));
}

TEST(ScenarioFiles, ExtendsMissingFile) {
  auto issues = issues_of([&] { load_scenario(kData + "extends_missing.json"); });
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_TRUE(has_issue(issues, kData + "extends_missing.json", "/extends",
                        "expected a readable scenario file, found \"does_not_exist.json\" at '" + kData +
                            "does_not_exist.json' (no such file)"));
}

TEST(ScenarioFiles, ErrorInBaseNamesTheBaseFile) {
  auto issues = issues_of([&] { load_scenario(kData + "extends_bad_base.json"); });
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_TRUE(has_issue(issues, kData + "bad_base.json", "/tiers/app/count", "expected an integer >= 1, found 0"));
  EXPECT_TRUE(has_issue(issues, kData + "extends_bad_base.json", "/sim/duration_s", "expected a number > 0"));
}

TEST(ScenarioFiles, SeveralErrorsReportedAtOnce) {
  const std::string f = kData + "several_errors.json";
  auto issues = issues_of([&] { load_scenario(f); });
  EXPECT_EQ(issues.size(), 6u);
  EXPECT_TRUE(has_issue(issues, f, "/tiers/app/cont", "did you mean 'count'?"));
  EXPECT_TRUE(has_issue(issues, f, "/tiers/app/instance", "did you mean 'm5.large'?"));
  EXPECT_TRUE(has_issue(issues, f, "/workload/users", R"(expected an integer, found "many")"));
  EXPECT_TRUE(has_issue(issues, f, "/workload/think_time_s", "expected a number >= 0, found -1"));
  EXPECT_TRUE(has_issue(issues, f, "/tiers/lb/policy", "did you mean 'round_robin'?"));
  EXPECT_TRUE(has_issue(issues, f, "/sim/warmup_s", "expected a number < sim.duration_s (30)"));
}

TEST(ScenarioFiles, SetAndFileErrorsTogether) {
  auto issues = issues_of(
      [&] { load_scenario_text(R"({"tiers": {"app": {"count": 0}}})", "t.json", {"tiers.lb.polcy=random"}); });
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_TRUE(has_issue(issues, "--set", "/tiers/lb/polcy", "did you mean 'tiers.lb.policy'?"));
  EXPECT_TRUE(has_issue(issues, "t.json", "/tiers/app/count", ">= 1"));
}

TEST(ScenarioFiles, IssueToStringAndWhat) {
  InputIssue i{"a.json", "/tiers/app/count", "expected an integer >= 1, found 0"};
  EXPECT_EQ(i.to_string(), "a.json: /tiers/app/count: expected an integer >= 1, found 0");
  InputIssue whole{"a.json", "", "expected a JSON object, found an empty file"};
  EXPECT_EQ(whole.to_string(), "a.json: expected a JSON object, found an empty file");
  InputError e({i, whole});
  EXPECT_EQ(std::string(e.what()), i.to_string() + "\n" + whole.to_string());
  EXPECT_EQ(e.issues().size(), 2u);
}

}  // namespace
}  // namespace ladder
