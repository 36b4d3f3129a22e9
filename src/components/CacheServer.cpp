// See include/ladder/components/CacheServer.hpp.
#include "ladder/components/CacheServer.hpp"

#include <algorithm>
#include <cmath>

namespace ladder {

namespace {
constexpr double kRefillWeight = 0.05;  // EWMA weight of one refill time
}  // namespace

CacheServer::CacheServer(const CacheConfig& cfg, std::int64_t keys, std::uint64_t seed, Wiring wiring)
    : cfg_(cfg), w_(std::move(wiring)), rng_(seed, cfg.name),
      value_bytes_(std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::llround(cfg.value_kb * 1024)))),
      cache_(KeyCacheConfig{cfg.policy == CachePolicy::lru ? EvictionPolicy::lru : EvictionPolicy::lfu,
                            cfg.capacity_mb > 0 ? 0 : static_cast<std::uint64_t>(cfg.capacity_items),
                            cfg.capacity_mb > 0 ? static_cast<std::uint64_t>(cfg.capacity_mb * 1024 * 1024) : 0,
                            cfg.ttl_s}),
      loop_(this, cfg.op_cpu_ms, {w_.kernel, w_.pool, w_.host, w_.flops_per_ms, w_.host_meter, w_.meter}) {
  w_.metrics.stats().add(stats_);
  if (cfg.prewarm) {
    const std::int64_t entries =
        cfg.capacity_mb > 0 ? static_cast<std::int64_t>(cfg.capacity_mb * 1024 * 1024 / static_cast<double>(value_bytes_))
                            : cfg.capacity_items;
    auto n = static_cast<std::uint64_t>(std::min<std::int64_t>(entries, keys));
    cache_.reserve(n);
    for (std::uint64_t k = n; k >= 1; --k) {  // rank 1 last: the most recently used
      if (cfg.ttl_s > 0)
        cache_.put(k, 0, value_bytes_, 0.0, cfg.ttl_s * rng_.uniform());
      else
        cache_.put(k, 0, value_bytes_, 0.0);
    }
  }
}

void CacheServer::on_event(int /*kGet*/, RequestId req) { loop_.submit(req); }

void CacheServer::on_done(int /*kind*/, RequestId req) {
  loop_.finished(req, [&](RequestId r) { lookup(r); });
}

void CacheServer::lookup(RequestId req) {
  const double now = w_.kernel.now();
  Request& r = w_.pool[req];
  const KeyCache::Lookup l = cache_.get(r.key, now);
  const bool expired = l.expired;
  if (expired && w_.metrics.measured(now))
    ++stats_.expirations;
  bool hit = l.hit;
  if (hit && cfg_.early_refresh && std::isfinite(l.expires_at) && refill_s_ > 0 && !flights_.count(r.key) &&
      now - refill_s_ * cfg_.early_refresh_beta * std::log(rng_.uniform()) >= l.expires_at) {
    hit = false;  // this one request refreshes the entry; the others keep hitting
    if (w_.metrics.measured(now))
      ++stats_.early_refreshes;
  }
  w_.metrics.timeline_cache_lookup(now, hit);
  if (w_.metrics.measured(now))
    ++(hit ? stats_.hits : stats_.misses);
  if (hit) {
    r.cache_hit = true;
    answer(req);
    return;
  }
  miss(req, expired);
}

void CacheServer::miss(RequestId req, bool expired) {
  const double now = w_.kernel.now();
  Request& r = w_.pool[req];
  Flight& f = flights_[r.key];
  if (cfg_.coalesce && f.db_reads > 0) {
    f.waiters.push_back(req);  // answered when the read in flight fills the key
    if (w_.metrics.measured(now))
      ++stats_.coalesced;
    return;
  }
  ++f.db_reads;
  f.after_expiry |= expired;
  if (w_.metrics.measured(now)) {
    stats_.reads_after_expiry += f.after_expiry;
    stats_.max_db_reads_one_key = std::max(stats_.max_db_reads_one_key, f.db_reads);
    ++stats_.db_reads;
  }
  r.cache_hit = false;
  r.cache_missed = true;
  r.cache_asked = now;
  answer(req);
}

void CacheServer::answer(RequestId req) {
  const ReplyTo& to = w_.pool[req].reply;
  w_.kernel.after(w_.reply_s, to.to, to.event, req);
}

void CacheServer::fill(RequestId req) {
  const double now = w_.kernel.now();
  const Request& r = w_.pool[req];
  double took = now - r.cache_asked;
  refill_s_ = refill_s_ > 0 ? (1 - kRefillWeight) * refill_s_ + kRefillWeight * took : took;
  cache_.put(r.key, 0, value_bytes_, now);
  finish_flight(r.key, true);
}

void CacheServer::abandon(RequestId req) { finish_flight(w_.pool[req].key, false); }

void CacheServer::finish_flight(std::uint64_t key, bool filled) {
  auto it = flights_.find(key);
  if (it == flights_.end())
    return;
  --it->second.db_reads;
  std::vector<RequestId> waiters = std::move(it->second.waiters);
  it->second.waiters.clear();
  if (it->second.db_reads <= 0)
    flights_.erase(it);
  for (RequestId w : waiters) {
    if (filled) {
      w_.pool[w].cache_hit = true;  // served with the value just read
      answer(w);
    } else {
      miss(w, false);
    }
  }
}

void CacheServer::written(std::uint64_t key, std::uint64_t version) {
  const double now = w_.kernel.now();
  bool touched = cfg_.on_write == CacheWrite::invalidate ? cache_.invalidate(key, now)
                                                         : cache_.update_if_present(key, version, value_bytes_, now);
  if (touched && w_.metrics.measured(now))
    ++stats_.invalidations;
}

}  // namespace ladder
