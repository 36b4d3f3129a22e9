// The call graph at run time (rung 9): which servers each service has, the round-robin
// choice of the server a call goes to, the circuit breaker and the counts of each call edge
// (caller service → callee.endpoint), and the jobs `publish` steps create.
//
// The calls themselves are run by the app servers (AppServer: a call is a child request whose
// reply resumes its parent, one hop each way); this object is the shared state they consult.
// Routing is the caller's (a client-side balancer, as a service mesh's sidecar): the next
// server of the callee in round-robin order that is present (booted, not removed). A crashed
// or cut server is not skipped (no health checks between services): the call fails as
// backend_down and a retry goes to the next server.
// One breaker per edge, shared by the caller's servers (Hystrix keeps one per command per
// process; here one per edge, so its counts are the edge's).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ladder/calls/CircuitBreaker.hpp"
#include "ladder/components/Program.hpp"
#include "ladder/components/Request.hpp"
#include "ladder/metrics/Histogram.hpp"
#include "ladder/metrics/Metrics.hpp"
#include "ladder/sim/Kernel.hpp"
#include "ladder/workload/Random.hpp"

namespace ladder {

class AppServer;

/// What one call edge counts, from warm-up on (by the time a call attempt was sent).
struct EdgeStats {
  std::uint64_t intended = 0;  ///< calls the callers' steps made (first attempts)
  std::uint64_t attempts = 0;  ///< attempts sent to the callee (first attempts and retries, past the breaker)
  std::uint64_t retries = 0;   ///< attempts after a failed or timed-out one
  std::uint64_t ok = 0;        ///< attempts answered without error in time
  std::uint64_t timeouts = 0;  ///< attempts with no reply within timeout_ms
  std::uint64_t refused = 0;   ///< attempts the open breaker refused (no load on the callee)
  std::uint64_t gave_up = 0;   ///< calls that failed for good (after their retries)
  std::uint64_t opens = 0;     ///< times the breaker opened
  std::array<std::uint64_t, kErrorKindCount> errors{};  ///< failed attempts, by the callee's error
  Histogram latency;  ///< successful attempts: sent → reply back at the caller
};

/// What one topic counts: jobs published, finished and their latency (publish → done).
struct TopicStats {
  std::uint64_t published = 0, done = 0, failed = 0, dropped = 0;
  Histogram latency;
};

class Calls : public Component {
 public:
  Calls(Kernel& kernel, RequestPool& pool, Metrics& metrics, const Lowered& lowered, double hop_s,
        std::uint64_t seed);

  void add_server(int service, AppServer* server) { servers_[static_cast<std::size_t>(service)].push_back(server); }
  /// The callee's next present server in round-robin order; null when it has none.
  AppServer* pick(int service);
  double hop_s() const { return hop_s_; }
  /// The breaker of an edge that has one, else null.
  CircuitBreaker* breaker(int edge) { return breakers_[static_cast<std::size_t>(edge)].get(); }
  EdgeStats& edge(int e) { return edges_[static_cast<std::size_t>(e)]; }
  const std::vector<EdgeStats>& edges() const { return edges_; }
  const std::vector<CallEdge>& edge_names() const { return lowered_.edges; }
  TopicStats& topic(int t) { return topics_[static_cast<std::size_t>(t)]; }
  const std::vector<TopicStats>& topics() const { return topics_; }
  const std::vector<std::string>& topic_names() const { return lowered_.topics; }
  /// Backoff and jitter draws.
  Rng& rng() { return rng_; }
  /// A job has ended (done or failed) at its consumer: counted, its slot freed unless `keep`.
  void job_done(RequestId job, bool keep);
  void on_event(int, RequestId) override {}
  void on_done(int, RequestId) override {}

 private:
  Kernel& kernel_;
  RequestPool& pool_;
  Metrics& metrics_;
  const Lowered& lowered_;
  double hop_s_;
  Rng rng_;
  std::vector<std::vector<AppServer*>> servers_;
  std::vector<std::size_t> next_;
  std::vector<std::unique_ptr<CircuitBreaker>> breakers_;
  std::vector<EdgeStats> edges_;
  std::vector<TopicStats> topics_;
};

}  // namespace ladder
