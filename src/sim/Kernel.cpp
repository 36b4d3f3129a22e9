// See include/ladder/sim/Kernel.hpp for the model.
#include "ladder/sim/Kernel.hpp"

#include <algorithm>
#include <cstdint>
#include <stdexcept>

#include <fmt/format.h>
#include <simgrid/kernel/Timer.hpp>
#include <simgrid/s4u.hpp>

namespace sg4 = simgrid::s4u;
using simgrid::kernel::timer::Timer;

namespace ladder {

// Events within a nanosecond of the clock count as due: SimGrid's clock after a timed wait can
// land an ulp short of the requested instant, which would otherwise spin on a zero-length wait.
constexpr double kTimeEps = 1e-9;
// A model whose requests loop through zero-time steps would never let the clock move.
constexpr std::uint64_t kMaxEventsPerInstant = 50'000'000;
// Lookahead depth: deferring the first few events after a wake-up captures nearly all the
// saving (runs of arrivals at a full server are short at ordinary loads).
constexpr std::size_t kMaxDeferred = 8;

namespace {
// One SimGrid engine per process, so one running kernel: the static completion signal finds it
// here. An execution's data is its slot index + 1 (0 would be "not ours").
Kernel* running_kernel = nullptr;

void* slot_tag(std::uint32_t slot) { return reinterpret_cast<void*>(static_cast<std::uintptr_t>(slot) + 1); }
}  // namespace

Kernel::Kernel(double end_time) : end_(end_time) {}

void Kernel::at(double t, Component* target, int kind, RequestId req) {
  heap_.push(Event{t < now_ ? now_ : t, seq_++, target, req, kind});
}

void Kernel::start_exec(sg4::Host* host, double flops, Component* owner, int kind, RequestId req) {
  std::uint32_t slot;
  auto idle = idle_by_host_.find(host);
  if (idle != idle_by_host_.end() && !idle->second.empty()) {
    // A finished Exec on this host: restart it rather than allocate a new one.
    slot = idle->second.back();
    idle->second.pop_back();
    Slot& s = slots_[slot];
    s.exec->set_state(sg4::Activity::State::INITED);
    s.exec->set_flops_amount(flops);
  } else {
    slot = new_slot();
    Slot& s = slots_[slot];
    s.exec = sg4::Exec::init();
    s.exec->set_flops_amount(flops)->set_host(host);
    s.exec->set_data(slot_tag(slot));
    s.host = host;
  }
  arm(slot, owner, kind, req).exec->start();
}

void Kernel::start_comm(sg4::Host* src, sg4::Host* dst, double bytes, Component* owner, int kind, RequestId req) {
  const std::uint32_t slot = new_slot();
  Slot& s = slots_[slot];
  s.comm = sg4::Comm::sendto_init(src, dst);
  s.comm->set_payload_size(static_cast<std::uint64_t>(bytes));
  s.comm->set_data(slot_tag(slot));
  s.host = nullptr;
  arm(slot, owner, kind, req).comm->start();
}

std::uint32_t Kernel::new_slot() {
  if (free_slots_.empty()) {
    slots_.emplace_back();
    return static_cast<std::uint32_t>(slots_.size() - 1);
  }
  const std::uint32_t slot = free_slots_.back();
  free_slots_.pop_back();
  return slot;
}

Kernel::Slot& Kernel::arm(std::uint32_t slot, Component* owner, int kind, RequestId req) {
  Slot& s = slots_[slot];
  s.owner = owner;
  s.req = req;
  s.kind = kind;
  s.active = true;
  ++active_;
  return s;
}

void Kernel::cancel_owned(const Component* owner) {
  for (std::uint32_t i = 0; i < slots_.size(); ++i) {
    Slot& s = slots_[i];
    if (!s.active || s.owner != owner)
      continue;
    s.active = false;  // before cancel(): the completion signal it fires must find it inactive
    --active_;
    if (s.comm) {
      s.comm->cancel();
      cancelled_.push_back(std::move(s.comm));
    } else {
      s.exec->cancel();
      cancelled_.push_back(std::move(s.exec));  // a cancelled Exec is not restarted
    }
    s.exec = nullptr;
    s.comm = nullptr;
    s.host = nullptr;
    free_slots_.push_back(i);
  }
}

void Kernel::set_progress(std::function<void(double)> cb, std::uint64_t period) {
  progress_ = std::move(cb);
  progress_period_ = period;
}

void Kernel::run_events(double t, bool strict) {
  while (!heap_.empty() && (strict ? heap_.top().t < t : heap_.top().t <= t + kTimeEps)) {
    Event ev = heap_.top();
    heap_.pop();
    if (ev.t > now_) {
      now_ = ev.t;  // a deferred event runs with its own time; others are due at the clock
      same_instant_ = 0;
    } else if (++same_instant_ > kMaxEventsPerInstant) {
      throw std::runtime_error(fmt::format(
          "simulated time stopped advancing at {} s: {} events at the same instant (a loop with no "
          "latency, think time or service time in it)", now_, kMaxEventsPerInstant));
    }
    ++events_;
    if (progress_ && events_ % progress_period_ == 0)
      progress_(now_);
    ev.target->on_event(ev.kind, ev.req);
  }
}

void Kernel::completion_signal(const sg4::Activity& a) {
  auto tag = reinterpret_cast<std::uintptr_t>(a.get_data<void>());
  if (tag == 0 || running_kernel == nullptr || a.get_state() != sg4::Activity::State::FINISHED)
    return;  // not one of ours, or cancelled
  auto slot = static_cast<std::uint32_t>(tag - 1);
  Kernel* k = running_kernel;
  if (slot < k->slots_.size() && k->slots_[slot].active)
    k->guarded([k, slot] { k->on_finished(slot); });
}

template <class F> void Kernel::guarded(F&& f) {
  if (stopped_)
    return;
  try {
    f();
  } catch (...) {  // no actor here, so no ForcefulKillException to let through
    error_ = std::current_exception();
    stop();
  }
}

void Kernel::restore_deferred() {
  for (const Event& ev : deferred_)
    heap_.push(ev);  // same time and sequence: order is unchanged
  deferred_.clear();
}

void Kernel::release_retired() {
  // Executions that finished in an earlier wake-up: their completion has been fully processed
  // by SimGrid, so they can be restarted (restarting one inside its own signal is unsafe).
  for (std::uint32_t slot : retired_) {
    Slot& s = slots_[slot];
    if (s.comm) {  // a communication is not restarted: its slot is free again
      s.comm = nullptr;
      free_slots_.push_back(slot);
    } else {
      idle_by_host_[s.host].push_back(slot);
    }
  }
  retired_.clear();
}

void Kernel::on_timer() {
  timer_ = nullptr;
  release_retired();
  restore_deferred();
  advance();
}

void Kernel::on_finished(std::uint32_t slot) {
  // The armed timer stays: advance() keeps it when the next wake-up falls on the same instant.
  release_retired();
  restore_deferred();
  double clock = sg4::Engine::get_clock();
  run_events(clock, true);  // deferred events that happened before this completion
  now_ = std::max(now_, clock);
  Slot& s = slots_[slot];
  s.active = false;
  --active_;
  retired_.push_back(slot);
  ++events_;
  s.owner->on_done(s.kind, s.req);
  advance();
}

void Kernel::advance() {
  for (;;) {
    double clock = sg4::Engine::get_clock();
    run_events(clock, false);
    now_ = std::max(now_, clock);  // never back: an event within kTimeEps ahead may have run
    if (now_ >= end_) {
      stop();
      return;
    }
    double wake;
    if (active_ == 0) {
      double until = heap_.empty() ? end_ : std::min(heap_.top().t, end_);
      if (until <= clock)
        continue;
      wake = clock + (until - clock);  // as a sleep_until(until) would date it
    } else {
      // Lookahead: wake up at the first event that needs SimGrid; the ones before it wait.
      // At most kMaxDeferred per wait: with thousands of users waiting on a full server, every
      // pending arrival is deferrable, and popping and re-pushing them all at each wake-up cost
      // more than the wake-ups they save (measured: stage 0 at 1,500 users, 0.7 s → 6.8 s).
      deferred_per_target_.clear();
      while (!heap_.empty() && heap_.top().t < end_ && deferred_.size() < kMaxDeferred) {
        const Event& top = heap_.top();
        auto it = std::find_if(deferred_per_target_.begin(), deferred_per_target_.end(),
                               [&](const auto& e) { return e.first == top.target; });
        int already = it == deferred_per_target_.end() ? 0 : it->second;
        if (!top.target->deferrable(top.kind, top.req, already))
          break;
        if (it == deferred_per_target_.end())
          deferred_per_target_.emplace_back(top.target, 1);
        else
          ++it->second;
        deferred_.push_back(top);
        heap_.pop();
      }
      double next = heap_.empty() ? end_ : std::min(heap_.top().t, end_);
      wake = clock + (next - now_);  // as a wait_any_for(next - now_) would date its timeout
    }
    if (timer_ != nullptr) {
      if (timer_->get_date() == wake)
        return;  // the same instant as the armed one: keep it (a Timer costs an allocation)
      timer_->remove();
    }
    timer_ = Timer::set(wake, [this] { guarded([this] { on_timer(); }); });
    return;
  }
}

void Kernel::stop() {
  stopped_ = true;
  if (timer_ != nullptr) {
    timer_->remove();
    timer_ = nullptr;
  }
  for (std::uint32_t i = 0; i < slots_.size(); ++i) {
    Slot& s = slots_[i];
    if (!s.active)
      continue;
    s.active = false;
    --active_;
    if (s.comm)
      s.comm->cancel();
    else
      s.exec->cancel();
  }
}

void Kernel::run() {
  static bool connected = false;
  if (!connected) {
    sg4::Activity::on_completion_cb(&Kernel::completion_signal);
    connected = true;
  }
  running_kernel = this;
  stopped_ = false;
  error_ = nullptr;
  timer_ = Timer::set(sg4::Engine::get_clock(), [this] { guarded([this] { on_timer(); }); });
  sg4::Engine::get_instance()->run();
  running_kernel = nullptr;
  restore_deferred();
  if (error_)
    std::rethrow_exception(error_);
}

}  // namespace ladder
