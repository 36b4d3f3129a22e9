// A fixed number of slots (an app server's worker threads, a database's connections) and a
// bounded FIFO queue in front of them: the admission logic both servers share.
//
// A request takes a free slot at once, else waits in the queue, else (queue full) is refused.
// When a slot frees, it goes to the head of the queue; a request that waited longer than the
// timeout is dropped there (noticed at the head, not when its timeout expires) without taking
// the slot. The slot counts and queue length are reported to the component's meter.
#pragma once

#include <deque>
#include <optional>
#include <vector>

#include "ladder/metrics/Metrics.hpp"
#include "ladder/sim/Kernel.hpp"

namespace ladder {

class SlotQueue {
 public:
  enum class Admission { started, queued, refused };

  SlotQueue(int slots, int queue_limit, double timeout_s, ComponentMeter& meter)
      : slots_(slots), queue_limit_(queue_limit), timeout_s_(timeout_s), meter_(meter) {}

  /// Whether every slot is taken (a new request would queue or be refused).
  bool full() const { return busy_ >= slots_; }
  int queued() const { return static_cast<int>(queue_.size()); }

  /// On `started` the request holds a slot and the caller starts its work.
  Admission admit(RequestId req, double now) {
    if (busy_ < slots_) {
      take(now);
      return Admission::started;
    }
    if (static_cast<int>(queue_.size()) >= queue_limit_)
      return Admission::refused;
    queue_.push_back({req, now});
    meter_.set_queue(now, static_cast<int>(queue_.size()));
    return Admission::queued;
  }

  /// Everything is gone at once (the server crashed or was removed): no slot is busy, the queue
  /// is empty; returns the requests that were waiting, in queue order.
  std::vector<RequestId> clear(double now) {
    std::vector<RequestId> waiting;
    for (const Waiting& w : queue_)
      waiting.push_back(w.req);
    queue_.clear();
    busy_ = 0;
    meter_.set_queue(now, 0);
    meter_.set_busy(now, 0);
    return waiting;
  }

  /// Frees a slot and hands it to the next queued request that has not timed out, which the
  /// caller then starts; `expired(req)` is called for each request dropped on the way.
  template <typename Expired>
  std::optional<RequestId> release(double now, Expired&& expired) {
    meter_.set_busy(now, --busy_);
    while (!queue_.empty()) {
      Waiting w = queue_.front();
      queue_.pop_front();
      meter_.set_queue(now, static_cast<int>(queue_.size()));
      if (now - w.since > timeout_s_) {
        expired(w.req);
        continue;
      }
      take(now);
      return w.req;
    }
    return std::nullopt;
  }

 private:
  struct Waiting {
    RequestId req;
    double since;
  };
  void take(double now) { meter_.set_busy(now, ++busy_); }

  int slots_;
  int queue_limit_;
  double timeout_s_;
  ComponentMeter& meter_;
  int busy_ = 0;
  std::deque<Waiting> queue_;
};

}  // namespace ladder
