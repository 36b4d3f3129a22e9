// Reference results for the fidelity tests. Sources:
//  [Kl]  L. Kleinrock, Queueing Systems Vol. 1 (1975), §3.5–3.7 (M/M/1, M/M/c, M/M/c/c).
//  [GH]  Gross, Shortle, Thompson & Harris, Fundamentals of Queueing Theory, 4th ed., §2.3.
//  [RL]  Reiser & Lavenberg, "Mean-value analysis of closed multichain queuing networks",
//        JACM 27(2), 1980 (exact MVA).
//  [LZ]  Lazowska, Zahorjan, Graham & Sevcik, Quantitative System Performance (1984),
//        ch. 5 (asymptotic bounds), ch. 6 (MVA), ch. 8 (load-dependent centres).
//  [Bu]  Buzen, "Computational algorithms for closed queueing networks with exponential
//        servers", CACM 16(9), 1973 (convolution).
//  [Che] Che, Tung & Wang, "Hierarchical Web caching systems: modeling, design and experimental
//        results", IEEE JSAC 20(7), 2002; Fricker, Robert & Roberts, ITC 2012 (why it is exact
//        in the limit).
//  [TTL] Jung, Berger & Balakrishnan, "Modeling TTL-based Internet caches", INFOCOM 2003.
#include "Analytic.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace ladder::analytic {

namespace {

void require(bool ok, const char* what) {
  if (!ok) throw std::invalid_argument(what);
}

// (1 − e^{−d})/d, continuous at d = 0.
double one_minus_exp_over(double d) {
  if (std::abs(d) < 1e-8) return 1 - d / 2;
  return -std::expm1(-d) / d;
}

// log(e^a + e^b) without overflow; -inf is the log of zero.
double log_add(double a, double b) {
  if (a == -INFINITY) return b;
  if (b == -INFINITY) return a;
  const double m = std::max(a, b);
  return m + std::log1p(std::exp(-std::abs(a - b)));
}

}  // namespace

// ---- Erlang ---------------------------------------------------------------------------------

// [Kl] (3.46) via the recurrence B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)): every step is a
// ratio of positive terms, so it is stable for c in the thousands (no factorials or powers).
double erlang_b(int c, double a) {
  require(c >= 0 && a >= 0, "erlang_b: need c >= 0, a >= 0");
  double b = 1;
  for (int k = 1; k <= c; ++k) b = a * b / (k + a * b);
  return b;
}

// [GH] (2.31) rewritten with Erlang B: C = c·B / (c − a·(1 − B)), valid for a < c.
double erlang_c(int c, double a) {
  require(c >= 1 && a >= 0 && a < c, "erlang_c: need c >= 1 and 0 <= a < c");
  const double b = erlang_b(c, a);
  return c * b / (c - a * (1 - b));
}

// ---- M/M/c ----------------------------------------------------------------------------------

namespace {
void check_mmc(int c, double lambda, double mu) {
  require(c >= 1 && lambda >= 0 && mu > 0 && lambda < c * mu,
          "M/M/c: need c >= 1, mu > 0, 0 <= lambda < c*mu");
}
}  // namespace

double mmc_utilization(int c, double lambda, double mu) { return lambda / (c * mu); }

// [GH] (2.32): W_q = C(c, λ/μ) / (cμ − λ).
double mmc_mean_wait(int c, double lambda, double mu) {
  check_mmc(c, lambda, mu);
  return erlang_c(c, lambda / mu) / (c * mu - lambda);
}

double mmc_mean_response(int c, double lambda, double mu) {
  return mmc_mean_wait(c, lambda, mu) + 1 / mu;
}

double mmc_mean_queue_length(int c, double lambda, double mu) {
  return lambda * mmc_mean_wait(c, lambda, mu);  // Little
}

double mmc_mean_in_system(int c, double lambda, double mu) {
  return lambda * mmc_mean_response(c, lambda, mu);  // Little
}

// [GH] (2.36): FCFS waiting time is 0 w.p. 1 − C, else Exp(cμ − λ): P(W > t) = C e^{−(cμ−λ)t}.
double mmc_wait_ccdf(int c, double lambda, double mu, double t) {
  check_mmc(c, lambda, mu);
  if (t < 0) return 1;
  return erlang_c(c, lambda / mu) * std::exp(-(c * mu - lambda) * t);
}

// T = W + S with S ~ Exp(μ) independent of W ([GH] §2.3.2). With θ = cμ − λ:
//   P(T > t) = (1 − C) e^{−μt} + C·P(Y + S > t),  Y ~ Exp(θ),
//   P(Y + S > t) = (θ e^{−μt} − μ e^{−θt}) / (θ − μ)      (hypoexponential, θ ≠ μ)
//               = e^{−μt} [1 + μt·(1 − e^{−(θ−μ)t}) / ((θ−μ)t)],
// the second form being continuous at θ = μ, where it is (1 + μt) e^{−μt}. The second form is
// used for |θ−μ|t < 1 (no cancellation), the first beyond (no overflow of e^{(μ−θ)t}).
double mmc_response_ccdf(int c, double lambda, double mu, double t) {
  check_mmc(c, lambda, mu);
  if (t <= 0) return 1;
  const double cw = erlang_c(c, lambda / mu);
  const double theta = c * mu - lambda;
  const double d = (theta - mu) * t;
  double sum_tail;
  if (std::abs(d) < 1) {
    sum_tail = std::exp(-mu * t) * (1 + mu * t * one_minus_exp_over(d));
  } else {
    sum_tail = (theta * std::exp(-mu * t) - mu * std::exp(-theta * t)) / (theta - mu);
  }
  return (1 - cw) * std::exp(-mu * t) + cw * sum_tail;
}

// Bisection on the monotone CCDF: P(T > t) = 1 − q. The bracket is grown until it holds the
// root, then halved to a relative width of 1e-13.
double mmc_response_quantile(int c, double lambda, double mu, double q) {
  check_mmc(c, lambda, mu);
  require(q >= 0 && q < 1, "mmc_response_quantile: need 0 <= q < 1");
  if (q == 0) return 0;
  const double target = 1 - q;
  double lo = 0, hi = 1 / mu;
  while (mmc_response_ccdf(c, lambda, mu, hi) > target) {
    lo = hi;
    hi *= 2;
  }
  for (int i = 0; i < 200 && hi - lo > 1e-13 * hi; ++i) {
    const double mid = 0.5 * (lo + hi);
    if (mmc_response_ccdf(c, lambda, mu, mid) > target) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

// M/M/c-PS: the number in system is that of M/M/c (the departure rate with n jobs is
// min(n, c)·μ under both disciplines), so by Little the mean response time is the same.
// Only the mean: the distributions differ.
double mmc_ps_mean_response(int c, double lambda, double mu) {
  return mmc_mean_response(c, lambda, mu);
}

// ---- M/M/1 ----------------------------------------------------------------------------------

// [Kl] (3.20)–(3.26).
double mm1_mean_response(double lambda, double mu) {
  check_mmc(1, lambda, mu);
  return 1 / (mu - lambda);
}
double mm1_mean_wait(double lambda, double mu) {
  check_mmc(1, lambda, mu);
  return (lambda / mu) / (mu - lambda);
}
double mm1_mean_in_system(double lambda, double mu) {
  check_mmc(1, lambda, mu);
  const double rho = lambda / mu;
  return rho / (1 - rho);
}
// FCFS M/M/1 sojourn time is Exp(μ − λ) [Kl] (3.28): t_q = −ln(1 − q)/(μ − λ).
double mm1_response_quantile(double lambda, double mu, double q) {
  check_mmc(1, lambda, mu);
  require(q >= 0 && q < 1, "mm1_response_quantile: need 0 <= q < 1");
  return -std::log1p(-q) / (mu - lambda);
}

// ---- Closed networks ------------------------------------------------------------------------

// Exact MVA [RL], [LZ] §6.3: for n = 1..N,
//   R_k(n) = D_k (1 + Q_k(n−1))   (arrival theorem; single-server FCFS or PS)
//   X(n)   = n / (Z + Σ_k R_k(n))
//   Q_k(n) = X(n) R_k(n),  U_k(n) = X(n) D_k.
std::vector<MvaPoint> mva(std::span<const double> demands, double think_time, int max_n) {
  require(max_n >= 0 && think_time >= 0, "mva: need max_n >= 0, think_time >= 0");
  const std::size_t k_count = demands.size();
  for (double d : demands) require(d >= 0, "mva: demands must be >= 0");
  std::vector<MvaPoint> points(static_cast<std::size_t>(max_n) + 1);
  points[0].queue_length.assign(k_count, 0);
  points[0].residence.assign(k_count, 0);
  points[0].utilization.assign(k_count, 0);
  for (int n = 1; n <= max_n; ++n) {
    const auto& prev = points[static_cast<std::size_t>(n - 1)];
    auto& cur = points[static_cast<std::size_t>(n)];
    cur.n = n;
    cur.residence.resize(k_count);
    double total = 0;
    for (std::size_t k = 0; k < k_count; ++k) {
      cur.residence[k] = demands[k] * (1 + prev.queue_length[k]);
      total += cur.residence[k];
    }
    cur.response = total;
    cur.throughput = total + think_time > 0 ? n / (total + think_time) : 0;
    cur.queue_length.resize(k_count);
    cur.utilization.resize(k_count);
    for (std::size_t k = 0; k < k_count; ++k) {
      cur.queue_length[k] = cur.throughput * cur.residence[k];
      cur.utilization[k] = cur.throughput * demands[k];
    }
  }
  return points;
}

// Product form [Bu], [LZ] ch. 8: the stationary probability of (n_0, n_1, …, n_K) is
// ∏ f_k(n_k) / G(N), with f_k(j) = D_k^j / ∏_{i=1..j} min(i, c_k) for a c_k-server station and
// f_0(j) = Z^j / j! for the delay station. Then
//   X(n) = G(n−1)/G(n),  P(n_k = j | n) = f_k(j)·G_{−k}(n−j)/G(n),
// where G_{−k} is the normalising constant of the network without station k. Everything is
// carried as logarithms so that no population overflows or underflows a double. The
// MVA-with-marginals recursion ([LZ] §8.3) is avoided on purpose: it computes P(n_k = 0) as
// 1 − Σ_{j>=1}, which loses all accuracy once a multi-server station saturates.
std::vector<MvaPoint> mva_multiserver(std::span<const Station> stations, double think_time,
                                      int max_n) {
  require(max_n >= 0 && think_time >= 0, "mva_multiserver: need max_n >= 0, think_time >= 0");
  const std::size_t k_count = stations.size();
  const auto n_max = static_cast<std::size_t>(max_n);
  // log f for every centre: index 0 is the delay station, 1..K the queueing stations.
  std::vector<std::vector<double>> log_f(k_count + 1, std::vector<double>(n_max + 1, -INFINITY));
  for (std::size_t j = 0; j <= n_max; ++j) {
    log_f[0][j] = j == 0 ? 0
                  : think_time > 0
                      ? static_cast<double>(j) * std::log(think_time) - std::lgamma(j + 1.0)
                      : -INFINITY;
  }
  for (std::size_t k = 0; k < k_count; ++k) {
    const Station& st = stations[k];
    require(st.demand >= 0 && st.servers >= 1, "mva_multiserver: need demand >= 0, servers >= 1");
    auto& f = log_f[k + 1];
    f[0] = 0;
    if (st.demand == 0) continue;
    const double log_d = std::log(st.demand);
    for (std::size_t j = 1; j <= n_max; ++j)
      f[j] = f[j - 1] + log_d - std::log(std::min<double>(static_cast<double>(j), st.servers));
  }
  auto convolve = [n_max](const std::vector<double>& a, const std::vector<double>& b) {
    std::vector<double> out(n_max + 1, -INFINITY);
    for (std::size_t n = 0; n <= n_max; ++n)
      for (std::size_t j = 0; j <= n; ++j) out[n] = log_add(out[n], a[j] + b[n - j]);
    return out;
  };
  const std::size_t centres = k_count + 1;
  // G without each centre, then G itself (= G_{−0} convolved with the delay station).
  std::vector<std::vector<double>> log_g_without(centres);
  for (std::size_t skip = 0; skip < centres; ++skip) {
    std::vector<double> g(n_max + 1, -INFINITY);
    g[0] = 0;
    for (std::size_t k = 0; k < centres; ++k)
      if (k != skip) g = convolve(g, log_f[k]);
    log_g_without[skip] = std::move(g);
  }
  const std::vector<double> log_g = convolve(log_g_without[0], log_f[0]);

  std::vector<MvaPoint> points(n_max + 1);
  for (std::size_t n = 0; n <= n_max; ++n) {
    auto& p = points[n];
    p.n = static_cast<int>(n);
    p.queue_length.assign(k_count, 0);
    p.residence.assign(k_count, 0);
    p.utilization.assign(k_count, 0);
    if (n == 0) continue;
    p.throughput = std::exp(log_g[n - 1] - log_g[n]);
    for (std::size_t k = 0; k < k_count; ++k) {
      double q = 0;
      for (std::size_t j = 1; j <= n; ++j)
        q += static_cast<double>(j) *
             std::exp(log_f[k + 1][j] + log_g_without[k + 1][n - j] - log_g[n]);
      p.queue_length[k] = q;
      p.residence[k] = q / p.throughput;
      p.utilization[k] = p.throughput * stations[k].demand / stations[k].servers;
      p.response += p.residence[k];
    }
  }
  return points;
}

// [LZ] §5.3 (balanced-job and asymptotic bounds for closed, terminal-driven systems).
double throughput_upper_bound(std::span<const double> demands, double think_time, int n) {
  double d = 0, d_max = 0;
  for (double x : demands) {
    d += x;
    d_max = std::max(d_max, x);
  }
  return std::min(n / (d + think_time), 1 / d_max);
}

double response_lower_bound(std::span<const double> demands, double think_time, int n) {
  double d = 0, d_max = 0;
  for (double x : demands) {
    d += x;
    d_max = std::max(d_max, x);
  }
  return std::max(d, n * d_max - think_time);
}

// ---- Zipf and caches ------------------------------------------------------------------------

// Σ k^-s: the exact sum when n <= 1e6; otherwise the sum to m−1 = 9999 plus the
// Euler–Maclaurin tail ∫_m^n x^-s dx + (f(m)+f(n))/2 + (f'(n) − f'(m))/12 − (f'''(n) − f'''(m))/720
// with f(x) = x^-s; the next term is below 1e-20 at m = 1e4, far under double rounding.
double generalized_harmonic(std::uint64_t n, double s) {
  constexpr std::uint64_t kDirect = 1000000, kHead = 10000;
  // Smallest terms first, with Kahan compensation: a million terms stay within a few ulps.
  auto sum_to = [s](std::uint64_t last) {
    double sum = 0, carry = 0;
    for (std::uint64_t k = last; k >= 1; --k) {
      const double y = std::pow(static_cast<double>(k), -s) - carry;
      const double t = sum + y;
      carry = (t - sum) - y;
      sum = t;
    }
    return sum;
  };
  if (n <= kDirect) return sum_to(n);
  const double sum = sum_to(kHead - 1);
  const double m = static_cast<double>(kHead), x = static_cast<double>(n);
  // ∫_m^n x^-s dx = m^{1−s}·(e^{(1−s)ln(n/m)} − 1)/(1−s), log(n/m) when s = 1.
  const double l = std::log(x / m);
  const double t = (1 - s) * l;
  const double integral =
      std::pow(m, 1 - s) * l * (std::abs(t) < 1e-8 ? 1 + t / 2 : std::expm1(t) / t);
  auto f = [s](double y) { return std::pow(y, -s); };
  auto f1 = [s](double y) { return -s * std::pow(y, -s - 1); };
  auto f3 = [s](double y) { return -s * (s + 1) * (s + 2) * std::pow(y, -s - 3); };
  return sum + integral + (f(m) + f(x)) / 2 + (f1(x) - f1(m)) / 12 - (f3(x) - f3(m)) / 720;
}

std::vector<double> zipf_pmf(std::uint64_t n, double s) {
  require(n >= 1 && n <= 100000000, "zipf_pmf: need 1 <= n <= 1e8");
  std::vector<double> p(n);
  const double h = generalized_harmonic(n, s);
  for (std::uint64_t k = 1; k <= n; ++k) p[k - 1] = std::pow(static_cast<double>(k), -s) / h;
  return p;
}

// [Che]: an LRU cache of C items keeps a key for its characteristic time T_C after its last
// request, and T_C solves Σ_i (1 − e^{−p_i T_C}) = C (the expected number of distinct keys
// requested in T_C is C; time in units of requests). The left side increases from 0 to n,
// so for 0 < C < n there is one root; it is bracketed by doubling, then bisected in log T.
double che_characteristic_time(std::span<const double> p, double cache_size) {
  const double n = static_cast<double>(p.size());
  require(cache_size > 0 && cache_size < n, "che_characteristic_time: need 0 < C < n");
  auto occupied = [&](double t) {
    double sum = 0;
    for (double pi : p) sum += -std::expm1(-pi * t);
    return sum;
  };
  double lo = cache_size, hi = cache_size;  // occupied(C) <= C (each term <= p_i·C)
  while (occupied(hi) < cache_size) {
    lo = hi;
    hi *= 2;
    require(std::isfinite(hi), "che_characteristic_time: no root (zero-popularity keys?)");
  }
  for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; ++i) {
    const double mid = std::sqrt(lo * hi);
    if (occupied(mid) < cache_size) lo = mid;
    else hi = mid;
  }
  return std::sqrt(lo * hi);
}

double che_lru_hit_ratio(std::span<const double> p, double cache_size) {
  if (cache_size <= 0) return 0;
  if (cache_size >= static_cast<double>(p.size())) return 1;
  const double t = che_characteristic_time(p, cache_size);
  double hit = 0;
  for (double pi : p) hit += pi * -std::expm1(-pi * t);
  return hit;
}

// [Che, sizes]: with sizes, the cache holds a key for T after its last request as before, and T
// is where the expected bytes of distinct keys requested in T fill the capacity. The left side
// increases from 0 to Σ s_i; bracketed by doubling, bisected in log T.
CheBytes che_lru_bytes(std::span<const double> p, std::span<const double> sizes, double capacity_bytes) {
  require(p.size() == sizes.size(), "che_lru_bytes: one size per key");
  double total = 0, demand = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    total += sizes[i];
    demand += p[i] * sizes[i];
  }
  require(capacity_bytes > 0 && capacity_bytes < total, "che_lru_bytes: need 0 < capacity < total bytes");
  auto held = [&](double t) {
    double sum = 0;
    for (std::size_t i = 0; i < p.size(); ++i) sum += sizes[i] * -std::expm1(-p[i] * t);
    return sum;
  };
  double lo = 1, hi = 1;
  while (held(lo) > capacity_bytes) lo /= 2;
  while (held(hi) < capacity_bytes) {
    lo = hi;
    hi *= 2;
    require(std::isfinite(hi), "che_lru_bytes: no root (zero-popularity keys?)");
  }
  for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; ++i) {
    const double mid = std::sqrt(lo * hi);
    if (held(mid) < capacity_bytes) lo = mid;
    else hi = mid;
  }
  CheBytes r{std::sqrt(lo * hi), 0, 0};
  for (std::size_t i = 0; i < p.size(); ++i) {
    const double in = -std::expm1(-p[i] * r.t);
    r.hit_ratio += p[i] * in;
    r.byte_hit_ratio += p[i] * sizes[i] * in;
  }
  r.byte_hit_ratio /= demand;
  return r;
}

double che_lru_hit_ratio_zipf(std::uint64_t n, double s, double cache_size) {
  const std::vector<double> p = zipf_pmf(n, s);
  return che_lru_hit_ratio(p, cache_size);
}

// [TTL]: with expiry T after the insertion on a miss, each miss starts a renewal cycle holding
// T plus the residual time to the next request; the hits in it are the Poisson(λT) requests
// during T. Hit ratio = E[hits]/E[requests per cycle] = λT/(1 + λT).
double ttl_key_hit_ratio(double rate, double ttl) {
  require(rate >= 0 && ttl >= 0, "ttl_key_hit_ratio: need rate >= 0, ttl >= 0");
  return rate * ttl / (1 + rate * ttl);
}

double ttl_hit_ratio(std::span<const double> rates, double ttl) {
  double hits = 0, total = 0;
  for (double r : rates) {
    hits += r * ttl_key_hit_ratio(r, ttl);
    total += r;
  }
  return total > 0 ? hits / total : 0;
}

double ttl_hit_ratio_zipf(std::uint64_t n, double s, double total_rate, double ttl) {
  std::vector<double> rates = zipf_pmf(n, s);
  for (double& r : rates) r *= total_rate;
  return ttl_hit_ratio(rates, ttl);
}

}  // namespace ladder::analytic
