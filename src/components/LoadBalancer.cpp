// See include/ladder/components/LoadBalancer.hpp.
#include "ladder/components/LoadBalancer.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace ladder {

LbPolicyState::LbPolicyState(LbPolicy policy, int in_service, int capacity, Rng rng)
    : policy_(policy), initial_(in_service), active_(static_cast<std::size_t>(capacity), 0),
      in_(static_cast<std::size_t>(capacity), false), rng_(rng) {
  for (int b = 0; b < in_service; ++b)
    set_in_service(b, true);
}

void LbPolicyState::set_in_service(int backend, bool in) {
  auto b = static_cast<std::size_t>(backend);
  if (in_[b] == in)
    return;
  in_[b] = in;
  auto it = std::lower_bound(members_.begin(), members_.end(), backend);
  if (in)
    members_.insert(it, backend);
  else
    members_.erase(it);
  if (!members_.empty())
    next_ %= static_cast<int>(members_.size());
  else
    next_ = 0;
}

int LbPolicyState::round_robin() {
  int b = members_[static_cast<std::size_t>(next_)];
  next_ = (next_ + 1) % static_cast<int>(members_.size());
  return b;
}

int LbPolicyState::pick(std::uint64_t user) {
  auto n = static_cast<int>(members_.size());
  if (n == 0)
    return -1;
  switch (policy_) {
    case LbPolicy::round_robin:
      return round_robin();
    case LbPolicy::random:
      return members_[rng_.below(static_cast<std::uint64_t>(n))];
    case LbPolicy::least_connections: {
      // Fewest active; ties broken round-robin so equal backends share the load.
      int best = -1;
      for (int k = 0; k < n; ++k) {
        int pos = (next_ + k) % n;
        if (best < 0 || active_[static_cast<std::size_t>(members_[static_cast<std::size_t>(pos)])] <
                            active_[static_cast<std::size_t>(members_[static_cast<std::size_t>(best)])])
          best = pos;
      }
      next_ = (best + 1) % n;
      return members_[static_cast<std::size_t>(best)];
    }
    case LbPolicy::sticky:
      // Client-hash stickiness over the servers in service: when membership changes, most users
      // move (modulo hashing), which is part of what it teaches.
      return members_[mix64(user) % static_cast<std::uint64_t>(n)];
    case LbPolicy::sticky_cookie: {
      // The cookie pins a user to a server until that server leaves service. Users who have not
      // been pinned in this run carry the cookie of their pre-existing session (see
      // StateDirectory): hash(user) mod the initial server count.
      auto it = cookies_.find(user);
      int pinned = it != cookies_.end() ? it->second
                                        : static_cast<int>(mix64(user) % static_cast<std::uint64_t>(initial_));
      if (in_[static_cast<std::size_t>(pinned)])
        return pinned;
      ++repinned_;
      int b = round_robin();
      cookies_[user] = b;
      return b;
    }
  }
  return -1;
}

LoadBalancer::LoadBalancer(const LbConfig& cfg, int initial, double boot_s, std::uint64_t seed, Wiring wiring)
    : cfg_(cfg), boot_s_(boot_s), w_(std::move(wiring)),
      state_(cfg.policy, initial, static_cast<int>(w_.backends.size()), Rng(seed, cfg.name + ".policy")),
      members_(w_.backends.size()), created_(initial) {
  for (int b = 0; b < initial; ++b)
    members_[static_cast<std::size_t>(b)] = {true, true, 0, 0};
}

void LoadBalancer::start_health_checks() {
  w_.kernel.at(cfg_.health.interval_s, this, kHealthCheck, 0);
}

void LoadBalancer::accept(RequestId req, double t) {
  if (t > w_.kernel.now()) {
    w_.kernel.at(t, this, kArrive, req);
    return;
  }
  Request& r = w_.pool[req];
  r.backend = state_.pick(r.user);
  if (r.backend < 0) {  // nothing in service: 503 straight back
    r.backend = 0;
    r.error = ErrorKind::no_backend;
    w_.client->respond(req, w_.to_client_s);
    return;
  }
  state_.sent(r.backend);
  w_.backends[static_cast<std::size_t>(r.backend)]->accept(req, t + w_.hop_s);
}

void LoadBalancer::on_event(int kind, RequestId req) {
  if (kind == kHealthCheck) {
    health_check();
    w_.kernel.after(cfg_.health.interval_s, this, kHealthCheck, 0);
    return;
  }
  accept(req, w_.kernel.now());
}

void LoadBalancer::health_check() {
  double now = w_.kernel.now();
  for (std::size_t b = 0; b < members_.size(); ++b) {
    Member& m = members_[b];
    if (!m.registered)
      continue;
    Backend* be = w_.backends[b];
    if (be->passes_health_check()) {
      m.failures = 0;
      if (!m.healthy && ++m.passes >= cfg_.health.healthy_threshold) {
        m.healthy = true;
        state_.set_in_service(static_cast<int>(b), true);
        w_.metrics.event(now, be->name(), "in_service",
                         fmt::format("{} health checks passed in a row", m.passes));
      }
    } else {
      m.passes = 0;
      if (m.healthy && ++m.failures >= cfg_.health.unhealthy_threshold) {
        m.healthy = false;
        state_.set_in_service(static_cast<int>(b), false);
        double since = be->down_since();
        w_.metrics.event(now, be->name(), "out_of_service",
                         since >= 0 ? fmt::format("{} health checks failed in a row; down since {:.3f} s, "
                                                  "detected {:.3f} s later",
                                                  m.failures, since, now - since)
                                    : fmt::format("{} health checks failed in a row", m.failures));
      }
    }
  }
}

void LoadBalancer::scale_out(int count) {
  double now = w_.kernel.now();
  for (int k = 0; k < count && created_ < static_cast<int>(members_.size()); ++k, ++created_) {
    auto b = static_cast<std::size_t>(created_);
    members_[b] = {true, false, 0, 0};  // registered, out of service until its checks pass
    w_.backends[b]->boot(now + boot_s_);
    w_.metrics.event(now, w_.backends[b]->name(), "registered",
                     fmt::format("boots at {:.3f} s, then needs {} passed health checks", now + boot_s_,
                                 cfg_.health.healthy_threshold));
  }
}

void LoadBalancer::scale_in(int count) {
  // The highest-numbered registered servers leave first.
  double now = w_.kernel.now();
  for (auto b = static_cast<int>(members_.size()) - 1; b >= 0 && count > 0; --b) {
    Member& m = members_[static_cast<std::size_t>(b)];
    if (!m.registered)
      continue;
    m = Member{};
    state_.set_in_service(b, false);
    --count;
    w_.metrics.event(now, w_.backends[static_cast<std::size_t>(b)]->name(), "deregistered",
                     fmt::format("draining for up to {:.3f} s", cfg_.drain_s));
    w_.backends[static_cast<std::size_t>(b)]->drain(cfg_.drain_s);
  }
}

}  // namespace ladder
