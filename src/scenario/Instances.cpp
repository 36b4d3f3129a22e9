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
    const std::string path = s.app.name + "-" + std::to_string(i);
    Instance app = make(path, InstanceRole::service, box ? "box" : path);
    app.cores = s.app.vcpus;
    app.type = s.app.instance;
    app.running_at_start = i < s.app.count;
    app.cost_item = "app servers";
    app.type_field = "/services/" + s.app.name + "/instance";
    app.group = "zone-" + std::string(1, static_cast<char>('a' + i % std::max(1, s.app.zones)));
    out.push_back(std::move(app));
  }
  if (s.db.enabled) {
    Instance db = make(s.db.name, InstanceRole::sql_primary, box ? "box" : s.db.name);
    db.shares_host = box;
    db.cores = box ? s.app.vcpus : s.db.vcpus;
    db.type = box ? s.app.instance : s.db.instance;
    db.disk_read_mbps = s.db.disk_read_mbps;
    db.cost_item = box ? "" : "database";
    db.type_field = box ? "/services/" + s.app.name + "/instance" : "/stores/" + s.db.name + "/instance";
    out.push_back(std::move(db));
    for (int r = 1; r <= s.db.replicas; ++r) {
      std::string name = s.db.name + "-replica-" + std::to_string(r);
      Instance rep = make(name, InstanceRole::sql_replica, name);
      rep.cores = s.db.replica_vcpus;
      rep.type = s.db.replica_instance;
      rep.disk_read_mbps = s.db.disk_read_mbps;
      rep.cost_item = "read replicas";
      rep.type_field = "/stores/" + s.db.name + "/replica_instance";
      out.push_back(std::move(rep));
    }
  }
  // Redis-like nodes execute commands on one core, whatever the node's vCPUs.
  if (s.cache.enabled)
    out.push_back(one_core_node(s.cache.name, InstanceRole::cache, s.cache.instance, "cache",
                                "/caches/" + s.cache.name + "/instance"));
  if (s.lb.enabled) {
    Instance lb = make(s.lb.name, InstanceRole::load_balancer, "");  // a managed service: no host of ours
    lb.type = s.lb.instance;
    lb.cost_item = "load balancer";
    lb.type_field = "/lbs/" + s.lb.name + "/instance";
    lb.scales = s.app.name;
    out.push_back(std::move(lb));
  }
  if (s.session_store.enabled)
    out.push_back(one_core_node(s.session_store.name, InstanceRole::kv_store, s.session_store.instance, "session store",
                                "/stores/" + s.session_store.name + "/instance"));
  for (const StoreKind& k : store_kind_table())
    if (k.expand) k.expand(s, out);
  // The other services' servers last, so a scenario without them keeps its host creation order.
  for (std::size_t v = 1; v < s.services.size(); ++v) {
    const AppConfig& svc = s.services[v];
    for (int i = 0; i < svc.count; ++i) {
      const std::string path = svc.name + "-" + std::to_string(i);
      Instance in = make(path, InstanceRole::service, path);
      in.cores = svc.vcpus;
      in.type = svc.instance;
      in.cost_item = svc.name + " servers";
      in.type_field = "/services/" + svc.name + "/instance";
      in.group = "zone-" + std::string(1, static_cast<char>('a' + i % std::max(1, svc.zones)));
      in.service = static_cast<int>(v);
      out.push_back(std::move(in));
    }
  }
  return out;
}

Capabilities capabilities_of(InstanceRole r) {
  switch (r) {
    case InstanceRole::service: return {true, true, true};
    case InstanceRole::sql_primary:
    case InstanceRole::sql_replica:
    case InstanceRole::cache:
    case InstanceRole::kv_store: return {false, true, false};
    case InstanceRole::load_balancer: return {false, false, false, true};
    case InstanceRole::managed: return {};
  }
  return {};
}

std::vector<std::string> fault_targets(const std::vector<Instance>& instances, FaultAction action) {
  std::vector<std::string> out;
  if (action == FaultAction::scale_out || action == FaultAction::scale_in) {
    for (const Instance& in : instances)
      if (capabilities_of(in.role).scale && !in.scales.empty() &&
          std::find(out.begin(), out.end(), in.scales) == out.end())
        out.push_back(in.scales);
    return out;
  }
  auto able = [action](const Instance& in) {
    const Capabilities c = capabilities_of(in.role);
    switch (action) {
      case FaultAction::crash:
      case FaultAction::recover: return c.crash;
      case FaultAction::slow: return c.slow;
      case FaultAction::cut:
      case FaultAction::heal: return c.cut;
      default: return false;
    }
  };
  std::vector<std::string> groups;
  for (const Instance& in : instances) {
    if (able(in)) out.push_back(in.path);
    if (!in.group.empty() && std::find(groups.begin(), groups.end(), in.group) == groups.end())
      groups.push_back(in.group);
  }
  if (action == FaultAction::cut || action == FaultAction::heal)
    for (const std::string& g : groups)
      if (std::all_of(instances.begin(), instances.end(), [&](const Instance& in) { return in.group != g || able(in); }))
        out.push_back(g);
  return out;
}

std::vector<std::string> name_clashes(const std::vector<Instance>& instances) {
  std::vector<std::string> seen = {"clients"}, out;
  auto note = [&](const std::string& n) {
    if (std::find(seen.begin(), seen.end(), n) == seen.end()) seen.push_back(n);
    else if (std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
  };
  for (const Instance& in : instances) {
    if (in.path != in.host) note(in.path);
    if (!in.host.empty() && !in.shares_host) note(in.host);
    if (in.disk_read_mbps > 0) note(in.path + "-disk");
  }
  for (const Instance& in : instances)
    if (!in.group.empty() && std::any_of(instances.begin(), instances.end(),
                                         [&](const Instance& o) { return o.path == in.group; }) &&
        std::find(out.begin(), out.end(), in.group) == out.end())
      out.push_back(in.group);
  return out;
}

std::vector<std::string> result_components(const std::vector<Instance>& instances) {
  std::vector<std::string> out;
  for (const Instance& in : instances) {
    if (in.host.empty()) continue;
    out.push_back(in.path);
    if (in.role == InstanceRole::sql_replica) out.push_back(in.path + ".apply");
  }
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
