// See include/ladder/sim/Builder.hpp.
#include "ladder/sim/Builder.hpp"

#include <map>
#include <stdexcept>

#include <simgrid/s4u.hpp>

#include "ladder/scenario/Instances.hpp"

namespace ladder {

Model::Model(const Scenario& s, const Platform& p, Kernel& kernel, Metrics& metrics)
    : directory_(s.app.count, s.app.max_count) {
  const double client_s = s.network.client_latency_ms / 1e3;
  const double hop_s = s.network.hop_ms / 1e3;
  // With a load balancer, the client reaches it over the internet and it forwards one hop on.
  const double client_to_app = s.lb.enabled ? client_s + hop_s : client_s;

  workload_ = std::make_unique<Workload>(
      s.workload, s.sim.seed,
      Workload::Wiring{kernel, pool_, metrics, nullptr, client_s, s.sessions.store != SessionStoreKind::none});

  HostMeter* box = nullptr;  // the single host of a colocated app + database
  if (s.db.enabled) {
    HostMeter& hm = metrics.add_host(s.db.colocated ? s.app.vcpus : s.db.vcpus);
    if (s.db.colocated)
      box = &hm;
    const std::string& db = s.db.name;
    ComponentMeter& meter = metrics.add_component(db, "db", s.db.colocated ? s.app.instance : s.db.instance,
                                                  p.host(db)->get_name(), s.db.colocated ? s.app.vcpus : s.db.vcpus,
                                                  s.db.connections);
    if (s.db.replicas > 0) {
      log_ = std::make_unique<ReplicationLog>(s.db.replicas);
      router_ = std::make_unique<ReadRouter>(s.db.read_policy, s.db.primary_window_s, *log_);
    }
    db_ = std::make_unique<Database>(
        s.db, s.workload, s.service, s.sim.seed, 0, db,
        Database::Wiring{kernel, pool_, metrics, p.host(db), p.disk(db), s.db.disk_read_mbps / s.db.disk_write_mbps,
                         kFlopsPerMs, hm, meter, nullptr, s.db.colocated ? 0.0 : hop_s, log_.get()});
    std::vector<Database*> replicas;
    for (int r = 1; r <= s.db.replicas; ++r) {
      std::string name = db + "-replica-" + std::to_string(r);
      HostMeter& rhm = metrics.add_host(s.db.replica_vcpus);
      ComponentMeter& rm = metrics.add_component(name, "db", s.db.replica_instance, p.host(name)->get_name(),
                                                 s.db.replica_vcpus, s.db.connections);
      ComponentMeter& am = metrics.add_component(name + ".apply", "apply", s.db.replica_instance,
                                                 p.host(name)->get_name(), s.db.replica_vcpus, 1);
      replicas_.push_back(std::make_unique<Database>(
          s.db, s.workload, s.service, s.sim.seed, r, name,
          Database::Wiring{kernel, pool_, metrics, p.host(name), p.disk(name),
                           s.db.disk_read_mbps / s.db.disk_write_mbps, kFlopsPerMs, rhm, rm, &am, hop_s,
                           log_.get()}));
      replicas.push_back(replicas_.back().get());
    }
    db_->replicate_to(replicas);
    if (!replicas.empty() && s.db.max_lag_ms > 0)
      lag_monitor_ = std::make_unique<LagMonitor>(kernel, metrics, *log_, replicas, s.db.max_lag_ms / 1e3,
                                                  s.db.lag_check_s);
  }
  if (s.cache.enabled) {
    // Redis executes commands on one core, whatever the node's vCPUs: its utilization is that core's.
    HostMeter& hm = metrics.add_host(1);
    ComponentMeter& meter =
        metrics.add_component(s.cache.name, "cache", s.cache.instance, p.host(s.cache.name)->get_name(), 1, 1);
    cache_ = std::make_unique<CacheServer>(
        s.cache, s.workload.keys, s.sim.seed,
        CacheServer::Wiring{kernel, pool_, metrics, p.host(s.cache.name), kFlopsPerMs, hm, meter, hop_s});
  }
  if (s.session_store.enabled) {
    HostMeter& hm = metrics.add_host(1);  // one command at a time, on one core (as Redis)
    const std::string& kv = s.session_store.name;
    ComponentMeter& meter = metrics.add_component(kv, "cache", s.session_store.instance, p.host(kv)->get_name(), 1, 1);
    store_ = std::make_unique<SessionStore>(
        s.session_store, SessionStore::Wiring{kernel, pool_, p.host(kv), kFlopsPerMs, hm, meter, hop_s});
  }

  // Every server that can exist is built; those a scale-out adds start stopped. They run the
  // service's endpoint programs; store 0 is the database (the primary, then the replicas).
  lowered_ = lower_services(s);
  metrics.set_classes(s.workload.class_names);
  if (lowered_.programs.size() > 1 || !lowered_.topics.empty())
    calls_ = std::make_unique<Calls>(kernel, pool_, metrics, lowered_, hop_s, s.sim.seed);
  StoreDriver db_driver{{}, s.db.colocated ? 0.0 : hop_s, router_.get(), cache_.get(), hop_s};
  if (db_)
    db_driver.nodes.push_back(db_.get());
  for (auto& r : replicas_)
    db_driver.nodes.push_back(r.get());
  std::vector<Backend*> backends;
  for (int i = 0; i < s.app.max_count; ++i) {
    std::string name = s.app.name + "-" + std::to_string(i);
    simgrid::s4u::Host* host = p.host(name);
    // A colocated database shares the box's host meter, so each sees its share of the cores.
    HostMeter& hm = box ? *box : metrics.add_host(s.app.vcpus);
    ComponentMeter& meter =
        metrics.add_component(name, "app", s.app.instance, host->get_name(), s.app.vcpus, s.app.workers);
    apps_.push_back(std::make_unique<AppServer>(
        i, name, s, s.app, 0, i < s.app.count,
        AppServer::Wiring{kernel, pool_, metrics, host, kFlopsPerMs, hm, meter, workload_.get(), client_to_app,
                          nullptr, &lowered_.programs[0], {db_driver}, directory_, store_.get(), hop_s,
                          calls_.get()}));
    backends.push_back(apps_.back().get());
    if (calls_)
      calls_->add_server(0, apps_.back().get());
  }
  // The other services' servers (rung 9): called by other services, or consuming a topic.
  for (std::size_t svc = 1; svc < s.services.size(); ++svc) {
    const AppConfig& cfg = s.services[svc];
    for (int i = 0; i < cfg.count; ++i) {
      std::string name = cfg.name + "-" + std::to_string(i);
      simgrid::s4u::Host* host = p.host(name);
      HostMeter& hm = metrics.add_host(cfg.vcpus);
      ComponentMeter& meter = metrics.add_component(name, "app", cfg.instance, host->get_name(), cfg.vcpus, cfg.workers);
      apps_.push_back(std::make_unique<AppServer>(
          i, name, s, cfg, static_cast<int>(svc), true,
          AppServer::Wiring{kernel, pool_, metrics, host, kFlopsPerMs, hm, meter, workload_.get(), client_to_app,
                            nullptr, &lowered_.programs[svc], {db_driver}, directory_, store_.get(), hop_s,
                            calls_.get()}));
      calls_->add_server(static_cast<int>(svc), apps_.back().get());
    }
  }
  if (s.lb.enabled) {
    lb_ = std::make_unique<LoadBalancer>(
        s.lb, s.app.count, s.app.boot_s, s.sim.seed,
        LoadBalancer::Wiring{kernel, pool_, metrics, backends, hop_s, workload_.get(), client_s});
    workload_->connect(lb_.get());
    for (int i = 0; i < s.app.max_count; ++i)  // the entry service's servers
      apps_[static_cast<std::size_t>(i)]->connect(lb_.get());
  } else {
    workload_->connect(apps_.front().get());
  }

  // Every instance a fault can address, by its path, with the capabilities its role has
  // (capabilities_of: the same declaration the loader checks fault targets against).
  struct Parts {
    Crashable* crash = nullptr;
    Slowable* slow = nullptr;
    Cuttable* cut = nullptr;
  };
  std::map<std::string, Parts, std::less<>> parts;
  if (db_) parts[s.db.name] = {nullptr, db_.get(), nullptr};
  for (auto& r : replicas_) parts[r->name()] = {nullptr, r.get(), nullptr};
  if (cache_) parts[s.cache.name] = {nullptr, cache_.get(), nullptr};
  if (store_) parts[s.session_store.name] = {nullptr, store_.get(), nullptr};
  for (auto& app : apps_) parts[app->name()] = {app.get(), app.get(), app.get()};
  for (const Instance& in : expand_instances(s)) {
    const Capabilities can = capabilities_of(in.role);
    auto it = parts.find(in.path);
    if (it == parts.end() && (can.crash || can.slow || can.cut))  // the loader accepted faults on it
      throw std::logic_error("the builder has no component for the instance " + in.path);
    if (it != parts.end())
      registry_.add({in.path, in.group, can.crash ? it->second.crash : nullptr, can.slow ? it->second.slow : nullptr,
                     can.cut ? it->second.cut : nullptr, nullptr});
    if (can.scale && !in.scales.empty() && lb_)  // a tier scales through its load balancer
      registry_.add({in.scales, "", nullptr, nullptr, nullptr, lb_.get()});
  }

  if (!s.faults.empty())
    faults_ = std::make_unique<FaultTimeline>(s.faults, kernel, metrics, registry_,
                                              s.sessions.store == SessionStoreKind::local);
}

void Model::start() {
  workload_->start();
  if (lag_monitor_)
    lag_monitor_->start();
  if (faults_) {
    faults_->start();
    if (lb_)  // without faults every server stays healthy: no checks to simulate
      lb_->start_health_checks();
  }
}

}  // namespace ladder
