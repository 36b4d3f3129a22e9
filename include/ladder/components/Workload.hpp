// The clients: where requests are born and where they end.
//
// Open loop: Poisson arrivals at a fixed rate, whatever the system does.
// Closed loop: N concurrent users, each alternating an exponential think time and one request;
// a user's next request leaves when its think time after the previous response ends.
// Memory: one pending timer per concurrent user (closed) or one in all (open); the user who
// sends a request is drawn from a Zipf population and so is the key it touches, both in O(1)
// memory whatever the population's size.
//
// The client ↔ data-centre latency is folded into the schedule: a request is created at the
// client and scheduled straight at its entry component one client latency later; a response
// leaving the data centre is recorded then as completed one return latency later.
#pragma once

#include <array>
#include <cstdint>

#include "ladder/components/Request.hpp"
#include "ladder/metrics/Metrics.hpp"
#include "ladder/scenario/Scenario.hpp"
#include "ladder/sim/Kernel.hpp"
#include "ladder/workload/Random.hpp"

namespace ladder {

/// The component a new request reaches first (the load balancer or the only app server).
class Entry {
 public:
  virtual ~Entry() = default;
  /// `req` will reach this component at time `t` (>= now).
  virtual void accept(RequestId req, double t) = 0;
  /// Whether every request reaching this component before the next wake-up is only queued or
  /// refused, whatever follows from that (Kernel's lookahead contract). A lone app server with
  /// all workers busy qualifies: a refusal sends the user's next request back to it, still full.
  virtual bool only_queues() const { return false; }
};

/// What the clients count, from warm-up on. View: the result's `sessions.relogins`.
struct WorkloadStats {
  std::uint64_t relogins = 0;  ///< logins sent because a response came back unauthorized
};

class Workload : public Component {
 public:
  enum Event : int { kArrival = 0, kRelogin = 1 };
  struct Wiring {
    Kernel& kernel;
    RequestPool& pool;
    Metrics& metrics;
    Entry* entry;
    double to_entry_s;  ///< one-way latency from the client to the entry component
    bool relogin;       ///< sessions are modelled: an unauthorized user logs in again at once
  };
  Workload(const WorkloadConfig& cfg, std::uint64_t seed, Wiring wiring);

  /// Where new requests go.
  void connect(Entry* entry) { w_.entry = entry; }
  /// Schedules the first requests.
  void start();
  /// The response to `req` (or its error) left the data centre now and reaches the client
  /// `return_s` later: the request ends then, and a closed-loop user starts thinking. With
  /// `release` false the pool slot stays taken (a component still holds the request and frees
  /// it later). An unauthorized user (sessions modelled) logs in again at once instead: in a
  /// closed loop that login is the user's next request; in an open loop it is one more arrival.
  void respond(RequestId req, double return_s, bool release = true);

  void on_event(int kind, RequestId req) override;
  void on_done(int, RequestId) override {}
  bool deferrable(int kind, RequestId, int) const override { return kind == kArrival && w_.entry->only_queues(); }
  const WorkloadStats& stats() const { return stats_; }

 private:
  void send(double t_client);
  RequestClass draw_class();

  WorkloadConfig cfg_;
  Wiring w_;
  Rng arrivals_rng_, mix_rng_, user_rng_, key_rng_;
  Zipf users_, keys_;
  std::vector<double> cumulative_;  ///< by class index
  double client_timeout_s_;
  WorkloadStats stats_;
};

}  // namespace ladder
