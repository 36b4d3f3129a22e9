// An application server: a fixed pool of worker threads in front of the host's cores, and a
// bounded FIFO accept queue in front of the workers.
//
// A request takes a worker (or waits; a full queue refuses it as queue_full, and one that
// waited longer than the queue timeout is dropped as queue_timeout when it reaches the head),
// burns its class's app CPU demand on the host, then, if the class queries the database, holds
// its worker while the query runs (thread-per-request, as in most app servers), and returns.
// With workers = cores and exponential demand the server is an M/M/c FCFS queue; with more
// workers than cores the cores are shared (processor sharing) among the running requests.
#pragma once

#include <string>

#include "ladder/components/Request.hpp"
#include "ladder/components/Service.hpp"
#include "ladder/components/SlotQueue.hpp"
#include "ladder/components/Workload.hpp"
#include "ladder/metrics/Metrics.hpp"
#include "ladder/scenario/Scenario.hpp"
#include "ladder/sim/Kernel.hpp"

namespace ladder {

class Database;
class LoadBalancer;

class AppServer : public Component, public Entry {
 public:
  enum Event : int { kArrive = 0, kDbReply = 1 };
  struct Wiring {
    Kernel& kernel;
    RequestPool& pool;
    simgrid::s4u::Host* host;
    double flops_per_ms;  ///< host speed: reference-vCPU milliseconds → flops
    HostMeter& host_meter;
    ComponentMeter& meter;
    Workload* client;    ///< told when the response leaves
    double to_client_s;  ///< one-way latency back to the client (through the load balancer)
    LoadBalancer* lb;    ///< told when a response leaves (least connections), may be null
    Component* db;       ///< receives queries as event Database::kQuery, may be null
    double to_db_s;      ///< one-way hop to the database
  };
  AppServer(int index, const AppConfig& cfg, const WorkloadConfig& workload, ServiceConfig service,
            std::uint64_t seed, Wiring wiring);

  /// The load balancer in front, told when a response leaves (least connections).
  void connect(LoadBalancer* lb) { w_.lb = lb; }
  void accept(RequestId req, double t) override;
  bool only_queues() const override { return workers_.full(); }
  /// An arrival that will certainly wait in the queue (all workers busy, room left after the
  /// arrivals deferred ahead of it) schedules nothing: it may run late. One that might be
  /// refused may not: the refusal sends the user's next request on, possibly to an idle server.
  bool deferrable(int kind, RequestId, int already) const override {
    return kind == kArrive && workers_.full() && workers_.queued() + already < cfg_.queue_limit;
  }
  void on_event(int kind, RequestId req) override;
  void on_done(int kind, RequestId req) override;

 private:
  void admit(RequestId req);
  void start(RequestId req);
  void finish(RequestId req);
  void release_worker();
  void respond(RequestId req);

  AppConfig cfg_;
  WorkloadConfig workload_;
  ServiceSampler service_;
  Wiring w_;
  Rng rng_;
  int host_slot_;
  SlotQueue workers_;
};

}  // namespace ladder
