// See include/ladder/region/Conflicts.hpp.
#include "ladder/region/Conflicts.hpp"

#include <algorithm>
#include <stdexcept>

namespace ladder {

LwwLostUpdates::LwwLostUpdates(std::vector<std::vector<double>> delay_s) : delay_(std::move(delay_s)) {
  if (delay_.empty()) throw std::invalid_argument("LWW accounting needs at least one region");
  for (std::size_t a = 0; a < delay_.size(); ++a) {
    if (delay_[a].size() != delay_.size())
      throw std::invalid_argument("the replication delay matrix must be square");
    for (std::size_t b = 0; b < delay_.size(); ++b)
      if (a != b) {
        if (!(delay_[a][b] >= 0)) throw std::invalid_argument("replication delays must be >= 0");
        max_delay_ = std::max(max_delay_, delay_[a][b]);
      }
  }
  recent_.resize(delay_.size());
}

std::uint64_t LwwLostUpdates::write(int region, double t_s) {
  const auto b = static_cast<std::size_t>(region);
  if (b >= delay_.size()) throw std::out_of_range("LWW write from an unknown region");
  if (t_s < last_t_s_) throw std::invalid_argument("LWW writes must come in time order");
  last_t_s_ = t_s;
  // Every other region's write that has not reached `region` yet is overwritten unseen.
  for (std::size_t a = 0; a < recent_.size(); ++a) {
    if (a == b) continue;
    auto& q = recent_[a];
    while (!q.empty() && q.front().t_s + max_delay_ <= t_s) q.pop_front();  // reached everyone
    for (const Pending& p : q)
      if (t_s > p.t_s && t_s < p.t_s + delay_[a][b] && !lost_flags_[p.index]) {
        lost_flags_[p.index] = true;
        ++lost_;
      }
  }
  const std::uint64_t index = writes_++;
  lost_flags_.push_back(false);
  recent_[b].push_back({t_s, index});
  return index;
}

void GCounter::merge(const GCounter& other) {
  if (other.counts_.size() != counts_.size()) throw std::invalid_argument("merging counters of different regions");
  bool changed = false;
  for (std::size_t i = 0; i < counts_.size(); ++i)
    if (other.counts_[i] > counts_[i]) {
      counts_[i] = other.counts_[i];
      changed = true;
    }
  merges_ += changed ? 1 : 0;
}

std::uint64_t GCounter::value() const {
  std::uint64_t v = 0;
  for (std::uint64_t c : counts_) v += c;
  return v;
}

}  // namespace ladder
