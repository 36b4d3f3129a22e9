// The SimGrid floor: the cheapest way SimGrid 3.32 runs a queueing model, used by bench/run.sh
// as the bound ladder is measured against ("ladder / floor").
//
// No actor at all. maestro drives everything: an own event heap for the latency-only steps, one
// simgrid::kernel::timer::Timer dated at the next event that needs SimGrid, one Exec per CPU
// demand, and completions through the static Activity::on_completion_cb (the Exec's owner found
// with Activity::set_data). Finished Execs are reused on their host (set_state(INITED),
// set_flops_amount, start) instead of allocating new ones.
//
// Lookahead, as ladder's kernel does it: an event the model declares deferrable (it starts no
// Exec and schedules nothing, e.g. an arrival that only joins a full server's queue) gets no
// wake-up of its own; it runs at the next wake-up, in time order, before whatever woke us.
//
// SimGrid 3.32 calls on_completion (Activity::complete) before ExecImpl::post, which releases the
// action: an Exec must be neither restarted nor dropped inside its own callback. The one that
// just finished is parked and made reusable at the next callback, when post() has run.
#pragma once

#include <cstdint>
#include <queue>
#include <vector>

#include <simgrid/kernel/Timer.hpp>
#include <simgrid/s4u.hpp>

namespace bench {

namespace sg4 = simgrid::s4u;

class FloorKernel {
 public:
  struct Event {
    double t;
    std::uint64_t seq;
    int kind;
    std::uint32_t req;
    bool operator>(const Event& o) const { return t > o.t || (t == o.t && seq > o.seq); }
  };
  /// What a finished Exec reports back (its set_data).
  struct Slot {
    sg4::ExecPtr exec;
    int host = 0;
    int kind = 0;
    std::uint32_t req = 0;
  };
  class Model {
   public:
    virtual ~Model() = default;
    virtual void on_event(const Event& ev) = 0;
    virtual void on_done(int host, int kind, std::uint32_t req) = 0;
    virtual bool deferrable(const Event& /*ev*/) const { return false; }
  };

  FloorKernel(std::vector<sg4::Host*> hosts, Model& model) : hosts_(std::move(hosts)), model_(model) {
    free_.resize(hosts_.size());
    sg4::Activity::on_completion_cb([this](const sg4::Activity& a) { completed(a); });
  }

  double now() const { return now_; }
  void at(double t, int kind, std::uint32_t req) { heap_.push(Event{t, seq_++, kind, req}); }

  void start_exec(int host, double flops, int kind, std::uint32_t req) {
    std::vector<Slot*>& pool = free_[static_cast<std::size_t>(host)];
    Slot* s;
    if (pool.empty()) {
      slots_.push_back(std::make_unique<Slot>());
      s = slots_.back().get();
      s->host = host;
      s->exec = sg4::Exec::init();
      s->exec->set_host(hosts_[static_cast<std::size_t>(host)]);
      s->exec->set_data(s);
    } else {
      s = pool.back();
      pool.pop_back();
      s->exec->set_state(sg4::Activity::State::INITED);
    }
    s->kind = kind;
    s->req = req;
    s->exec->set_flops_amount(flops);
    s->exec->start();
  }

  /// Call once the model has scheduled its first events; returns when nothing is left.
  void run() {
    schedule();
    sg4::Engine::get_instance()->run();
  }

 private:
  void recycle() {
    if (parked_) {
      free_[static_cast<std::size_t>(parked_->host)].push_back(parked_);
      parked_ = nullptr;
    }
  }
  /// Runs the heap's events due before `clock` (at or before, when a timer woke us).
  void wake(double clock, bool strict) {
    recycle();
    for (const Event& ev : deferred_)
      heap_.push(ev);  // same time and sequence: order unchanged
    deferred_.clear();
    while (!heap_.empty() && (strict ? heap_.top().t < clock : heap_.top().t <= clock + 1e-9)) {
      Event ev = heap_.top();
      heap_.pop();
      if (ev.t > now_)
        now_ = ev.t;
      model_.on_event(ev);
    }
    if (clock > now_)
      now_ = clock;
  }
  void completed(const sg4::Activity& a) {
    wake(sg4::Engine::get_clock(), true);
    auto* s = a.get_data<Slot>();
    model_.on_done(s->host, s->kind, s->req);
    parked_ = s;
    schedule();
  }
  void timer_fired() {
    timer_ = nullptr;
    wake(sg4::Engine::get_clock(), false);
    schedule();
  }
  /// One timer, at the first event that is not deferrable (at most 8 deferred, as ladder).
  void schedule() {
    while (!heap_.empty() && deferred_.size() < 8 && model_.deferrable(heap_.top())) {
      deferred_.push_back(heap_.top());
      heap_.pop();
    }
    if (heap_.empty()) {
      if (timer_) {
        timer_->remove();
        timer_ = nullptr;
      }
      return;
    }
    double next = heap_.top().t;
    if (timer_ && timer_->get_date() == next)
      return;
    if (timer_)
      timer_->remove();
    timer_ = simgrid::kernel::timer::Timer::set(next, [this] { timer_fired(); });
  }

  std::vector<sg4::Host*> hosts_;
  Model& model_;
  double now_ = 0;
  std::uint64_t seq_ = 0;
  std::priority_queue<Event, std::vector<Event>, std::greater<>> heap_;
  std::vector<Event> deferred_;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::vector<std::vector<Slot*>> free_;  ///< per host: finished, posted, reusable
  Slot* parked_ = nullptr;                ///< finished in the current callback: not yet posted
  simgrid::kernel::timer::Timer* timer_ = nullptr;
};

}  // namespace bench
