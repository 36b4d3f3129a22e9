// The shared session store (a Redis-like server): redis sessions (GET on each request that needs
// a session, SET on login) and the jwt deny-list (a lookup per request).
//
// It runs one command at a time, as Redis does (CommandLoop), each costing a fixed CPU time on
// its host; commands wait in an unbounded FIFO. It holds every session, so a
// lookup never misses: the point of a shared store is that any app server finds the session.
// The caller waits for the reply (one hop each way), which goes to the request's ReplyTo.
#pragma once

#include <vector>

#include "ladder/components/CommandLoop.hpp"
#include "ladder/components/Registry.hpp"
#include "ladder/components/Request.hpp"
#include "ladder/metrics/Metrics.hpp"
#include "ladder/scenario/Scenario.hpp"
#include "ladder/sim/Kernel.hpp"

namespace ladder {

class SessionStore : public Component, public Slowable {
 public:
  /// kCommand: one command whose answer goes to the request's ReplyTo.
  enum Event : int { kCommand = 0 };
  struct Wiring {
    Kernel& kernel;
    RequestPool& pool;
    simgrid::s4u::Host* host;
    double flops_per_ms;
    HostMeter& host_meter;
    ComponentMeter& meter;
    double reply_s;  ///< one-way hop back to a caller (the command's ReplyTo)
  };
  SessionStore(const SessionStoreConfig& cfg, Wiring wiring);

  void set_slow(double factor) override { loop_.set_slow(factor); }
  void on_event(int kind, RequestId req) override;
  void on_done(int kind, RequestId req) override;

 private:
  Wiring w_;
  CommandLoop loop_;
};

}  // namespace ladder
