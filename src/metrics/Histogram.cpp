// DDSketch-style histogram (Masson, Rim & Lee, VLDB 2019). Bucket i holds (gamma^(i-1), gamma^i],
// gamma = (1+a)/(1-a); its midpoint m = 2·gamma^i/(gamma+1) is within relative error a of both
// ends: (gamma^i - m)/gamma^i = (m - gamma^(i-1))/gamma^(i-1) = (gamma-1)/(gamma+1) = a.
// The index is ceil(log(v)/log(gamma)) with std::log; rounding in log and in the product can put
// a value lying within ~1e-15 (relative) of a bucket boundary into the neighbour, which moves
// the error bound by that same ~1e-15 relative amount, nothing more.
// count, sum, min, max and mean are exact; stddev uses sums shifted by the first value (the
// "shifted data" algorithm), which avoids the cancellation of Σv² − (Σv)²/n without a division
// per add.
// Values <= min_value (including negatives) fall into a zero bucket reported as 0, clamped
// into [min, max]. NaN is ignored.
// add() is O(1) and allocation-free once the bucket vector spans the observed range; the vector
// grows in either direction with slack (amortised doubling) when a value falls outside it.
#include "ladder/metrics/Histogram.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <stdexcept>
#include <string>

namespace ladder {

namespace {
constexpr int kMinSlack = 64;  // buckets added beyond a new value when growing (factor ~1.9 at a=0.5%)
}

Histogram::Histogram(double relative_accuracy, double min_value)
    : accuracy_(relative_accuracy), min_value_(min_value) {
  if (!(relative_accuracy > 0 && relative_accuracy < 0.5))
    throw std::invalid_argument("Histogram: relative accuracy must be in (0, 0.5), got " +
                                std::to_string(relative_accuracy));
  if (!(min_value > 0) || !std::isfinite(min_value))
    throw std::invalid_argument("Histogram: min_value must be finite and > 0, got " +
                                std::to_string(min_value));
  gamma_ = (1 + accuracy_) / (1 - accuracy_);
  log_gamma_ = std::log1p(2 * accuracy_ / (1 - accuracy_));  // log(gamma), accurate for small a
  inv_log_gamma_ = 1 / log_gamma_;
}

int Histogram::index_of(double v) const {
  // v > min_value_ > 0 here; clamp +inf so the index stays finite.
  return static_cast<int>(std::ceil(std::log(std::min(v, DBL_MAX)) * inv_log_gamma_));
}

void Histogram::grow_to_cover(int lo, int hi) {
  if (counts_.empty()) {
    offset_ = lo - kMinSlack;
    counts_.assign(static_cast<std::size_t>(hi - lo + 1 + 2 * kMinSlack), 0);
    return;
  }
  const int cur_lo = offset_;
  const int cur_hi = offset_ + static_cast<int>(counts_.size()) - 1;
  if (lo >= cur_lo && hi <= cur_hi) return;
  const int slack = std::max(kMinSlack, static_cast<int>(counts_.size() / 2));
  const int new_lo = lo < cur_lo ? lo - slack : cur_lo;
  const int new_hi = hi > cur_hi ? hi + slack : cur_hi;
  std::vector<std::uint64_t> grown(static_cast<std::size_t>(new_hi - new_lo + 1), 0);
  std::copy(counts_.begin(), counts_.end(), grown.begin() + (cur_lo - new_lo));
  counts_.swap(grown);
  offset_ = new_lo;
}

void Histogram::add(double v) {
  if (std::isnan(v)) return;
  if (count_ == 0) {
    min_ = max_ = shift_ = v;
  } else {
    if (v < min_) min_ = v;
    if (v > max_) max_ = v;
  }
  ++count_;
  sum_ += v;
  const double d = v - shift_;
  shifted_sum_ += d;
  shifted_sum_sq_ += d * d;
  if (v <= min_value_) {
    ++zero_count_;
    return;
  }
  const int i = index_of(v);
  auto rel = static_cast<std::size_t>(static_cast<long>(i) - offset_);  // wraps if i < offset_
  if (rel >= counts_.size()) [[unlikely]] {
    grow_to_cover(i, i);
    rel = static_cast<std::size_t>(i - offset_);
  }
  ++counts_[rel];
}

void Histogram::merge(const Histogram& other) {
  if (other.accuracy_ != accuracy_)
    throw std::invalid_argument("Histogram::merge: relative accuracies differ");
  if (other.count_ == 0) return;
  // Only the occupied part of the other's buckets, so merging does not copy its slack.
  std::size_t first = 0, last = other.counts_.size();
  while (first < last && other.counts_[first] == 0) ++first;
  while (last > first && other.counts_[last - 1] == 0) --last;
  if (first < last) {
    const int lo = other.offset_ + static_cast<int>(first);
    const int hi = other.offset_ + static_cast<int>(last) - 1;
    grow_to_cover(lo, hi);
    for (std::size_t j = first; j < last; ++j)
      counts_[static_cast<std::size_t>(other.offset_ + static_cast<int>(j) - offset_)] +=
          other.counts_[j];
  }
  zero_count_ += other.zero_count_;
  if (count_ == 0) {
    min_ = other.min_;
    max_ = other.max_;
    shift_ = other.shift_;
  } else {
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
  }
  // Re-express the other's shifted sums around our shift: with e = shift_b - shift_a,
  // Σ(v - a) = S1b + n_b·e and Σ(v - a)² = S2b + 2e·S1b + n_b·e².
  const double nb = static_cast<double>(other.count_);
  const double e = other.shift_ - shift_;
  shifted_sum_sq_ += other.shifted_sum_sq_ + 2 * e * other.shifted_sum_ + nb * e * e;
  shifted_sum_ += other.shifted_sum_ + nb * e;
  count_ += other.count_;
  sum_ += other.sum_;
}

void Histogram::clear() {
  std::fill(counts_.begin(), counts_.end(), 0);  // keep the allocation for reuse
  zero_count_ = count_ = 0;
  sum_ = shift_ = shifted_sum_ = shifted_sum_sq_ = min_ = max_ = 0;
}

double Histogram::mean() const { return count_ == 0 ? 0 : sum_ / static_cast<double>(count_); }
double Histogram::min() const { return min_; }
double Histogram::max() const { return max_; }

double Histogram::stddev() const {
  if (count_ < 2) return 0;
  const double n = static_cast<double>(count_);
  const double m2 = shifted_sum_sq_ - shifted_sum_ * shifted_sum_ / n;
  return std::sqrt(std::max(0.0, m2 / (n - 1)));
}

double Histogram::quantile(double q) const {
  if (count_ == 0) return 0;
  if (!(q > 0)) return min_;
  if (q >= 1) return max_;
  // Nearest rank ceil(q·n). The product is shrunk by a few ulps first so that q·n that should
  // be an integer but rounds up (0.99·100 = 99.00000000000001) is not pushed to the next rank.
  const double r = q * static_cast<double>(count_) * (1 - 4 * DBL_EPSILON);
  auto rank = static_cast<std::uint64_t>(std::ceil(r));
  rank = std::clamp<std::uint64_t>(rank, 1, count_);
  std::uint64_t cum = zero_count_;
  if (rank <= cum) return std::clamp(0.0, min_, max_);
  for (std::size_t j = 0; j < counts_.size(); ++j) {
    cum += counts_[j];
    if (cum >= rank) {
      const int i = offset_ + static_cast<int>(j);
      const double mid = 2 * std::exp(i * log_gamma_) / (gamma_ + 1);
      return std::clamp(mid, min_, max_);
    }
  }
  return max_;  // unreachable: the counts sum to count_
}

}  // namespace ladder
