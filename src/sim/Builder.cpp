// See include/ladder/sim/Builder.hpp.
#include "ladder/sim/Builder.hpp"

#include <simgrid/s4u.hpp>

namespace ladder {

Model::Model(const Scenario& s, const Platform& p, Kernel& kernel, Metrics& metrics)
    : directory_(s.app.count, s.app.max_count) {
  const double client_s = s.network.client_latency_ms / 1e3;
  const double hop_s = s.network.hop_ms / 1e3;
  // With a load balancer, the client reaches it over the internet and it forwards one hop on.
  const double client_to_app = s.lb.enabled ? client_s + hop_s : client_s;

  metrics.sessions().store = to_string(s.sessions.store);
  metrics.uploads().store = to_string(s.uploads.store);
  workload_ = std::make_unique<Workload>(
      s.workload, s.sim.seed,
      Workload::Wiring{kernel, pool_, metrics, nullptr, client_s, s.sessions.store != SessionStoreKind::none});

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
  if (s.session_store.enabled) {
    HostMeter& hm = metrics.add_host(s.session_store.vcpus);
    ComponentMeter& meter = metrics.add_component("session-store", "cache", s.session_store.instance,
                                                  p.session_store_host->get_name(), s.session_store.vcpus, 1);
    store_ = std::make_unique<SessionStore>(
        s.session_store, SessionStore::Wiring{kernel, pool_, p.session_store_host, kFlopsPerMs, hm, meter, {}, hop_s});
  }

  // Every server that can exist is built; those a scale-out adds start stopped.
  std::vector<Component*> replies_to;
  std::vector<Backend*> backends;
  for (int i = 0; i < s.app.max_count; ++i) {
    simgrid::s4u::Host* host = p.app_hosts[static_cast<std::size_t>(i)];
    // A colocated database shares the box's host meter, so each sees its share of the cores.
    HostMeter& hm = box ? *box : metrics.add_host(s.app.vcpus);
    std::string name = "app-" + std::to_string(i);
    ComponentMeter& meter =
        metrics.add_component(name, "app", s.app.instance, host->get_name(), s.app.vcpus, s.app.workers);
    apps_.push_back(std::make_unique<AppServer>(
        i, name, s, i < s.app.count,
        AppServer::Wiring{kernel, pool_, metrics, host, kFlopsPerMs, hm, meter, workload_.get(), client_to_app,
                          nullptr, db_.get(), s.db.colocated ? 0.0 : hop_s, directory_, store_.get(), hop_s}));
    replies_to.push_back(apps_.back().get());
    backends.push_back(apps_.back().get());
  }
  if (db_)
    db_->connect(replies_to);
  if (store_)
    store_->connect(replies_to);

  if (s.lb.enabled) {
    lb_ = std::make_unique<LoadBalancer>(
        s.lb, s.app.count, s.app.boot_s, s.sim.seed,
        LoadBalancer::Wiring{kernel, pool_, metrics, backends, hop_s, workload_.get(), client_s});
    workload_->connect(lb_.get());
    for (auto& app : apps_)
      app->connect(lb_.get());
  } else {
    workload_->connect(apps_.front().get());
  }

  if (!s.faults.empty()) {
    FaultTimeline::Targets t;
    for (auto& app : apps_)
      t.apps.push_back(app.get());
    t.db = db_.get();
    t.store = store_.get();
    t.lb = lb_.get();
    t.zones = s.app.zones;
    t.local_sessions = s.sessions.store == SessionStoreKind::local;
    faults_ = std::make_unique<FaultTimeline>(s.faults, kernel, metrics, std::move(t));
  }
}

void Model::start() {
  workload_->start();
  if (faults_) {
    faults_->start();
    if (lb_)  // without faults every server stays healthy: no checks to simulate
      lb_->start_health_checks();
  }
}

}  // namespace ladder
