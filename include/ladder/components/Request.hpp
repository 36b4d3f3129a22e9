// A request in flight: a small struct moved between components by index, never an actor.
// The pool recycles slots, so memory grows with requests in flight, not with requests served.
#pragma once

#include <cstdint>
#include <vector>

#include "ladder/components/Program.hpp"
#include "ladder/metrics/Metrics.hpp"
#include "ladder/scenario/Scenario.hpp"
#include "ladder/sim/Kernel.hpp"

namespace ladder {

/// Where the answer to a call goes: the callee schedules `to->on_event(event, req)` one hop
/// after it has done the work. A callee knows nothing else about its caller.
struct ReplyTo {
  Component* to = nullptr;
  int event = 0;
};

struct Request {
  RequestClass cls = RequestClass::read;  ///< its endpoint: which program it runs
  std::uint64_t user = 0;  ///< rank in the user population (1 = most active)
  std::uint64_t key = 0;   ///< rank in the key space (1 = most popular)
  double created = 0;      ///< left the client
  double entered = 0;      ///< entered its app server
  double db_entered = 0;   ///< entered the database (its current query)
  int backend = 0;         ///< app server index the load balancer chose
  ErrorKind error = ErrorKind::none;
  ReplyTo reply;            ///< who is answered when the call in progress (one at a time) is done
  const step::Query* query = nullptr;  ///< the query it is sending or has sent (read by the store)
  std::uint16_t pc = 0;     ///< the step of its program it is at
  std::uint8_t phase = 0;   ///< within a step that takes several calls (a query: cache, store, after)
  std::uint8_t at_app = 0;  ///< 0: not at an app server; 1: held by it (queued or on its CPU);
                            ///< 2: away from it (database, session store, file I/O), reply pending
  bool orphan = false;      ///< its app server crashed while it was away: freed when the reply comes
  bool in_use = false;      ///< the pool slot holds a live request
  bool cache_hit = false;     ///< the cache answered with the value
  bool cache_missed = false;  ///< the cache missed: this request reads the database and fills it
  double cache_asked = 0;     ///< when the cache missed
  std::uint64_t token = 0;    ///< commit position of the user's last write when this read was sent
  // Calls between services (rung 9; AppServer). A call is a child request: its own program on the
  // callee, its reply resuming the parent. A parent waiting for its calls has at_app 3.
  static constexpr RequestId kNoParent = ~RequestId{0};
  RequestId parent = kNoParent;  ///< a call: the request that made it (kNoParent: a user's request or a job)
  std::uint32_t gen = 0;         ///< its current wait for calls (a reply of an older one is stale)
  std::uint32_t parent_gen = 0;  ///< a call: its parent's wait when it was sent
  std::uint16_t service = 0;  ///< the service whose server runs it
  std::uint16_t edge = 0;     ///< a call: its call edge
  std::uint16_t topic = 0;    ///< a job: its topic
  std::uint16_t ok = 0, bad = 0, needed = 0, total = 0;  ///< parent: its current step's calls joined
  std::uint8_t attempt = 0;   ///< a call: 0 for the first attempt, k for retry k
  std::uint8_t refs = 0;      ///< a call: events still to come that name this slot (freed at 0)
  std::uint8_t admit = 0;     ///< a call: what its edge's breaker said (CircuitBreaker::Admit)
  bool done = false;       ///< a call: its outcome is decided (replied or timed out); the other is ignored
  bool responded = false;  ///< a respond step answered the caller already
  bool job = false;        ///< a job a publish step created (no one waits for it)
  ErrorKind join_error = ErrorKind::none;  ///< parent: the last failed call's error
  ErrorKind reply_error = ErrorKind::none;  ///< a call: the outcome it sent back
  Component* caller = nullptr;  ///< a call: the caller's server (its reply goes there)
  const step::Call* call = nullptr;  ///< a call: its step (retries, timeout)
  double sent = 0;              ///< a call: when this attempt left the caller
};

class RequestPool {
 public:
  /// A fresh wait generation: never one a live or stale call carries.
  std::uint32_t next_gen() { return ++gen_; }
  RequestId acquire() {
    if (free_.empty()) {
      items_.emplace_back();
      items_.back().in_use = true;
      return static_cast<RequestId>(items_.size() - 1);
    }
    RequestId id = free_.back();
    free_.pop_back();
    items_[id] = Request{};
    items_[id].in_use = true;
    return id;
  }
  void release(RequestId id) {
    items_[id].in_use = false;
    free_.push_back(id);
  }
  Request& operator[](RequestId id) { return items_[id]; }
  /// Slots ever allocated (live or free); ids are below this.
  std::size_t slots() const { return items_.size(); }

 private:
  std::vector<Request> items_;
  std::vector<RequestId> free_;
  std::uint32_t gen_ = 0;
};

}  // namespace ladder
