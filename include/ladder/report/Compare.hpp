// `ladder compare BASE NEW --max METRIC=LIMIT`: a delta table and a regression gate.
#pragma once

#include <string>
#include <vector>

#include "ladder/report/Format.hpp"
#include "ladder/report/Result.hpp"
#include "ladder/sweep/Stats.hpp"

namespace ladder {

/// A limit on how much NEW may differ from BASE, written METRIC=LIMIT:
///   "p99_ms=+10%"        relative: NEW may exceed BASE by at most 10% (value = +10, in percent)
///   "throughput_rps=-5%" relative, negative: NEW may not DROP more than 5% below BASE
///   "p99_ms=+5"          absolute_delta: NEW may exceed BASE by at most 5 (the metric's unit)
///   "throughput_rps=-50" absolute_delta, negative: NEW may not drop more than 50 below BASE
///   "error_rate=0.01"    cap (no sign): NEW may be at most 0.01, whatever BASE was
/// A relative limit against a BASE of 0 flags any move in the limited direction.
/// A percentage needs a sign ("10%" is ambiguous between a cap and an increase; rejected).
/// Metric names: comparable_metrics(); per class "<class>.<metric>", e.g. "read.p99_ms".
struct Limit {
  std::string metric;
  enum class Kind { relative, absolute_delta, cap } kind;
  double value;
};
/// Throws InputError (file "--max") naming the unknown metric or malformed limit.
Limit parse_limit(const std::string& text);
/// Metric names compare understands, e.g. "p99_ms", "error_rate", "monthly_usd".
std::vector<std::string> comparable_metrics();
/// The value of a named metric in a result (throws std::out_of_range for an unknown name).
double metric_value(const Result& r, const std::string& metric);

struct CompareRow {
  std::string metric;
  double base = 0, next = 0, delta = 0, delta_pct = 0;  ///< delta_pct is 0 when base is 0
  std::string limit;  ///< as given, empty when unchecked
  bool violated = false;
  /// Seeds behind base and next: the across-seed mean when a result has replications of this
  /// metric (`run --seeds`), else 1 (the result's own value).
  std::size_t base_seeds = 1, next_seeds = 1;
  /// Both sides have replications: the one-sided 95% test of "NEW is worse" (Welch's t; against
  /// a cap, a one-sample t). With limits, `violated` needs the limit exceeded on the means AND
  /// the test significant; `past_limit` says the means alone are past it.
  bool tested = false;
  TTest test;
  std::string test_kind;  ///< "welch" or "one-sample" (a cap)
  bool past_limit = false;
};
struct Comparison {
  std::vector<CompareRow> rows;
  /// Neither side single-seed: every limited metric with replications was tested.
  bool statistical = false;
  /// For a single-seed side: the warning that its differences include run-to-run noise.
  std::string note;
  bool regressed() const;
};
/// The delta table and the gate. For a metric both results replicated (`run --seeds`), base and
/// next are the across-seed means and a limit is violated only when the means are past it and
/// a one-sided 95% t test on the per-seed values says NEW is significantly worse (Welch's t
/// against BASE; a one-sample t against a cap). Otherwise the single values are compared as
/// they are, and `note` says that single-seed differences include run-to-run noise.
Comparison compare(const Result& base, const Result& next, const std::vector<Limit>& limits);
std::string render_comparison(const Comparison& c, OutputFormat f);

}  // namespace ladder
