// Log-bucketed histogram with bounded relative error (the DDSketch construction):
// a value v > 0 goes to bucket ceil(log_gamma(v)), gamma = (1+a)/(1-a), and a quantile
// is reported as the bucket's midpoint 2·gamma^i/(gamma+1), within relative error `a`
// of a true sample value of that rank. Memory is O(log(max/min)/a) buckets, not O(samples).
#pragma once

#include <cstdint>
#include <vector>

namespace ladder {

class Histogram {
 public:
  /// relative_accuracy `a` in (0, 0.5); values <= min_value are counted in a zero bucket.
  explicit Histogram(double relative_accuracy = 0.005, double min_value = 1e-9);

  void add(double v);
  void merge(const Histogram& other);  ///< both must have the same accuracy
  void clear();

  std::uint64_t count() const { return count_; }
  double sum() const { return sum_; }
  double mean() const;  ///< exact (from the running sum), 0 when empty
  double min() const;   ///< exact, 0 when empty
  double max() const;   ///< exact, 0 when empty
  double stddev() const;  ///< exact sample standard deviation, 0 for < 2 samples
  /// q in [0, 1]; nearest-rank quantile within the relative accuracy; 0 when empty.
  double quantile(double q) const;
  double relative_accuracy() const { return accuracy_; }

 private:
  int index_of(double v) const;
  void grow_to_cover(int lo, int hi);  ///< make counts_ span bucket indices [lo, hi]
  double accuracy_;
  double gamma_;
  double log_gamma_;
  double inv_log_gamma_;  ///< 1/log_gamma_: index_of multiplies instead of dividing
  double min_value_;
  int offset_ = 0;  ///< bucket index of counts_[0]
  std::vector<std::uint64_t> counts_;
  std::uint64_t zero_count_ = 0;
  std::uint64_t count_ = 0;
  double sum_ = 0;
  // Variance by the shifted-data method: sums of (v - shift_) and its square, shift_ = the
  // first value, so there is no cancellation when the spread is small next to the mean.
  double shift_ = 0;
  double shifted_sum_ = 0;
  double shifted_sum_sq_ = 0;
  double min_ = 0;
  double max_ = 0;
};

}  // namespace ladder
