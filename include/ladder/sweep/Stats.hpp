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

/// A one-sided Student t test at 95%: is the second mean (or the values' mean) above the first
/// (or a fixed bound)? `p` is P(T >= t) under the null; significant when t > critical.
struct TTest {
  double mean_a = 0, mean_b = 0;  ///< BASE and NEW (one-sample: the bound and the values' mean)
  double diff = 0;                ///< mean_b - mean_a
  double se = 0;                  ///< standard error of diff
  double t = 0;                   ///< diff / se (+inf when se is 0 and diff > 0; 0 when both are 0)
  double df = 0;                  ///< degrees of freedom
  double p = 1;                   ///< one-sided p-value
  double critical = 0;            ///< t(0.95, df)
  bool significant = false;       ///< t > critical (p < 0.05)
};

/// Welch's unequal-variance t test of mean(b) > mean(a), one-sided at 95%, with the
/// Welch–Satterthwaite degrees of freedom (s²a/na + s²b/nb)² / ((s²a/na)²/(na−1) + (s²b/nb)²/(nb−1)).
/// Both samples need at least 2 values (throws std::invalid_argument otherwise). When both
/// variances are 0 the df is na + nb − 2 and t is ±inf (or 0 for equal means).
TTest welch_greater(const std::vector<double>& a, const std::vector<double>& b);

/// One-sample t test of mean(xs) > bound, one-sided at 95%, df = n − 1 (n >= 2).
TTest one_sample_greater(double bound, const std::vector<double>& xs);

/// SHA-256 of `data` as 64 lowercase hex digits (FIPS 180-4).
std::string sha256_hex(const std::string& data);

}  // namespace ladder
