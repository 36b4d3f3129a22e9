// The instances of a scenario: every server the run has, by its path name, with what the
// platform needs to give it a host and what the bill needs to price it. One pure walk of the
// typed scenario (no Engine): the platform (platform/Platform.cpp) creates hosts from it and the
// cost model (cost/Cost.cpp) prices it, so a new kind of server is one more entry here, not a
// slot in the platform and a line in the bill. The runtime registry (components/Registry.hpp)
// adds what each instance can do (crash, slow down, be cut off, scale).
//
// Order matters and is kept: hosts are created in list order (SimGrid orders simultaneous
// completions by creation order) and cost items appear in the order their first instance does.
#pragma once

#include <string>
#include <vector>

#include "ladder/scenario/Scenario.hpp"

namespace ladder {

/// managed: a service we rent by use (an object store): no host, no instance-hours, only usage lines.
enum class InstanceRole { service, sql_primary, sql_replica, cache, kv_store, load_balancer, managed };

/// What a run measures that a usage-priced bill line charges for, extrapolated from the measured
/// window's rates to a month (cost/Cost.cpp): files uploaded and downloaded, GB of uploads stored.
enum class UsageMeter { uploads, downloads, uploaded_gb };

/// One term of a usage line: the meter's monthly quantity / `per` × `usd` (price of 1,000 PUTs:
/// per 1000; of a GB-month: per 1).
struct UsageTerm {
  UsageMeter meter = UsageMeter::uploads;
  double per = 1;
  double usd = 0;
};

/// A bill line priced by use: its name, the instance column, the sum of its terms.
struct UsageLine {
  std::string item;
  std::string instance;
  std::vector<UsageTerm> terms;
};

struct Instance {
  std::string path;           ///< unique in the run: "app-0", "db", "db-replica-1", "cache", "lb"
  InstanceRole role = InstanceRole::service;
  std::string host;           ///< SimGrid host it runs on ("box" when colocated); empty: no host
  bool shares_host = false;   ///< runs on a host an earlier instance created (a colocated database)
  int cores = 0;              ///< of its host (1 for a Redis-like server, whatever the node's vCPUs)
  std::string type;           ///< catalog instance type, for its CPU speed and its price
  double disk_read_mbps = 0;  ///< > 0: the host has a disk, "<path>-disk"
  bool running_at_start = true;  ///< false: a server a scale-out fault adds later (not billed)
  std::string cost_item;      ///< the bill's line it is counted in; empty: billed with its host
  std::string type_field;     ///< JSON pointer of the field that chose `type` (for messages)
  std::vector<UsageLine> usage;  ///< usage-priced bill lines (a managed service)
  std::string group;          ///< a name several instances share, a fault target ("zone-b"); empty: none
  std::string scales;         ///< a load balancer: the service it grows and shrinks (scale_out "app")
  int service = 0;            ///< a server of a service: its index in Scenario::services (0: the entry's)
};

/// What a fault can do to an instance: the capabilities the runtime registry
/// (components/Registry.hpp) gives it, declared once by role (capabilities_of) for both the
/// loader's check of fault targets and the registry the run builds.
struct Capabilities {
  bool crash = false;  ///< crash / recover
  bool slow = false;   ///< slow (a demand factor)
  bool cut = false;    ///< cut / heal (network reachability)
  bool scale = false;  ///< scale_out / scale_in of the service it fronts (`Instance::scales`)
};
/// App servers crash, slow down and can be cut off; databases, replicas, the cache and the session
/// store slow down; a load balancer takes no fault itself but scales the service it fronts; a
/// managed service takes none.
Capabilities capabilities_of(InstanceRole r);

/// Every instance of the scenario, in creation order: the app servers (as many as the fault
/// timeline's scale-outs can reach), the database and its replicas, the cache, the load balancer,
/// the session store, the instances of the store kinds that expand themselves (StoreKinds.hpp), then
/// the servers of the other services (Scenario::services[1…], `<service>-<i>`).
std::vector<Instance> expand_instances(const Scenario& s);

/// The names a fault of this action can target, in instance order: crash / recover and slow the
/// instances with that capability; cut / heal those and the groups whose members all have it
/// (zones, after the instances); scale_out / scale_in the services a load balancer scales.
std::vector<std::string> fault_targets(const std::vector<Instance>& instances, FaultAction action);

/// Names the run would have twice: an instance path or a host (the users' "clients", a colocated
/// "box", a database's "<path>-disk") created twice, or a zone group that is also an instance's
/// path. Entity names are free, so two may expand to the same name (a cache "web-1" next to a
/// service "web" whose scale-out adds web-1); the loader refuses them.
std::vector<std::string> name_clashes(const std::vector<Instance>& instances);

/// The components a run's result lists (`components[].name`), in the builder's order of meters
/// aside: every instance with a host of its own or shared (app servers, databases, the cache,
/// the session store), and each replica's apply thread ("<replica>.apply").
std::vector<std::string> result_components(const std::vector<Instance>& instances);

const char* to_string(InstanceRole r);

}  // namespace ladder
