// Tests for the key cache (src/cache/KeyCache.cpp).
//  - Unit tests of each rule in the header: LRU and LFU order, LFU's tie-break, byte capacity,
//    TTL, invalidation, updates, refusal of oversize entries, capacity 1.
//  - A differential test: long random operation sequences replayed on a naive reference (linear
//    scans, written from the header's rules alone) must give the same answers and contents.
//  - Fidelity under the independent reference model (IRM: each request draws its key i.i.d.
//    from Zipf(s) over n keys): LRU against Che's approximation, a TTL cache against the
//    renewal formula of Jung et al., and LFU against its hard bounds (see LfuFidelity).
// Random draws use fixed seeds, so every test is deterministic.
#include "ladder/cache/KeyCache.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "ladder/workload/Random.hpp"
#include "support/Analytic.hpp"

namespace ladder {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

KeyCache items_cache(EvictionPolicy policy, std::uint64_t items, double ttl_s = 0) {
  return KeyCache({.policy = policy, .capacity_items = items, .capacity_bytes = 0, .ttl_s = ttl_s});
}

KeyCache bytes_cache(EvictionPolicy policy, std::uint64_t bytes) {
  return KeyCache({.policy = policy, .capacity_items = 0, .capacity_bytes = bytes, .ttl_s = 0});
}

// ---- configuration --------------------------------------------------------------------------

TEST(KeyCache, RejectsBadConfig) {
  EXPECT_THROW(KeyCache({}), std::invalid_argument);  // no capacity
  EXPECT_THROW(KeyCache({.capacity_items = 10, .capacity_bytes = 10}), std::invalid_argument);
  EXPECT_THROW(KeyCache({.capacity_items = 10, .ttl_s = -1}), std::invalid_argument);
  EXPECT_THROW(KeyCache({.capacity_items = 10, .ttl_s = kInf}), std::invalid_argument);
  KeyCache bytes = bytes_cache(EvictionPolicy::lru, 100);
  EXPECT_THROW(bytes.put(1, 1, 0, 0), std::invalid_argument);  // 0 bytes: count unbounded
  KeyCache items = items_cache(EvictionPolicy::lru, 10);
  EXPECT_THROW(items.put(1, 1, 1, 0, -5.0), std::invalid_argument);
  EXPECT_EQ(items.size(), 0u);
}

// ---- LRU ------------------------------------------------------------------------------------

TEST(KeyCache, LruEvictsLeastRecentlyUsed) {
  KeyCache c = items_cache(EvictionPolicy::lru, 3);
  for (std::uint64_t k : {1, 2, 3}) c.put(k, 10 * k, 1, 0);
  EXPECT_TRUE(c.get(1, 0).hit);  // order, most recent first: 1 3 2
  c.put(4, 40, 1, 0);            // evicts 2
  EXPECT_FALSE(c.contains(2, 0));
  EXPECT_TRUE(c.contains(1, 0) && c.contains(3, 0) && c.contains(4, 0));
  c.put(3, 31, 1, 0);  // a put is a use too: 3 4 1
  c.put(5, 50, 1, 0);  // evicts 1
  EXPECT_FALSE(c.contains(1, 0));
  EXPECT_EQ(c.get(3, 0).version, 31u);
  EXPECT_EQ(c.size(), 3u);
  EXPECT_EQ(c.counters().evictions, 2u);
  EXPECT_EQ(c.counters().insertions, 5u);  // 1 2 3 4 5; the second put of 3 is an update
}

TEST(KeyCache, ContainsHasNoSideEffect) {
  KeyCache c = items_cache(EvictionPolicy::lru, 2);
  c.put(1, 1, 1, 0);
  c.put(2, 2, 1, 0);
  EXPECT_TRUE(c.contains(1, 0));  // not a use: 1 stays least recent
  c.put(3, 3, 1, 0);
  EXPECT_FALSE(c.contains(1, 0));
  EXPECT_EQ(c.counters().hits + c.counters().misses, 0u);
}

// ---- LFU ------------------------------------------------------------------------------------

TEST(KeyCache, LfuEvictsLeastFrequentlyUsed) {
  KeyCache c = items_cache(EvictionPolicy::lfu, 3);
  for (std::uint64_t k : {1, 2, 3}) c.put(k, k, 1, 0);  // counts 1 1 1
  c.get(1, 0);
  c.get(1, 0);
  c.get(2, 0);         // counts: 1→3, 2→2, 3→1
  c.put(4, 4, 1, 0);   // evicts 3, the only key at count 1
  EXPECT_FALSE(c.contains(3, 0));
  c.get(2, 0);         // 2→3; 4 has count 1
  c.put(5, 5, 1, 0);   // evicts 4: the newcomer has the lowest count
  EXPECT_FALSE(c.contains(4, 0));
  EXPECT_TRUE(c.contains(1, 0) && c.contains(2, 0) && c.contains(5, 0));
}

TEST(KeyCache, LfuBreaksTiesLeastRecentlyUsed) {
  KeyCache c = items_cache(EvictionPolicy::lfu, 3);
  for (std::uint64_t k : {1, 2, 3}) c.put(k, k, 1, 0);
  for (std::uint64_t k : {3, 2, 1}) c.get(k, 0);  // all count 2; least recent: 3
  c.put(4, 4, 1, 0);
  EXPECT_FALSE(c.contains(3, 0));
  // Ties at count 1 among newcomers: the older one goes.
  KeyCache d = items_cache(EvictionPolicy::lfu, 3);
  d.put(1, 1, 1, 0);
  d.get(1, 0);        // 1→2
  d.put(2, 2, 1, 0);  // count 1, older
  d.put(3, 3, 1, 0);  // count 1, newer
  d.put(4, 4, 1, 0);  // evicts 2
  EXPECT_FALSE(d.contains(2, 0));
  EXPECT_TRUE(d.contains(1, 0) && d.contains(3, 0) && d.contains(4, 0));
}

TEST(KeyCache, LfuKeepsCountAcrossOverwriteButNotAcrossRemoval) {
  KeyCache c = items_cache(EvictionPolicy::lfu, 2);
  c.put(1, 1, 1, 0);
  c.put(1, 2, 1, 0);  // overwrite: a use, 1→2
  c.put(2, 1, 1, 0);  // 2→1
  c.put(3, 1, 1, 0);  // evicts 2
  EXPECT_TRUE(c.contains(1, 0));
  EXPECT_FALSE(c.contains(2, 0));
  // Invalidated and put again, 1 starts over at count 1 and is the older of two count-1 keys.
  EXPECT_TRUE(c.invalidate(1, 0));
  c.put(1, 3, 1, 0);
  c.get(3, 0);        // 3→2
  c.put(4, 1, 1, 0);  // evicts 1
  EXPECT_FALSE(c.contains(1, 0));
}

// ---- capacity in bytes ----------------------------------------------------------------------

TEST(KeyCache, ByteCapacityEvictsUntilTheEntryFits) {
  KeyCache c = bytes_cache(EvictionPolicy::lru, 100);
  c.put(1, 1, 40, 0);
  c.put(2, 1, 40, 0);
  c.put(3, 1, 30, 0);  // 110 > 100: evicts 1
  EXPECT_EQ(c.bytes(), 70u);
  EXPECT_FALSE(c.contains(1, 0));
  c.put(4, 1, 100, 0);  // exactly the capacity: evicts everything else
  EXPECT_EQ(c.size(), 1u);
  EXPECT_EQ(c.bytes(), 100u);
  EXPECT_EQ(c.counters().evictions, 3u);
}

TEST(KeyCache, GrowingAnEntryEvictsOthersNotItself) {
  KeyCache c = bytes_cache(EvictionPolicy::lru, 100);
  c.put(1, 1, 40, 0);
  c.put(2, 1, 40, 0);
  c.put(1, 2, 70, 0);  // 1 is least recent before the write, but the write uses it: evicts 2
  EXPECT_TRUE(c.contains(1, 0));
  EXPECT_FALSE(c.contains(2, 0));
  EXPECT_EQ(c.bytes(), 70u);
  // LFU, where the rewritten entry is alone at the lowest count: the next count's LRU goes.
  KeyCache f = bytes_cache(EvictionPolicy::lfu, 100);
  f.put(1, 1, 30, 0);
  for (int i = 0; i < 3; ++i) f.get(1, 0);  // 1→4
  f.put(2, 1, 30, 0);                       // 2→1
  f.put(2, 2, 80, 0);                       // 2→2, alone in the lowest bucket; 110 > 100
  EXPECT_TRUE(f.contains(2, 0));
  EXPECT_FALSE(f.contains(1, 0));
  EXPECT_EQ(f.bytes(), 80u);
  EXPECT_TRUE(f.update_if_present(2, 3, 20, 0));  // shrinking frees space
  EXPECT_EQ(f.bytes(), 20u);
}

TEST(KeyCache, OversizeEntryIsRefused) {
  KeyCache c = bytes_cache(EvictionPolicy::lru, 100);
  c.put(1, 1, 50, 0);
  c.put(2, 1, 101, 0);
  EXPECT_FALSE(c.contains(2, 0));
  EXPECT_TRUE(c.contains(1, 0));  // nothing was evicted for it
  EXPECT_EQ(c.counters().refused, 1u);
  EXPECT_EQ(c.counters().evictions, 0u);
  c.put(1, 2, 101, 0);  // the old version must not stay behind
  EXPECT_FALSE(c.contains(1, 0));
  EXPECT_EQ(c.bytes(), 0u);
  c.put(3, 1, 10, 0);
  EXPECT_FALSE(c.update_if_present(3, 2, 500, 0));
  EXPECT_FALSE(c.contains(3, 0));
  EXPECT_EQ(c.counters().refused, 3u);
}

// ---- TTL ------------------------------------------------------------------------------------

TEST(KeyCache, EntriesExpireTtlAfterTheWrite) {
  KeyCache c = items_cache(EvictionPolicy::lru, 10, 10.0);
  c.put(1, 7, 1, 100);
  const KeyCache::Lookup l = c.get(1, 105);  // a hit does not extend the expiry
  EXPECT_TRUE(l.hit);
  EXPECT_EQ(l.version, 7u);
  EXPECT_EQ(l.expires_at, 110.0);
  EXPECT_TRUE(c.get(1, 109.999).hit);
  EXPECT_TRUE(c.contains(1, 109.999));
  EXPECT_FALSE(c.contains(1, 110));
  EXPECT_EQ(c.size(), 1u);  // expiry is lazy: still held until an operation finds it
  EXPECT_FALSE(l.expired);
  const KeyCache::Lookup gone = c.get(1, 110);
  EXPECT_FALSE(gone.hit);
  EXPECT_TRUE(gone.expired);
  EXPECT_FALSE(c.get(1, 111).expired) << "removed: a plain miss now";
  EXPECT_EQ(c.size(), 0u);
  EXPECT_EQ(c.counters().expired, 1u);
  EXPECT_EQ(c.counters().misses, 2u);
  c.put(2, 1, 1, 0);
  c.put(2, 2, 1, 8);  // a write sets the expiry again
  EXPECT_EQ(c.get(2, 17).expires_at, 18.0);
}

TEST(KeyCache, PerWriteTtlOverride) {
  KeyCache c = items_cache(EvictionPolicy::lru, 10, 10.0);
  c.put(1, 1, 1, 0, 2.0);
  c.put(2, 1, 1, 0, 0.0);  // no expiry
  c.put(3, 1, 1, 0);
  EXPECT_EQ(c.get(1, 0).expires_at, 2.0);
  EXPECT_EQ(c.get(2, 0).expires_at, kInf);
  EXPECT_EQ(c.get(3, 0).expires_at, 10.0);
  EXPECT_TRUE(c.get(2, 1e12).hit);
  KeyCache none = items_cache(EvictionPolicy::lfu, 10);  // ttl_s = 0 in the config
  none.put(1, 1, 1, 0);
  EXPECT_EQ(none.get(1, 1e12).expires_at, kInf);
}

TEST(KeyCache, ExpiredEntryIsRewrittenAsNew) {
  KeyCache c = items_cache(EvictionPolicy::lfu, 2, 1.0);
  c.put(1, 1, 1, 0);
  for (int i = 0; i < 5; ++i) c.get(1, 0.5);  // 1→6
  c.put(1, 2, 1, 2.0);   // expired: removed and inserted again at count 1
  c.put(2, 1, 1, 2.0);
  c.put(3, 1, 1, 2.0);   // evicts 1 (count 1, older than 2)
  EXPECT_FALSE(c.contains(1, 2.0));
  EXPECT_EQ(c.counters().expired, 1u);
  EXPECT_EQ(c.counters().insertions, 4u);
}

// ---- invalidate and update ------------------------------------------------------------------

TEST(KeyCache, Invalidate) {
  KeyCache c = items_cache(EvictionPolicy::lru, 10, 5.0);
  c.put(1, 1, 8, 0);
  c.put(2, 1, 4, 0);
  EXPECT_TRUE(c.invalidate(1, 1));
  EXPECT_FALSE(c.invalidate(1, 1));
  EXPECT_FALSE(c.invalidate(99, 1));
  EXPECT_EQ(c.size(), 1u);
  EXPECT_EQ(c.bytes(), 4u);
  EXPECT_FALSE(c.invalidate(2, 5));  // expired: removed, but no live entry was held
  EXPECT_EQ(c.size(), 0u);
  EXPECT_EQ(c.counters().expired, 1u);
}

TEST(KeyCache, UpdateIfPresent) {
  KeyCache c = items_cache(EvictionPolicy::lru, 2, 10.0);
  EXPECT_FALSE(c.update_if_present(1, 5, 1, 0));  // absent: not inserted
  EXPECT_EQ(c.size(), 0u);
  c.put(1, 1, 1, 0);
  c.put(2, 1, 1, 0);
  EXPECT_TRUE(c.update_if_present(1, 5, 3, 4));  // version, size, expiry, and a use
  const KeyCache::Lookup l = c.get(1, 4);
  EXPECT_EQ(l.version, 5u);
  EXPECT_EQ(l.expires_at, 14.0);
  EXPECT_EQ(c.bytes(), 4u);
  c.put(3, 1, 1, 4);  // evicts 2, not the updated 1
  EXPECT_TRUE(c.contains(1, 4));
  EXPECT_FALSE(c.update_if_present(3, 2, 1, 20));  // expired: dropped, not refreshed
  EXPECT_EQ(c.size(), 1u);
  EXPECT_EQ(c.counters().insertions, 3u);
}

// ---- capacity 1 -----------------------------------------------------------------------------

TEST(KeyCache, CapacityOne) {
  for (EvictionPolicy policy : {EvictionPolicy::lru, EvictionPolicy::lfu}) {
    KeyCache c = items_cache(policy, 1);
    c.put(1, 1, 1, 0);
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(c.get(1, 0).hit);
    c.put(2, 1, 1, 0);  // LFU too: the only other entry is the one to evict
    EXPECT_FALSE(c.contains(1, 0));
    EXPECT_TRUE(c.get(2, 0).hit);
    c.put(2, 2, 1, 0);
    EXPECT_EQ(c.size(), 1u);
    EXPECT_EQ(c.get(2, 0).version, 2u);
    EXPECT_EQ(c.counters().evictions, 1u);
  }
  KeyCache b = bytes_cache(EvictionPolicy::lfu, 1);
  b.put(1, 1, 1, 0);
  b.put(2, 1, 1, 0);
  b.put(3, 1, 2, 0);
  EXPECT_EQ(b.size(), 1u);
  EXPECT_TRUE(b.contains(2, 0));
}

// ---- differential test against a naive reference --------------------------------------------
// The reference keeps a plain vector and finds the victim by a linear scan for the smallest
// (use count, last use) for LFU or last use for LRU, so it shares no code or data structure
// with KeyCache; only the rules in KeyCache.hpp.
class ReferenceCache {
 public:
  explicit ReferenceCache(KeyCacheConfig cfg) : cfg_(cfg) {}

  KeyCache::Lookup get(std::uint64_t key, double now) {
    Item* it = live(key, now);
    if (!it) {
      ++counters.misses;
      return {};
    }
    ++counters.hits;
    use(*it);
    return {true, it->version, it->expires_at};
  }
  bool contains(std::uint64_t key, double now) const {
    for (const Item& it : items_)
      if (it.key == key) return now < it.expires_at;
    return false;
  }
  void put(std::uint64_t key, std::uint64_t version, std::uint64_t size, double now,
           std::optional<double> ttl_s = std::nullopt) {
    const double ttl = ttl_s.value_or(cfg_.ttl_s);
    const double expires_at = ttl > 0 ? now + ttl : kInf;
    Item* it = live(key, now);
    if (cfg_.capacity_bytes > 0 && size > cfg_.capacity_bytes) {
      ++counters.refused;
      if (it) erase(key);
      return;
    }
    if (it) {
      use(*it);
      it->version = version;
      it->size = size;
      it->expires_at = expires_at;
      while (cfg_.capacity_bytes > 0 && bytes() > cfg_.capacity_bytes) evict(key);
      return;
    }
    while (cfg_.capacity_bytes > 0 ? bytes() + size > cfg_.capacity_bytes
                                   : items_.size() >= cfg_.capacity_items)
      evict(key);
    items_.push_back({key, version, size, expires_at, 1, ++clock_});
    ++counters.insertions;
  }
  bool update_if_present(std::uint64_t key, std::uint64_t version, std::uint64_t size,
                         double now) {
    if (!live(key, now)) return false;
    put(key, version, size, now);
    return contains(key, now);
  }
  bool invalidate(std::uint64_t key, double now) {
    if (!live(key, now)) return false;
    erase(key);
    return true;
  }
  std::size_t size() const { return items_.size(); }
  std::uint64_t bytes() const {
    std::uint64_t b = 0;
    for (const Item& it : items_) b += it.size;
    return b;
  }
  KeyCacheCounters counters;

 private:
  struct Item {
    std::uint64_t key, version, size;
    double expires_at;
    std::uint64_t count, last_use;
  };
  // The item if held and live; an expired one is removed and counted.
  Item* live(std::uint64_t key, double now) {
    for (Item& it : items_) {
      if (it.key != key) continue;
      if (now < it.expires_at) return &it;
      ++counters.expired;
      erase(key);
      return nullptr;
    }
    return nullptr;
  }
  void use(Item& it) {
    if (cfg_.policy == EvictionPolicy::lfu) ++it.count;
    it.last_use = ++clock_;
  }
  void evict(std::uint64_t keep) {
    const Item* victim = nullptr;
    for (const Item& it : items_) {
      if (it.key == keep) continue;
      if (!victim || std::tie(it.count, it.last_use) < std::tie(victim->count, victim->last_use))
        victim = &it;
    }
    ASSERT_NE(victim, nullptr);
    ++counters.evictions;
    erase(victim->key);
  }
  void erase(std::uint64_t key) {
    for (std::size_t i = 0; i < items_.size(); ++i)
      if (items_[i].key == key) {
        items_.erase(items_.begin() + static_cast<std::ptrdiff_t>(i));
        return;
      }
  }
  KeyCacheConfig cfg_;
  std::vector<Item> items_;
  std::uint64_t clock_ = 0;
};

bool same(const KeyCacheCounters& a, const KeyCacheCounters& b) {
  return a.hits == b.hits && a.misses == b.misses && a.expired == b.expired &&
         a.evictions == b.evictions && a.insertions == b.insertions && a.refused == b.refused;
}

// 200,000 random operations per configuration over 40 keys (so evictions, expiries and every
// branch happen often), comparing each answer and, after each operation, the whole contents.
void differential(KeyCacheConfig cfg, const char* name) {
  SCOPED_TRACE(name);
  KeyCache cache(cfg);
  ReferenceCache ref(cfg);
  Rng rng(7, name);
  constexpr std::uint64_t kKeys = 40;
  const std::uint64_t max_size = cfg.capacity_bytes > 0 ? cfg.capacity_bytes * 3 / 2 : 20;
  double now = 0;
  for (int step = 0; step < 200000; ++step) {
    now += rng.exponential(0.05);
    const std::uint64_t key = rng.below(kKeys);
    const std::uint64_t version = rng.below(1000);
    const std::uint64_t size = 1 + rng.below(max_size);
    const std::uint64_t op = rng.below(10);
    if (op < 5) {
      const KeyCache::Lookup a = cache.get(key, now), b = ref.get(key, now);
      ASSERT_EQ(a.hit, b.hit) << "step " << step;
      ASSERT_EQ(a.version, b.version) << "step " << step;
      ASSERT_EQ(a.expires_at, b.expires_at) << "step " << step;
    } else if (op < 7) {
      cache.put(key, version, size, now);
      ref.put(key, version, size, now);
    } else if (op < 8) {
      const double ttl = 0.5 * static_cast<double>(rng.below(4));  // 0 (none), 0.5, 1, 1.5 s
      cache.put(key, version, size, now, ttl);
      ref.put(key, version, size, now, ttl);
    } else if (op < 9) {
      ASSERT_EQ(cache.update_if_present(key, version, size, now),
                ref.update_if_present(key, version, size, now))
          << "step " << step;
    } else {
      ASSERT_EQ(cache.invalidate(key, now), ref.invalidate(key, now)) << "step " << step;
    }
    ASSERT_EQ(cache.size(), ref.size()) << "step " << step;
    ASSERT_EQ(cache.bytes(), ref.bytes()) << "step " << step;
    for (std::uint64_t k = 0; k < kKeys; ++k)
      ASSERT_EQ(cache.contains(k, now), ref.contains(k, now)) << "step " << step << " key " << k;
  }
  EXPECT_TRUE(same(cache.counters(), ref.counters));
  // Every branch was exercised many times.
  EXPECT_GT(cache.counters().evictions, 1000u);
  EXPECT_GT(cache.counters().expired, 100u);
  if (cfg.capacity_bytes > 0) {
    EXPECT_GT(cache.counters().refused, 1000u);
  }
}

TEST(KeyCacheDifferential, LruItems) {
  differential({.policy = EvictionPolicy::lru, .capacity_items = 12, .ttl_s = 2}, "lru-items");
}
TEST(KeyCacheDifferential, LfuItems) {
  differential({.policy = EvictionPolicy::lfu, .capacity_items = 12, .ttl_s = 2}, "lfu-items");
}
TEST(KeyCacheDifferential, LruBytes) {
  differential({.policy = EvictionPolicy::lru, .capacity_bytes = 100, .ttl_s = 2}, "lru-bytes");
}
TEST(KeyCacheDifferential, LfuBytes) {
  differential({.policy = EvictionPolicy::lfu, .capacity_bytes = 100, .ttl_s = 2}, "lfu-bytes");
}

// ---- fidelity under IRM ---------------------------------------------------------------------

constexpr std::uint64_t kKeys = 100000;  // n

// Cache-aside under IRM: a request is a lookup, and a miss writes the key (1 byte, version 1).
// Returns the hit ratio over `requests` requests at time `now`.
template <typename NextTime>
double run_irm(KeyCache& cache, const Zipf& zipf, Rng& rng, std::uint64_t requests,
               NextTime&& next_time, std::vector<double>* batch_ratios = nullptr) {
  cache.reset_counters();
  constexpr std::uint64_t kBatches = 20;
  std::uint64_t batch_hits = 0;
  for (std::uint64_t i = 1; i <= requests; ++i) {
    const double now = next_time();
    const std::uint64_t key = zipf(rng);
    if (cache.get(key, now).hit) ++batch_hits;
    else cache.put(key, 1, 1, now);
    if (batch_ratios && i % (requests / kBatches) == 0) {
      batch_ratios->push_back(static_cast<double>(batch_hits) /
                              static_cast<double>(requests / kBatches));
      batch_hits = 0;
    }
  }
  return static_cast<double>(cache.counters().hits) / static_cast<double>(requests);
}

// Standard error of a mean from its batch means (the batches are long compared with the
// correlation time of hits, so they are nearly independent).
double batch_se(const std::vector<double>& b) {
  const double k = static_cast<double>(b.size());
  const double mean = std::accumulate(b.begin(), b.end(), 0.0) / k;
  double ss = 0;
  for (double x : b) ss += (x - mean) * (x - mean);
  return std::sqrt(ss / (k - 1) / k);
}

// Test names such as "s0_8_C1000" (ctest names without spaces or parentheses).
std::string number_name(double x) {
  std::string out = std::to_string(x);
  out.erase(out.find_last_not_of('0') + 1);
  if (out.back() == '.') out.pop_back();
  for (char& ch : out)
    if (ch == '.') ch = '_';
  return out;
}
template <typename Second>
std::string case_name(const testing::TestParamInfo<std::tuple<double, Second>>& info,
                      const char* second) {
  return "s" + number_name(std::get<0>(info.param)) + "_" + second +
         number_name(static_cast<double>(std::get<1>(info.param)));
}

// LRU vs Che. Che's approximation is asymptotically exact as n and C grow with C/n fixed
// (Fricker, Robert & Roberts 2012) and already within ~1e-3 for C = 100 here, far inside the
// tolerance, so a disagreement beyond it means the cache, not the formula, is wrong.
//
// Warm-up: once C distinct keys have been requested, an LRU cache holds exactly the C most
// recently requested distinct keys, a function of the recent past alone, so from then on its
// state is the stationary one. Within 3·T_C requests (T_C: Che's characteristic time, the
// expected time for C distinct keys to appear) the expected number of distinct keys is well
// above C; the test checks the cache is full before it measures.
//
// Sample size: N = 10^6 measured requests. Treating hits as Bernoulli, the binomial standard
// error is √(h(1−h)/N) <= 0.5/√N = 5e-4, so the 0.01 tolerance is 20 SE. Hits are positively
// correlated (the cache's content drifts slowly), which inflates the variance; the batch-means
// SE is therefore also measured and required to stay below 0.002 (tolerance >= 5 SE).
constexpr double kHitRatioTolerance = 0.01;
constexpr std::uint64_t kMeasured = 1000000;
constexpr double kMaxSe = 0.002;

class LruFidelity : public testing::TestWithParam<std::tuple<double, std::uint64_t>> {};

TEST_P(LruFidelity, MatchesChe) {
  const auto [s, capacity] = GetParam();
  const std::vector<double> p = analytic::zipf_pmf(kKeys, s);
  const double c = static_cast<double>(capacity);
  const double t_c = analytic::che_characteristic_time(p, c);
  const double che = analytic::che_lru_hit_ratio(p, c);

  KeyCache cache = items_cache(EvictionPolicy::lru, capacity);
  const Zipf zipf(kKeys, s);
  Rng rng(1, "lru-fidelity");
  auto no_time = [] { return 0.0; };
  run_irm(cache, zipf, rng, static_cast<std::uint64_t>(3 * t_c) + 1, no_time);
  ASSERT_EQ(cache.size(), capacity) << "not full after the warm-up";
  std::vector<double> batches;
  const double sim = run_irm(cache, zipf, rng, kMeasured, no_time, &batches);
  const double se = batch_se(batches);
  std::printf("LRU n=%llu s=%.1f C=%llu: sim %.4f, Che %.4f, diff %+.4f (batch SE %.5f, T_C %.0f)\n",
              static_cast<unsigned long long>(kKeys), s, static_cast<unsigned long long>(capacity),
              sim, che, sim - che, se, t_c);
  EXPECT_LT(se, kMaxSe);
  EXPECT_NEAR(sim, che, kHitRatioTolerance);
}

INSTANTIATE_TEST_SUITE_P(Zipf, LruFidelity,
                         testing::Combine(testing::Values(0.6, 0.8, 1.0, 1.2),
                                          testing::Values(std::uint64_t{100}, std::uint64_t{1000},
                                                          std::uint64_t{10000})),
                         [](const auto& p) { return case_name(p, "C"); });

// A byte-capacity LRU cache of objects with different sizes (a CDN edge) vs Che with sizes:
// Zipf(0.8) popularity over 20,000 objects whose sizes are lognormal (mean 100 KB, CV 1.5)
// and independent of popularity, an edge of 200 MB (~2,000 average objects). Three seeds,
// each measured after a warm-up of 3·T requests; the mean over seeds within 0.01 of Che for
// both the request and the byte hit ratio, the across-seed SE under 0.002 (tolerance >= 5 SE).
TEST(LruBytesFidelity, HeterogeneousSizesMatchChe) {
  constexpr std::uint64_t n = 20000;
  const std::vector<double> p = analytic::zipf_pmf(n, 0.8);
  Rng size_rng(7, "object-sizes");
  std::vector<double> sizes(n);
  for (double& s : sizes) s = std::max(1.0, std::round(size_rng.lognormal(100e3, 1.5)));
  const double capacity = 200e6;
  const analytic::CheBytes che = analytic::che_lru_bytes(p, sizes, capacity);
  std::vector<double> hits, byte_hits;
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    KeyCache cache = bytes_cache(EvictionPolicy::lru, static_cast<std::uint64_t>(capacity));
    const Zipf zipf(n, 0.8);
    Rng rng(seed, "lru-bytes-fidelity");
    auto one = [&](bool count, double& h, double& hb, double& all_b) {
      const std::uint64_t key = zipf(rng);
      const double size = sizes[key - 1];
      if (cache.get(key, 0).hit) {
        h += count ? 1 : 0;
        hb += count ? size : 0;
      } else {
        cache.put(key, 1, static_cast<std::uint64_t>(size), 0);
      }
      all_b += count ? size : 0;
    };
    double h = 0, hb = 0, all = 0;
    for (std::uint64_t i = 0; i < static_cast<std::uint64_t>(3 * che.t); ++i) one(false, h, hb, all);
    for (std::uint64_t i = 0; i < kMeasured; ++i) one(true, h, hb, all);
    hits.push_back(h / static_cast<double>(kMeasured));
    byte_hits.push_back(hb / all);
  }
  auto mean_se = [](const std::vector<double>& v) {
    const double k = static_cast<double>(v.size());
    const double m = std::accumulate(v.begin(), v.end(), 0.0) / k;
    double ss = 0;
    for (double x : v) ss += (x - m) * (x - m);
    return std::make_pair(m, std::sqrt(ss / (k - 1) / k));
  };
  auto [h, h_se] = mean_se(hits);
  auto [b, b_se] = mean_se(byte_hits);
  std::printf("LRU bytes: hit %.4f (Che %.4f, SE %.5f), byte hit %.4f (Che %.4f, SE %.5f)\n", h, che.hit_ratio,
              h_se, b, che.byte_hit_ratio, b_se);
  EXPECT_LT(h_se, kMaxSe);
  EXPECT_LT(b_se, kMaxSe);
  EXPECT_NEAR(h, che.hit_ratio, kHitRatioTolerance);
  EXPECT_NEAR(b, che.byte_hit_ratio, kHitRatioTolerance);
}

// TTL cache vs Jung, Berger & Balakrishnan. The formula (analytic::ttl_hit_ratio) assumes the
// entry expires T after the insertion on a miss and hits do not extend it, which is the
// KeyCache's TTL rule; capacity is n items, so nothing is ever evicted. Requests are Poisson
// with total rate λ, so key i sees an independent Poisson stream of rate λ·p_i.
//
// Warm-up: 10·T seconds. A key's hit/miss process starts afresh (couples with the stationary
// one) at its first request after a gap of at least T; keys with λ·p_i·T <= 3 have had such a
// gap with high probability by then. The others (at most ~275 keys in these cases) may carry a
// phase offset of at most about one miss each over the window, a bias below 275/N = 1.4e-4.
// Sample size: N = 2·10^6 requests, binomial SE <= 0.5/√N = 3.5e-4 (tolerance 28 SE); the
// batch-means SE is checked as for LRU.
class TtlFidelity : public testing::TestWithParam<std::tuple<double, double>> {};

TEST_P(TtlFidelity, MatchesRenewalFormula) {
  const auto [s, ttl] = GetParam();
  constexpr double kRate = 1000;  // λ, requests per second
  const double theory = analytic::ttl_hit_ratio_zipf(kKeys, s, kRate, ttl);

  KeyCache cache = items_cache(EvictionPolicy::lru, kKeys, ttl);
  const Zipf zipf(kKeys, s);
  Rng rng(1, "ttl-fidelity");
  double now = 0;
  auto poisson = [&] { return now += rng.exponential(1 / kRate); };
  run_irm(cache, zipf, rng, static_cast<std::uint64_t>(10 * ttl * kRate), poisson);
  std::vector<double> batches;
  const double sim = run_irm(cache, zipf, rng, 2 * kMeasured, poisson, &batches);
  const double se = batch_se(batches);
  std::printf("TTL n=%llu s=%.1f λ=%.0f/s T=%gs: sim %.4f, theory %.4f, diff %+.4f (batch SE %.5f)\n",
              static_cast<unsigned long long>(kKeys), s, kRate, ttl, sim, theory, sim - theory, se);
  EXPECT_EQ(cache.counters().evictions, 0u);
  EXPECT_GT(cache.counters().expired, 0u);
  EXPECT_LT(se, kMaxSe);
  EXPECT_NEAR(sim, theory, kHitRatioTolerance);
}

INSTANTIATE_TEST_SUITE_P(Zipf, TtlFidelity,
                         testing::Combine(testing::Values(0.8, 1.0), testing::Values(0.1, 1.0, 10.0)),
                         [](const auto& p) { return case_name(p, "ttl"); });

// LFU under IRM. Under IRM the hit probability of a request is the popularity mass of the keys
// resident at that moment, so no demand-fetched cache beats "perfect LFU", which holds the C
// most popular keys: hit ratio <= Σ_{i<=C} p_i, exactly. KeyCache's LFU is in-cache LFU (counts
// are forgotten on eviction, O(capacity) memory), and in-cache LFU does not converge to perfect
// LFU: once the resident keys' counts exceed what a newcomer can gather between two misses,
// each newcomer is evicted at the next miss and the resident set freezes with whichever keys
// won the early rounds (here 41–77% of the top-C keys, a gap of 0.0075–0.065 to perfect LFU;
// see docs/model.md). Where it freezes depends on the early history, for which there is no
// closed form, so the test checks what is certain:
//  - hit ratio <= the top-C mass (+ 5 SE for the sampling error);
//  - hit ratio >= LRU's (Che) value: frequency beats recency under IRM (measured margin
//    >= 0.0174 in every case, against SEs below 5e-4);
//  - the hit ratio equals the popularity mass of the resident set at the end of the run
//    within 5 SE, which shows the set has frozen (the identity holds for the time average of
//    the mass; a single snapshot equals it only if the set no longer changes);
// and prints the gap to perfect LFU.
// Warm-up: 2·10^6 requests. Runs of the same streams for 3.1·10^7 requests show the set frozen
// by then: the hit ratio of every later window (1, 2, 4, 8, 16 ·10^6 requests) is within
// 1e-3 of the one measured here.
class LfuFidelity : public testing::TestWithParam<std::tuple<double, std::uint64_t>> {};

TEST_P(LfuFidelity, BetweenLruAndPerfectLfu) {
  const auto [s, capacity] = GetParam();
  const std::vector<double> p = analytic::zipf_pmf(kKeys, s);
  const double c = static_cast<double>(capacity);
  const double che = analytic::che_lru_hit_ratio(p, c);
  const double top = std::accumulate(p.begin(), p.begin() + static_cast<std::ptrdiff_t>(capacity), 0.0);

  KeyCache cache = items_cache(EvictionPolicy::lfu, capacity);
  const Zipf zipf(kKeys, s);
  Rng rng(1, "lfu-fidelity");
  auto no_time = [] { return 0.0; };
  run_irm(cache, zipf, rng, 2 * kMeasured, no_time);
  std::vector<double> batches;
  const double sim = run_irm(cache, zipf, rng, kMeasured, no_time, &batches);
  const double se = batch_se(batches);
  double resident_mass = 0;
  std::uint64_t top_resident = 0;
  for (std::uint64_t k = 1; k <= kKeys; ++k) {
    if (!cache.contains(k, 0)) continue;
    resident_mass += p[k - 1];
    if (k <= capacity) ++top_resident;
  }
  std::printf("LFU n=%llu s=%.1f C=%llu: sim %.4f, top-C %.4f, diff %+.4f, Che LRU %.4f, "
              "resident mass %.4f, top-C keys resident %llu (batch SE %.5f)\n",
              static_cast<unsigned long long>(kKeys), s, static_cast<unsigned long long>(capacity),
              sim, top, sim - top, che, resident_mass, static_cast<unsigned long long>(top_resident), se);
  EXPECT_LT(se, kMaxSe);
  EXPECT_LE(sim, top + 5 * se);
  EXPECT_GE(sim, che);
  EXPECT_NEAR(sim, resident_mass, 5 * se);
}

INSTANTIATE_TEST_SUITE_P(Zipf, LfuFidelity,
                         testing::Combine(testing::Values(0.6, 0.8, 1.0, 1.2),
                                          testing::Values(std::uint64_t{100}, std::uint64_t{1000},
                                                          std::uint64_t{10000})),
                         [](const auto& p) { return case_name(p, "C"); });

}  // namespace
}  // namespace ladder
