// See include/ladder/scenario/Instances.hpp.
#include "ladder/scenario/Instances.hpp"

#include <algorithm>

#include "ladder/scenario/StoreKinds.hpp"

namespace ladder {

namespace {
Instance make(std::string path, InstanceRole role, std::string host) {
  Instance in;
  in.path = std::move(path);
  in.role = role;
  in.host = std::move(host);
  return in;
}
/// A node with its own host of one core, billed on its own line.
Instance one_core_node(std::string path, InstanceRole role, std::string type, std::string item, std::string field) {
  Instance in = make(path, role, path);
  in.cores = 1;
  in.type = std::move(type);
  in.cost_item = std::move(item);
  in.type_field = std::move(field);
  return in;
}
}  // namespace

std::vector<Instance> expand_instances(const Scenario& s) {
  std::vector<Instance> out;
  const bool box = s.db.enabled && s.db.colocated;  // one host runs the app and the database
  const int apps = std::max(s.app.max_count, s.app.count);  // max_count is resolved by the loader
  for (int i = 0; i < apps; ++i) {
    Instance app = make("app-" + std::to_string(i), InstanceRole::service, box ? "box" : "app-" + std::to_string(i));
    app.cores = s.app.vcpus;
    app.type = s.app.instance;
    app.running_at_start = i < s.app.count;
    app.cost_item = "app servers";
    app.type_field = "/services/app/instance";
    out.push_back(std::move(app));
  }
  if (s.db.enabled) {
    Instance db = make("db", InstanceRole::sql_primary, box ? "box" : "db");
    db.shares_host = box;
    db.cores = box ? s.app.vcpus : s.db.vcpus;
    db.type = box ? s.app.instance : s.db.instance;
    db.disk_read_mbps = s.db.disk_read_mbps;
    db.cost_item = box ? "" : "database";
    db.type_field = box ? "/services/app/instance" : "/stores/db/instance";
    out.push_back(std::move(db));
    for (int r = 1; r <= s.db.replicas; ++r) {
      std::string name = "db-replica-" + std::to_string(r);
      Instance rep = make(name, InstanceRole::sql_replica, name);
      rep.cores = s.db.replica_vcpus;
      rep.type = s.db.replica_instance;
      rep.disk_read_mbps = s.db.disk_read_mbps;
      rep.cost_item = "read replicas";
      rep.type_field = "/stores/db/replica_instance";
      out.push_back(std::move(rep));
    }
  }
  // Redis-like nodes execute commands on one core, whatever the node's vCPUs.
  if (s.cache.enabled)
    out.push_back(one_core_node("cache", InstanceRole::cache, s.cache.instance, "cache", "/caches/cache/instance"));
  if (s.lb.enabled) {
    Instance lb = make("lb", InstanceRole::load_balancer, "");  // a managed service: no host of ours
    lb.type = s.lb.instance;
    lb.cost_item = "load balancer";
    lb.type_field = "/lbs/lb/instance";
    out.push_back(std::move(lb));
  }
  if (s.session_store.enabled)
    out.push_back(one_core_node("session-store", InstanceRole::kv_store, s.session_store.instance, "session store",
                                "/stores/session-store/instance"));
  for (const StoreKind& k : store_kind_table())
    if (k.expand) k.expand(s, out);
  return out;
}

const char* to_string(InstanceRole r) {
  switch (r) {
    case InstanceRole::service: return "service";
    case InstanceRole::sql_primary: return "sql_primary";
    case InstanceRole::sql_replica: return "sql_replica";
    case InstanceRole::cache: return "cache";
    case InstanceRole::kv_store: return "kv_store";
    case InstanceRole::load_balancer: return "load_balancer";
    case InstanceRole::managed: return "managed";
  }
  return "?";
}

}  // namespace ladder
