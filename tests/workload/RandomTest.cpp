// Tests for the deterministic random streams and distributions (src/workload/Random.cpp).
// Statistical checks use a fixed seed, so they are deterministic; each tolerance is derived
// from the estimator's standard error (SE) and set at 5 SE: a correct generator fails a given
// check with probability ~6e-7 (two-sided normal tail beyond 5σ) over seeds, so a failure
// means a bug, not bad luck. Goodness of fit uses Pearson's chi-square at p = 0.001.
#include "ladder/workload/Random.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "support/Analytic.hpp"

namespace ladder {
namespace {

constexpr double kSigmas = 5;  // tolerance in standard errors (see the file comment)

// ---- chi-square critical values -------------------------------------------------------------
// Upper-tail probability of chi-square with k degrees of freedom: Q(k/2, x/2), the regularised
// upper incomplete gamma, by the series for x < a+1 and Lentz's continued fraction otherwise
// (Numerical Recipes, 3rd ed., §6.2). The critical value is found by bisection.
double gamma_q(double a, double x) {
  const double log_prefix = a * std::log(x) - x - std::lgamma(a);
  if (x < a + 1) {
    double term = 1 / a, sum = term;
    for (int n = 1; n < 10000 && std::abs(term) > 1e-17 * std::abs(sum); ++n) {
      term *= x / (a + n);
      sum += term;
    }
    return 1 - sum * std::exp(log_prefix);
  }
  constexpr double kTiny = 1e-300;
  double b = x + 1 - a, c = 1 / kTiny, d = 1 / b, h = d;
  for (int i = 1; i < 10000; ++i) {
    const double an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (std::abs(d) < kTiny) d = kTiny;
    c = b + an / c;
    if (std::abs(c) < kTiny) c = kTiny;
    d = 1 / d;
    const double delta = d * c;
    h *= delta;
    if (std::abs(delta - 1) < 1e-16) break;
  }
  return std::exp(log_prefix) * h;
}

double chi_square_critical(int dof, double p_upper) {
  double lo = 0, hi = dof + 100.0 * std::sqrt(2.0 * dof) + 100;
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    if (gamma_q(dof / 2.0, mid / 2.0) > p_upper) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

TEST(ChiSquare, CriticalValuesMatchTables) {
  // Standard tables (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.4), upper tail 0.001.
  EXPECT_NEAR(chi_square_critical(9, 0.001), 27.877, 0.001);
  EXPECT_NEAR(chi_square_critical(49, 0.001), 85.351, 0.001);
  EXPECT_NEAR(chi_square_critical(99, 0.001), 148.230, 0.001);
  EXPECT_NEAR(chi_square_critical(100, 0.001), 149.449, 0.001);
}

// ---- streams --------------------------------------------------------------------------------

TEST(Rng, SameSeedAndStreamGiveSameSequence) {
  Rng a(42, "app-server-1"), b(42, "app-server-1");
  for (int i = 0; i < 10000; ++i) {
    ASSERT_EQ(a.uniform(), b.uniform()) << "at draw " << i;
    ASSERT_EQ(a.below(1000), b.below(1000));
    ASSERT_EQ(a.normal(), b.normal());
  }
}

TEST(Rng, DifferentStreamNamesGiveDifferentSequences) {
  Rng a(42, "app-server-1"), b(42, "app-server-2"), c(43, "app-server-1");
  int same_ab = 0, same_ac = 0;
  for (int i = 0; i < 1000; ++i) {
    const double x = a.uniform();
    same_ab += x == b.uniform();
    same_ac += x == c.uniform();
  }
  // Independent 53-bit uniforms coincide with probability 2^-53 per draw.
  EXPECT_EQ(same_ab, 0);
  EXPECT_EQ(same_ac, 0);
}

TEST(Rng, StreamDerivationIsPinned) {
  // Golden values: a change here reshuffles every scenario's results, so it must be deliberate.
  EXPECT_EQ(fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(fnv1a64("a"), 0xaf63dc4c8601ec8cULL);  // FNV-1a test vector
  EXPECT_EQ(fnv1a64("foobar"), 0x85944171f73967e8ULL);
}

TEST(Rng, UniformIsInOpenUnitInterval) {
  Rng r(7, "u");
  constexpr int kN = 1000000;
  double sum = 0;
  for (int i = 0; i < kN; ++i) {
    const double u = r.uniform();
    ASSERT_GT(u, 0);
    ASSERT_LT(u, 1);
    sum += u;
  }
  // Var(U) = 1/12, so SE(mean) = 1/sqrt(12 n).
  EXPECT_NEAR(sum / kN, 0.5, kSigmas / std::sqrt(12.0 * kN));
}

TEST(Rng, BelowIsUniformAndInRange) {
  Rng r(7, "below");
  EXPECT_EQ(r.below(1), 0u);
  constexpr int kBins = 10, kN = 1000000;
  std::vector<double> counts(kBins);
  for (int i = 0; i < kN; ++i) {
    const auto k = r.below(kBins);
    ASSERT_LT(k, static_cast<std::uint64_t>(kBins));
    counts[k] += 1;
  }
  double chi2 = 0;
  for (double c : counts) chi2 += (c - kN / kBins) * (c - kN / kBins) / (kN / kBins);
  EXPECT_LT(chi2, chi_square_critical(kBins - 1, 0.001));
  // A bound just above 2^63, where the rejection step rejects almost half the draws.
  const std::uint64_t big = (1ULL << 63) + 12345;
  for (int i = 0; i < 1000; ++i) ASSERT_LT(r.below(big), big);
}

TEST(Rng, ExponentialMean) {
  Rng r(11, "exp");
  constexpr int kN = 1000000;
  constexpr double kMean = 0.004;
  double sum = 0;
  for (int i = 0; i < kN; ++i) {
    const double x = r.exponential(kMean);
    ASSERT_GT(x, 0);
    sum += x;
  }
  // sd of Exp = its mean, so SE(sample mean) = mean/sqrt(n): tolerance 5·mean/sqrt(n) (0.5%).
  EXPECT_NEAR(sum / kN, kMean, kSigmas * kMean / std::sqrt(kN));
}

TEST(Rng, NormalMomentsMatch) {
  Rng r(13, "normal");
  constexpr int kN = 1000000;
  double sum = 0, sum_sq = 0;
  for (int i = 0; i < kN; ++i) {
    const double z = r.normal();
    sum += z;
    sum_sq += z * z;
  }
  const double mean = sum / kN;
  const double var = sum_sq / kN - mean * mean;
  // SE(mean) = 1/sqrt(n); for N(0,1), Var(z²) = 2, so SE(sample variance) ≈ sqrt(2/n).
  EXPECT_NEAR(mean, 0, kSigmas / std::sqrt(kN));
  EXPECT_NEAR(var, 1, kSigmas * std::sqrt(2.0 / kN));
}

// Lognormal with mean m and coefficient of variation v: with w = 1 + v², the excess kurtosis is
// w⁴ + 2w³ + 3w² − 6. For n samples:
//   SE(sample mean) = m·v/sqrt(n);
//   Var(s²) ≈ σ⁴ (κ + 2)/n  ⇒  SE(s)/σ ≈ sqrt((κ + 2)/n)/2 (delta method),
// and the CV estimate s/mean has relative SE at most the sum of the two relative SEs
// (first-order error propagation, worst-case correlation). Tolerance: 5× each.
void check_lognormal(double mean, double cv, std::uint64_t seed) {
  Rng r(seed, "lognormal");
  constexpr int kN = 1000000;
  double sum = 0, sum_sq = 0;
  for (int i = 0; i < kN; ++i) {
    const double x = r.lognormal(mean, cv);
    ASSERT_GT(x, 0);
    sum += x;
    sum_sq += x * x;
  }
  const double m = sum / kN;
  const double sd = std::sqrt((sum_sq - sum * m) / (kN - 1));
  const double w = 1 + cv * cv;
  const double kurt = w * w * w * w + 2 * w * w * w + 3 * w * w - 6;
  const double rel_se_mean = cv / std::sqrt(kN);
  const double rel_se_sd = std::sqrt((kurt + 2) / kN) / 2;
  EXPECT_NEAR(m, mean, kSigmas * rel_se_mean * mean) << "cv=" << cv;
  EXPECT_NEAR(sd / m, cv, kSigmas * (rel_se_mean + rel_se_sd) * cv) << "cv=" << cv;
}

TEST(Rng, LognormalMeanAndCv) {
  check_lognormal(0.010, 0.5, 1);
  check_lognormal(2.0, 1.0, 2);
}

TEST(Rng, LognormalWithZeroCvIsConstant) {
  Rng r(3, "ln0");
  EXPECT_EQ(r.lognormal(0.25, 0), 0.25);
}

// ---- Zipf -----------------------------------------------------------------------------------

// Pearson's chi-square of kN Zipf(n, s) draws against the exact pmf k^-s/H_{n,s}. Every bin's
// expected count is >= 134 for the cases below (the smallest: n = 1000, s = 1, p_1000 = 1.3e-4),
// well above the usual 5 needed for the chi-square approximation.
void check_zipf_fit(std::uint64_t n, double s) {
  constexpr int kN = 1000000;
  Zipf zipf(n, s);
  Rng r(2024, "zipf");
  std::vector<double> counts(n);
  for (int i = 0; i < kN; ++i) {
    const auto k = zipf(r);
    ASSERT_GE(k, 1u);
    ASSERT_LE(k, n);
    counts[k - 1] += 1;
  }
  const std::vector<double> p = analytic::zipf_pmf(n, s);
  double chi2 = 0;
  for (std::uint64_t k = 0; k < n; ++k) {
    const double expected = kN * p[k];
    ASSERT_GE(expected, 5) << "bin too small for the chi-square approximation";
    chi2 += (counts[k] - expected) * (counts[k] - expected) / expected;
  }
  EXPECT_LT(chi2, chi_square_critical(static_cast<int>(n) - 1, 0.001)) << "n=" << n << " s=" << s;
}

TEST(Zipf, FitsExactPmfNearOne) { check_zipf_fit(10, 0.99); }
TEST(Zipf, FitsExactPmfAtOne) { check_zipf_fit(1000, 1.0); }
TEST(Zipf, FitsExactPmfUniform) { check_zipf_fit(100, 0.0); }
TEST(Zipf, FitsExactPmfSteep) { check_zipf_fit(50, 2.0); }
TEST(Zipf, FitsExactPmfJustAboveOne) { check_zipf_fit(200, 1.0 + 1e-9); }

TEST(Zipf, SingleRank) {
  Zipf zipf(1, 1.2);
  Rng r(1, "z1");
  for (int i = 0; i < 100; ++i) EXPECT_EQ(zipf(r), 1u);
}

TEST(Zipf, RejectsBadParameters) {
  EXPECT_THROW(Zipf(0, 1.0), std::invalid_argument);
  EXPECT_THROW(Zipf(10, -0.5), std::invalid_argument);
  EXPECT_THROW(Zipf(10, std::nan("")), std::invalid_argument);
}

// n = 1e12: ranks stay in range and P(rank = 1) = 1/H_{n,s}. The count of ones is
// Binomial(N, p), SE = sqrt(p(1-p)/N).
void check_huge(double s) {
  constexpr std::uint64_t kRanks = 1000000000000ULL;
  constexpr int kN = 1000000;
  Zipf zipf(kRanks, s);
  Rng r(99, "huge");
  int ones = 0;
  std::uint64_t largest = 0;
  for (int i = 0; i < kN; ++i) {
    const auto k = zipf(r);
    ASSERT_GE(k, 1u);
    ASSERT_LE(k, kRanks);
    ones += k == 1;
    largest = std::max(largest, k);
  }
  const double p1 = 1 / analytic::generalized_harmonic(kRanks, s);
  EXPECT_NEAR(static_cast<double>(ones) / kN, p1, kSigmas * std::sqrt(p1 * (1 - p1) / kN))
      << "s=" << s;
  EXPECT_GT(largest, 1000000u) << "the tail beyond 1e6 should be reached for s <= 1";
}

TEST(Zipf, HugePopulation) {
  check_huge(1.0);
  check_huge(0.8);
}

TEST(Zipf, HugePopulationUniformMean) {
  // s = 0 over 1e12 ranks: mean (n+1)/2, sd ≈ n/sqrt(12), SE = n/sqrt(12 N).
  constexpr std::uint64_t kRanks = 1000000000000ULL;
  constexpr int kN = 100000;
  Zipf zipf(kRanks, 0.0);
  Rng r(5, "uniform-huge");
  double sum = 0;
  for (int i = 0; i < kN; ++i) sum += static_cast<double>(zipf(r));
  const double n = static_cast<double>(kRanks);
  EXPECT_NEAR(sum / kN, (n + 1) / 2, kSigmas * n / std::sqrt(12.0 * kN));
}

}  // namespace
}  // namespace ladder
