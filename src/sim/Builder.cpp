// See include/ladder/sim/Builder.hpp.
#include "ladder/sim/Builder.hpp"

#include <simgrid/s4u.hpp>

namespace ladder {

Model::Model(const Scenario& s, const Platform& p, Kernel& kernel, Metrics& metrics) {
  const double client_s = s.network.client_latency_ms / 1e3;
  const double hop_s = s.network.hop_ms / 1e3;
  // With a load balancer, the client reaches it over the internet and it forwards one hop on.
  const double client_to_app = s.lb.enabled ? client_s + hop_s : client_s;

  workload_ = std::make_unique<Workload>(
      s.workload, s.sim.seed, Workload::Wiring{kernel, pool_, metrics, nullptr, client_s});

  HostMeter* box = nullptr;  // the single host of a colocated app + database
  if (s.db.enabled) {
    HostMeter& hm = metrics.add_host(s.db.colocated ? s.app.vcpus : s.db.vcpus);
    if (s.db.colocated)
      box = &hm;
    ComponentMeter& meter = metrics.add_component("db", "db", s.db.colocated ? s.app.instance : s.db.instance,
                                                  p.db_host->get_name(), s.db.colocated ? s.app.vcpus : s.db.vcpus,
                                                  s.db.connections);
    db_ = std::make_unique<Database>(
        s.db, s.workload, s.service, s.sim.seed,
        Database::Wiring{kernel, pool_, p.db_host, p.db_storage,
                         s.db.disk_read_mbps / s.db.disk_write_mbps, kFlopsPerMs, hm, meter, {},
                         s.db.colocated ? 0.0 : hop_s});
  }

  std::vector<Component*> backends;
  std::vector<Entry*> entries;
  for (int i = 0; i < s.app.count; ++i) {
    simgrid::s4u::Host* host = p.app_hosts[static_cast<std::size_t>(i)];
    // A colocated database shares the box's host meter, so each sees its share of the cores.
    HostMeter& hm = box ? *box : metrics.add_host(s.app.vcpus);
    ComponentMeter& meter = metrics.add_component("app-" + std::to_string(i), "app", s.app.instance,
                                                  host->get_name(), s.app.vcpus, s.app.workers);
    apps_.push_back(std::make_unique<AppServer>(
        i, s.app, s.workload, s.service, s.sim.seed,
        AppServer::Wiring{kernel, pool_, host, kFlopsPerMs, hm, meter, workload_.get(),
                          client_to_app, nullptr, db_.get(), s.db.colocated ? 0.0 : hop_s}));
    backends.push_back(apps_.back().get());
    entries.push_back(apps_.back().get());
  }
  if (db_)
    db_->connect(backends);

  if (s.lb.enabled) {
    lb_ = std::make_unique<LoadBalancer>(s.lb.policy, s.sim.seed,
                                         LoadBalancer::Wiring{kernel, pool_, entries, hop_s});
    workload_->connect(lb_.get());
    for (auto& app : apps_)
      app->connect(lb_.get());
  } else {
    workload_->connect(entries.front());
  }
}

}  // namespace ladder
