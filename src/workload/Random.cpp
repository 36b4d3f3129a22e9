// Deterministic random streams and the distributions the model draws from.
// - Stream seeds: FNV-1a of the stream name mixed with the scenario seed through splitmix64,
//   so each (seed, name) pair gets an unrelated mt19937_64 state.
// - Distributions are written out here (not std::*_distribution) so results are identical
//   across standard libraries.
// - Zipf uses rejection-inversion (Hörmann & Derflinger 1996, "Rejection-inversion to generate
//   variates from monotone discrete distributions", ACM TOMACS 6(3)), following Apache Commons
//   RNG's RejectionInversionZipfSampler, including its log1p/expm1 helpers that keep s near 1
//   free of cancellation. Expected O(1) time for any n representable in a double (n <= 2^53).
#include "ladder/workload/Random.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace ladder {

namespace {

// splitmix64 finaliser (Steele, Lea & Flood 2014): a bijective 64-bit mixer.
std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// log1p(x)/x, continuous at 0 (Taylor series below 1e-8, as in Commons RNG).
double helper1(double x) {
  if (std::abs(x) > 1e-8) return std::log1p(x) / x;
  return 1 - x * (0.5 - x * (1.0 / 3 - 0.25 * x));
}

// expm1(x)/x, continuous at 0.
double helper2(double x) {
  if (std::abs(x) > 1e-8) return std::expm1(x) / x;
  return 1 + x * 0.5 * (1 + x * (1.0 / 3) * (1 + 0.25 * x));
}

__extension__ typedef unsigned __int128 u128;

}  // namespace

std::uint64_t fnv1a64(std::string_view s, std::uint64_t h) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

Rng::Rng(std::uint64_t seed, std::string_view stream)
    : engine_(splitmix64(splitmix64(seed) ^ fnv1a64(stream))) {}

std::uint64_t Rng::below(std::uint64_t n) {
  if (n <= 1) return 0;
  // Lemire 2019, "Fast random integer generation in an interval": the high word of x·n is
  // uniform in [0, n) once the low word's biased region [0, 2^64 mod n) is rejected.
  u128 m = static_cast<u128>(engine_()) * n;
  auto low = static_cast<std::uint64_t>(m);
  if (low < n) {
    const std::uint64_t threshold = (0 - n) % n;  // 2^64 mod n
    while (low < threshold) {
      m = static_cast<u128>(engine_()) * n;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

double Rng::exponential(double mean) { return -mean * std::log(uniform()); }

double Rng::lognormal(double mean, double cv) {
  if (cv <= 0) return mean;
  // X = exp(mu + sigma Z): E[X] = exp(mu + sigma²/2), CV² = exp(sigma²) - 1.
  const double sigma2 = std::log1p(cv * cv);
  const double mu = std::log(mean) - 0.5 * sigma2;
  return std::exp(mu + std::sqrt(sigma2) * normal());
}

double Rng::normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_normal_;
  }
  double u, v, r2;
  do {
    u = 2 * uniform() - 1;
    v = 2 * uniform() - 1;
    r2 = u * u + v * v;
  } while (r2 >= 1 || r2 == 0);
  const double f = std::sqrt(-2 * std::log(r2) / r2);
  spare_normal_ = v * f;
  has_spare_ = true;
  return u * f;
}

// ---------------------------------------------------------------------------------------------
// Zipf. Hat function h(x) = x^-s on [0.5, n+0.5]; H is its integral shifted so that the
// helpers are well conditioned: H(x) = (x^(1-s) - 1)/(1-s), and log x when s = 1.

Zipf::Zipf(std::uint64_t n, double s) : n_(n), s_(s) {
  if (n < 1) throw std::invalid_argument("Zipf: n must be >= 1");
  if (!(s >= 0) || !std::isfinite(s))
    throw std::invalid_argument("Zipf: exponent must be finite and >= 0, got " +
                                std::to_string(s));
  h_x1_ = hint(1.5) - 1;
  h_n_ = hint(static_cast<double>(n) + 0.5);
  threshold_ = 2 - h_inv(hint(2.5) - h(2));
}

double Zipf::h(double x) const { return std::exp(-s_ * std::log(x)); }

double Zipf::hint(double x) const {
  const double log_x = std::log(x);
  return helper2((1 - s_) * log_x) * log_x;
}

double Zipf::h_inv(double x) const {
  double t = x * (1 - s_);
  if (t < -1) t = -1;  // rounding can push t just below the domain of log1p
  return std::exp(helper1(t) * x);
}

std::uint64_t Zipf::operator()(Rng& rng) const {
  if (n_ == 1) return 1;
  const double n = static_cast<double>(n_);
  for (;;) {
    // u uniform in (H(n+0.5), H(1.5)-1): the hat's area, with rank 1's mass h(1)=1 folded in.
    const double u = h_n_ + rng.uniform() * (h_x1_ - h_n_);
    const double x = h_inv(u);
    double kd = std::floor(x + 0.5);
    if (kd < 1) kd = 1;
    if (kd > n) kd = n;
    // Accept immediately when x lies in the region where the hat is known to be below the
    // pmf (k - x <= threshold), else by comparing with the integral up to k + 0.5.
    if (kd - x <= threshold_ || u >= hint(kd + 0.5) - h(kd)) return static_cast<std::uint64_t>(kd);
  }
}

}  // namespace ladder
