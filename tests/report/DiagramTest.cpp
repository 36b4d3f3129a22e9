// The diagram walk against the stage files: which nodes and edges each rung has, which of them
// the rung changed (vs the file it extends), and that the mermaid text draws exactly those.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ladder/report/Diagram.hpp"
#include "ladder/scenario/Loader.hpp"

namespace ladder {
namespace {

std::vector<std::string> ids(const Diagram& d) {
  std::vector<std::string> out;
  for (const auto& n : d.nodes) out.push_back(n.id);
  return out;
}
std::vector<std::string> changed(const Diagram& d) {
  std::vector<std::string> out;
  for (const auto& n : d.nodes)
    if (n.changed) out.push_back(n.id);
  return out;
}
std::vector<std::string> edges(const Diagram& d) {
  std::vector<std::string> out;
  for (const auto& e : d.edges) out.push_back(e.from + (e.dashed ? "-.->" : "-->") + e.to + ":" + e.label);
  return out;
}
using V = std::vector<std::string>;

TEST(Diagram, Stage0OneHostHoldsAppAndDatabase) {
  Diagram d = diagram_of_file("scenarios/00-single-box.json");
  EXPECT_EQ(ids(d), (V{"users", "app", "db"}));
  EXPECT_EQ(edges(d), (V{"users-->app:HTTPS", "app-->db:queries"}));
  EXPECT_EQ(d.find("app")->host, "m5.large");
  EXPECT_EQ(d.find("db")->host, "m5.large");
  EXPECT_EQ(d.find("app")->label, "App server");
  EXPECT_TRUE(changed(d).empty()) << "stage 0 extends nothing";
  std::string m = render_mermaid(d);
  EXPECT_NE(m.find("flowchart TD"), std::string::npos);
  EXPECT_NE(m.find("subgraph host[\"one host: m5.large\"]"), std::string::npos);
  EXPECT_NE(m.find("  users -->|HTTPS| app\n"), std::string::npos) << m;
  EXPECT_EQ(m.find("class changed"), std::string::npos);
}

TEST(Diagram, Stage1MovesOnlyTheDatabase) {
  Diagram d = diagram_of_file("scenarios/01-separate-database.json");
  EXPECT_EQ(changed(d), (V{"db"}));
  EXPECT_TRUE(d.find("db")->host.empty());
}

TEST(Diagram, Stage3AddsTheLoadBalancerAndFourAppServers) {
  Diagram d = diagram_of_file("scenarios/03-load-balancer.json");
  EXPECT_EQ(ids(d), (V{"users", "lb", "app", "db"}));
  EXPECT_EQ(edges(d), (V{"users-->lb:HTTPS", "lb-->app:", "app-->db:queries"}));
  EXPECT_EQ(d.find("app")->count, 4);
  EXPECT_EQ(d.find("app")->label, "App servers × 4");
  EXPECT_EQ(d.find("lb")->detail, "alb · round robin");
  EXPECT_EQ(changed(d), (V{"lb", "app"}));
  std::string m = render_mermaid(d);
  EXPECT_NE(m.find("  class lb,app changed\n"), std::string::npos) << m;
  EXPECT_NE(m.find("lb{{\"Load balancer"), std::string::npos) << m;
  EXPECT_NE(m.find("db[(\"Database"), std::string::npos) << m;
}

TEST(Diagram, Stage5AddsTheCacheNextToReplicas) {
  Diagram d = diagram_of_file("scenarios/05-cache.json");
  EXPECT_EQ(ids(d), (V{"users", "lb", "app", "cache", "db", "replicas"}));
  EXPECT_EQ(edges(d), (V{"users-->lb:HTTPS", "lb-->app:", "app-->cache:cache-aside reads", "app-->db:writes",
                         "app-->replicas:reads", "db-.->replicas:async replication"}));
  EXPECT_EQ(d.find("replicas")->count, 3);
  EXPECT_EQ(d.find("app")->count, 34);
  EXPECT_EQ(d.find("cache")->detail, "cache.m5.large · LRU · 800k keys");
  EXPECT_EQ(changed(d), (V{"app", "cache", "db"}));  // the primary moves up to db.m5.2xlarge
  std::string m = render_mermaid(d);
  EXPECT_NE(m.find("  db -.->|async replication| replicas\n"), std::string::npos) << m;
  EXPECT_NE(m.find("  class app,cache,db changed\n"), std::string::npos) << m;
}

// Renamed entities show their names (the conventional ones say nothing more than the title).
TEST(Diagram, RenamedEntitiesAreTitledWithTheirNames) {
  Scenario s = load_scenario_text(R"({"services": {"web": {"count": 2}}, "lbs": {"front": {"to": "web"}},
      "stores": {"pg": {"kind": "sql", "cache_aside": "redis"}}, "caches": {"redis": {}}})",
                                  std::string(LADDER_SOURCE_DIR) + "/tests/report/named.json");
  Diagram d = diagram_of(s);
  EXPECT_EQ(ids(d), (V{"users", "lb", "app", "cache", "db"}));
  EXPECT_EQ(d.find("app")->label, "web: App servers × 2");
  EXPECT_EQ(d.find("lb")->label, "front: Load balancer");
  EXPECT_EQ(d.find("cache")->label, "redis: Cache (Redis)");
  EXPECT_EQ(d.find("db")->label, "pg: Database");
  EXPECT_EQ(diagram_of_file("scenarios/05-cache.json").find("db")->label, "Primary database");
}

TEST(Diagram, OverridesAreDrawnAndCompareWithTheBaseFile) {
  Scenario s = load_scenario("scenarios/05-cache.json", {"services.app.count=3", "stores.db.replicas=0"});
  Diagram d = diagram_of_scenario(s);
  EXPECT_EQ(d.find("app")->count, 3);
  EXPECT_EQ(d.find("replicas"), nullptr);
  EXPECT_EQ(d.find("db")->label, "Database");
}

TEST(Diagram, SessionStoreAndObjectStore) {
  Diagram redis = diagram_of_file("scenarios/stage3/sessions-redis-crash.json");
  ASSERT_NE(redis.find("sessions"), nullptr);
  EXPECT_TRUE(redis.find("sessions")->changed);
  Diagram objects = diagram_of_file("scenarios/stage3/uploads-object-store.json");
  ASSERT_NE(objects.find("objects"), nullptr);
  EXPECT_TRUE(objects.find("objects")->changed);
}

TEST(Diagram, LabelsAreEscaped) {
  Diagram d;
  d.title = "t";
  d.nodes.push_back({"users", "users", "a\"b<c>", "", 1, "", false, "users"});
  std::string m = render_mermaid(d);
  EXPECT_NE(m.find("a#quot;b#lt;c#gt;"), std::string::npos) << m;
}

TEST(Diagram, MarkdownBlockIsFenced) {
  std::string md = markdown_diagram(load_scenario("scenarios/03-load-balancer.json"));
  EXPECT_EQ(md.rfind("```mermaid\n", 0), 0u);
  EXPECT_EQ(md.substr(md.size() - 4), "```\n");
}

}  // namespace
}  // namespace ladder
