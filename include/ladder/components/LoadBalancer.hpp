// The load balancer: a routing policy over the app servers. It has no CPU model (a managed
// load balancer is not the bottleneck at these scales); it adds one hop of latency and the
// policy's decision. Least-connections counts requests sent to a backend and not yet answered.
#pragma once

#include <vector>

#include "ladder/components/Request.hpp"
#include "ladder/components/Workload.hpp"
#include "ladder/scenario/Scenario.hpp"
#include "ladder/sim/Kernel.hpp"
#include "ladder/workload/Random.hpp"

namespace ladder {

/// The routing decision alone (pure; unit-tested without an engine).
class LbPolicyState {
 public:
  LbPolicyState(LbPolicy policy, int backends, Rng rng);
  int pick(std::uint64_t user);
  void sent(int backend) { ++active_[static_cast<std::size_t>(backend)]; }
  void answered(int backend) { --active_[static_cast<std::size_t>(backend)]; }
  int active(int backend) const { return active_[static_cast<std::size_t>(backend)]; }

 private:
  LbPolicy policy_;
  std::vector<int> active_;
  int next_ = 0;
  Rng rng_;
};

class LoadBalancer : public Component, public Entry {
 public:
  enum Event : int { kArrive = 0 };
  struct Wiring {
    Kernel& kernel;
    RequestPool& pool;
    std::vector<Entry*> backends;
    double hop_s;
  };
  LoadBalancer(LbPolicy policy, std::uint64_t seed, Wiring wiring);
  /// The routing decision is taken when the request reaches the load balancer.
  void accept(RequestId req, double t) override;
  void on_event(int kind, RequestId req) override;
  void on_done(int, RequestId) override {}
  /// The backend has sent its response back through the load balancer.
  void answered(int backend) { state_.answered(backend); }

 private:
  Wiring w_;
  LbPolicyState state_;
};

}  // namespace ladder
