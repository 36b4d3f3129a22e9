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
};

class RequestPool {
 public:
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
};

}  // namespace ladder
