// See include/ladder/shard/Partitioner.hpp.
#include "ladder/shard/Partitioner.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include <fmt/format.h>

#include "ladder/workload/Random.hpp"

namespace ladder {

namespace {

constexpr double kRing = 18446744073709551616.0;  // 2^64 positions
constexpr std::uint64_t kMaxModuloPeriod = 10'000'000;

template <typename T>
const T& same_kind(const Partitioner& self, const Partitioner& other) {
  const auto* o = dynamic_cast<const T*>(&other);
  if (!o)
    throw std::invalid_argument(fmt::format("moved_fraction: a {} partitioner compared with a {} one",
                                            to_string(self.scheme()), to_string(other.scheme())));
  return *o;
}

void check_shards(int n) {
  if (n < 1) throw std::invalid_argument(fmt::format("a partitioner needs at least one shard, got {}", n));
}

}  // namespace

const char* to_string(PartitionScheme s) {
  switch (s) {
    case PartitionScheme::modulo: return "modulo";
    case PartitionScheme::consistent_hash: return "consistent_hash";
    case PartitionScheme::range: return "range";
  }
  return "?";
}

// --- modulo ---------------------------------------------------------------------------------

ModuloPartitioner::ModuloPartitioner(int shards, std::uint64_t key_space) : n_(shards), key_space_(key_space) {
  check_shards(shards);
  if (key_space == 0) throw std::invalid_argument("a modulo partitioner needs a key space of at least one key");
}

double ModuloPartitioner::share(int s) const {
  const auto n = static_cast<std::uint64_t>(n_);
  const auto i = static_cast<std::uint64_t>(s);
  // Keys i, i + n, i + 2n, … below key_space.
  const std::uint64_t owned = key_space_ / n + (i < key_space_ % n ? 1 : 0);
  return static_cast<double>(owned) / static_cast<double>(key_space_);
}

std::unique_ptr<Partitioner> ModuloPartitioner::with_added_shard() const {
  return std::make_unique<ModuloPartitioner>(n_ + 1, key_space_);
}

double ModuloPartitioner::moved_fraction(const Partitioner& other) const {
  const auto& o = same_kind<ModuloPartitioner>(*this, other);
  if (o.key_space_ != key_space_) throw std::invalid_argument("moved_fraction: different key spaces");
  const auto a = static_cast<std::uint64_t>(n_), b = static_cast<std::uint64_t>(o.n_);
  const std::uint64_t period = a / std::gcd(a, b) * b;
  if (period > kMaxModuloPeriod)
    throw std::invalid_argument(fmt::format("moved_fraction: lcm({}, {}) is over {} keys", a, b, kMaxModuloPeriod));
  // The assignment repeats every lcm(a, b) keys: count one period, then the remainder.
  const std::uint64_t span = std::min(period, key_space_);
  std::uint64_t in_period = 0, in_rest = 0;
  const std::uint64_t rest = key_space_ % period;
  for (std::uint64_t k = 0; k < span; ++k) {
    const bool moves = k % a != k % b;
    in_period += moves ? 1 : 0;
    in_rest += moves && k < rest ? 1 : 0;
  }
  const std::uint64_t moved = key_space_ / period * in_period + in_rest;
  return static_cast<double>(moved) / static_cast<double>(key_space_);
}

// --- consistent hashing ---------------------------------------------------------------------

RingPartitioner::RingPartitioner(int shards, int vnodes, std::uint64_t salt) : n_(shards), vnodes_(vnodes), salt_(salt) {
  check_shards(shards);
  if (vnodes < 1) throw std::invalid_argument(fmt::format("a ring needs at least one virtual node per shard, got {}", vnodes));
  ring_.reserve(static_cast<std::size_t>(shards) * static_cast<std::size_t>(vnodes));
  for (int s = 0; s < shards; ++s)
    for (int v = 0; v < vnodes; ++v)
      ring_.push_back({mix64(mix64(salt) ^ (static_cast<std::uint64_t>(s) << 32 | static_cast<std::uint32_t>(v))), s});
  std::sort(ring_.begin(), ring_.end(), [](const Node& x, const Node& y) { return x.pos < y.pos; });
}

int RingPartitioner::owner_at(std::uint64_t pos) const {
  auto it = std::lower_bound(ring_.begin(), ring_.end(), pos, [](const Node& n, std::uint64_t p) { return n.pos < p; });
  return it == ring_.end() ? ring_.front().shard : it->shard;
}

int RingPartitioner::shard_of(std::uint64_t key) const {
  return owner_at(mix64(key ^ mix64(salt_ + 0x9e3779b97f4a7c15ULL)));
}

double RingPartitioner::share(int s) const {
  // A node owns the arc from the previous node (exclusive) to itself; the first node's arc
  // wraps past 2^64 (unsigned subtraction does the wrap).
  double owned = 0;
  for (std::size_t i = 0; i < ring_.size(); ++i) {
    if (ring_[i].shard != s) continue;
    const std::uint64_t prev = ring_[i == 0 ? ring_.size() - 1 : i - 1].pos;
    owned += ring_.size() == 1 ? kRing : static_cast<double>(ring_[i].pos - prev);
  }
  return owned / kRing;
}

std::unique_ptr<Partitioner> RingPartitioner::with_added_shard() const {
  return std::make_unique<RingPartitioner>(n_ + 1, vnodes_, salt_);
}

double RingPartitioner::moved_fraction(const Partitioner& other) const {
  const auto& o = same_kind<RingPartitioner>(*this, other);
  // Between consecutive points of the two rings merged, both owners are constant: each is the
  // owner of the segment's upper end.
  std::vector<std::uint64_t> points;
  points.reserve(ring_.size() + o.ring_.size());
  for (const Node& n : ring_) points.push_back(n.pos);
  for (const Node& n : o.ring_) points.push_back(n.pos);
  std::sort(points.begin(), points.end());
  points.erase(std::unique(points.begin(), points.end()), points.end());
  double moved = 0;
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (owner_at(points[i]) == o.owner_at(points[i])) continue;
    const std::uint64_t prev = points[i == 0 ? points.size() - 1 : i - 1];
    moved += points.size() == 1 ? kRing : static_cast<double>(points[i] - prev);
  }
  return moved / kRing;
}

// --- range ----------------------------------------------------------------------------------

RangePartitioner::RangePartitioner(std::vector<std::uint64_t> starts, std::vector<int> owners, std::uint64_t key_space)
    : starts_(std::move(starts)), owners_(std::move(owners)), key_space_(key_space), n_(0) {
  if (starts_.empty() || starts_.size() != owners_.size() || starts_.front() != 0)
    throw std::invalid_argument("a range partitioner needs one owner per range and a first range starting at 0");
  for (std::size_t i = 1; i < starts_.size(); ++i)
    if (starts_[i] <= starts_[i - 1] || starts_[i] >= key_space_)
      throw std::invalid_argument(fmt::format("range starts must ascend inside [0, {}), found {} after {}", key_space_,
                                              starts_[i], starts_[i - 1]));
  for (int o : owners_) {
    if (o < 0) throw std::invalid_argument(fmt::format("a range owner must be a shard id >= 0, found {}", o));
    n_ = std::max(n_, o + 1);
  }
}

RangePartitioner RangePartitioner::even(int shards, std::uint64_t key_space) {
  check_shards(shards);
  if (key_space < static_cast<std::uint64_t>(shards))
    throw std::invalid_argument(fmt::format("{} ranges need at least as many keys, found {}", shards, key_space));
  std::vector<std::uint64_t> starts;
  std::vector<int> owners;
  for (int i = 0; i < shards; ++i) {
    starts.push_back(key_space / static_cast<std::uint64_t>(shards) * static_cast<std::uint64_t>(i));
    owners.push_back(i);
  }
  return {std::move(starts), std::move(owners), key_space};
}

int RangePartitioner::shard_of(std::uint64_t key) const {
  auto it = std::upper_bound(starts_.begin(), starts_.end(), key);
  return owners_[static_cast<std::size_t>(it - starts_.begin()) - 1];
}

double RangePartitioner::share(int s) const {
  std::uint64_t owned = 0;
  for (std::size_t i = 0; i < starts_.size(); ++i)
    if (owners_[i] == s) owned += (i + 1 < starts_.size() ? starts_[i + 1] : key_space_) - starts_[i];
  return static_cast<double>(owned) / static_cast<double>(key_space_);
}

RangePartitioner RangePartitioner::split_at(std::uint64_t at) const {
  if (at == 0 || at >= key_space_ || std::binary_search(starts_.begin(), starts_.end(), at))
    throw std::invalid_argument(fmt::format("a split point must fall inside a range of [1, {}), found {}", key_space_, at));
  std::vector<std::uint64_t> starts = starts_;
  std::vector<int> owners = owners_;
  auto pos = std::upper_bound(starts.begin(), starts.end(), at) - starts.begin();
  starts.insert(starts.begin() + pos, at);
  owners.insert(owners.begin() + pos, n_);
  return {std::move(starts), std::move(owners), key_space_};
}

std::unique_ptr<Partitioner> RangePartitioner::with_added_shard() const {
  std::size_t widest = 0;
  std::uint64_t width = 0;
  for (std::size_t i = 0; i < starts_.size(); ++i) {
    const std::uint64_t w = (i + 1 < starts_.size() ? starts_[i + 1] : key_space_) - starts_[i];
    if (w > width) {
      width = w;
      widest = i;
    }
  }
  if (width < 2) throw std::invalid_argument("every range holds one key: none can be split");
  return std::make_unique<RangePartitioner>(split_at(starts_[widest] + width / 2));
}

double RangePartitioner::moved_fraction(const Partitioner& other) const {
  const auto& o = same_kind<RangePartitioner>(*this, other);
  if (o.key_space_ != key_space_) throw std::invalid_argument("moved_fraction: different key spaces");
  std::vector<std::uint64_t> points = starts_;
  points.insert(points.end(), o.starts_.begin(), o.starts_.end());
  std::sort(points.begin(), points.end());
  points.erase(std::unique(points.begin(), points.end()), points.end());
  std::uint64_t moved = 0;
  for (std::size_t i = 0; i < points.size(); ++i)
    if (shard_of(points[i]) != o.shard_of(points[i]))
      moved += (i + 1 < points.size() ? points[i + 1] : key_space_) - points[i];
  return static_cast<double>(moved) / static_cast<double>(key_space_);
}

// --- directory ------------------------------------------------------------------------------

DirectoryPartitioner::DirectoryPartitioner(std::shared_ptr<const Partitioner> base, std::map<std::uint64_t, int> pinned)
    : base_(std::move(base)), pinned_(std::move(pinned)) {
  if (!base_) throw std::invalid_argument("a directory needs a base partitioner");
  for (const auto& [key, shard] : pinned_)
    if (shard < 0 || shard >= base_->shards())
      throw std::invalid_argument(
          fmt::format("key {} is pinned to shard {}, but the shards are 0..{}", key, shard, base_->shards() - 1));
}

int DirectoryPartitioner::shard_of(std::uint64_t key) const {
  auto it = pinned_.find(key);
  return it != pinned_.end() ? it->second : base_->shard_of(key);
}

std::unique_ptr<Partitioner> DirectoryPartitioner::with_added_shard() const {
  return std::make_unique<DirectoryPartitioner>(std::shared_ptr<const Partitioner>(base_->with_added_shard()), pinned_);
}

double DirectoryPartitioner::moved_fraction(const Partitioner& other) const {
  const auto* o = dynamic_cast<const DirectoryPartitioner*>(&other);
  // Pinned keys keep their shard; as single keys they weigh nothing in the key space's fraction.
  return base_->moved_fraction(o ? *o->base_ : other);
}

}  // namespace ladder
