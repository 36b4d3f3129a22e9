// The named topology's pure rules (no Engine, no JSON): how blueprints expand into instance names,
// which names collide after expansion, and how a reference resolves, with its messages.
#include <gtest/gtest.h>

#include "ladder/scenario/Topology.hpp"

namespace ladder {
namespace {

Entity service(std::string name, int count) { return {std::move(name), EntityKind::service, "", count, 0}; }
Entity store(std::string name, std::string kind, int replicas = 0) {
  return {std::move(name), EntityKind::store, std::move(kind), 1, replicas};
}
Entity cache(std::string name) { return {std::move(name), EntityKind::cache, "", 1, 0}; }
Entity lb(std::string name) { return {std::move(name), EntityKind::lb, "", 1, 0}; }

TEST(TopologyNames, BlueprintsExpandToTodaysInstanceNames) {
  // The names of results, hosts, fault targets and random streams: app-0…, db, db-replica-1….
  EXPECT_EQ(instance_names(service("app", 3)), (std::vector<std::string>{"app-0", "app-1", "app-2"}));
  EXPECT_EQ(instance_names(store("db", "sql", 2)), (std::vector<std::string>{"db", "db-replica-1", "db-replica-2"}));
  EXPECT_EQ(instance_names(store("session-store", "kv")), (std::vector<std::string>{"session-store"}));
  EXPECT_EQ(instance_names(cache("cache")), (std::vector<std::string>{"cache"}));
  EXPECT_EQ(instance_names(lb("lb")), (std::vector<std::string>{"lb"}));
}

TEST(TopologyNames, DuplicatesAcrossMapsAndAfterExpansion) {
  EXPECT_TRUE(duplicate_names({service("app", 4), store("db", "sql", 2), cache("cache"), lb("lb")}).empty());
  // The same name in two maps.
  EXPECT_EQ(duplicate_names({service("app", 1), store("db", "sql"), cache("db")}), (std::vector<std::string>{"db"}));
  // A name another blueprint expands to: the service app's second instance, a replica.
  EXPECT_EQ(duplicate_names({service("app", 2), lb("app-1")}), (std::vector<std::string>{"app-1"}));
  EXPECT_EQ(duplicate_names({store("db", "sql", 1), cache("db-replica-1")}),
            (std::vector<std::string>{"db-replica-1"}));
  // One more instance than before makes the clash appear.
  EXPECT_TRUE(duplicate_names({service("app", 2), lb("app-2")}).empty());
  EXPECT_EQ(duplicate_names({service("app", 3), lb("app-2")}), (std::vector<std::string>{"app-2"}));
}

TEST(TopologyReferences, ResolveByNameAndKind) {
  const std::vector<Entity> all = {service("app", 2), store("db", "sql"), store("session-store", "kv"),
                                   cache("cache"), lb("lb")};
  EXPECT_EQ(reference_error("app", {EntityKind::service, ""}, all), "");
  EXPECT_EQ(reference_error("session-store", {EntityKind::store, "kv"}, all), "");
  EXPECT_EQ(reference_error("ap", {EntityKind::service, ""}, all),
            R"(expected a service, found "ap", which names no entity (did you mean "app"?))");
  EXPECT_EQ(reference_error("db", {EntityKind::service, ""}, all), R"(expected a service, found sql store "db")");
  EXPECT_EQ(reference_error("db", {EntityKind::store, "kv"}, all), R"(expected a kv store, found sql store "db")");
  EXPECT_EQ(reference_error("lb", {EntityKind::cache, ""}, all), R"(expected a cache, found load balancer "lb")");
  EXPECT_EQ(reference_error("zzzzzz", {EntityKind::cache, ""}, all),
            R"(expected a cache, found "zzzzzz", which names no entity (the scenario has: cache))");
  EXPECT_EQ(reference_error("x", {EntityKind::cache, ""}, {service("app", 1)}),
            R"(expected a cache, found "x", which names no entity (the scenario has no cache))");
}

TEST(TopologyNames, UsableNames) {
  EXPECT_TRUE(valid_entity_name("session-store"));
  EXPECT_TRUE(valid_entity_name("db_2"));
  EXPECT_FALSE(valid_entity_name(""));
  EXPECT_FALSE(valid_entity_name("a.b"));  // a dotted --set path could not reach it
  EXPECT_FALSE(valid_entity_name("a/b"));
  EXPECT_FALSE(valid_entity_name(std::string(65, 'a')));
}

}  // namespace
}  // namespace ladder
