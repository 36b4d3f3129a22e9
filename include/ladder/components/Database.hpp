// The database: a connection pool limiting concurrent queries, a bounded FIFO queue for
// connections, CPU demand on its host's cores and I/O on its disk.
//
// A query burns its class's database CPU demand, then reads (or, for writes, writes) its I/O
// bytes on the host's disk, then replies. Concurrent queries share cores (processor sharing
// up to `connections` at once) and the disk's bandwidth. Buffer-pool effects are not modelled
// yet: db_io_kb is the average disk traffic per query.
#pragma once

#include "ladder/components/Request.hpp"
#include "ladder/components/Service.hpp"
#include "ladder/components/SlotQueue.hpp"
#include "ladder/metrics/Metrics.hpp"
#include "ladder/scenario/Scenario.hpp"
#include "ladder/sim/Kernel.hpp"

namespace ladder {

class Database : public Component {
 public:
  enum Event : int { kQuery = 0 };
  struct Wiring {
    Kernel& kernel;
    RequestPool& pool;
    simgrid::s4u::Host* host;
    simgrid::s4u::Host* storage;  ///< the disk; speed = read bandwidth in bytes/s
    double write_cost;             ///< read bandwidth / write bandwidth: a written byte's cost
    double flops_per_ms;
    HostMeter& host_meter;
    ComponentMeter& meter;
    std::vector<Component*> apps;  ///< reply to apps[request.backend] as AppServer::kDbReply
    double to_app_s;
  };
  Database(const DbConfig& cfg, const WorkloadConfig& workload, ServiceConfig service,
           std::uint64_t seed, Wiring wiring);

  /// The app servers replies go to, indexed by Request::backend.
  void connect(std::vector<Component*> apps) { w_.apps = std::move(apps); }
  /// A `slow` fault: every new query's CPU demand is multiplied by `factor`.
  void set_slow(double factor) { slow_ = factor; }
  void on_event(int kind, RequestId req) override;
  void on_done(int kind, RequestId req) override;

 private:
  enum Stage : int { kCpu = 0, kIo = 1 };
  void start(RequestId req);
  void reply(RequestId req);
  void send_back(RequestId req);

  DbConfig cfg_;
  WorkloadConfig workload_;
  ServiceSampler service_;
  Wiring w_;
  Rng rng_;
  int host_slot_;
  int io_in_flight_ = 0;
  double slow_ = 1.0;
  SlotQueue connections_;
};

}  // namespace ladder
