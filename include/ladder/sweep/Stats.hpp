// Across-seed statistics for sweeps: the mean and a Student-t 95% confidence interval, and the
// Student t quantile they need (computed here from the regularized incomplete beta function,
// no table, so any number of seeds works).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace ladder {

/// The p-quantile of Student's t distribution with `df` degrees of freedom (df >= 1,
/// 0 < p < 1): the t with P(T <= t) = p. Accurate to ~1e-12 relative.
double student_t_quantile(double p, double df);
/// P(T <= t) for Student's t with `df` degrees of freedom.
double student_t_cdf(double t, double df);

struct MeanInterval {
  std::size_t n = 0;
  double mean = 0;
  double stddev = 0;      ///< sample standard deviation (n - 1 in the denominator); 0 when n < 2
  double half_width = 0;  ///< t(0.975, n-1) · s / √n; 0 when n < 2 (no interval)
  bool has_interval() const { return n >= 2; }
};

/// Mean and 95% interval of `xs`, summed in the given order (so the same values in the same
/// order give the same bits).
MeanInterval mean_interval95(const std::vector<double>& xs);

/// SHA-256 of `data` as 64 lowercase hex digits (FIPS 180-4).
std::string sha256_hex(const std::string& data);

}  // namespace ladder
