// The discrete-event kernel: the body of the one SimGrid actor that drives a run.
//
// Model assumptions:
// - CPU and disk demand are real SimGrid executions (on a host whose cores are the instance's
//   vCPUs, or on the storage device's host; see platform/Platform.hpp), so SimGrid decides
//   when they finish, sharing cores and bandwidth between concurrent requests.
// - Everything else that takes time but uses no shared resource (latency-only network hops,
//   think times, arrivals) is a timed event in this kernel's heap. Waiting for "the next
//   activity to finish or the next event to be due" is one `Activity::wait_any_for` call.
// - One actor for the whole run, not one per component: a component is then a plain object
//   and a hop is a heap push, where an actor per component would pay a SimGrid message and a
//   context switch per hop (SIMGRID.md measured 28-30k req/s for a 3-tier path built that
//   way; this kernel runs stage 3, a 3-tier path, at ~64k req/s; see docs/model.md).
// - Lookahead: SimGrid's clock only has to visit the instants where something changes in
//   SimGrid. An event that is deferrable (Component::deferrable) does not get a wake-up of its
//   own: it runs at the next wake-up, in time order, with now() = its own time. The contract
//   that keeps this exact: run at its own time, anywhere before the next wake-up, the handler
//   starts no activity, and every event it schedules before that wake-up obeys the same
//   contract. Example: an arrival at a server whose workers are all busy and whose queue
//   certainly has room just joins the queue. What makes an event deferrable can only change at
//   a wake-up (an execution finishing, or a non-deferrable event), and every deferred event
//   earlier than that wake-up runs before it.
// Ties: events due at the same instant run in the order they were scheduled (FIFO by sequence).
#pragma once

#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

#include <simgrid/forward.h>

namespace ladder {

using RequestId = std::uint32_t;

/// Anything that receives kernel events or owns SimGrid activities.
class Component {
 public:
  virtual ~Component() = default;
  /// A timed event scheduled with Kernel::at/after has come due.
  virtual void on_event(int kind, RequestId req) = 0;
  /// An execution started with Kernel::start_exec has finished.
  virtual void on_done(int kind, RequestId req) = 0;
  /// Whether this event may run late (see Kernel's lookahead contract): run at its own time
  /// before the next wake-up, it starts no activity and schedules nothing that could.
  /// `already` counts the events to this component deferred ahead of it in the same wait.
  /// The default, false, is always safe.
  virtual bool deferrable(int /*kind*/, RequestId /*req*/, int /*already*/) const { return false; }
};

class Kernel {
 public:
  explicit Kernel(double end_time);

  double now() const { return now_; }
  double end_time() const { return end_; }

  void at(double t, Component* target, int kind, RequestId req);
  void after(double dt, Component* target, int kind, RequestId req) { at(now_ + dt, target, kind, req); }

  /// Start `flops` of computation on `host`; `owner->on_done(kind, req)` when it finishes.
  void start_exec(simgrid::s4u::Host* host, double flops, Component* owner, int kind, RequestId req);

  /// Cancels every execution `owner` started that has not finished (its on_done never comes).
  void cancel_owned(const Component* owner);

  /// Called every `period` events with the current simulated time (progress display).
  void set_progress(std::function<void(double)> cb, std::uint64_t period = 1u << 16);

  /// Runs until end_time, then cancels whatever is still running. Call from inside an actor.
  void run();

  std::uint64_t events() const { return events_; }

 private:
  struct Event {
    double t;
    std::uint64_t seq;
    Component* target;
    RequestId req;
    int kind;
    bool operator>(const Event& o) const { return t > o.t || (t == o.t && seq > o.seq); }
  };
  struct Pending {
    Component* owner;
    RequestId req;
    int kind;
  };
  void track(simgrid::s4u::ActivityPtr a, Component* owner, int kind, RequestId req);
  /// Runs the events due at or before `t` (strictly before when `strict`), in order.
  void run_events(double t, bool strict);

  double end_;
  double now_ = 0;
  std::uint64_t seq_ = 0;
  std::uint64_t events_ = 0;
  std::priority_queue<Event, std::vector<Event>, std::greater<>> heap_;
  std::vector<simgrid::s4u::ActivityPtr> running_;
  std::vector<Pending> pending_;  ///< parallel to running_
  std::vector<Event> deferred_;
  std::vector<std::pair<Component*, int>> deferred_per_target_;
  std::uint64_t same_instant_ = 0;  ///< events run without the clock moving (stall guard)
  std::function<void(double)> progress_;
  std::uint64_t progress_period_ = 0;
};

}  // namespace ladder
