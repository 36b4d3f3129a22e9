// expand_instances: the instance list the platform builds hosts from and the bill prices,
// from real scenario files (the ladder's stages), without an Engine.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ladder/scenario/Instances.hpp"
#include "ladder/scenario/Loader.hpp"

using namespace ladder;

namespace {

const std::string kRoot = std::string(LADDER_SOURCE_DIR) + "/";

std::vector<std::string> paths(const std::vector<Instance>& v) {
  std::vector<std::string> out;
  for (const Instance& in : v) out.push_back(in.path);
  return out;
}

}  // namespace

TEST(Instances, SingleBoxRunsTheDatabaseOnTheAppHost) {
  std::vector<Instance> v = expand_instances(load_scenario(kRoot + "scenarios/00-single-box.json"));
  ASSERT_EQ(paths(v), (std::vector<std::string>{"app-0", "db"}));
  EXPECT_EQ(v[0].host, "box");
  EXPECT_FALSE(v[0].shares_host);
  EXPECT_EQ(v[1].host, "box");
  EXPECT_TRUE(v[1].shares_host);
  EXPECT_EQ(v[1].cost_item, "");  // billed with the box
  EXPECT_GT(v[1].disk_read_mbps, 0);
  EXPECT_EQ(v[1].cores, v[0].cores);
}

TEST(Instances, CacheStageInCreationOrder) {
  Scenario s = load_scenario(kRoot + "scenarios/05-cache.json");
  std::vector<Instance> v = expand_instances(s);
  std::vector<std::string> want;
  for (int i = 0; i < s.app.count; ++i) want.push_back("app-" + std::to_string(i));
  for (const char* p : {"db", "db-replica-1", "db-replica-2", "db-replica-3", "cache", "lb"}) want.push_back(p);
  ASSERT_EQ(paths(v), want);
  const Instance& cache = v[v.size() - 2];
  EXPECT_EQ(cache.role, InstanceRole::cache);
  EXPECT_EQ(cache.cores, 1);  // one core, as Redis
  EXPECT_EQ(cache.cost_item, "cache");
  const Instance& lb = v.back();
  EXPECT_TRUE(lb.host.empty());  // a managed service: no host
  EXPECT_EQ(lb.cost_item, "load balancer");
  for (const Instance& in : v)
    if (in.role == InstanceRole::sql_replica) {
      EXPECT_EQ(in.host, in.path);
      EXPECT_EQ(in.cost_item, "read replicas");
      EXPECT_EQ(in.type, s.db.replica_instance);
    }
}

TEST(Instances, ServersAScaleOutAddsExistButAreNotRunningAtTheStart) {
  Scenario s = load_scenario(kRoot + "scenarios/stage3/drain.json");
  ASSERT_GT(s.app.max_count, s.app.count);
  std::vector<Instance> v = expand_instances(s);
  int services = 0, running = 0;
  for (const Instance& in : v)
    if (in.role == InstanceRole::service) {
      ++services;
      running += in.running_at_start ? 1 : 0;
    }
  EXPECT_EQ(services, s.app.max_count);
  EXPECT_EQ(running, s.app.count);
}

TEST(Instances, RedisSessionsAddTheSessionStoreLast) {
  std::vector<Instance> v = expand_instances(load_scenario(kRoot + "scenarios/stage3/sessions-redis-crash.json"));
  ASSERT_FALSE(v.empty());
  EXPECT_EQ(v.back().path, "session-store");
  EXPECT_EQ(v.back().role, InstanceRole::kv_store);
  EXPECT_EQ(v.back().cores, 1);
  EXPECT_EQ(v.back().cost_item, "session store");
}

// Fault targets come from the instance list and the capabilities of each role (declared once):
// stage 5 has app servers in two zones, a database with replicas, a cache and a load balancer.
TEST(Instances, FaultTargetsFollowTheInstancesAndTheirCapabilities) {
  Scenario s = load_scenario(kRoot + "scenarios/05-cache.json",
                             {"services.app.count=3", "services.app.zones=2", "stores.db.replicas=1"});
  std::vector<Instance> v = expand_instances(s);
  using Names = std::vector<std::string>;
  EXPECT_EQ(fault_targets(v, FaultAction::crash), (Names{"app-0", "app-1", "app-2"}));
  EXPECT_EQ(fault_targets(v, FaultAction::recover), fault_targets(v, FaultAction::crash));
  // The stores and the cache slow down but neither crash nor are cut off; the load balancer takes no fault.
  EXPECT_EQ(fault_targets(v, FaultAction::slow), (Names{"app-0", "app-1", "app-2", "db", "db-replica-1", "cache"}));
  EXPECT_EQ(fault_targets(v, FaultAction::cut), (Names{"app-0", "app-1", "app-2", "zone-a", "zone-b"}));
  EXPECT_EQ(fault_targets(v, FaultAction::scale_out), (Names{"app"}));
  EXPECT_EQ(v[0].group, "zone-a");
  EXPECT_EQ(v[1].group, "zone-b");
  EXPECT_EQ(v[2].group, "zone-a");
}

TEST(Instances, WithoutALoadBalancerNothingScales) {
  std::vector<Instance> v = expand_instances(load_scenario(kRoot + "scenarios/01-separate-database.json"));
  EXPECT_TRUE(fault_targets(v, FaultAction::scale_in).empty());
  EXPECT_EQ(fault_targets(v, FaultAction::cut), (std::vector<std::string>{"app-0", "zone-a"}));
}

// Entities go by their own names (issue 9): instance paths, hosts, fault targets and the bill's
// type fields follow them; today's conventional names are only the defaults.
TEST(Instances, NamedEntitiesNameTheirInstances) {
  Scenario s = load_scenario(kRoot + "tests/scenario/data/named-topology.json",
                             {R"(faults=[{"at_s": 5, "action": "slow", "target": "pg-replica-1", "factor": 2},
                                         {"at_s": 6, "action": "scale_out", "target": "web"}])"});
  EXPECT_EQ(s.app.name, "web");
  EXPECT_EQ(s.db.name, "pg");
  EXPECT_EQ(s.cache.name, "redis");
  EXPECT_EQ(s.lb.name, "front");
  std::vector<Instance> v = expand_instances(s);
  EXPECT_EQ(s.session_store.name, "tokens");
  EXPECT_EQ(paths(v),
            (std::vector<std::string>{"web-0", "web-1", "web-2", "pg", "pg-replica-1", "redis", "front", "tokens"}));
  EXPECT_EQ(v.back().host, "tokens");
  EXPECT_EQ(v[3].host, "pg");
  EXPECT_EQ(v[3].type_field, "/stores/pg/instance");
  EXPECT_EQ(fault_targets(v, FaultAction::scale_in), (std::vector<std::string>{"web"}));
  EXPECT_EQ(fault_targets(v, FaultAction::slow),
            (std::vector<std::string>{"web-0", "web-1", "web-2", "pg", "pg-replica-1", "redis", "tokens"}));
  // The default endpoints query the sql store by its name.
  bool queried = false;
  for (const EndpointSpec& ep : s.app.endpoints)
    for (const StepSpec& st : ep.steps)
      if (st.head == StepSpec::Head::query) {
        EXPECT_EQ(st.store, "pg");
        queried = true;
      }
  EXPECT_TRUE(queried);
}

// A store of kind object (StoreKinds.cpp) builds itself from its entry, under any name, and
// expands into one managed instance billed by use: no host, usage lines at its prices.
TEST(Instances, ObjectStoreIsAStoreKindOfItsOwn) {
  Scenario s = load_scenario(kRoot + "scenarios/stage3/uploads-local.json",
                             {"stores.s3.kind=object", "stores.s3.put_usd_per_1k=0.01", "stores.s3.get_ms=40",
                              "uploads.store=s3"});
  EXPECT_EQ(s.uploads.store, UploadStoreKind::object_store);
  EXPECT_EQ(s.object_store.name, "s3");
  EXPECT_EQ(s.object_store.get_ms, 40);
  EXPECT_EQ(s.object_store.put_ms, ObjectStoreConfig{}.put_ms);  // absent: the struct's default
  std::vector<Instance> v = expand_instances(s);
  ASSERT_FALSE(v.empty());
  const Instance& obj = v.back();
  EXPECT_EQ(obj.path, "s3");
  EXPECT_EQ(obj.role, InstanceRole::managed);
  EXPECT_TRUE(obj.host.empty());
  ASSERT_EQ(obj.usage.size(), 2u);
  EXPECT_EQ(obj.usage[0].item, "object store requests");
  ASSERT_EQ(obj.usage[0].terms.size(), 2u);
  EXPECT_EQ(obj.usage[0].terms[0].usd, 0.01);
  EXPECT_EQ(obj.usage[1].terms.at(0).usd, ObjectStoreConfig{}.gb_month_usd);
  // Without it, uploads stay on the servers' disks and nothing is billed by use.
  for (const Instance& in : expand_instances(load_scenario(kRoot + "scenarios/stage3/uploads-local.json")))
    EXPECT_TRUE(in.usage.empty()) << in.path;
}
