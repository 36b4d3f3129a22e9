// See include/ladder/components/LoadBalancer.hpp.
#include "ladder/components/LoadBalancer.hpp"

namespace ladder {

namespace {
/// SplitMix64's finalizer: a well-mixed hash of an integer, the same on every platform.
std::uint64_t mix64(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}
}  // namespace

LbPolicyState::LbPolicyState(LbPolicy policy, int backends, Rng rng)
    : policy_(policy), active_(static_cast<std::size_t>(backends), 0), rng_(rng) {}

int LbPolicyState::pick(std::uint64_t user) {
  int n = static_cast<int>(active_.size());
  switch (policy_) {
    case LbPolicy::round_robin: {
      int b = next_;
      next_ = (next_ + 1) % n;
      return b;
    }
    case LbPolicy::random:
      return static_cast<int>(rng_.below(static_cast<std::uint64_t>(n)));
    case LbPolicy::least_connections: {
      // Fewest active; ties broken round-robin so equal backends share the load.
      int best = -1;
      for (int k = 0; k < n; ++k) {
        int b = (next_ + k) % n;
        if (best < 0 || active_[static_cast<std::size_t>(b)] < active_[static_cast<std::size_t>(best)])
          best = b;
      }
      next_ = (best + 1) % n;
      return best;
    }
    case LbPolicy::sticky:
      // Client-hash stickiness: a user always lands on the same backend.
      return static_cast<int>(mix64(user) % static_cast<std::uint64_t>(n));
  }
  return 0;
}

LoadBalancer::LoadBalancer(LbPolicy policy, std::uint64_t seed, Wiring wiring)
    : w_(std::move(wiring)),
      state_(policy, static_cast<int>(w_.backends.size()), Rng(seed, "lb.policy")) {}

void LoadBalancer::accept(RequestId req, double t) {
  if (t > w_.kernel.now()) {
    w_.kernel.at(t, this, kArrive, req);
    return;
  }
  Request& r = w_.pool[req];
  r.backend = state_.pick(r.user);
  state_.sent(r.backend);
  w_.backends[static_cast<std::size_t>(r.backend)]->accept(req, t + w_.hop_s);
}

void LoadBalancer::on_event(int /*kArrive*/, RequestId req) { accept(req, w_.kernel.now()); }

}  // namespace ladder
