// The cache-aside tier (stage 5): a Redis-like node holding actual keys (cache/KeyCache.hpp:
// LRU or LFU, capacity in items or in bytes of values of value_kb each, TTL set on write).
//
// Flow: a cacheable read asks the cache (one hop, one command of CPU on the node, which runs
// one command at a time); on a hit the app skips the database; on a miss the app reads the
// database and then fills the cache with the value. A database write invalidates (or updates)
// the cached key. The fill and the invalidation are applied when the app has the database's
// answer (their command CPU is not simulated: a SET is as cheap as the GET already counted).
//
// Thundering herd: while a key is being refilled, more misses on it go to the database too,
// each one a query: "database reads per expiry" counts them for keys that expired. Mitigations:
// - coalesce (single-flight): a miss on a key already being refilled waits at the cache for
//   that one read and is answered with its value;
// - early_refresh (XFetch, Vattani et al. 2015): a hit at time t on an entry expiring at e is
//   treated as a miss when t − δ·β·ln(u) ≥ e (u uniform in (0,1), δ the mean refill time), so one
//   request refreshes a hot key shortly before it expires instead of all of them after.
// prewarm: the run starts with the most popular keys that fit already cached (rank 1 most
// recent), with TTLs spread uniformly over [0, ttl) so they do not all expire together.
#pragma once

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include "ladder/cache/KeyCache.hpp"
#include "ladder/components/CommandLoop.hpp"
#include "ladder/components/Registry.hpp"
#include "ladder/components/Request.hpp"
#include "ladder/metrics/Metrics.hpp"
#include "ladder/scenario/Scenario.hpp"
#include "ladder/sim/Kernel.hpp"
#include "ladder/workload/Random.hpp"

namespace ladder {

/// What one cache node counts, from warm-up on. View: the result's `cache` section sums them
/// over the cache nodes and derives its ratios from the sums (StatsViews.hpp).
struct CacheServerStats {
  std::uint64_t hits = 0, misses = 0;  ///< lookups (an early refresh counts as a miss)
  std::uint64_t db_reads = 0;          ///< misses that went on to the database
  std::uint64_t coalesced = 0;         ///< misses that waited for another request's read
  std::uint64_t early_refreshes = 0;
  std::uint64_t expirations = 0;       ///< entries found expired
  std::uint64_t reads_after_expiry = 0;  ///< database reads for an expired key before its refill
  int max_db_reads_one_key = 0;        ///< most concurrent database reads for one key
  std::uint64_t invalidations = 0;     ///< entries removed or updated by writes
};

class CacheServer : public Component, public Slowable {
 public:
  /// kGet: a lookup whose answer (Request::cache_hit / cache_missed) goes to the request's ReplyTo.
  enum Event : int { kGet = 0 };
  struct Wiring {
    Kernel& kernel;
    RequestPool& pool;
    Metrics& metrics;
    simgrid::s4u::Host* host;
    double flops_per_ms;
    HostMeter& host_meter;
    ComponentMeter& meter;
    double reply_s;  ///< one-way hop back to a caller (the GET's ReplyTo)
  };
  CacheServer(const CacheConfig& cfg, std::int64_t keys, std::uint64_t seed, Wiring wiring);

  void set_slow(double factor) override { loop_.set_slow(factor); }
  /// The database answered the miss of `req`: the value goes into the cache, and the requests
  /// waiting for it (coalescing) are answered.
  void fill(RequestId req);
  /// The miss of `req` got no value (the query failed, or its app server crashed): waiting
  /// requests are sent to the database themselves.
  void abandon(RequestId req);
  /// A database write to `key` committed.
  void written(std::uint64_t key, std::uint64_t version);

  void on_event(int kind, RequestId req) override;
  void on_done(int kind, RequestId req) override;
  const CacheServerStats& stats() const { return stats_; }

 private:
  struct Flight {
    int db_reads = 0;           ///< database reads in flight for the key
    bool after_expiry = false;  ///< the key had expired when the first of them missed
    std::vector<RequestId> waiters;
  };
  void lookup(RequestId req);
  void miss(RequestId req, bool expired);
  void answer(RequestId req);
  void finish_flight(std::uint64_t key, bool filled);

  CacheConfig cfg_;
  Wiring w_;
  Rng rng_;
  std::uint64_t value_bytes_;
  KeyCache cache_;
  CommandLoop loop_;
  double refill_s_ = 0;  ///< mean refill time (exponentially weighted), δ for early refresh
  std::unordered_map<std::uint64_t, Flight> flights_;
  CacheServerStats stats_;
};

}  // namespace ladder
