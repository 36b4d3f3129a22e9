// Portable, deterministic random streams. The C++ standard fixes mt19937_64's output but not
// the algorithms of std::*_distribution, so every distribution used by the model is written
// here on top of uniform doubles built from 53 random bits: same seed, same bytes, anywhere.
#pragma once

#include <cstdint>
#include <random>
#include <string_view>

namespace ladder {

/// 64-bit FNV-1a, for deriving stream seeds from names.
std::uint64_t fnv1a64(std::string_view s, std::uint64_t h = 0xcbf29ce484222325ULL);

/// SplitMix64's finalizer: a well-mixed hash of an integer, the same on every platform.
inline std::uint64_t mix64(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

class Rng {
 public:
  /// A stream derived from the scenario seed and a component's name, so that adding a
  /// component does not reshuffle the others.
  Rng(std::uint64_t seed, std::string_view stream);

  /// Uniform in the open interval (0, 1).
  double uniform() { return (static_cast<double>(engine_() >> 11) + 0.5) * 0x1.0p-53; }
  /// Uniform integer in [0, n), n >= 1 (Lemire's multiply-shift, unbiased by rejection).
  std::uint64_t below(std::uint64_t n);
  double exponential(double mean);
  /// Lognormal with the given mean and coefficient of variation (sd/mean).
  double lognormal(double mean, double cv);
  double normal();  ///< standard normal (Marsaglia polar method)

 private:
  std::mt19937_64 engine_;
  double spare_normal_ = 0;
  bool has_spare_ = false;
};

/// Zipf(s) over ranks 1..n by rejection-inversion (Hörmann & Derflinger 1996):
/// O(1) memory and expected O(1) time whatever n, so a population of 1e9 costs nothing.
/// P(k) ∝ k^-s; s = 0 is uniform.
class Zipf {
 public:
  Zipf(std::uint64_t n, double s);
  std::uint64_t operator()(Rng& rng) const;  ///< a rank in [1, n]
  std::uint64_t n() const { return n_; }
  double s() const { return s_; }

 private:
  double h(double x) const;
  double h_inv(double x) const;
  double hint(double x) const;  ///< H(x), the integral of the hat function
  std::uint64_t n_;
  double s_;
  double h_x1_;
  double h_n_;
  double threshold_;
};

}  // namespace ladder
