// A key-level cache: which keys are resident, at which version and size, and when each expires.
// Pure data structure (no SimGrid, no clock of its own: every call is given `now`, in seconds).
// It is the store of the stage-5 cache-aside model (components/CacheServer.hpp) and of the
// database's buffer pool of resident pages (components/Database.hpp).
//
// What it models, and what it leaves out:
// - Values are not stored: an entry is a key, a version (for staleness checks) and a size in
//   bytes. Per-key overhead (Redis' dictionary entry, a page header) is not added; a caller
//   that wants it adds it to `size_bytes`.
// - Capacity is in items or in bytes, one of them. An entry larger than the byte capacity is
//   never admitted.
// - Eviction is LRU or LFU. LFU is "in-cache" LFU: a key's count starts at 1 when it is
//   inserted and is forgotten when it leaves (keeping counts of absent keys would cost memory in
//   the key space); counts never decay (no aging as in Redis' LFU). Ties at the lowest count are
//   broken least-recently-used. Every call that reads or writes a live entry (a hit, a put, an
//   update) is one use: LRU moves it to the front, LFU adds 1 to its count.
// - TTL: an entry written at time t with ttl T > 0 expires at t + T and is live on [t, t + T).
//   Writes (put, update_if_present) set the expiry; hits do not extend it, the model of
//   Jung, Berger & Balakrishnan (INFOCOM 2003) that the fidelity tests compare with. Expiry is
//   lazy: an expired entry is removed when an operation finds it (a lookup then misses), and
//   until then it still takes its space and can be evicted like a live one (no active expiry
//   cycle as in Redis).
// - Cost: O(1) per operation (expected, for the hash map), LFU included (frequency buckets of
//   doubly linked lists, Shah, Mitra & Matani 2010). Memory is O(entries held), never O(key
//   space): entries live in a vector with a free list, indexed by an unordered_map that is only
//   ever probed, never iterated, so results do not depend on hash order.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <unordered_map>
#include <vector>

namespace ladder {

enum class EvictionPolicy { lru, lfu };

struct KeyCacheConfig {
  EvictionPolicy policy = EvictionPolicy::lru;
  /// Exactly one of the two capacities is set (> 0); the other stays 0.
  std::uint64_t capacity_items = 0;
  std::uint64_t capacity_bytes = 0;
  /// Default time to live of an entry, seconds; 0 = no expiry.
  double ttl_s = 0;
};

struct KeyCacheCounters {
  std::uint64_t hits = 0;        ///< get() found a live entry
  std::uint64_t misses = 0;      ///< get() found no live entry (expired ones included)
  std::uint64_t expired = 0;     ///< entries found expired, and removed, by any operation
  std::uint64_t evictions = 0;   ///< entries removed to make room
  std::uint64_t insertions = 0;  ///< entries put() added (not updates of a live entry)
  std::uint64_t refused = 0;     ///< writes of an entry larger than the byte capacity
};

class KeyCache {
 public:
  struct Lookup {
    bool hit = false;
    std::uint64_t version = 0;  ///< the entry's version on a hit, else 0
    double expires_at = 0;      ///< on a hit; +infinity for an entry without expiry
    bool expired = false;       ///< a miss because the entry had expired (it is removed)
  };

  /// Throws std::invalid_argument unless exactly one capacity is > 0 and ttl_s is finite, >= 0.
  explicit KeyCache(KeyCacheConfig cfg);

  /// Looks `key` up at time `now`. A hit is a use (recency, frequency); an expired entry is
  /// removed and the lookup misses.
  Lookup get(std::uint64_t key, double now);

  /// Whether a live entry for `key` is held, with no side effect (no use, no removal).
  bool contains(std::uint64_t key, double now) const;

  /// Inserts `key`, or overwrites its entry (a use: LFU keeps and increments its count).
  /// Expiry is set to now + ttl, ttl being `ttl_s` if given (0 = no expiry) else the config's.
  /// Evicts as needed, never the entry being written. An entry larger than the byte capacity
  /// is refused, and an existing entry for the key is removed (it would be stale).
  /// In a byte-capacity cache, size_bytes must be >= 1 (std::invalid_argument otherwise).
  void put(std::uint64_t key, std::uint64_t version, std::uint64_t size_bytes, double now,
           std::optional<double> ttl_s = std::nullopt);

  /// Overwrites the entry for `key` only if a live one is held (write-update): the same as
  /// put() then, default ttl. Returns whether the cache now holds the key at `version`
  /// (false if it was absent or expired, or if the new size was refused and the entry dropped).
  bool update_if_present(std::uint64_t key, std::uint64_t version, std::uint64_t size_bytes,
                         double now);

  /// Removes the entry for `key`. Returns whether a live one was held (an expired one is
  /// removed too, and counted as expired).
  bool invalidate(std::uint64_t key, double now);

  std::size_t size() const { return index_.size(); }  ///< entries held, expired ones included
  std::uint64_t bytes() const { return bytes_; }       ///< their total size
  const KeyCacheCounters& counters() const { return counters_; }
  void reset_counters() { counters_ = {}; }
  const KeyCacheConfig& config() const { return cfg_; }
  /// Makes room for `n` entries up front (prewarm: no rehash on the way). Behaviour unchanged.
  void reserve(std::size_t n) {
    entries_.reserve(n);
    index_.reserve(n);
  }

 private:
  using Index = std::uint32_t;
  static constexpr Index kNil = std::numeric_limits<Index>::max();

  // An entry sits in the list of its bucket, most recently used at the head. A free entry
  // threads the free list through `next`.
  struct Entry {
    std::uint64_t key = 0;
    std::uint64_t version = 0;
    std::uint64_t size_bytes = 0;
    double expires_at = 0;
    Index prev = kNil, next = kNil;
    Index bucket = kNil;
  };
  // One bucket per use count present, in a list ordered by count (lowest first). LRU has a
  // single bucket whose count stays 1.
  struct Bucket {
    std::uint64_t count = 0;
    Index head = kNil, tail = kNil;  ///< most and least recently used entry
    Index prev = kNil, next = kNil;
  };

  Index find(std::uint64_t key) const;
  bool is_expired(Index e, double now) const { return now >= entries_[e].expires_at; }
  double expiry(double now, std::optional<double> ttl_s) const;
  /// Removes an entry found expired.
  void expire(Index e);
  void write(Index e, std::uint64_t version, std::uint64_t size_bytes, double expires_at);
  void touch(Index e);
  /// Evicts until an entry of `incoming` more bytes fits (beside `keep`, which is not evicted).
  void make_room(std::uint64_t incoming, Index keep);
  void remove(Index e);

  Index new_entry();
  void free_entry(Index e);
  Index new_bucket(std::uint64_t count, Index after);  ///< after = kNil: at the front
  void free_bucket(Index b);
  void push_front(Index b, Index e);
  void unlink(Index e);  ///< from its bucket, freeing the bucket if it empties

  KeyCacheConfig cfg_;
  std::vector<Entry> entries_;
  std::vector<Bucket> buckets_;
  Index free_entries_ = kNil;
  Index free_buckets_ = kNil;
  Index first_bucket_ = kNil;  ///< lowest count: eviction victims come from its tail
  std::unordered_map<std::uint64_t, Index> index_;
  std::uint64_t bytes_ = 0;
  KeyCacheCounters counters_;
};

}  // namespace ladder
