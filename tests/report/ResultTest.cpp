// Result JSON: every field written in declaration order, byte-identical round trip,
// tolerant of missing sections, strict about types.
#include <gtest/gtest.h>

#include <cmath>

#include <nlohmann/json.hpp>

#include "ladder/report/Format.hpp"
#include "ladder/report/Result.hpp"
#include "report/SampleResult.hpp"

using ladder::Result;
using ladder::ReplicatedFigure;
using ladder::RunInput;
using ladder::overridden_description;
using ladder::summarize_replications;
using json = nlohmann::ordered_json;

namespace {

std::string dump(const Result& r) {
  json j;
  to_json(j, r);
  return j.dump(2);
}

Result parse(const std::string& text) {
  Result r;
  from_json(json::parse(text), r);
  return r;
}

}  // namespace

TEST(ResultJson, TopLevelKeysFollowDeclarationOrder) {
  json j;
  to_json(j, ladder::test::sample_result());
  std::vector<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"schema", "scenario", "workload", "requests", "latency_ms", "classes",
                                            "components", "bottleneck", "saturation", "slo", "cost", "imbalance",
                                            "sessions", "uploads", "replication", "cache", "events", "timeline",
                                            "sim"}));
  EXPECT_EQ(j["schema"], "ladder-result/1");
  EXPECT_EQ(j["latency_ms"]["p999"], 1023.4);
  EXPECT_EQ(j["requests"]["errors_by_kind"]["timeout"], 266);
  EXPECT_EQ(j["components"][1]["disk_utilization"], 0.35);
  EXPECT_EQ(j["components"][0].size(), 19u);  // every ComponentResult field
  EXPECT_EQ(j["cost"]["items"][0]["instance"], "m5.large");
  EXPECT_EQ(j["sim"]["events"], 987654);
}

TEST(ResultJson, RoundTripIsByteIdentical) {
  std::string first = dump(ladder::test::sample_result());
  Result back = parse(first);
  EXPECT_EQ(dump(back), first);
  EXPECT_EQ(back.classes.size(), 2u);
  EXPECT_EQ(back.classes[1].requests.errors_by_kind.at("queue_full"), 466u);
  EXPECT_DOUBLE_EQ(back.requests.error_rate, 1266.0 / 120000.0);
  EXPECT_EQ(back.slo.violations.size(), 2u);
  EXPECT_EQ(back.scenario.stage, 0);
}

TEST(ResultJson, RenderJsonIsPrettyWithTrailingNewline) {
  std::string s = ladder::render_json(ladder::test::sample_result());
  ASSERT_FALSE(s.empty());
  EXPECT_EQ(s.back(), '\n');
  EXPECT_EQ(s.rfind("{\n  \"schema\": \"ladder-result/1\",\n", 0), 0u);
}

TEST(ResultJson, NonFiniteNumbersBecomeNullAndBack) {
  Result r;
  r.latency_ms.p99 = std::nan("");
  std::string s = dump(r);
  EXPECT_NE(s.find("\"p99\": null"), std::string::npos);
  Result back = parse(s);
  EXPECT_TRUE(std::isnan(back.latency_ms.p99));
  EXPECT_EQ(dump(back), s);
}

TEST(ResultJson, MissingSectionsKeepDefaults) {
  Result r = parse(R"({"schema": "ladder-result/1", "scenario": {"name": "old", "seed": 7},
                       "requests": {"completed": 10, "failed": 0}})");
  EXPECT_EQ(r.scenario.name, "old");
  EXPECT_EQ(r.scenario.seed, 7u);
  EXPECT_EQ(r.scenario.stage, -1);
  EXPECT_EQ(r.requests.completed, 10u);
  EXPECT_TRUE(r.classes.empty());
  EXPECT_TRUE(r.components.empty());
  EXPECT_EQ(r.cost.monthly_usd, 0);
  EXPECT_TRUE(r.slo.met);
}

TEST(ResultJson, WrongTypesThrow) {
  EXPECT_THROW(parse(R"({"requests": {"completed": "ten"}})"), nlohmann::json::type_error);
  EXPECT_THROW(parse(R"({"requests": {"completed": -1}})"), nlohmann::json::type_error);
  EXPECT_THROW(parse(R"({"latency_ms": {"p99": "fast"}})"), nlohmann::json::type_error);
  EXPECT_THROW(parse(R"({"classes": {}})"), nlohmann::json::type_error);
  EXPECT_THROW(parse(R"({"components": [1]})"), nlohmann::json::type_error);
  EXPECT_THROW(parse(R"({"slo": {"checked": 1}})"), nlohmann::json::type_error);
  EXPECT_THROW(parse(R"({"scenario": []})"), nlohmann::json::type_error);
  EXPECT_THROW(parse(R"([])"), nlohmann::json::type_error);
  EXPECT_THROW(parse(R"({"schema": "something-else/2"})"), nlohmann::json::other_error);
}

TEST(ResultJson, ReplicationsAndInputAppearOnlyWhenSetAndRoundTrip) {
  Result r = ladder::test::sample_result();
  std::vector<Result> runs(3, r);
  runs[1].latency_ms.p99 = r.latency_ms.p99 + 10;
  runs[2].latency_ms.p99 = r.latency_ms.p99 + 20;
  r.replications = summarize_replications(runs, {7, 8, 9});
  r.input = RunInput{"s.json", 7, 3, {"workload.users=10", "sim.duration_s=5"}, R"({"b":1,"a":{"c":[1,2.5]}})"};
  json j;
  to_json(j, r);
  std::vector<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.push_back(k);
  EXPECT_EQ(keys[5], "replications");  // right after latency_ms
  EXPECT_EQ(keys.back(), "input");
  // p99 over the seeds: x, x + 10, x + 20: mean x + 10, s = 10, ci95 = t(0.975, 2) · 10 / √3.
  const ReplicatedFigure* p99 = r.replications.find("p99_ms");
  ASSERT_NE(p99, nullptr);
  EXPECT_DOUBLE_EQ(p99->mean, r.latency_ms.p99 + 10);
  EXPECT_NEAR(p99->stddev, 10, 1e-9);
  EXPECT_NEAR(p99->ci95, 4.302652729696142 * 10 / std::sqrt(3.0), 1e-8);
  EXPECT_EQ(j["input"]["scenario"]["a"]["c"][1], 2.5);
  EXPECT_EQ(j["input"]["seeds"], 3);
  std::string first = dump(r);
  Result back = parse(first);
  EXPECT_EQ(dump(back), first);
  EXPECT_EQ(back.input.overrides, r.input.overrides);
  // A plain result has neither.
  json plain;
  to_json(plain, ladder::test::sample_result());
  EXPECT_FALSE(plain.contains("replications"));
  EXPECT_FALSE(plain.contains("input"));
}

namespace {

// A result whose stage sections (sessions, uploads, replication, cache, events) all hold
// something, so that a round trip exercises every field list.
Result full_result() {
  Result r = ladder::test::sample_result();
  r.imbalance = 1.25;
  r.sessions = {"redis", 10, 2, 300, 4, 1, 290};
  r.uploads = {"object_store", 5, 40, 3};
  r.replication.replicas = 2;
  r.replication.read_policy = "replica_reads";
  r.replication.commits = 70;
  r.replication.applied = 140;
  r.replication.lag_ms = {140, 2.5, 2, 4, 5, 9, 12, 15, 1.5, 0.1};
  r.replication.evictions = 1;
  r.replication.readmissions = 1;
  r.replication.total = {30, 170, 6, 2};
  r.replication.by_class = {{"read", {20, 150, 5, 2}}, {"login", {10, 20, 1, 0}}};
  r.cache = {true, "ttl", 900, 100, 0.9, 80, 20, 7, 12, 1.5, 3, 9};
  r.events = {{12.5, "app-1", "crash", "fault"}, {14, "app-1", "out_of_service", "health check"}};
  return r;
}

std::vector<std::string> keys_of(const json& j) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.push_back(k);
  return keys;
}

std::string error_of(const std::string& text) {
  try {
    parse(text);
  } catch (const nlohmann::json::exception& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST(ResultJson, EverySectionRoundTripsThroughItsFieldList) {
  const Result r = full_result();
  std::string first = dump(r);
  Result back = parse(first);
  EXPECT_EQ(dump(back), first);
  EXPECT_EQ(back.sessions.store_lookups, 290u);
  EXPECT_EQ(back.uploads.not_found, 3u);
  EXPECT_EQ(back.replication.by_class.at("login").reads_primary, 10u);
  EXPECT_DOUBLE_EQ(back.replication.lag_ms.p99, 9);
  EXPECT_EQ(back.cache.max_db_reads_one_key, 3);
  EXPECT_EQ(back.events[1].event, "out_of_service");
  EXPECT_DOUBLE_EQ(back.timeline[1].utilization.at("db"), 0.99);
  // The keys of each section, in order: the format the goldens pin, stated once more here.
  json j;
  to_json(j, r);
  EXPECT_EQ(keys_of(j["sessions"]), (std::vector<std::string>{"store", "logins", "relogins", "checked",
                                                              "unauthorized_other_server", "unauthorized_lost",
                                                              "store_lookups"}));
  EXPECT_EQ(keys_of(j["uploads"]), (std::vector<std::string>{"store", "uploads", "downloads", "not_found"}));
  EXPECT_EQ(keys_of(j["replication"]),
            (std::vector<std::string>{"replicas", "read_policy", "commits", "applied", "lag_ms", "evictions",
                                      "readmissions", "total", "by_class"}));
  EXPECT_EQ(keys_of(j["replication"]["by_class"]), (std::vector<std::string>{"login", "read"}));
  EXPECT_EQ(keys_of(j["cache"]),
            (std::vector<std::string>{"enabled", "policy", "hits", "misses", "hit_ratio", "db_reads", "coalesced",
                                      "early_refreshes", "expirations", "db_reads_per_expiry",
                                      "max_db_reads_one_key", "invalidations"}));
  EXPECT_EQ(keys_of(j["timeline"][0]),
            (std::vector<std::string>{"t_s", "throughput_rps", "p50_ms", "p99_ms", "errors", "errors_by_kind",
                                      "replication_lag_ms", "cache_hit_ratio", "utilization"}));
  EXPECT_EQ(keys_of(j["latency_ms"]), (std::vector<std::string>{"count", "mean", "p50", "p90", "p95", "p99", "p999",
                                                                "max", "stddev", "mean_ci95"}));
}

TEST(ResultJson, UnknownKeysAndNullSectionsAreIgnored) {
  Result r = parse(R"({"schema": "ladder-result/1", "future_section": {"x": 1},
                       "cache": {"hits": 4, "not_yet_invented": "x"}, "sessions": null,
                       "replication": {"by_class": {"read": {"stale": 2, "extra": true}}}})");
  EXPECT_EQ(r.cache.hits, 4u);
  EXPECT_EQ(r.sessions.store, "none");
  EXPECT_EQ(r.replication.by_class.at("read").stale, 2u);
  EXPECT_EQ(r.replication.by_class.at("read").reads_replica, 0u);
}

TEST(ResultJson, WrongTypesNameTheKey) {
  EXPECT_NE(error_of(R"({"requests": {"completed": "ten"}})").find("\"completed\": expected an integer, found string"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"requests": {"failed": -1}})").find("\"failed\": expected an integer >= 0, found -1"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"cache": {"hit_ratio": "high"}})").find("\"hit_ratio\": expected a number, found string"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"sessions": {"store": 3}})").find("\"store\": expected a string, found number"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"replication": []})").find("\"replication\": expected an object, found array"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"events": [3]})").find("\"events\": expected an array of objects, found number"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"requests": {"errors_by_kind": {"crashed": -2}}})")
                .find("\"errors_by_kind\": expected a count for \"crashed\", found -2"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"replication": {"by_class": {"read": 1}}})")
                .find("\"by_class\": expected an object for \"read\", found number"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"replications": {"figures": {"p99_ms": 1}}})")
                .find("\"replications\": expected an object for \"p99_ms\", found number"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"replications": {"figures": {"p99_ms": {"values": [1, "x"]}}}})")
                .find("\"values\": expected numbers, found string"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"timeline": [{"utilization": {"db": "busy"}}]})")
                .find("\"utilization\": expected a number for \"db\", found string"),
            std::string::npos);
}

TEST(ResultJson, OverriddenDescriptionNamesEverySetButSeedAndDescription) {
  EXPECT_EQ(overridden_description("base", {}), "base");
  EXPECT_EQ(overridden_description("base", {"seed=4", "description=x"}), "base");
  EXPECT_EQ(overridden_description("base", {"workload.users=4000", "seed=2", "workload.think_time_s=1"}),
            "base (with --set workload.users=4000, --set workload.think_time_s=1)");
  EXPECT_EQ(overridden_description("", {"workload.users=1"}), "(with --set workload.users=1)");
}
