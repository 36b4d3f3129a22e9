// A Redis-like node's event loop, shared by the session store and the cache: commands run one at
// a time (a single-threaded server), each costing a fixed CPU time (× a slow-down factor) on the
// node's host, in arrival order from an unbounded FIFO. The owning component forwards its
// events: `submit` when a command arrives, `finished` from its on_done.
#pragma once

#include <limits>

#include "ladder/components/Request.hpp"
#include "ladder/components/SlotQueue.hpp"
#include "ladder/metrics/Metrics.hpp"
#include "ladder/sim/Kernel.hpp"

namespace ladder {

class CommandLoop {
 public:
  struct Wiring {
    Kernel& kernel;
    RequestPool& pool;
    simgrid::s4u::Host* host;
    double flops_per_ms;
    HostMeter& host_meter;
    ComponentMeter& meter;
  };
  CommandLoop(Component* owner, double op_ms, Wiring w)
      : owner_(owner), op_ms_(op_ms), w_(w), host_slot_(w.host_meter.add(&w.meter)),
        queue_(1, std::numeric_limits<int>::max(), std::numeric_limits<double>::infinity(), w.meter) {}

  void set_slow(double factor) { slow_ = factor; }

  /// A command for `req` arrives now: it runs at once or waits its turn.
  void submit(RequestId req) {
    double now = w_.kernel.now();
    w_.pool[req].db_entered = now;
    w_.meter.arrive(now);
    if (queue_.admit(req, now) == SlotQueue::Admission::started)
      start(req);
  }

  /// The owner's on_done: the command of `req` has run. `done(req)` acts on it (answers), then
  /// the next command starts.
  template <typename Done>
  void finished(RequestId req, Done&& done) {
    double now = w_.kernel.now();
    w_.host_meter.change(now, host_slot_, -1);
    w_.meter.depart(now, now - w_.pool[req].db_entered);
    done(req);
    if (auto next = queue_.release(now, [](RequestId) {}))
      start(*next);
  }

 private:
  void start(RequestId req) {
    w_.host_meter.change(w_.kernel.now(), host_slot_, +1);
    w_.kernel.start_exec(w_.host, op_ms_ * slow_ * w_.flops_per_ms, owner_, 0, req);
  }

  Component* owner_;
  double op_ms_;
  Wiring w_;
  int host_slot_;
  SlotQueue queue_;
  double slow_ = 1.0;
};

}  // namespace ladder
