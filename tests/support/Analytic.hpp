// Closed-form and exact-numerical queueing and caching results that the fidelity tests compare
// simulations against. Pure functions: no SimGrid, no randomness. Rates are per second, times
// in seconds. Each function's formula and source is cited where it is defined (Analytic.cpp).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace ladder::analytic {

// ---- Erlang formulas ------------------------------------------------------------------------
/// Erlang B: blocking probability of M/M/c/c with offered load a = λ/μ Erlangs.
double erlang_b(int c, double a);
/// Erlang C: probability that an arrival waits in M/M/c (requires a < c).
double erlang_c(int c, double a);

// ---- M/M/c FCFS (c identical servers, rate mu each; requires lambda < c·mu) ---------------
double mmc_utilization(int c, double lambda, double mu);       ///< ρ = λ/(cμ)
double mmc_mean_wait(int c, double lambda, double mu);         ///< W_q
double mmc_mean_response(int c, double lambda, double mu);     ///< T = W_q + 1/μ
double mmc_mean_queue_length(int c, double lambda, double mu); ///< L_q = λ W_q
double mmc_mean_in_system(int c, double lambda, double mu);    ///< L = λ T
/// P(W > t), the waiting-time CCDF.
double mmc_wait_ccdf(int c, double lambda, double mu, double t);
/// P(T > t), the response-time (sojourn) CCDF.
double mmc_response_ccdf(int c, double lambda, double mu, double t);
/// The q-quantile of T (bisection on mmc_response_ccdf), q in [0, 1).
double mmc_response_quantile(int c, double lambda, double mu, double q);
/// M/M/c under processor sharing: the mean response time (equal to FCFS for exponential work).
double mmc_ps_mean_response(int c, double lambda, double mu);

// ---- M/M/1 ----------------------------------------------------------------------------------
double mm1_mean_response(double lambda, double mu);  ///< 1/(μ−λ)
double mm1_mean_wait(double lambda, double mu);      ///< ρ/(μ−λ)
double mm1_mean_in_system(double lambda, double mu); ///< ρ/(1−ρ)
/// q-quantile of the response time, −ln(1−q)/(μ−λ); the same under FCFS only.
double mm1_response_quantile(double lambda, double mu, double q);

// ---- Closed networks (one class, N customers, product form) -------------------------------
/// A queueing station: `demand` = visits × mean service time per visit (seconds per job
/// cycle); `servers` identical servers, service rate min(n, servers)·(1/demand) with n jobs.
struct Station {
  double demand = 0;
  int servers = 1;
};

/// The network's state with population n (points[n]; points[0] is the empty network).
struct MvaPoint {
  int n = 0;
  double throughput = 0;              ///< X(n), job cycles per second
  double response = 0;                ///< R(n) = n/X − Z, time per cycle outside think
  std::vector<double> queue_length;   ///< mean jobs at each station (queued + in service)
  std::vector<double> residence;      ///< mean time per cycle at each station, Q_k/X
  std::vector<double> utilization;    ///< per-server busy fraction, X·D_k/c_k
};

/// Exact MVA for single-server FCFS (or PS) exponential stations plus a delay (think) station
/// with mean think time `think_time`. Returns points[0..max_n].
std::vector<MvaPoint> mva(std::span<const double> demands, double think_time, int max_n);

/// Exact solution for load-dependent multi-server stations (servers = c: rate min(n,c)/D),
/// plus a delay station, by convolution in the log domain (stable for any population).
/// With every c = 1 it equals mva(). Cost O(K²·N²) for K stations; fine for N up to a few 1000.
std::vector<MvaPoint> mva_multiserver(std::span<const Station> stations, double think_time,
                                      int max_n);

/// Asymptotic bounds for a closed network (Lazowska et al. 1984, ch. 5):
/// X(N) <= min(N/(D+Z), 1/D_max); R(N) >= max(D, N·D_max − Z).
double throughput_upper_bound(std::span<const double> demands, double think_time, int n);
double response_lower_bound(std::span<const double> demands, double think_time, int n);

// ---- Zipf and caches ------------------------------------------------------------------------
/// H_{n,s} = Σ_{k=1..n} k^-s; exact sum up to 1e6 terms, Euler–Maclaurin beyond (n up to 1e15).
double generalized_harmonic(std::uint64_t n, double s);
/// P(rank = k) for Zipf(s) over 1..n: k^-s / H_{n,s}. Returns p[0..n-1].
std::vector<double> zipf_pmf(std::uint64_t n, double s);

/// Che's characteristic time T_C of an LRU cache of `cache_size` items under the independent
/// reference model with popularities `p` (summing to 1): Σ (1 − e^{−p_i T_C}) = C.
double che_characteristic_time(std::span<const double> p, double cache_size);
/// Che's approximation of the LRU hit ratio: Σ p_i (1 − e^{−p_i T_C}); 1 when C >= n.
double che_lru_hit_ratio(std::span<const double> p, double cache_size);
/// The same for Zipf(s) over n keys.
double che_lru_hit_ratio_zipf(std::uint64_t n, double s, double cache_size);

/// Che for objects of different sizes (a CDN edge of `capacity_bytes`): T solves
/// Σ s_i (1 − e^{−p_i T}) = capacity; request hit ratio Σ p_i (1 − e^{−p_i T}) and byte hit
/// ratio Σ p_i s_i (1 − e^{−p_i T}) / Σ p_i s_i.
struct CheBytes {
  double t;
  double hit_ratio;
  double byte_hit_ratio;
};
CheBytes che_lru_bytes(std::span<const double> p, std::span<const double> sizes, double capacity_bytes);

/// Hit ratio of one key with Poisson rate `rate` in a TTL cache whose entry expires `ttl`
/// after it is inserted on a miss (hits do not extend it): λT/(1+λT).
double ttl_key_hit_ratio(double rate, double ttl);
/// Request-weighted hit ratio over keys with the given Poisson rates.
double ttl_hit_ratio(std::span<const double> rates, double ttl);
/// The same for Zipf(s) popularity over n keys and a total request rate.
double ttl_hit_ratio_zipf(std::uint64_t n, double s, double total_rate, double ttl);

}  // namespace ladder::analytic
