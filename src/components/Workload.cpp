// See include/ladder/components/Workload.hpp.
#include "ladder/components/Workload.hpp"

namespace ladder {

Workload::Workload(const WorkloadConfig& cfg, std::uint64_t seed, Wiring wiring)
    : cfg_(cfg), w_(wiring), arrivals_rng_(seed, "workload.arrivals"), mix_rng_(seed, "workload.mix"),
      user_rng_(seed, "workload.users"), key_rng_(seed, "workload.keys"),
      users_(static_cast<std::uint64_t>(cfg.population), cfg.user_zipf_s),
      keys_(static_cast<std::uint64_t>(cfg.keys), cfg.key_zipf_s),
      client_timeout_s_(cfg.client_timeout_ms / 1e3) {
  w_.metrics.stats().add(stats_);
  double acc = 0;
  for (const ClassDemand& c : cfg_.classes) {
    acc += c.weight;
    cumulative_.push_back(acc);
  }
}

void Workload::start() {
  if (cfg_.model == ArrivalModel::open) {
    send(arrivals_rng_.exponential(1.0 / cfg_.rate_rps));
    return;
  }
  // Every user starts thinking at time 0, so the first requests spread out over a think time.
  for (std::int64_t u = 0; u < cfg_.users; ++u)
    send(cfg_.think_time_s > 0 ? arrivals_rng_.exponential(cfg_.think_time_s) : 0.0);
}

RequestClass Workload::draw_class() {
  const int n = static_cast<int>(cumulative_.size());
  double u = mix_rng_.uniform() * cumulative_[static_cast<std::size_t>(n - 1)];
  for (int c = 0; c < n - 1; ++c)
    if (u < cumulative_[static_cast<std::size_t>(c)])
      return static_cast<RequestClass>(c);
  return static_cast<RequestClass>(n - 1);
}

void Workload::send(double t_client) {
  // One event per request: when it reaches the entry, one client latency after it left.
  w_.kernel.at(t_client + w_.to_entry_s, this, kArrival, 0);
}

void Workload::on_event(int kind, RequestId req) {
  double now = w_.kernel.now();
  if (kind == kRelogin) {  // created when the 401 came back; reaches the entry now
    w_.metrics.arrival();
    w_.entry->accept(req, now);
    return;
  }
  double left_client = now - w_.to_entry_s;
  RequestId id = w_.pool.acquire();
  Request& r = w_.pool[id];
  r.cls = draw_class();
  r.user = users_(user_rng_);
  r.key = keys_(key_rng_);
  r.created = left_client;
  w_.metrics.arrival();
  if (cfg_.model == ArrivalModel::open)
    send(left_client + arrivals_rng_.exponential(1.0 / cfg_.rate_rps));
  w_.entry->accept(id, now);
}

void Workload::respond(RequestId req, double return_s, bool release) {
  Request& r = w_.pool[req];
  double t = w_.kernel.now() + return_s;
  ErrorKind e = r.error;
  if (e == ErrorKind::none && t - r.created > client_timeout_s_)
    e = ErrorKind::client_timeout;
  w_.metrics.complete(r.cls, r.created, t, e);
  std::uint64_t user = r.user, key = r.key;
  if (release)
    w_.pool.release(req);
  if (e == ErrorKind::unauthorized && w_.relogin) {
    if (w_.metrics.measured(t))
      ++stats_.relogins;
    RequestId id = w_.pool.acquire();
    Request& login = w_.pool[id];
    login.cls = RequestClass::login;
    login.user = user;
    login.key = key;
    login.created = t;
    w_.kernel.at(t + w_.to_entry_s, this, kRelogin, id);
    return;  // a closed-loop user's next request is this login
  }
  if (cfg_.model == ArrivalModel::closed)
    send(t + (cfg_.think_time_s > 0 ? arrivals_rng_.exponential(cfg_.think_time_s) : 0.0));
}

}  // namespace ladder
