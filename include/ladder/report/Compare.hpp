// `ladder compare BASE NEW --max METRIC=LIMIT`: a delta table and a regression gate.
#pragma once

#include <string>
#include <vector>

#include "ladder/report/Format.hpp"
#include "ladder/report/Result.hpp"

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
};
struct Comparison {
  std::vector<CompareRow> rows;
  bool regressed() const;
};
Comparison compare(const Result& base, const Result& next, const std::vector<Limit>& limits);
std::string render_comparison(const Comparison& c, OutputFormat f);

}  // namespace ladder
