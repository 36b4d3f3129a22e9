// The discrete-event kernel that drives a run, from SimGrid's maestro: no actor at all.
//
// Model assumptions:
// - CPU and disk demand are real SimGrid executions (on a host whose cores are the instance's
//   vCPUs, or on the storage device's host; see platform/Platform.hpp), so SimGrid decides
//   when they finish, sharing cores and bandwidth between concurrent requests.
// - Everything else that takes time but uses no shared resource (latency-only network hops,
//   think times, arrivals) is a timed event in this kernel's heap.
// - No actor: executions are started from maestro, their completions arrive through the static
//   `Activity::on_completion_cb` (an execution's owner is found through `Activity::set_data`),
//   and the kernel's next wake-up is one `simgrid::kernel::timer::Timer`, dated exactly as the
//   timeout of the `wait_any_for` the earlier one-actor kernel made (so SimGrid visits the same
//   instants and results are byte-identical to it). A finished `Exec` is kept and restarted for
//   the next demand on the same host. Measured: about half the instructions per request of the
//   one-actor kernel, and a cost per request that no longer grows with the executions in
//   flight (docs/model.md, Speed).
// - Components are plain objects and a hop is a heap push: an actor per component would pay a
//   SimGrid message and a context switch per hop.
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
#include <exception>
#include <functional>
#include <queue>
#include <unordered_map>
#include <vector>

#include <simgrid/forward.h>

namespace simgrid::kernel::timer {
class Timer;
}

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

  /// Send `bytes` from `src` to `dst` over the platform's route between them (a SimGrid
  /// communication: concurrent flows share each link's bandwidth); `owner->on_done(kind, req)`
  /// when the last byte has arrived. For flows where bytes matter (an origin fetch, a
  /// replication stream); a small request or reply is a latency-only event (`after`).
  void start_comm(simgrid::s4u::Host* src, simgrid::s4u::Host* dst, double bytes, Component* owner, int kind,
                  RequestId req);

  /// Cancels every execution or communication `owner` started that has not finished (its
  /// on_done never comes).
  void cancel_owned(const Component* owner);

  /// Called every `period` events with the current simulated time (progress display).
  void set_progress(std::function<void(double)> cb, std::uint64_t period = 1u << 16);

  /// Runs SimGrid's engine until end_time, then cancels whatever is still running. Call from
  /// maestro (not from an actor) once the platform is built and the model has scheduled its
  /// first events. An exception thrown by a component is rethrown here.
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
  /// One activity slot: an execution or a communication. A slot keeps its finished `Exec`
  /// (bound to its host) for reuse; a communication is used once.
  struct Slot {
    simgrid::s4u::ExecPtr exec;
    simgrid::s4u::CommPtr comm;
    simgrid::s4u::Host* host = nullptr;
    Component* owner = nullptr;
    RequestId req = 0;
    int kind = 0;
    bool active = false;
  };
  /// A slot with no activity: a freed one, or a new one.
  std::uint32_t new_slot();
  /// Marks `slot` as running for `owner` (its on_done(kind, req) comes when it finishes).
  Slot& arm(std::uint32_t slot, Component* owner, int kind, RequestId req);
  /// Runs the events due at or before `t` (strictly before when `strict`), in order.
  void run_events(double t, bool strict);
  /// A wake-up: the timer fired, or the execution in `slot` finished.
  void on_timer();
  void on_finished(std::uint32_t slot);
  /// The body of every wake-up after its own work: run what is due, then arm the next one.
  void advance();
  void restore_deferred();
  void release_retired();
  void stop();
  template <class F> void guarded(F&& f);
  static void completion_signal(const simgrid::s4u::Activity& a);

  double end_;
  double now_ = 0;
  std::uint64_t seq_ = 0;
  std::uint64_t events_ = 0;
  std::priority_queue<Event, std::vector<Event>, std::greater<>> heap_;
  std::vector<Slot> slots_;
  std::unordered_map<const simgrid::s4u::Host*, std::vector<std::uint32_t>> idle_by_host_;
  std::vector<std::uint32_t> free_slots_;   ///< slots with no Exec (never used, or cancelled)
  std::vector<std::uint32_t> retired_;      ///< finished in this wake-up: reusable from the next
  std::vector<simgrid::s4u::ActivityPtr> cancelled_;  ///< kept alive until the run ends
  std::size_t active_ = 0;
  simgrid::kernel::timer::Timer* timer_ = nullptr;  ///< the next wake-up, if armed
  bool stopped_ = false;
  std::exception_ptr error_;
  std::vector<Event> deferred_;
  std::vector<std::pair<Component*, int>> deferred_per_target_;
  std::uint64_t same_instant_ = 0;  ///< events run without the clock moving (stall guard)
  std::function<void(double)> progress_;
  std::uint64_t progress_period_ = 0;
};

}  // namespace ladder
