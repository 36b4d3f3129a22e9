// See include/ladder/sweep/Stats.hpp.
// Student t: for t >= 0, P(T <= t) = 1 - I_x(df/2, 1/2) / 2 with x = df / (df + t²), where I is
// the regularized incomplete beta function, evaluated by its continued fraction (Lentz's
// method, as in Numerical Recipes §6.4). The quantile inverts the CDF by bisection to bracket it
// and Newton steps on the density to polish it.
#include "ladder/sweep/Stats.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>

namespace ladder {

namespace {

/// Continued fraction for the incomplete beta function (converges for x < (a+1)/(a+b+2)).
double beta_cf(double a, double b, double x) {
  constexpr int kMaxIter = 1000;
  constexpr double kEps = 1e-16, kTiny = 1e-300;
  double qab = a + b, qap = a + 1, qam = a - 1;
  double c = 1, d = 1 - qab * x / qap;
  if (std::fabs(d) < kTiny) d = kTiny;
  d = 1 / d;
  double h = d;
  for (int m = 1; m <= kMaxIter; ++m) {
    const double m2 = 2.0 * m;
    double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    h *= d * c;
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    const double del = d * c;
    h *= del;
    if (std::fabs(del - 1) < kEps) break;
  }
  return h;
}

/// Regularized incomplete beta I_x(a, b).
double inc_beta(double a, double b, double x) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const double lbt = std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
  const double bt = std::exp(lbt);
  if (x < (a + 1) / (a + b + 2)) return bt * beta_cf(a, b, x) / a;
  return 1 - bt * beta_cf(b, a, 1 - x) / b;
}

double t_pdf(double t, double df) {
  const double lc = std::lgamma((df + 1) / 2) - std::lgamma(df / 2) - 0.5 * std::log(df * M_PI);
  return std::exp(lc - (df + 1) / 2 * std::log1p(t * t / df));
}

}  // namespace

double student_t_cdf(double t, double df) {
  if (!(df > 0)) throw std::invalid_argument("student_t_cdf: df must be > 0");
  const double x = df / (df + t * t);
  const double tail = 0.5 * inc_beta(df / 2, 0.5, x);  // P(T > |t|)
  return t >= 0 ? 1 - tail : tail;
}

double student_t_quantile(double p, double df) {
  if (!(df > 0)) throw std::invalid_argument("student_t_quantile: df must be > 0");
  if (!(p > 0 && p < 1)) throw std::invalid_argument("student_t_quantile: p must be in (0, 1)");
  if (p == 0.5) return 0;
  if (p < 0.5) return -student_t_quantile(1 - p, df);
  // Bracket: the CDF rises from 0.5 at 0; double hi until it passes p.
  double lo = 0, hi = 1;
  while (student_t_cdf(hi, df) < p && hi < 1e300) {
    lo = hi;
    hi *= 2;
  }
  for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; ++i) {
    const double mid = 0.5 * (lo + hi);
    (student_t_cdf(mid, df) < p ? lo : hi) = mid;
  }
  double t = 0.5 * (lo + hi);
  for (int i = 0; i < 3; ++i) {  // Newton polish inside the bracket
    const double step = (student_t_cdf(t, df) - p) / t_pdf(t, df);
    const double next = t - step;
    if (!(next > lo && next < hi)) break;
    t = next;
  }
  return t;
}

MeanInterval mean_interval95(const std::vector<double>& xs) {
  MeanInterval r;
  r.n = xs.size();
  if (r.n == 0) return r;
  double sum = 0;
  for (double x : xs) sum += x;
  r.mean = sum / static_cast<double>(r.n);
  if (r.n < 2) return r;
  double ss = 0;
  for (double x : xs) ss += (x - r.mean) * (x - r.mean);
  r.stddev = std::sqrt(ss / static_cast<double>(r.n - 1));
  r.half_width = student_t_quantile(0.975, static_cast<double>(r.n - 1)) * r.stddev / std::sqrt(static_cast<double>(r.n));
  return r;
}

namespace {

/// Fills t, p, critical and significant from diff, se and df.
TTest finish(TTest r) {
  if (r.se > 0) r.t = r.diff / r.se;
  else r.t = r.diff > 0 ? std::numeric_limits<double>::infinity() : r.diff < 0 ? -std::numeric_limits<double>::infinity() : 0.0;
  r.critical = student_t_quantile(0.95, r.df);
  if (std::isinf(r.t)) r.p = r.t > 0 ? 0.0 : 1.0;
  else r.p = 1 - student_t_cdf(r.t, r.df);
  r.significant = r.t > r.critical;
  return r;
}

}  // namespace

TTest welch_greater(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() < 2 || b.size() < 2) throw std::invalid_argument("welch_greater: each sample needs at least 2 values");
  const MeanInterval ma = mean_interval95(a), mb = mean_interval95(b);
  const double na = static_cast<double>(a.size()), nb = static_cast<double>(b.size());
  const double va = ma.stddev * ma.stddev / na, vb = mb.stddev * mb.stddev / nb;
  TTest r;
  r.mean_a = ma.mean;
  r.mean_b = mb.mean;
  r.diff = mb.mean - ma.mean;
  r.se = std::sqrt(va + vb);
  const double denom = va * va / (na - 1) + vb * vb / (nb - 1);
  r.df = denom > 0 ? (va + vb) * (va + vb) / denom : na + nb - 2;
  return finish(r);
}

TTest one_sample_greater(double bound, const std::vector<double>& xs) {
  if (xs.size() < 2) throw std::invalid_argument("one_sample_greater: the sample needs at least 2 values");
  const MeanInterval m = mean_interval95(xs);
  TTest r;
  r.mean_a = bound;
  r.mean_b = m.mean;
  r.diff = m.mean - bound;
  r.se = m.stddev / std::sqrt(static_cast<double>(xs.size()));
  r.df = static_cast<double>(xs.size() - 1);
  return finish(r);
}

namespace {

constexpr std::array<std::uint32_t, 64> kK = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

inline std::uint32_t rotr(std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

}  // namespace

std::string sha256_hex(const std::string& data) {
  std::array<std::uint32_t, 8> h = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  std::string msg = data;
  const std::uint64_t bits = static_cast<std::uint64_t>(data.size()) * 8;
  msg.push_back(static_cast<char>(0x80));
  while (msg.size() % 64 != 56) msg.push_back('\0');
  for (int i = 7; i >= 0; --i) msg.push_back(static_cast<char>((bits >> (8 * i)) & 0xff));
  for (std::size_t off = 0; off < msg.size(); off += 64) {
    std::array<std::uint32_t, 64> w{};
    for (int i = 0; i < 16; ++i) {
      const auto* b = reinterpret_cast<const unsigned char*>(msg.data() + off + 4 * static_cast<std::size_t>(i));
      w[static_cast<std::size_t>(i)] = (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) |
                                       (std::uint32_t{b[2]} << 8) | std::uint32_t{b[3]};
    }
    for (std::size_t i = 16; i < 64; ++i) {
      const std::uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
      const std::uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    auto [a, b, c, d, e, f, g, hh] = h;
    for (std::size_t i = 0; i < 64; ++i) {
      const std::uint32_t S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      const std::uint32_t ch = (e & f) ^ (~e & g);
      const std::uint32_t t1 = hh + S1 + ch + kK[i] + w[i];
      const std::uint32_t S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      const std::uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
      const std::uint32_t t2 = S0 + maj;
      hh = g;
      g = f;
      f = e;
      e = d + t1;
      d = c;
      c = b;
      b = a;
      a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
  }
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (std::uint32_t v : h)
    for (int i = 7; i >= 0; --i) out.push_back(kHex[(v >> (4 * i)) & 0xf]);
  return out;
}

}  // namespace ladder
