// The shared session store (a Redis-like server): redis sessions (GET on each request that needs
// a session, SET on login) and the jwt deny-list (a lookup per request).
//
// It runs one command at a time, as Redis does (CommandLoop), each costing a fixed CPU time on
// its host; commands wait in an unbounded FIFO. It holds every session, so a
// lookup never misses: the point of a shared store is that any app server finds the session.
// The app server's worker waits for the reply (one hop each way).
#pragma once

#include <vector>

#include "ladder/components/CommandLoop.hpp"
#include "ladder/components/Request.hpp"
#include "ladder/metrics/Metrics.hpp"
#include "ladder/scenario/Scenario.hpp"
#include "ladder/sim/Kernel.hpp"

namespace ladder {

class SessionStore : public Component {
 public:
  enum Event : int { kCommand = 0 };
  struct Wiring {
    Kernel& kernel;
    RequestPool& pool;
    simgrid::s4u::Host* host;
    double flops_per_ms;
    HostMeter& host_meter;
    ComponentMeter& meter;
    std::vector<Component*> apps;  ///< reply to apps[request.backend] as AppServer::kStoreReply
    double to_app_s;
  };
  SessionStore(const SessionStoreConfig& cfg, Wiring wiring);

  void connect(std::vector<Component*> apps) { w_.apps = std::move(apps); }
  void set_slow(double factor) { loop_.set_slow(factor); }
  void on_event(int kind, RequestId req) override;
  void on_done(int kind, RequestId req) override;

 private:
  Wiring w_;
  CommandLoop loop_;
};

}  // namespace ladder
