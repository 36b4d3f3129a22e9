// The key cache's lists. Entries and buckets are index-linked records in two vectors, each with
// a free list, so nothing is allocated per operation once the cache has filled.
//
// LFU in O(1) (Shah, Mitra & Matani, "An O(1) algorithm for implementing the LFU cache eviction
// scheme", 2010): buckets, one per use count present, form a list in increasing count; a use
// moves the entry from its bucket (count c) to the head of the next one, which is created if
// its count is not c + 1, and frees the old bucket if it empties. The victim is the tail (least
// recently used) of the first bucket. LRU is the same structure with one bucket that is never
// left, so both policies share every list operation.
#include "ladder/cache/KeyCache.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace ladder {

KeyCache::KeyCache(KeyCacheConfig cfg) : cfg_(cfg) {
  if ((cfg_.capacity_items > 0) == (cfg_.capacity_bytes > 0))
    throw std::invalid_argument(
        "KeyCache: set exactly one of capacity_items and capacity_bytes (> 0)");
  if (!std::isfinite(cfg_.ttl_s) || cfg_.ttl_s < 0)
    throw std::invalid_argument("KeyCache: ttl_s must be finite and >= 0, got " +
                                std::to_string(cfg_.ttl_s));
}

KeyCache::Lookup KeyCache::get(std::uint64_t key, double now) {
  const Index e = find(key);
  if (e == kNil) {
    ++counters_.misses;
    return {};
  }
  if (is_expired(e, now)) {
    expire(e);
    ++counters_.misses;
    return {false, 0, 0, true};
  }
  ++counters_.hits;
  touch(e);
  const Entry& entry = entries_[e];
  return {true, entry.version, entry.expires_at, false};
}

bool KeyCache::contains(std::uint64_t key, double now) const {
  const Index e = find(key);
  return e != kNil && !is_expired(e, now);
}

void KeyCache::put(std::uint64_t key, std::uint64_t version, std::uint64_t size_bytes,
                   double now, std::optional<double> ttl_s) {
  if (cfg_.capacity_bytes > 0 && size_bytes == 0)
    throw std::invalid_argument("KeyCache::put: size_bytes must be >= 1 in a byte-capacity cache");
  const double expires_at = expiry(now, ttl_s);
  Index e = find(key);
  if (e != kNil && is_expired(e, now)) {
    expire(e);  // rewritten as a new entry: its use count starts again
    e = kNil;
  }
  if (cfg_.capacity_bytes > 0 && size_bytes > cfg_.capacity_bytes) {
    ++counters_.refused;
    if (e != kNil) remove(e);
    return;
  }
  if (e != kNil) {
    const std::uint64_t old_size = entries_[e].size_bytes;
    touch(e);
    write(e, version, size_bytes, expires_at);
    bytes_ -= old_size;  // make_room counts the entry's new size as incoming
    make_room(size_bytes, e);
    bytes_ += size_bytes;
    return;
  }
  make_room(size_bytes, kNil);
  e = new_entry();
  entries_[e].key = key;
  write(e, version, size_bytes, expires_at);
  bytes_ += size_bytes;
  index_.emplace(key, e);
  if (first_bucket_ == kNil || buckets_[first_bucket_].count != 1) new_bucket(1, kNil);
  push_front(first_bucket_, e);
  ++counters_.insertions;
}

bool KeyCache::update_if_present(std::uint64_t key, std::uint64_t version,
                                 std::uint64_t size_bytes, double now) {
  const Index e = find(key);
  if (e == kNil) return false;
  if (is_expired(e, now)) {
    expire(e);
    return false;
  }
  put(key, version, size_bytes, now);
  return find(key) != kNil;
}

bool KeyCache::invalidate(std::uint64_t key, double now) {
  const Index e = find(key);
  if (e == kNil) return false;
  if (is_expired(e, now)) {
    expire(e);
    return false;
  }
  remove(e);
  return true;
}

// ---- entries --------------------------------------------------------------------------------

KeyCache::Index KeyCache::find(std::uint64_t key) const {
  const auto it = index_.find(key);
  return it == index_.end() ? kNil : it->second;
}

double KeyCache::expiry(double now, std::optional<double> ttl_s) const {
  const double ttl = ttl_s.value_or(cfg_.ttl_s);
  if (!std::isfinite(ttl) || ttl < 0)
    throw std::invalid_argument("KeyCache::put: ttl_s must be finite and >= 0");
  return ttl > 0 ? now + ttl : std::numeric_limits<double>::infinity();
}

void KeyCache::expire(Index e) {
  ++counters_.expired;
  remove(e);
}

void KeyCache::write(Index e, std::uint64_t version, std::uint64_t size_bytes,
                     double expires_at) {
  Entry& entry = entries_[e];
  entry.version = version;
  entry.size_bytes = size_bytes;
  entry.expires_at = expires_at;
}

void KeyCache::touch(Index e) {
  if (cfg_.policy == EvictionPolicy::lru) {
    const Index b = entries_[e].bucket;
    if (buckets_[b].head == e) return;
    unlink(e);  // never empties the bucket: e was not its only entry
    push_front(b, e);
    return;
  }
  const Index b = entries_[e].bucket;
  const std::uint64_t count = buckets_[b].count + 1;
  Index next = buckets_[b].next;
  if (next == kNil || buckets_[next].count != count) next = new_bucket(count, b);
  unlink(e);
  push_front(next, e);
}

// The entry being rewritten (`keep`) was just touched, so it is the head of its bucket: if it
// is also the tail of the first bucket it is alone there, and the victim is the next bucket's
// least recently used entry instead.
void KeyCache::make_room(std::uint64_t incoming, Index keep) {
  auto full = [&] {
    if (cfg_.capacity_bytes > 0) return bytes_ + incoming > cfg_.capacity_bytes;
    return keep == kNil && index_.size() >= cfg_.capacity_items;
  };
  while (full()) {
    Index b = first_bucket_;
    if (b == kNil) return;
    Index victim = buckets_[b].tail;
    if (victim == keep) {
      b = buckets_[b].next;
      if (b == kNil) return;
      victim = buckets_[b].tail;
    }
    ++counters_.evictions;
    remove(victim);
  }
}

void KeyCache::remove(Index e) {
  unlink(e);
  bytes_ -= entries_[e].size_bytes;
  index_.erase(entries_[e].key);
  free_entry(e);
}

// ---- pools and lists ------------------------------------------------------------------------

KeyCache::Index KeyCache::new_entry() {
  if (free_entries_ != kNil) {
    const Index e = free_entries_;
    free_entries_ = entries_[e].next;
    entries_[e] = Entry{};
    return e;
  }
  if (entries_.size() >= kNil) throw std::length_error("KeyCache: more than 2^32 - 1 entries");
  entries_.emplace_back();
  return static_cast<Index>(entries_.size() - 1);
}

void KeyCache::free_entry(Index e) {
  entries_[e].next = free_entries_;
  free_entries_ = e;
}

KeyCache::Index KeyCache::new_bucket(std::uint64_t count, Index after) {
  Index b;
  if (free_buckets_ != kNil) {
    b = free_buckets_;
    free_buckets_ = buckets_[b].next;
  } else {
    // At most one bucket per entry, so this fits in an Index whenever the entries do.
    buckets_.emplace_back();
    b = static_cast<Index>(buckets_.size() - 1);
  }
  Bucket& bucket = buckets_[b];
  bucket = Bucket{};
  bucket.count = count;
  bucket.prev = after;
  bucket.next = after == kNil ? first_bucket_ : buckets_[after].next;
  if (bucket.next != kNil) buckets_[bucket.next].prev = b;
  if (after == kNil) first_bucket_ = b;
  else buckets_[after].next = b;
  return b;
}

void KeyCache::free_bucket(Index b) {
  const Bucket& bucket = buckets_[b];
  if (bucket.prev == kNil) first_bucket_ = bucket.next;
  else buckets_[bucket.prev].next = bucket.next;
  if (bucket.next != kNil) buckets_[bucket.next].prev = bucket.prev;
  buckets_[b].next = free_buckets_;
  free_buckets_ = b;
}

void KeyCache::push_front(Index b, Index e) {
  Entry& entry = entries_[e];
  Bucket& bucket = buckets_[b];
  entry.bucket = b;
  entry.prev = kNil;
  entry.next = bucket.head;
  if (bucket.head != kNil) entries_[bucket.head].prev = e;
  bucket.head = e;
  if (bucket.tail == kNil) bucket.tail = e;
}

void KeyCache::unlink(Index e) {
  Entry& entry = entries_[e];
  const Index b = entry.bucket;
  Bucket& bucket = buckets_[b];
  if (entry.prev != kNil) entries_[entry.prev].next = entry.next;
  else bucket.head = entry.next;
  if (entry.next != kNil) entries_[entry.next].prev = entry.prev;
  else bucket.tail = entry.prev;
  entry.prev = entry.next = entry.bucket = kNil;
  if (bucket.head == kNil) free_bucket(b);
}

}  // namespace ladder
