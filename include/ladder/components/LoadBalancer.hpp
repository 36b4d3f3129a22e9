// The load balancer: a routing policy over the app servers in service, health checks that take
// servers out of service and put them back, and the membership changes of scaling.
//
// It has no CPU model (a managed load balancer is not the bottleneck at these scales); it adds
// one hop of latency and the policy's decision. Least-connections counts requests sent to a
// backend and not yet answered.
//
// Health checks (simulated only when the scenario has faults: without them every server stays
// healthy): at every multiple of the interval the load balancer checks each registered server;
// `unhealthy_threshold` failures in a row take it out of service, `healthy_threshold` passes in a
// row put it back (a new server starts out of service). So a crash at t is noticed at the
// (unhealthy_threshold)-th check after t: between (threshold − 1) and threshold intervals later.
// Until then requests still go to the dead server and fail as backend_down.
// Scale-out registers servers that boot then pass their checks; scale-in deregisters the
// highest-numbered servers at once and lets them drain (AppServer).
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "ladder/components/Registry.hpp"
#include "ladder/components/Request.hpp"
#include "ladder/components/Workload.hpp"
#include "ladder/metrics/Metrics.hpp"
#include "ladder/scenario/Scenario.hpp"
#include "ladder/sim/Kernel.hpp"
#include "ladder/workload/Random.hpp"

namespace ladder {

/// A server behind the load balancer.
class Backend : public Entry {
 public:
  virtual const std::string& name() const = 0;
  /// What a health check sees: the process is up and reachable.
  virtual bool passes_health_check() const = 0;
  /// When it stopped passing (crash or cut), or a negative number.
  virtual double down_since() const = 0;
  /// Scale-out: the server starts at `t` (it is not running before).
  virtual void boot(double t) = 0;
  /// Scale-in: no new requests come; in-flight ones get `drain_s` to finish, then are cut.
  virtual void drain(double drain_s) = 0;
};

/// The routing decision alone (pure; unit-tested without an engine). Servers are indices
/// 0..capacity-1; only those in service are picked.
class LbPolicyState {
 public:
  /// Servers 0..in_service-1 start in service; `capacity` bounds the indices.
  LbPolicyState(LbPolicy policy, int in_service, int capacity, Rng rng);
  /// All `backends` in service.
  LbPolicyState(LbPolicy policy, int backends, Rng rng) : LbPolicyState(policy, backends, backends, rng) {}
  /// A server in service for this user's request, or -1 when none is.
  int pick(std::uint64_t user);
  void set_in_service(int backend, bool in);
  bool in_service(int backend) const { return in_[static_cast<std::size_t>(backend)]; }
  int in_service_count() const { return static_cast<int>(members_.size()); }
  void sent(int backend) { ++active_[static_cast<std::size_t>(backend)]; }
  void answered(int backend) { --active_[static_cast<std::size_t>(backend)]; }
  int active(int backend) const { return active_[static_cast<std::size_t>(backend)]; }
  /// sticky_cookie: users whose pinned server had left service and who were pinned anew.
  std::uint64_t repinned() const { return repinned_; }

 private:
  int round_robin();
  LbPolicy policy_;
  int initial_;
  std::vector<int> active_;
  std::vector<bool> in_;
  std::vector<int> members_;  ///< servers in service, ascending
  int next_ = 0;              ///< round-robin position in members_
  Rng rng_;
  std::unordered_map<std::uint64_t, int> cookies_;  ///< sticky_cookie: pins set during the run
  std::uint64_t repinned_ = 0;
};

class LoadBalancer : public Component, public Entry, public Scalable {
 public:
  enum Event : int { kArrive = 0, kHealthCheck = 1 };
  struct Wiring {
    Kernel& kernel;
    RequestPool& pool;
    Metrics& metrics;
    std::vector<Backend*> backends;  ///< every server that can exist (tiers.app.max_count)
    double hop_s;
    Workload* client;    ///< answered directly when no server is in service
    double to_client_s;  ///< one way, load balancer to client
  };
  LoadBalancer(const LbConfig& cfg, int initial, double boot_s, std::uint64_t seed, Wiring wiring);
  /// Starts the periodic health checks.
  void start_health_checks();
  /// The routing decision is taken when the request reaches the load balancer.
  void accept(RequestId req, double t) override;
  void on_event(int kind, RequestId req) override;
  void on_done(int, RequestId) override {}
  /// The backend has sent its response back through the load balancer.
  void answered(int backend) { state_.answered(backend); }
  /// Requests sent to `backend` and not answered yet (in transit to it included).
  int active(int backend) const { return state_.active(backend); }
  /// The app tier grows or shrinks: the load balancer registers and drains its servers.
  void scale_out(int count) override;
  void scale_in(int count) override;

 private:
  struct Member {
    bool registered = false;
    bool healthy = false;  ///< as the load balancer sees it
    int passes = 0, failures = 0;  ///< consecutive
  };
  void health_check();

  LbConfig cfg_;
  double boot_s_;
  Wiring w_;
  LbPolicyState state_;
  std::vector<Member> members_;
  int created_;  ///< servers created so far (initial + scaled out)
};

}  // namespace ladder
