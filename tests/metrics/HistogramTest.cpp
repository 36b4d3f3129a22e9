// Tests for the log-bucketed histogram (src/metrics/Histogram.cpp). The guarantee checked is
// deterministic, not statistical: for every q, quantile(q) is within relative error `a` of the
// exact nearest-rank sample value (rank ceil(q·n)) of the values added. The only slack allowed is
// kRounding: floating-point rounding in log() can put a value within ~1e-15 (relative) of a
// bucket boundary into the neighbouring bucket, shifting the bound by that much.
#include "ladder/metrics/Histogram.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "ladder/workload/Random.hpp"

namespace ladder {
namespace {

constexpr double kRounding = 1e-12;  // relative slack on the bound (see the file comment)

// The exact nearest-rank quantile, with the same rank rule as Histogram::quantile
// (ceil(q·n), shrunk by a few ulps so that an exact integer q·n is not pushed up by rounding).
double exact_quantile(const std::vector<double>& sorted, double q) {
  if (q <= 0) return sorted.front();
  if (q >= 1) return sorted.back();
  const auto n = sorted.size();
  auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(n) * (1 - 4 * DBL_EPSILON)));
  rank = std::clamp<std::size_t>(rank, 1, n);
  return sorted[rank - 1];
}

std::vector<double> quantile_grid() {
  std::vector<double> qs = {0, 1e-4, 1e-3, 0.01, 0.05, 0.25, 0.5, 0.75, 0.9, 0.95,
                            0.99, 0.999, 0.9999, 1};
  for (int i = 1; i < 1000; ++i) qs.push_back(i / 1000.0);
  return qs;
}

void expect_within_bound(const Histogram& h, std::vector<double> values, const char* what) {
  std::sort(values.begin(), values.end());
  const double a = h.relative_accuracy();
  for (double q : quantile_grid()) {
    const double exact = exact_quantile(values, q);
    const double got = h.quantile(q);
    ASSERT_LE(std::abs(got - exact), a * (1 + kRounding) * std::abs(exact))
        << what << ": q=" << q << " exact=" << exact << " got=" << got;
  }
  EXPECT_EQ(h.quantile(0), values.front());
  EXPECT_EQ(h.quantile(1), values.back());
}

template <class Draw>
std::vector<double> sample(int n, std::uint64_t seed, Draw draw) {
  Rng r(seed, "histogram-test");
  std::vector<double> v(static_cast<std::size_t>(n));
  for (double& x : v) x = draw(r);
  return v;
}

Histogram filled(const std::vector<double>& values, double accuracy = 0.005) {
  Histogram h(accuracy);
  for (double v : values) h.add(v);
  return h;
}

TEST(Histogram, EmptyReportsZeros) {
  Histogram h;
  EXPECT_EQ(h.count(), 0u);
  EXPECT_EQ(h.sum(), 0);
  EXPECT_EQ(h.mean(), 0);
  EXPECT_EQ(h.min(), 0);
  EXPECT_EQ(h.max(), 0);
  EXPECT_EQ(h.stddev(), 0);
  EXPECT_EQ(h.quantile(0.5), 0);
  EXPECT_EQ(h.quantile(0), 0);
  EXPECT_EQ(h.quantile(1), 0);
}

TEST(Histogram, SingleValue) {
  Histogram h;
  h.add(0.0123);
  EXPECT_EQ(h.count(), 1u);
  for (double q : {0.0, 0.3, 0.5, 0.99, 1.0}) EXPECT_EQ(h.quantile(q), 0.0123) << q;  // clamped
  EXPECT_EQ(h.stddev(), 0);
}

TEST(Histogram, RejectsBadParameters) {
  EXPECT_THROW(Histogram(0), std::invalid_argument);
  EXPECT_THROW(Histogram(0.5), std::invalid_argument);
  EXPECT_THROW(Histogram(0.01, 0), std::invalid_argument);
}

TEST(Histogram, MinMaxMeanAreExact) {
  const auto v = sample(100000, 1, [](Rng& r) { return r.exponential(0.02); });
  const Histogram h = filled(v);
  EXPECT_EQ(h.count(), v.size());
  EXPECT_EQ(h.min(), *std::min_element(v.begin(), v.end()));
  EXPECT_EQ(h.max(), *std::max_element(v.begin(), v.end()));
  const double sum = std::accumulate(v.begin(), v.end(), 0.0);  // same order as add()
  EXPECT_EQ(h.sum(), sum);
  EXPECT_EQ(h.mean(), sum / static_cast<double>(v.size()));
}

// Two-pass sample standard deviation in long double, the reference (in double, the mean of
// 1e5 values near 1e9 would already be off by ~1e-5, more than the spread tested below).
double two_pass_sd(const std::vector<double>& v) {
  long double sum = 0;
  for (double x : v) sum += x;
  const long double m = sum / static_cast<long double>(v.size());
  long double ss = 0;
  for (double x : v) ss += (x - m) * (x - m);
  return static_cast<double>(std::sqrt(ss / static_cast<long double>(v.size() - 1)));
}

TEST(Histogram, StddevMatchesTwoPass) {
  const auto v = sample(100000, 2, [](Rng& r) { return r.lognormal(0.05, 1.5); });
  EXPECT_NEAR(filled(v).stddev(), two_pass_sd(v), 1e-10 * two_pass_sd(v));
  // A large offset with a tiny spread: the naive Σx² − (Σx)²/n would lose every digit here.
  const auto w = sample(100000, 3, [](Rng& r) { return 1e9 + r.normal() * 1e-3; });
  EXPECT_NEAR(filled(w).stddev(), two_pass_sd(w), 1e-6 * two_pass_sd(w));
}

TEST(Histogram, BoundHoldsForUniform) {
  const auto v = sample(200000, 4, [](Rng& r) { return 0.001 + 0.099 * r.uniform(); });
  expect_within_bound(filled(v), v, "uniform");
}

TEST(Histogram, BoundHoldsForExponential) {
  const auto v = sample(200000, 5, [](Rng& r) { return r.exponential(0.004); });
  expect_within_bound(filled(v), v, "exponential");
}

TEST(Histogram, BoundHoldsForHeavyTailedLognormal) {
  const auto v = sample(200000, 6, [](Rng& r) { return r.lognormal(0.01, 4.0); });
  expect_within_bound(filled(v), v, "lognormal cv=4");
}

TEST(Histogram, BoundHoldsForPareto) {
  // Pareto(x_m = 1e-3, alpha = 1.2): x_m·U^(−1/alpha), infinite variance.
  const auto v = sample(200000, 7, [](Rng& r) { return 1e-3 * std::pow(r.uniform(), -1 / 1.2); });
  expect_within_bound(filled(v), v, "pareto");
}

TEST(Histogram, BoundHoldsOverHugeDynamicRange) {
  // Log-uniform over 1e-6 .. 1e6 (twelve decades), arriving in an order that grows the
  // bucket vector in both directions repeatedly.
  auto v = sample(200000, 8, [](Rng& r) { return std::pow(10.0, -6 + 12 * r.uniform()); });
  v.push_back(1e-6);
  v.push_back(1e6);
  expect_within_bound(filled(v), v, "1e-6..1e6");
}

TEST(Histogram, BoundHoldsAtOtherAccuracies) {
  const auto v = sample(100000, 9, [](Rng& r) { return r.lognormal(1.0, 2.0); });
  for (double a : {0.001, 0.01, 0.05, 0.2}) expect_within_bound(filled(v, a), v, "accuracy");
}

TEST(Histogram, BoundHoldsWithFewSamplesAndIntegers) {
  std::vector<double> v;
  for (int i = 1; i <= 100; ++i) v.push_back(i);
  const Histogram h = filled(v, 0.001);
  expect_within_bound(h, v, "1..100");
  EXPECT_NEAR(h.quantile(0.5), 50, 0.05);  // rank 50
  EXPECT_NEAR(h.quantile(0.99), 99, 0.1);  // rank 99, not 100
  EXPECT_NEAR(h.quantile(0.991), 100, 0.1);
}

TEST(Histogram, ZeroBucketHoldsSmallAndNegativeValues) {
  Histogram h(0.01, 1e-9);
  for (int i = 0; i < 10; ++i) h.add(0);
  for (int i = 0; i < 10; ++i) h.add(1.0);
  EXPECT_EQ(h.count(), 20u);
  EXPECT_EQ(h.quantile(0.25), 0);
  EXPECT_EQ(h.quantile(0.5), 0);  // rank 10 is the last zero
  EXPECT_NEAR(h.quantile(0.55), 1.0, 0.01);
  h.add(-5);
  EXPECT_EQ(h.min(), -5);
  EXPECT_EQ(h.quantile(0), -5);
  h.add(std::nan(""));
  EXPECT_EQ(h.count(), 21u);  // NaN ignored
}

TEST(Histogram, MergeEqualsSingleHistogram) {
  const auto a = sample(50000, 10, [](Rng& r) { return r.exponential(0.001); });
  const auto b = sample(70000, 11, [](Rng& r) { return r.lognormal(10.0, 0.5); });  // disjoint range
  std::vector<double> all = a;
  all.insert(all.end(), b.begin(), b.end());
  Histogram ha = filled(a);
  const Histogram hb = filled(b);
  const Histogram hall = filled(all);
  ha.merge(hb);
  EXPECT_EQ(ha.count(), hall.count());
  EXPECT_EQ(ha.min(), hall.min());
  EXPECT_EQ(ha.max(), hall.max());
  EXPECT_NEAR(ha.sum(), hall.sum(), 1e-12 * hall.sum());
  EXPECT_NEAR(ha.stddev(), two_pass_sd(all), 1e-9 * two_pass_sd(all));
  for (double q : quantile_grid()) EXPECT_EQ(ha.quantile(q), hall.quantile(q)) << q;
  expect_within_bound(ha, all, "merged");
}

TEST(Histogram, MergeWithEmpty) {
  const auto v = sample(1000, 12, [](Rng& r) { return r.exponential(1.0); });
  Histogram h = filled(v);
  const Histogram empty;
  h.merge(empty);
  EXPECT_EQ(h.count(), v.size());
  Histogram target;
  target.merge(h);
  EXPECT_EQ(target.count(), h.count());
  EXPECT_EQ(target.min(), h.min());
  EXPECT_EQ(target.max(), h.max());
  EXPECT_NEAR(target.stddev(), h.stddev(), 1e-12 * h.stddev());
  for (double q : quantile_grid()) EXPECT_EQ(target.quantile(q), h.quantile(q)) << q;
}

TEST(Histogram, MergeRejectsDifferentAccuracy) {
  Histogram a(0.01), b(0.02);
  b.add(1);
  EXPECT_THROW(a.merge(b), std::invalid_argument);
}

TEST(Histogram, ClearResetsButStaysUsable) {
  const auto v = sample(10000, 13, [](Rng& r) { return r.exponential(1.0); });
  Histogram h = filled(v);
  h.clear();
  EXPECT_EQ(h.count(), 0u);
  EXPECT_EQ(h.quantile(0.5), 0);
  EXPECT_EQ(h.min(), 0);
  const auto w = sample(10000, 14, [](Rng& r) { return r.exponential(1e-3); });
  for (double x : w) h.add(x);
  expect_within_bound(h, w, "after clear");
  EXPECT_NEAR(h.stddev(), two_pass_sd(w), 1e-10 * two_pass_sd(w));
}

}  // namespace
}  // namespace ladder
