// A request in flight: a small struct moved between components by index, never an actor.
// The pool recycles slots, so memory grows with requests in flight, not with requests served.
#pragma once

#include <cstdint>
#include <vector>

#include "ladder/metrics/Metrics.hpp"
#include "ladder/scenario/Scenario.hpp"
#include "ladder/sim/Kernel.hpp"

namespace ladder {

struct Request {
  RequestClass cls = RequestClass::read;
  std::uint64_t user = 0;  ///< rank in the user population (1 = most active)
  std::uint64_t key = 0;   ///< rank in the key space (1 = most popular)
  double created = 0;      ///< left the client
  double entered = 0;      ///< entered its app server
  double db_entered = 0;   ///< entered the database (its current query)
  int backend = 0;         ///< app server index the load balancer chose
  ErrorKind error = ErrorKind::none;
};

class RequestPool {
 public:
  RequestId acquire() {
    if (free_.empty()) {
      items_.emplace_back();
      return static_cast<RequestId>(items_.size() - 1);
    }
    RequestId id = free_.back();
    free_.pop_back();
    items_[id] = Request{};
    return id;
  }
  void release(RequestId id) { free_.push_back(id); }
  Request& operator[](RequestId id) { return items_[id]; }

 private:
  std::vector<Request> items_;
  std::vector<RequestId> free_;
};

}  // namespace ladder
