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
    // The object store of uploads is a store of kind object that uploads.store names.
    {"old_object_store_section", R"({"uploads": {"object_store": {"put_ms": 5}}})", {}, "t.json",
     "/uploads/object_store", R"(the object store is a store of its own now: "stores": {"objects": {"kind": "object"}})"},
    {"old_object_store_set", "{}", {"uploads.object_store.put_ms=5"}, "--set", "/uploads/object_store/put_ms",
     "(uploads.object_store.put_ms -> stores.objects.put_ms)"},
    {"old_upload_store_value", R"({"uploads": {"store": "object_store"}})", {}, "t.json", "/uploads/store",
     R"(expected an object store, found "object_store", which names no entity (the scenario has no object store); )"
     R"(uploads.store is "local" or the name of a store of kind object)"},
    {"upload_store_names_a_sql_store", R"({"uploads": {"store": "db"}})", {}, "t.json", "/uploads/store",
     R"(expected an object store, found sql store "db")"},
    {"object_store_unused", R"({"stores": {"db": {"kind": "sql"}, "objects": {"kind": "object"}}})", {}, "t.json",
     "/stores/objects", R"(expected a use for this object store: uploads.store naming it, found uploads.store "local")"},
    {"two_object_stores", R"({"stores": {"db": {"kind": "sql"}, "a": {"kind": "object"}, "b": {"kind": "object"}},
       "uploads": {"store": "a"}})", {}, "t.json", "/stores", "expected at most one object store, found 2 (a, b)"},
    {"object_field_on_a_sql_store", R"({"stores": {"db": {"kind": "sql", "put_ms": 5}}})", {}, "t.json",
     "/stores/db/put_ms", "expected the fields of a sql store, found 'put_ms' (a field of another kind of store)"},
    {"integer_given_a_string", R"({"services": {"app": {"count": "four"}}})", {}, "t.json", "/services/app/count",
     R"(expected an integer, found "four")"},
    {"integer_given_a_fraction", R"({"services": {"app": {"count": 1.5}}})", {}, "t.json", "/services/app/count",
     "expected an integer, found 1.5"},
    {"number_given_a_string", R"({"sim": {"duration_s": "60s"}})", {}, "t.json", "/sim/duration_s",
     R"(expected a number, found "60s")"},
    {"boolean_given_a_string", R"({"stores": {"db": {"kind": "sql", "buffer_pool": "yes"}}})", {}, "t.json", "/stores/db/buffer_pool",
     R"(expected a boolean (true or false), found "yes")"},
    {"string_given_a_number", R"({"services": {"app": {"instance": 5}}})", {}, "t.json", "/services/app/instance",
     "expected a string, found 5"},
    {"section_not_an_object", R"({"services": {"app": 3}})", {}, "t.json", "/services/app", "expected an object, found 3"},
    {"old_shape_tiers", R"({"tiers": {"app": {"count": 2}}})", {}, "t.json", "/tiers",
     "unknown field 'tiers'; `tiers` was replaced by the maps of named entities `services`, `stores`, `caches` and "
     "`lbs` (tiers.app -> services.app, tiers.db -> stores.db with \"kind\": \"sql\""},
    {"old_shape_service", R"({"service": {"cv": 2}})", {}, "t.json", "/service",
     "unknown field 'service'; the scenario shape changed: did you mean 'demand'? (`service` was renamed `demand`)"},
    {"old_top_level_tier_section", R"({"app": {"count": 2}})", {}, "t.json", "/app",
     "unknown field 'app'; the scenario shape changed: did you mean 'services.app'?"},
    {"long_found_value_truncated", R"({"name": ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"]})", {}, "t.json",
     "/name", R"(expected a string, found ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...)"},
    {"negative_rate", R"({"workload": {"model": "open", "rate_rps": -5}})", {}, "t.json", "/workload/rate_rps",
     "expected a number >= 0, found -5"},
    {"open_model_without_rate_or_dau", R"({"workload": {"model": "open", "rate_rps": 0}})", {}, "t.json",
     "/workload/rate_rps", "expected workload.rate_rps > 0 or workload.dau > 0"},
    {"users_and_dau", R"({"workload": {"dau": 1000, "users": 50}})", {}, "t.json", "/workload/users",
     "expected no workload.users when workload.dau is stated (the closed loop's users are derived from dau), "
     "found 50; state the load once"},
    {"users_set_over_dau", R"({"workload": {"dau": 1000}})", {"workload.users=50"}, "--set", "/workload/users",
     "expected no workload.users when workload.dau is stated"},
    {"rate_and_dau", R"({"workload": {"model": "open", "dau": 1000, "rate_rps": 25}})", {}, "t.json",
     "/workload/rate_rps", "expected no workload.rate_rps > 0 when workload.dau is stated (the rate is derived "
     "from dau), found 25"},
    {"dau_too_large_for_users", R"({"workload": {"dau": 1e12}})", {}, "t.json", "/workload/dau",
     "expected a dau whose derived concurrent users are at most "},
    {"zero_duration", R"({"sim": {"duration_s": 0}})", {}, "t.json", "/sim/duration_s",
     "expected a number > 0, found 0"},
    {"zero_app_count", R"({"services": {"app": {"count": 0}}})", {}, "t.json", "/services/app/count",
     "expected an integer >= 1, found 0"},
    {"negative_think_time", R"({"workload": {"think_time_s": -1}})", {}, "t.json", "/workload/think_time_s",
     "expected a number >= 0, found -1"},
    {"zero_service_cv", R"({"demand": {"cv": 0}})", {}, "t.json", "/demand/cv", "expected a number > 0, found 0"},
    {"negative_seed", R"({"seed": -3})", {}, "t.json", "/seed", "expected an integer >= 0, found -3"},
    {"stage_too_high", R"({"stage": 11})", {}, "t.json", "/stage", "expected an integer <= 10, found 11"},
    {"unknown_key_with_suggestion", R"({"services": {"app": {"cont": 2}}})", {}, "t.json", "/services/app/cont",
     "unknown field 'cont', did you mean 'count'?"},
    {"unknown_top_level_key", R"({"wrkload": {}})", {}, "t.json", "/wrkload",
     "unknown field 'wrkload', did you mean 'workload'?"},
    {"unknown_key_lists_choices", R"({"lbs": {"lb": {"to": "app", "zzzzzzzzzz": 1}}})", {}, "t.json", "/lbs/lb/zzzzzzzzzz",
     "expected one of to, policy, instance, drain_s, health"},
    {"unknown_enum_value", R"({"lbs": {"lb": {"to": "app", "policy": "roundrobin"}}})", {}, "t.json", "/lbs/lb/policy",
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
    {"colocated_with_two_app_servers", R"({"services": {"app": {"count": 2}}, "stores": {"db": {"kind": "sql", "colocated_with": "app"}}})", {},
     "t.json", "/services/app/count", "expected 1 when stores.db.colocated_with names the service (the database shares its one host), found 2"},
    {"colocated_with_load_balancer", R"({"stores": {"db": {"kind": "sql", "colocated_with": "app"}}, "lbs": {"lb": {"to": "app"}}})", {},
     "t.json", "/lbs/lb", "expected no load balancer when stores.db.colocated_with names the service"},
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
     R"({"workload": {"users": 10000000, "think_time_s": 0.1}, "services": {"app": {"count": 1000, "instance": "m5.24xlarge"}}, "sim": {"duration_s": 100000}})",
     {}, "t.json", "/sim/duration_s", "the limit is 1e8"},
    {"closed_loop_with_no_time_in_it",
     R"({"workload": {"think_time_s": 0}, "network": {"client_latency_ms": 0}})", {}, "t.json",
     "/workload/think_time_s", "expected workload.think_time_s > 0 or network.client_latency_ms > 0"},
    {"refused_users_count_at_full_rate",
     R"({"workload": {"users": 10000000, "think_time_s": 1}, "sim": {"duration_s": 60}})", {}, "t.json",
     "/sim/duration_s", "this run would simulate ~5.8e8 requests"},  // 1e7 users / (1 s + 2 × 20 ms) × 60 s
    {"absurd_rate_from_dau", R"({"workload": {"model": "open", "dau": 1e12}})", {}, "t.json", "/workload/dau",
     "expected a resolved arrival rate <= 10000000 req/s"},
    {"unknown_app_instance", R"({"services": {"app": {"instance": "m5.lrge"}}})", {}, "t.json", "/services/app/instance",
     R"(found "m5.lrge" (did you mean 'm5.large'?))"},
    {"app_instance_of_wrong_kind", R"({"services": {"app": {"instance": "db.m5.large"}}})", {}, "t.json",
     "/services/app/instance",
     R"(expected an instance type of kind compute, found "db.m5.large" (kind database))"},
    {"unknown_db_instance", R"({"stores": {"db": {"kind": "sql", "instance": "db.m5.lrge"}}})", {}, "t.json", "/stores/db/instance",
     "did you mean 'db.m5.large'?"},
    {"lb_instance_of_wrong_kind", R"({"lbs": {"lb": {"to": "app", "instance": "m5.large"}}})", {}, "t.json", "/lbs/lb/instance",
     "kind load_balancer"},
    {"empty_document", "  \n\t ", {}, "t.json", "", "found an empty file"},
    {"invalid_json_line_column", "{\n  \"services\": {\"app\": {\"count\": 2,}}\n}", {}, "t.json", "",
     "syntax error at line 2, column 35"},
    {"top_level_array", R"([1, 2])", {}, "t.json", "", "expected an object at the top level, found [1,2]"},
    {"top_level_string", R"("hello")", {}, "t.json", "", R"(found "hello")"},
    {"set_unknown_path", "{}", {"services.app.cont=3"}, "--set", "/services/app/cont",
     "unknown field 'services.app.cont', did you mean 'services.app.count'?"},
    {"set_old_tier_path", "{}", {"app.count=6"}, "--set", "/app/count",
     "unknown field 'app.count'; the scenario shape changed: did you mean 'services.app.count'?"},
    {"set_old_shape_path", "{}", {"tiers.app.count=6"}, "--set", "/tiers/app/count",
     "unknown field 'tiers.app.count'; the scenario shape changed: did you mean 'services.app.count'?"},
    {"set_old_enabled_flag", "{}", {"tiers.lb.enabled=true"}, "--set", "/tiers/lb/enabled",
     "`enabled` flags became the entity's presence"},
    {"set_old_tier_path_with_typo", "{}", {"lb.polcy=random"}, "--set", "/lb/polcy",
     "unknown field 'lb.polcy'; the scenario shape changed: did you mean 'lbs.lb.policy'?"},
    {"set_without_equals", "{}", {"services.app.count"}, "--set", "",
     R"(expected PATH=VALUE, found "services.app.count")"},
    {"set_bad_value", "{}", {"services.app.count=0"}, "--set", "/services/app/count", "expected an integer >= 1, found 0"},
    {"set_wrong_type", "{}", {"stores.db.buffer_pool=maybe"}, "--set", "/stores/db/buffer_pool", R"(found "maybe")"},
    {"set_a_whole_entity", "{}", {"services.app={\"count\": 2}"}, "--set", "/services/app",
     "expected a field of the entity 'services.app' (e.g. services.app.count), or null to delete it"},
    {"set_a_whole_map", "{}", {"services=3"}, "--set", "/services",
     "expected a field, found the section 'services'; set one of its fields, e.g. services.app.count"},
    {"set_extends", "{}", {"extends=other.json"}, "--set", "/extends", "only a file can extend another"},
    // The fault timeline (issue 3) and its neighbours.
    {"fault_unknown_action", R"({"faults": [{"at_s": 10, "action": "explode", "target": "app-0"}]})", {}, "t.json",
     "/faults/0/action", R"(expected one of crash, recover, slow, cut, heal, scale_out, scale_in; found "explode")"},
    {"fault_unknown_target", R"({"services": {"app": {"count": 2}}, "lbs": {"lb": {"to": "app"}}, "faults": [{"at_s": 10, "action": "crash", "target": "app-7"}]})", {}, "t.json",
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
     "t.json", "/faults/0/action", "expected a load balancer (lbs) for scale_out (the load balancer adds and removes servers), found none"},
    {"scale_in_to_zero", R"({"services": {"app": {"count": 2}}, "lbs": {"lb": {"to": "app"}}, "faults": [{"at_s": 5, "action": "scale_in", "target": "app", "count": 2}]})", {},
     "t.json", "/faults/0/count", "expected a scale_in that leaves at least one server, found 2 of the 2"},
    {"cut_unknown_zone", R"({"services": {"app": {"zones": 2}}, "faults": [{"at_s": 5, "action": "cut", "target": "zone-c"}]})",
     {}, "t.json", "/faults/0/target", R"(expected a target of cut: app-0, zone-a; found "zone-c")"},
    // A zone the tier is spread over but with no server in it is nothing to cut.
    {"cut_empty_zone", R"({"services": {"app": {"zones": 2}}, "faults": [{"at_s": 5, "action": "cut", "target": "zone-b"}]})",
     {}, "t.json", "/faults/0/target", "(zone-b has no app server: app-i runs in zone i mod 2)"},
    // The cache slows down (its registry entry is slowable), as the stores do; it does not crash.
    {"crash_the_cache", R"({"caches": {"cache": {}}, "stores": {"db": {"kind": "sql", "cache_aside": "cache"}}, "faults": [{"at_s": 5, "action": "crash", "target": "cache"}]})",
     {}, "t.json", "/faults/0/target", R"(expected a target of crash: app-0; found "cache")"},
    {"fault_set_from_the_command_line", "{}", {R"(faults=[{"at_s": 1, "action": "recover", "target": "app-3"}])"},
     "--set", "/faults/0/target", "expected a target of recover: app-0"},
    {"unknown_session_store", R"({"sessions": {"mode": "memcache"}})", {}, "t.json", "/sessions/mode",
     R"(expected one of none, local, redis, jwt; found "memcache")"},
    {"session_store_not_a_cache", R"({"sessions": {"mode": "redis", "store": "session-store"}, "stores": {"db": {"kind": "sql"}, "session-store": {"kind": "kv", "instance": "m5.large"}}})",
     {}, "t.json", "/stores/session-store/instance", R"(expected an instance type of kind cache, found "m5.large" (kind compute))"},
    // Replicas and the cache (issue 4).
    {"negative_replicas", R"({"stores": {"db": {"kind": "sql", "replicas": -1}}})", {}, "t.json", "/stores/db/replicas",
     "expected an integer >= 0, found -1"},
    {"negative_ttl", R"({"caches": {"cache": {"ttl_s": -5}}, "stores": {"db": {"kind": "sql", "cache_aside": "cache"}}})", {}, "t.json", "/caches/cache/ttl_s",
     "expected a number >= 0, found -5"},
    {"cache_capacity_zero", R"({"caches": {"cache": {"capacity_items": 0}}, "stores": {"db": {"kind": "sql", "cache_aside": "cache"}}})", {}, "t.json",
     "/caches/cache/capacity_items", "expected an integer >= 1, found 0"},
    {"cache_larger_than_its_node", R"({"caches": {"cache": {"capacity_items": 10000000, "value_kb": 4}}, "stores": {"db": {"kind": "sql", "cache_aside": "cache"}}})",
     {}, "t.json", "/caches/cache/capacity_items", "expected a capacity whose values fit in cache.m5.large's 6.38 GiB"},
    {"cache_bytes_larger_than_its_node", R"({"caches": {"cache": {"capacity_mb": 10000}}, "stores": {"db": {"kind": "sql", "cache_aside": "cache"}}})", {}, "t.json",
     "/caches/cache/capacity_mb", "expected a capacity that fits in cache.m5.large's 6.38 GiB, found 10000 MiB"},
    {"unknown_cache_policy", R"({"caches": {"cache": {"policy": "fifo"}}, "stores": {"db": {"kind": "sql", "cache_aside": "cache"}}})", {}, "t.json", "/caches/cache/policy",
     R"(expected one of lru, lfu; found "fifo")"},
    {"unknown_read_policy", R"({"stores": {"db": {"kind": "sql", "replicas": 1, "read_policy": "nearest"}}})", {}, "t.json",
     "/stores/db/read_policy", R"(expected one of any_replica, primary_window, write_token; found "nearest")"},
    {"cache_without_database", R"({"stores": {}, "caches": {"cache": {}}})", {}, "t.json",
     "/caches/cache", "expected a sql store whose cache_aside names this cache"},
    {"replicas_on_a_colocated_box", R"({"stores": {"db": {"kind": "sql", "colocated_with": "app", "replicas": 1}}})", {}, "t.json",
     "/stores/db/replicas", "expected 0 when stores.db.colocated_with names the service (replicas need the database on its own host), found 1"},
    {"slow_unknown_replica", R"({"stores": {"db": {"kind": "sql", "replicas": 2}}, "faults": [{"at_s": 5, "action": "slow", "target": "db-replica-3", "factor": 4}]})",
     {}, "t.json", "/faults/0/target", "db-replica-1, db-replica-2"},
    // Issue 17, item 1: a number too large for a double, anywhere a number may stand.
    {"number_too_large", R"({"sim": {"duration_s": 1e400}})", {}, "t.json", "/sim/duration_s",
     "found a number too large: \"1e400\" at line 1, column 24"},
    {"negative_number_too_large", R"({"seed": -1e999})", {}, "t.json", "/seed", "found a number too large"},
    {"integer_too_large", "{\"services\": {\"app\": {\"count\": 1" + std::string(400, '0') + "}}}", {}, "t.json",
     "/services/app/count", "found a number too large"},
    {"number_too_large_in_a_list", R"({"faults": [{"at_s": 1, "action": "crash", "target": "app-0"}, {"at_s": 2e308}]})",
     {}, "t.json", "/faults/1/at_s", "found a number too large"},
    {"number_too_large_in_set", R"({})", {"sim.duration_s=1e400"}, "--set", "/sim/duration_s",
     "expected a number that fits in a double (at most ~1.8e308), found a number too large: \"1e400\""},
    // Item 2: a key given twice names both places.
    {"duplicate_top_level_key", "{\"services\": {\"app\": {\"count\": 8}},\n \"services\": {\"app\": {\"count\": 4}}}", {},
     "t.json", "/services",
     "expected each key once in an object, found \"services\" twice: at line 1, column 2 and at line 2, column 2"},
    {"duplicate_nested_key", R"({"services": {"app": {"count": 8, "count": 4}}})", {}, "t.json", "/services/app/count",
     "at line 1, column 23 and at line 1, column 35"},
    {"duplicate_key_spelt_with_an_escape", R"({"seed": 1, "se\u0065d": 2})", {}, "t.json", "/seed", "twice"},
    // Item 5: a denormal where a positive size is expected.
    {"denormal_interval", R"({"sim": {"timeline_interval_s": 1e-320}})", {}, "t.json", "/sim/timeline_interval_s",
     "expected a number > 0 (at least 2.23e-308, the smallest normal double), found 1e-320 (a denormal)"},
    {"denormal_size", R"({"stores": {"db": {"kind": "sql", "row_kb": 4.9e-324}}})", {}, "t.json", "/stores/db/row_kb", "(a denormal)"},
    {"denormal_in_set", R"({})", {"caches.cache.value_kb=1e-310"}, "--set", "/caches/cache/value_kb", "(a denormal)"},
    // The named topology: references by name, their kinds, what today's engine can run.
    {"reference_to_no_entity", R"({"lbs": {"lb": {"to": "ap"}}})", {}, "t.json", "/lbs/lb/to",
     R"(expected a service, found "ap", which names no entity (did you mean "app"?))"},
    {"reference_to_the_wrong_kind", R"({"lbs": {"lb": {"to": "db"}}})", {}, "t.json", "/lbs/lb/to",
     R"(expected a service, found sql store "db")"},
    {"reference_set_to_the_wrong_kind", R"({})", {"stores.db.cache_aside=app"}, "--set", "/stores/db/cache_aside",
     R"(expected a cache, found service "app")"},
    {"colocated_with_no_entity", R"({"stores": {"db": {"kind": "sql", "colocated_with": "apq"}}})", {}, "t.json",
     "/stores/db/colocated_with", R"(did you mean "app"?)"},
    {"entry_of_the_wrong_kind", R"({"entry": "db"})", {}, "t.json", "/entry",
     R"(expected a load balancer or a service, found sql store "db")"},
    {"entry_bypassing_the_load_balancer", R"({"lbs": {"lb": {"to": "app"}}, "entry": "app"})", {}, "t.json", "/entry",
     R"(expected the load balancer "lb" (with a load balancer every request goes through it), found service "app")"},
    {"sessions_store_of_the_wrong_kind", R"({"sessions": {"mode": "redis", "store": "db"}})", {}, "t.json",
     "/sessions/store", R"(expected a kv store, found sql store "db")"},
    {"sessions_store_given_a_mode", R"({"sessions": {"mode": "redis", "store": "redis"}})", {}, "t.json",
     "/sessions/store", "(where sessions live is now sessions.mode)"},
    {"redis_sessions_without_a_store", R"({"sessions": {"mode": "redis"}})", {}, "t.json", "/sessions/store",
     R"(expected the name of the kv store holding the sessions (sessions.mode "redis"), found "")"},
    {"unused_kv_store", R"({"stores": {"db": {"kind": "sql"}, "session-store": {"kind": "kv"}}})", {}, "t.json",
     "/stores/session-store", "today's engine runs a kv store only as the session store"},
    {"unused_cache", R"({"caches": {"cache": {}}})", {}, "t.json", "/caches/cache",
     "expected a sql store whose cache_aside names this cache"},
    {"store_without_kind", R"({"stores": {"db": {"replicas": 1}}})", {}, "t.json", "/stores/db",
     "expected a field 'kind' (required in every stores entry: sql, kv, object), found none"},
    {"field_of_another_store_kind", R"({"stores": {"db": {"kind": "sql", "op_cpu_ms": 1}}})", {}, "t.json",
     "/stores/db/op_cpu_ms", "expected the fields of a sql store, found 'op_cpu_ms' (a field of another kind of store)"},
    {"lb_without_to", R"({"lbs": {"lb": {"policy": "random"}}})", {}, "t.json", "/lbs/lb",
     "expected a field 'to' (required in every lbs entry), found none"},
    {"bad_entity_name", R"({"caches": {"my cache": {}}})", {}, "t.json", "/caches/my cache",
     "expected a name of 1 to 64 letters, digits, '-' or '_'"},
    {"two_services_without_an_entry", R"({"services": {"app": {}, "api": {}}})", {}, "t.json", "/entry",
     R"(expected the entry service (the one the users' requests reach) with several services (api, app): set "entry")"},
    {"two_sql_stores", R"({"stores": {"db": {"kind": "sql"}, "users": {"kind": "sql"}}})", {}, "t.json", "/stores",
     "expected at most one sql store, found 2 (db, users): rung 8 (issue 12, sharding and several stores)"},
    {"two_load_balancers", R"({"lbs": {"lb": {"to": "app"}, "lb2": {"to": "app"}}})", {}, "t.json", "/lbs",
     "expected at most one load balancer, found 2"},
    // Entities go by their own names: a rule between fields is reported at the entity's place.
    {"renamed_store_rule_at_its_place",
     R"({"services": {"web": {}}, "stores": {"pg": {"kind": "sql", "colocated_with": "web", "replicas": 1}}})", {},
     "t.json", "/stores/pg/replicas", "expected 0 when stores.pg.colocated_with names the service"},
    {"renamed_service_fault_target", R"({"services": {"web": {"count": 2}}, "faults": [{"at_s": 5, "action": "crash", "target": "app-1"}]})",
     {}, "t.json", "/faults/0/target", R"(expected a target of crash: web-0, web-1; found "app-1")"},
    {"cache_named_like_a_scaled_out_server",
     R"({"services": {"web": {}}, "lbs": {"front": {"to": "web"}}, "caches": {"web-1": {}}, "stores": {"pg": {"kind": "sql", "cache_aside": "web-1"}}, "faults": [{"at_s": 5, "action": "scale_out", "target": "web"}]})",
     {}, "t.json", "/caches/web-1", R"(expected names whose instances and hosts are unique, found "web-1" twice)"},
    {"cache_named_like_the_users_host", R"({"caches": {"clients": {}}, "stores": {"db": {"kind": "sql", "cache_aside": "clients"}}})",
     {}, "t.json", "/caches/clients", R"(found "clients" twice)"},
    {"cache_named_like_a_zone", R"({"caches": {"zone-a": {}}, "stores": {"db": {"kind": "sql", "cache_aside": "zone-a"}}})",
     {}, "t.json", "/caches/zone-a", R"(found "zone-a" twice)"},
    {"crash_a_zone", R"({"faults": [{"at_s": 5, "action": "crash", "target": "zone-a"}]})", {}, "t.json",
     "/faults/0/target", "(a zone is a target of cut and heal only)"},
    {"set_naming_the_conventional_service", R"({"services": {"web": {}}})", {"services.app.count=8"}, "t.json",
     "/services", R"((--set created "app"; the scenario's service is "web": write services.web.…))"},
    {"renamed_service_old_server_name", R"({"services": {"web": {"count": 2}}, "faults": [{"at_s": 5, "action": "slow", "target": "app-1"}]})",
     {}, "t.json", "/faults/0/target", R"((the scenario names it "web": did you mean 'web-1'?))"},
    {"crash_the_database", R"({"faults": [{"at_s": 5, "action": "crash", "target": "db"}]})", {}, "t.json",
     "/faults/0/target", "(db takes slow only)"},
    {"long_target_lists_are_compressed", R"({"services": {"app": {"count": 12}}, "stores": {"db": {"kind": "sql", "replicas": 3}}, "faults": [{"at_s": 5, "action": "slow", "target": "nope"}]})",
     {}, "t.json", "/faults/0/target", "expected a target of slow: app-0 … app-11, db, db-replica-1 … db-replica-3;"},
    {"renamed_service_scale_target", R"({"services": {"web": {}}, "lbs": {"front": {"to": "web"}}, "faults": [{"at_s": 5, "action": "scale_out", "target": "app"}]})",
     {}, "t.json", "/faults/0/target", R"(expected a target of scale_out: web; found "app")"},
    {"no_service", R"({"services": {}})", {}, "t.json", "/services", "expected one service"},
    {"duplicate_name_across_maps", R"({"caches": {"db": {}}})", {}, "t.json", "/caches/db",
     R"(expected names unique across services, stores, caches and lbs (their instances included: app-0, db-replica-1, …), found "db" twice)"},
    {"duplicate_name_after_expansion", R"({"services": {"app": {"count": 2}}, "lbs": {"app-1": {"to": "app"}}})", {},
     "t.json", "/lbs/app-1", R"(found "app-1" twice)"},
    // Endpoint programs: one head key per step, references, the mix.
    {"step_with_two_heads", R"({"services": {"app": {"endpoints": {"read": [{"session": "check", "cpu_ms": 6}]}}}})", {},
     "t.json", "/services/app/endpoints/read/0",
     "expected exactly one head key in a step (cpu_ms, query, session, file, call, parallel, respond, publish or fail), found 2: cpu_ms and session"},
    {"step_without_a_head", R"({"services": {"app": {"endpoints": {"read": [{"cpu_ms": 1}, {"io_kb": 4}]}}}})", {},
     "t.json", "/services/app/endpoints/read/1",
     "expected exactly one head key in a step (cpu_ms, query, session, file, call, parallel, respond, publish or fail), found none"},
    {"query_key_in_a_cpu_step", R"({"services": {"app": {"endpoints": {"read": [{"cpu_ms": 1, "write": true}]}}}})", {},
     "t.json", "/services/app/endpoints/read/0/write", "expected only the keys of a cpu step (cpu_ms), found 'write'"},
    {"unknown_step_key", R"({"services": {"app": {"endpoints": {"read": [{"query": "db", "cacheabel": true}]}}}})", {},
     "t.json", "/services/app/endpoints/read/0/cacheabel", "did you mean 'cacheable'?"},
    {"query_to_no_store", R"({"services": {"app": {"endpoints": {"read": [{"query": "dbb", "cpu_ms": 3}]}}}})", {},
     "t.json", "/services/app/endpoints/read/0/query", R"(expected a sql store, found "dbb", which names no entity (did you mean "db"?))"},
    {"query_to_a_service", R"({"services": {"app": {"endpoints": {"read": [{"query": "app"}]}}}})", {},
     "t.json", "/services/app/endpoints/read/0/query", R"(expected a sql store, found service "app")"},
    {"empty_program", R"({"services": {"app": {"endpoints": {"read": []}}}})", {}, "t.json",
     "/services/app/endpoints/read", "expected a non-empty list of steps, found []"},
    {"mix_names_no_endpoint", R"({"services": {"app": {"endpoints": {"read": [{"cpu_ms": 1}]}}}, "workload": {"mix": {"read": 0.9, "write": 0.1, "static": 0, "login": 0}}})",
     {}, "t.json", "/workload/mix/write",
     R"(expected the name of an endpoint of services.app (read), found "write" with weight 0.1)"},
    {"sessions_without_a_login_endpoint", R"({"services": {"app": {"endpoints": {"read": [{"cpu_ms": 1}]}}}, "workload": {"mix": {"read": 1, "write": 0, "static": 0, "login": 0}}, "sessions": {"mode": "local"}})",
     {}, "t.json", "/services/app/endpoints", R"(expected a "login" endpoint with sessions.mode "local")"},
    {"set_one_endpoint_badly", R"({})", {"services.app.endpoints.read=[{\"file\": \"copy\"}]"}, "--set",
     "/services/app/endpoints/read/0/file", "expected one of check, read, write"},
    {"old_class_demand", R"({"classes": {"read": {"app_cpu_ms": 4}}})", {}, "t.json", "/classes",
     "unknown field 'classes'; a request class's demand is now its endpoint's program: services.app.endpoints.<name>"},
    // Bad input around the maps never gets past the validator to the rules (it crashed once).
    {"services_not_an_object", R"({"services": 3})", {}, "t.json", "/services", "expected an object, found 3"},
    {"mix_key_not_a_name", R"({"workload": {"mix": {"a.b": 0.1}}})", {}, "t.json", "/workload/mix/a.b",
     "expected an endpoint name of 1 to 64 letters"},
    {"delete_an_entity_by_set", R"({})", {"services.app=null"}, "t.json", "/services", "expected one service"},
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
  EXPECT_TRUE(has_issue(issues, kData + "bad_base.json", "/services/app/count", "expected an integer >= 1, found 0"));
  EXPECT_TRUE(has_issue(issues, kData + "extends_bad_base.json", "/sim/duration_s", "expected a number > 0"));
}

TEST(ScenarioFiles, SeveralErrorsReportedAtOnce) {
  const std::string f = kData + "several_errors.json";
  auto issues = issues_of([&] { load_scenario(f); });
  EXPECT_EQ(issues.size(), 6u);
  EXPECT_TRUE(has_issue(issues, f, "/services/app/cont", "did you mean 'count'?"));
  EXPECT_TRUE(has_issue(issues, f, "/services/app/instance", "did you mean 'm5.large'?"));
  EXPECT_TRUE(has_issue(issues, f, "/workload/users", R"(expected an integer, found "many")"));
  EXPECT_TRUE(has_issue(issues, f, "/workload/think_time_s", "expected a number >= 0, found -1"));
  EXPECT_TRUE(has_issue(issues, f, "/lbs/lb/policy", "did you mean 'round_robin'?"));
  EXPECT_TRUE(has_issue(issues, f, "/sim/warmup_s", "expected a number < sim.duration_s (30)"));
}

TEST(ScenarioFiles, SetAndFileErrorsTogether) {
  auto issues = issues_of(
      [&] { load_scenario_text(R"({"services": {"app": {"count": 0}}})", "t.json", {"lbs.lb.polcy=random"}); });
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_TRUE(has_issue(issues, "--set", "/lbs/lb/polcy", "did you mean 'lbs.lb.policy'?"));
  EXPECT_TRUE(has_issue(issues, "t.json", "/services/app/count", ">= 1"));
}

TEST(ScenarioFiles, NumberTooLargeInAnExtendsBaseNamesTheBase) {
  const std::string f = kData + "extends_huge_base.json";
  auto issues = issues_of([&] { load_scenario(f); });
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_TRUE(has_issue(issues, kData + "huge_base.json", "/sim/duration_s",
                        "found a number too large: \"1e400\" at line 4, column 19"));
}

TEST(ScenarioFiles, TinyPositiveNumbersThatAreNormalStillLoad) {
  // The denormal refusal is not a new minimum: the smallest normal double is accepted.
  EXPECT_NO_THROW(load_scenario_text(R"({"stores": {"db": {"kind": "sql", "row_kb": 2.3e-308}}})", "t.json"));
}

TEST(JsonTextIssues, ValidTextWithoutDuplicatesHasNone) {
  EXPECT_TRUE(json_text_issues(R"({"a": [1, 2, {"a": 3}], "b": {"a": "a"}, "c": 1e308})", "t.json").empty());
  // The same key in sibling objects and in array elements is no duplicate.
  EXPECT_TRUE(json_text_issues(R"([{"a": 1}, {"a": 2}])", "t.json").empty());
}

TEST(JsonTextIssues, CommentsAndStringsDoNotConfuseTheScan) {
  const std::string text = "{\n  // \"a\": 1e999, \"a\"\n  /* \"a\": 2 */ \"a\": \"1e999 \\\" \\\"a\\\"\",\n  \"b\": 1e999\n}";
  auto issues = json_text_issues(text, "t.json");
  ASSERT_EQ(issues.size(), 1u) << text;
  EXPECT_EQ(issues[0].json_path, "/b");
  EXPECT_NE(issues[0].message.find("line 4, column 8"), std::string::npos) << issues[0].message;
}

TEST(JsonTextIssues, NeverFailsOnGarbage) {
  for (const std::string text : {"", "{", "}}}]]", "{\"a\"", "\"", "{\"a\": 1e999", "/*", "[[[[1e999,,,"})
    EXPECT_NO_THROW(json_text_issues(text, "t.json")) << text;
}

// ---- run-size estimate (issue 8, item 5) ---------------------------------------------------
// The counts are exact arithmetic on the scenario; only the per-unit costs (RunCosts) are measured.

constexpr const char* kHealthOffender = R"({"workload": {"users": 100}, "sim": {"duration_s": 1000000.0}, "services": {"app": {"count": 1000}}, "lbs": {"lb": {"to": "app", "health": {"interval_s": 0.01}}}, "faults": [{"at_s": 40, "action": "crash", "target": "app-1"}]})";

TEST(RunEstimate, HealthChecksAreServersTimesRounds) {
  Scenario s = load_scenario_text(kHealthOffender, "t.json", {}, LoadOptions{true});
  EXPECT_DOUBLE_EQ(s.estimate.health_checks, 1000 * 1e6 / 0.01);
  EXPECT_EQ(s.estimate.knob, "/lbs/lb/health/interval_s");
  EXPECT_GT(s.estimate.wall_s, kMaxRunWallS);
  auto issues = issues_of([&] { load_scenario_text(kHealthOffender, "t.json"); });
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_TRUE(has_issue(issues, "t.json", "/lbs/lb/health/interval_s", "~1e11 health checks"));
  // Half the servers: 5e10 checks (210 s) + the requests (300 s) is under the limit.
  Scenario half = load_scenario_text(kHealthOffender, "t.json", {"services.app.count=500"});
  EXPECT_DOUBLE_EQ(half.estimate.health_checks, 500 * 1e6 / 0.01);
  EXPECT_LT(half.estimate.wall_s, kMaxRunWallS);
}

TEST(RunEstimate, NoHealthChecksWithoutFaults) {
  // Without faults every server stays healthy and no check is simulated (Model::start).
  Scenario s = load_scenario_text(
      R"({"workload": {"users": 100}, "sim": {"duration_s": 1000000.0}, "services": {"app": {"count": 1000}}, "lbs": {"lb": {"to": "app", "health": {"interval_s": 0.01}}}})",
      "t.json");
  EXPECT_EQ(s.estimate.health_checks, 0);
  EXPECT_LT(s.estimate.wall_s, kMaxRunWallS);
}

TEST(RunEstimate, LagChecksAreReplicasTimesRoundsOnlyWithEviction) {
  const std::string doc = R"({"workload": {"users": 100}, "sim": {"duration_s": 1000000.0}, "stores": {"db": {"kind": "sql", "replicas": 15, "lag_check_s": 0.01, "max_lag_ms": 1000}}})";
  Scenario s = load_scenario_text(doc, "t.json");  // ~7 min by the measured costs: accepted
  EXPECT_DOUBLE_EQ(s.estimate.lag_checks, 15 * 1e6 / 0.01);
  // The estimate is the sum of its terms (100 users / 5.04 s, a server that keeps up).
  const double n = s.estimate.shared_execs;
  EXPECT_DOUBLE_EQ(s.estimate.wall_s, s.estimate.arrivals * RunCosts::kPerRequestS +
                                          s.estimate.arrivals * n * n * RunCosts::kPerRequestPerSharedExecSquaredS +
                                          s.estimate.lag_checks * RunCosts::kPerLagCheckS);
  EXPECT_NEAR(s.estimate.arrivals, 100 / 5.04 * 1e6, 1e-3);
  // max_lag_ms 0: no lag monitor, no checks.
  Scenario none = load_scenario_text(doc, "t.json", {"stores.db.max_lag_ms=0"});
  EXPECT_EQ(none.estimate.lag_checks, 0);
}

TEST(RunEstimate, SharedExecutionsAreTheBusyWorkersOfASaturatedServer) {
  // 100,000 users on one m5.large (2 vCPU) with 100,000 workers: the server is saturated
  // (users / (5 s + 40 ms) ≈ 19,841 req/s × 6.24 ms ≫ 2 cores), so every user's request is an
  // execution sharing its cores. Its throughput is the CPU's, 2 / 6.24 ms ≈ 320.5 req/s.
  const std::string doc = R"({"workload": {"users": 100000}, "services": {"app": {"workers": 100000}}})";
  Scenario s = load_scenario_text(doc, "t.json", {}, LoadOptions{true});
  EXPECT_DOUBLE_EQ(s.estimate.shared_execs, 1e5);
  EXPECT_NEAR(s.estimate.arrivals, 2000.0 / 6.24 * 60, 1e-6);
  EXPECT_EQ(s.estimate.knob, "/services/app/workers");
  EXPECT_TRUE(has_issue(issues_of([&] { load_scenario_text(doc, "t.json"); }), "t.json", "/services/app/workers",
                        "sharing its host with ~1e5 executions in flight"));
  EXPECT_DOUBLE_EQ(s.estimate.wall_s, s.estimate.arrivals * (RunCosts::kPerRequestS +
                                                             1e10 * RunCosts::kPerRequestPerSharedExecSquaredS));
  // A server that keeps up has about its offered load in flight: 100 users / 5.04 s × 6.24 ms.
  Scenario light = load_scenario_text(R"({"services": {"app": {"workers": 100000}}})", "t.json");
  EXPECT_NEAR(light.estimate.shared_execs, 100 / 5.04 * 6.24e-3, 1e-9);
}

TEST(RunEstimate, ArrivalsJustUnderTheCapAreStillRefusedForTheirTime) {
  const std::string doc = R"({"workload": {"model": "open", "rate_rps": 1e7}, "sim": {"duration_s": 10, "warmup_s": 1}})";
  Scenario s = load_scenario_text(doc, "t.json", {}, LoadOptions{true});
  EXPECT_DOUBLE_EQ(s.estimate.arrivals, 1e8);
  EXPECT_TRUE(has_issue(issues_of([&] { load_scenario_text(doc, "t.json"); }), "t.json", "/workload/rate_rps",
                        "~1e8 requests (10 s at ~1e7 req/s)"));
  // Over the cap, --force does not help: that is a hard limit.
  auto over = issues_of([&] { load_scenario_text(doc, "t.json", {"sim.duration_s=11"}, LoadOptions{true}); });
  EXPECT_TRUE(has_issue(over, "--set", "/sim/duration_s", "the limit is 1e8"));
}

TEST(RunEstimate, WallTimeFormat) {
  EXPECT_EQ(format_wall_time(45), "45 s");
  EXPECT_EQ(format_wall_time(600), "10 min");
  EXPECT_EQ(format_wall_time(9720), "2.7 h");
  EXPECT_EQ(format_wall_time(3 * 86400), "3 days");
}

TEST(ScenarioFiles, IssueToStringAndWhat) {
  InputIssue i{"a.json", "/services/app/count", "expected an integer >= 1, found 0"};
  EXPECT_EQ(i.to_string(), "a.json: /services/app/count: expected an integer >= 1, found 0");
  InputIssue whole{"a.json", "", "expected a JSON object, found an empty file"};
  EXPECT_EQ(whole.to_string(), "a.json: expected a JSON object, found an empty file");
  InputError e({i, whole});
  EXPECT_EQ(std::string(e.what()), i.to_string() + "\n" + whole.to_string());
  EXPECT_EQ(e.issues().size(), 2u);
}

// A base file's service deleted by the patch (null) and re-added under a new name: a --set of
// the old name creates it anew, and the message says which name the scenario uses.
TEST(BadInputNames, SetNamingAServiceThePatchDeleted) {
  const std::string file = std::string(LADDER_SOURCE_DIR) + "/tests/scenario/t.json";
  auto issues = issues_of([&] {
    load_scenario_text(R"({"extends": "../../scenarios/03-load-balancer.json", "services": {"app": null, "web": {}},
                           "lbs": {"lb": {"to": "web"}}})",
                       file, {"services.app.count=8"});
  });
  EXPECT_TRUE(has_issue(issues, file, "/services", R"((--set created "app"; the scenario's service is "web")"));
}

}  // namespace
}  // namespace ladder

