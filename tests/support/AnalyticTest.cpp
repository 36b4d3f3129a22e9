// Checks of the reference formulas (tests/support/Analytic.cpp) against textbook values,
// closed forms for special cases, and independent computations (direct sums in the log domain,
// birth–death chains). Tolerances are numerical (round-off), not statistical: nothing is random.
#include "support/Analytic.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <numbers>
#include <numeric>
#include <stdexcept>
#include <tuple>
#include <utility>
#include <vector>

namespace ladder::analytic {
namespace {

constexpr double kTight = 1e-12;  // relative, for results of a few dozen floating-point operations
constexpr double kLoose = 1e-9;   // relative, for long recurrences/sums and bisection results

// ---- Erlang ---------------------------------------------------------------------------------

TEST(Erlang, BTextbookValues) {
  EXPECT_NEAR(erlang_b(1, 2.0), 2.0 / 3.0, kTight);  // a/(1+a)
  EXPECT_NEAR(erlang_b(10, 5.0), 0.018385, 5e-7);    // Erlang B table, 10 circuits, 5 E
  EXPECT_EQ(erlang_b(0, 3.0), 1.0);
}

TEST(Erlang, CTextbookValues) {
  EXPECT_NEAR(erlang_c(4, 3.0), 0.5094, 5e-5);     // Gross & Harris, c=4, a=3
  EXPECT_NEAR(erlang_c(1, 0.7), 0.7, kTight);      // M/M/1: P(wait) = ρ
  EXPECT_NEAR(erlang_c(2, 1.0), 1.0 / 3.0, kTight);  // M/M/2: 2ρ²/(1+ρ), ρ = 1/2
  EXPECT_THROW(erlang_c(4, 4.0), std::invalid_argument);
}

// Direct Erlang C, C = t_c / (Σ_{k<c} a^k/k! + t_c), t_c = a^c/c! · c/(c−a), summed in the log
// domain so that c = 1000 does not overflow. An independent route to the same number.
double erlang_c_direct(int c, double a) {
  std::vector<double> logs;
  for (int k = 0; k < c; ++k) logs.push_back(k * std::log(a) - std::lgamma(k + 1.0));
  const double log_tc = c * std::log(a) - std::lgamma(c + 1.0) + std::log(c / (c - a));
  double m = log_tc;
  for (double l : logs) m = std::max(m, l);
  double s = std::exp(log_tc - m);
  for (double l : logs) s += std::exp(l - m);
  return std::exp(log_tc - m) / s;
}

TEST(Erlang, CStableForLargeC) {
  for (auto [c, a] : {std::pair{50, 45.0}, {200, 190.0}, {1000, 950.0}, {1000, 999.0}}) {
    const double got = erlang_c(c, a);
    ASSERT_TRUE(std::isfinite(got));
    EXPECT_NEAR(got, erlang_c_direct(c, a), kLoose * got) << "c=" << c << " a=" << a;
  }
}

// ---- M/M/c ----------------------------------------------------------------------------------

TEST(MMc, MeanResponseTextbook) {
  // c = 4, λ = 300/s, μ = 100/s: a = 3, C = 0.50943, W = C/(cμ−λ) = 5.094 ms, T = W + 10 ms.
  EXPECT_NEAR(mmc_mean_wait(4, 300, 100), 5.0943e-3, 5e-8);
  EXPECT_NEAR(mmc_mean_response(4, 300, 100), 15.0943e-3, 5e-8);
  EXPECT_NEAR(mmc_mean_in_system(4, 300, 100), 300 * mmc_mean_response(4, 300, 100), kTight);
  EXPECT_NEAR(mmc_utilization(4, 300, 100), 0.75, kTight);
  // The STYLE.md example, M/M/4, λ = 1500/s, μ = 500/s (a = 3 again): W_q = C/500 = 1.019 ms
  // and the response time T = W_q + 2 ms = 3.019 ms (the "3.02 ms" quoted there).
  EXPECT_NEAR(mmc_mean_response(4, 1500, 500), 3.019e-3, 5e-7);
}

TEST(MMc, SingleServerMatchesMM1) {
  const double lambda = 70, mu = 100;
  EXPECT_NEAR(mmc_mean_response(1, lambda, mu), mm1_mean_response(lambda, mu), kTight);
  EXPECT_NEAR(mmc_mean_wait(1, lambda, mu), mm1_mean_wait(lambda, mu), kTight);
  EXPECT_NEAR(mmc_mean_in_system(1, lambda, mu), mm1_mean_in_system(lambda, mu), kTight);
  EXPECT_NEAR(mm1_mean_response(lambda, mu), 1 / 30.0, kTight);
  for (double t : {0.0, 0.001, 0.01, 0.05, 0.2}) {
    EXPECT_NEAR(mmc_response_ccdf(1, lambda, mu, t), std::exp(-(mu - lambda) * t), kTight) << t;
  }
  for (double q : {0.5, 0.9, 0.99, 0.999}) {
    EXPECT_NEAR(mmc_response_quantile(1, lambda, mu, q), mm1_response_quantile(lambda, mu, q),
                kLoose * mm1_response_quantile(lambda, mu, q))
        << q;
  }
}

TEST(MMc, CcdfContinuousWhereRatesCoincide) {
  // c = 2, μ = 100, λ = 100: cμ − λ = μ, the hypoexponential's degenerate case.
  for (double t : {0.001, 0.01, 0.03, 0.1}) {
    const double at = mmc_response_ccdf(2, 100, 100, t);
    EXPECT_NEAR(mmc_response_ccdf(2, 100 - 1e-7, 100, t), at, 1e-8) << t;
    EXPECT_NEAR(mmc_response_ccdf(2, 100 + 1e-7, 100, t), at, 1e-8) << t;
    // Closed form there: (1 − C) e^{−μt} + C (1 + μt) e^{−μt}, C = erlang_c(2, 1) = 1/3.
    const double c = 1.0 / 3.0;
    EXPECT_NEAR(at, (1 - c) * std::exp(-100 * t) + c * (1 + 100 * t) * std::exp(-100 * t), kTight);
  }
}

TEST(MMc, CcdfIntegratesToMean) {
  // E[T] = ∫_0^∞ P(T > t) dt; Simpson's rule on [0, 60·E[T]] with 60000 panels (error far
  // below 1e-9 relative for these smooth, exponentially decaying integrands).
  for (auto [c, lambda, mu] : {std::tuple{4, 300.0, 100.0}, {2, 100.0, 100.0}, {8, 790.0, 100.0},
                               {1, 50.0, 100.0}}) {
    const double mean = mmc_mean_response(c, lambda, mu);
    const double upper = 60 * mean;
    const int panels = 60000;
    const double hstep = upper / panels;
    double sum = mmc_response_ccdf(c, lambda, mu, 0) + mmc_response_ccdf(c, lambda, mu, upper);
    for (int i = 1; i < panels; ++i)
      sum += (i % 2 ? 4 : 2) * mmc_response_ccdf(c, lambda, mu, i * hstep);
    EXPECT_NEAR(sum * hstep / 3, mean, kLoose * mean * 10) << "c=" << c << " λ=" << lambda;
  }
}

TEST(MMc, QuantileInvertsCcdf) {
  for (double q : {0.5, 0.9, 0.95, 0.99, 0.999}) {
    const double t = mmc_response_quantile(4, 300, 100, q);
    EXPECT_NEAR(mmc_response_ccdf(4, 300, 100, t), 1 - q, 1e-10) << q;
  }
  EXPECT_EQ(mmc_response_quantile(4, 300, 100, 0), 0);
  // The median exceeds the median service time ln2/μ and the p99 exceeds the mean.
  EXPECT_GT(mmc_response_quantile(4, 300, 100, 0.5), std::log(2.0) / 100);
  EXPECT_GT(mmc_response_quantile(4, 300, 100, 0.99), mmc_mean_response(4, 300, 100));
}

TEST(MMc, ProcessorSharingMeanEqualsFcfsMean) {
  EXPECT_EQ(mmc_ps_mean_response(2, 150, 100), mmc_mean_response(2, 150, 100));
}

TEST(MMc, RejectsUnstableLoad) {
  EXPECT_THROW(mmc_mean_wait(2, 200, 100), std::invalid_argument);
  EXPECT_THROW(mm1_mean_response(100, 100), std::invalid_argument);
}

// ---- closed networks ------------------------------------------------------------------------

TEST(Mva, SingleCustomerByHand) {
  // N = 1: no queueing. X = 1/(Z + D), R = D = Σ D_k, Q_k = U_k = D_k·X.
  const std::vector<double> d = {0.010, 0.020, 0.005};
  const auto pts = mva(d, 1.0, 1);
  ASSERT_EQ(pts.size(), 2u);
  EXPECT_NEAR(pts[1].throughput, 1 / 1.035, kTight);
  EXPECT_NEAR(pts[1].response, 0.035, kTight);
  for (std::size_t k = 0; k < d.size(); ++k) {
    EXPECT_NEAR(pts[1].queue_length[k], d[k] / 1.035, kTight);
    EXPECT_NEAR(pts[1].utilization[k], d[k] / 1.035, kTight);
  }
}

TEST(Mva, TwoCustomersByHand) {
  // One station D = 0.1, Z = 0.9: Q(1) = 0.1, R(2) = D(1 + Q(1)) = 0.11, X(2) = 2/(0.9 + 0.11).
  const std::vector<double> d = {0.1};
  const auto pts = mva(d, 0.9, 2);
  EXPECT_NEAR(pts[2].response, 0.11, kTight);
  EXPECT_NEAR(pts[2].throughput, 2 / 1.01, kTight);
}

TEST(Mva, RespectsAsymptoticBoundsAndLittle) {
  const std::vector<double> d = {0.010, 0.020, 0.005};
  const double z = 1.0;
  const auto pts = mva(d, z, 500);
  for (int n = 1; n <= 500; ++n) {
    const auto& p = pts[static_cast<std::size_t>(n)];
    EXPECT_LE(p.throughput, throughput_upper_bound(d, z, n) * (1 + kTight)) << n;
    EXPECT_GE(p.response, response_lower_bound(d, z, n) * (1 - kTight)) << n;
    // Little over the whole network: Σ Q_k + X·Z = N.
    const double jobs = std::accumulate(p.queue_length.begin(), p.queue_length.end(), 0.0);
    EXPECT_NEAR(jobs + p.throughput * z, n, kLoose * n) << n;
  }
  // Far past the knee N* = (D + Z)/D_max = 51.75, X → 1/D_max and R → N·D_max − Z.
  EXPECT_NEAR(pts[500].throughput, 50, 1e-6);
  EXPECT_NEAR(pts[500].response, 500 * 0.02 - 1.0, 1e-3);
}

TEST(MvaMultiserver, SingleServerEqualsPlainMva) {
  // Two different algorithms (MVA recursion vs log-domain convolution) must agree.
  const std::vector<double> d = {0.010, 0.020, 0.005};
  const std::vector<Station> st = {{0.010, 1}, {0.020, 1}, {0.005, 1}};
  const auto a = mva(d, 1.0, 300);
  const auto b = mva_multiserver(st, 1.0, 300);
  for (int n = 1; n <= 300; ++n) {
    const auto i = static_cast<std::size_t>(n);
    EXPECT_NEAR(b[i].throughput, a[i].throughput, kLoose * a[i].throughput) << n;
    EXPECT_NEAR(b[i].response, a[i].response, kLoose * a[i].response) << n;
    for (std::size_t k = 0; k < d.size(); ++k) {
      EXPECT_NEAR(b[i].queue_length[k], a[i].queue_length[k], kLoose * n) << n;
      EXPECT_NEAR(b[i].utilization[k], a[i].utilization[k], kLoose) << n;
    }
  }
}

// Machine-repairman M/M/c//N solved as a birth–death chain: with n jobs at the station,
// arrivals at (N − n)/Z, departures at min(n, c)/D. Returns (X, mean jobs at the station).
std::pair<double, double> repairman(int n_jobs, int c, double d, double z) {
  std::vector<double> p(static_cast<std::size_t>(n_jobs) + 1);
  p[0] = 1;
  for (int n = 1; n <= n_jobs; ++n)
    p[static_cast<std::size_t>(n)] =
        p[static_cast<std::size_t>(n - 1)] * ((n_jobs - n + 1) / z) / (std::min(n, c) / d);
  const double total = std::accumulate(p.begin(), p.end(), 0.0);
  double x = 0, q = 0;
  for (int n = 0; n <= n_jobs; ++n) {
    const double pn = p[static_cast<std::size_t>(n)] / total;
    x += pn * std::min(n, c) / d;
    q += pn * n;
  }
  return {x, q};
}

TEST(MvaMultiserver, TwoCoreHostMatchesBirthDeathChain) {
  // A closed loop against a 2-core host: D = 20 ms per request, Z = 0.5 s.
  const std::vector<Station> st = {{0.020, 2}};
  const auto pts = mva_multiserver(st, 0.5, 400);
  for (int n : {1, 2, 5, 20, 26, 30, 52, 60, 400}) {
    const auto [x, q] = repairman(n, 2, 0.020, 0.5);
    const auto& p = pts[static_cast<std::size_t>(n)];
    EXPECT_NEAR(p.throughput, x, kLoose * x) << n;
    EXPECT_NEAR(p.queue_length[0], q, kLoose * n) << n;
    EXPECT_NEAR(p.utilization[0], x * 0.020 / 2, kLoose) << n;
  }
  // Saturation well past the knee N* = c(D + Z)/D = 52: X → c/D = 100/s.
  EXPECT_NEAR(pts[400].throughput, 100, 1e-6);
}

TEST(MvaMultiserver, StableAtLargePopulation) {
  // N = 2000 with a saturated 2-server station: the convolution stays finite and exact.
  const std::vector<Station> st = {{0.020, 2}, {0.004, 1}};
  const auto pts = mva_multiserver(st, 1.0, 2000);
  EXPECT_NEAR(pts[2000].throughput, 100, 1e-6);
  EXPECT_NEAR(pts[2000].utilization[0], 1.0, 1e-6);
  EXPECT_NEAR(pts[2000].response, 2000 / 100.0 - 1.0, 1e-3);
}

TEST(MvaMultiserver, ManyServersActLikeDelay) {
  // c >= N: nobody ever queues, so R = Σ D_k and X = N/(Z + D).
  const std::vector<Station> st = {{0.05, 100}};
  const auto pts = mva_multiserver(st, 0.2, 50);
  for (int n : {1, 10, 50}) {
    EXPECT_NEAR(pts[static_cast<std::size_t>(n)].response, 0.05, kLoose) << n;
    EXPECT_NEAR(pts[static_cast<std::size_t>(n)].throughput, n / 0.25, kLoose * n) << n;
  }
}

// ---- Zipf and caches ------------------------------------------------------------------------

TEST(Harmonic, ExactAndAsymptotic) {
  EXPECT_EQ(generalized_harmonic(1000, 0), 1000);
  EXPECT_NEAR(generalized_harmonic(4, 1), 1 + 0.5 + 1.0 / 3 + 0.25, kTight);
  // H_n = ln n + γ + 1/(2n) − 1/(12n²) + …
  const double n = 1e12;
  EXPECT_NEAR(generalized_harmonic(1000000000000ULL, 1), std::log(n) + 0.57721566490153286 + 0.5 / n,
              kTight * 30);
  // Across the switch from direct sum to Euler–Maclaurin at n = 1e6.
  // The difference of two sums near H is good to a few ulps of H (H(1e6, 0.5) ≈ 2000).
  for (double s : {0.5, 0.99, 1.0, 1.3}) {
    const double h = generalized_harmonic(1000000, s);
    const double step = generalized_harmonic(1000001, s) - h;
    EXPECT_NEAR(step, std::pow(1000001.0, -s), 8 * DBL_EPSILON * h) << s;
  }
  // ζ(2) = π²/6 is the limit for s = 2; the tail beyond n is ~1/n.
  EXPECT_NEAR(generalized_harmonic(1000000000000ULL, 2), std::numbers::pi * std::numbers::pi / 6 - 1e-12, kTight);
}

TEST(Che, UniformPopularityGivesCOverN) {
  // With p_i = 1/n, n(1 − e^{−T/n}) = C ⇒ hit = 1 − e^{−T/n} = C/n (exact for LRU too).
  EXPECT_NEAR(che_lru_hit_ratio_zipf(1000, 0, 100), 0.1, kLoose);
  EXPECT_NEAR(che_lru_hit_ratio_zipf(1000, 0, 900), 0.9, kLoose);
}

TEST(Che, LimitsAndMonotonicity) {
  EXPECT_EQ(che_lru_hit_ratio_zipf(1000, 0.8, 1000), 1);
  EXPECT_EQ(che_lru_hit_ratio_zipf(1000, 0.8, 5000), 1);
  EXPECT_EQ(che_lru_hit_ratio_zipf(1000, 0.8, 0), 0);
  double prev = 0;
  for (double c : {1.0, 10.0, 50.0, 100.0, 300.0, 700.0, 999.0}) {
    const double h = che_lru_hit_ratio_zipf(1000, 0.8, c);
    EXPECT_GT(h, prev) << c;
    prev = h;
  }
  prev = 0;
  for (double s : {0.0, 0.5, 0.8, 1.0, 1.2}) {  // more skew, more hits
    const double h = che_lru_hit_ratio_zipf(1000, s, 100);
    EXPECT_GT(h, prev) << s;
    prev = h;
  }
}

TEST(Che, BetweenRandomAndOptimalStaticCache) {
  // LRU under IRM is no worse than a random static set (C/n) and no better than keeping the C
  // most popular keys (Σ of the top C probabilities, the LFU/A0 optimum).
  for (double s : {0.6, 0.9, 1.1}) {
    const auto p = zipf_pmf(10000, s);
    for (double c : {10.0, 100.0, 1000.0}) {
      const double h = che_lru_hit_ratio(p, c);
      const double best = std::accumulate(p.begin(), p.begin() + static_cast<long>(c), 0.0);
      EXPECT_GT(h, c / 10000) << s << " " << c;
      EXPECT_LT(h, best) << s << " " << c;
    }
  }
}

TEST(Che, CharacteristicTimeSolvesItsEquation) {
  const auto p = zipf_pmf(5000, 0.9);
  for (double c : {5.0, 50.0, 500.0, 4000.0}) {
    const double t = che_characteristic_time(p, c);
    double occupied = 0;
    for (double pi : p) occupied += 1 - std::exp(-pi * t);
    EXPECT_NEAR(occupied, c, 1e-8 * c) << c;
  }
}

TEST(Che, BytesWithEqualSizesIsTheItemFormula) {
  const auto p = zipf_pmf(5000, 0.9);
  const std::vector<double> sizes(p.size(), 4096.0);
  for (double c : {50.0, 500.0}) {
    CheBytes b = che_lru_bytes(p, sizes, c * 4096);
    EXPECT_NEAR(b.t, che_characteristic_time(p, c), 1e-9 * b.t) << c;
    EXPECT_NEAR(b.hit_ratio, che_lru_hit_ratio(p, c), kTight) << c;
    EXPECT_NEAR(b.byte_hit_ratio, b.hit_ratio, kTight) << c;  // every byte weighs the same
  }
  // Popular keys small, the tail large: bytes hit less often than requests do.
  std::vector<double> growing(p.size());
  for (std::size_t i = 0; i < p.size(); ++i) growing[i] = 1000.0 + static_cast<double>(i);
  CheBytes g = che_lru_bytes(p, growing, 1e6);
  EXPECT_LT(g.byte_hit_ratio, g.hit_ratio);
}

TEST(Ttl, KeyAndAggregateHitRatios) {
  EXPECT_NEAR(ttl_key_hit_ratio(10, 0.1), 0.5, kTight);  // λT = 1 → 1/2
  EXPECT_EQ(ttl_key_hit_ratio(10, 0), 0);
  const std::vector<double> same = {5, 5, 5, 5};
  EXPECT_NEAR(ttl_hit_ratio(same, 0.2), 0.5, kTight);
  const std::vector<double> mixed = {9, 1};  // per key 0.9 and 0.5, weighted by rate
  EXPECT_NEAR(ttl_hit_ratio(mixed, 1.0), (9 * 0.9 + 1 * 0.5) / 10, kTight);
  double prev = 0;
  for (double ttl : {0.01, 0.1, 1.0, 10.0, 100.0}) {
    const double h = ttl_hit_ratio_zipf(1000, 0.9, 1000, ttl);
    EXPECT_GT(h, prev) << ttl;
    EXPECT_LT(h, 1) << ttl;
    prev = h;
  }
}

}  // namespace
}  // namespace ladder::analytic
