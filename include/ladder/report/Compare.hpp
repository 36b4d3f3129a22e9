// `ladder compare BASE NEW --max METRIC=LIMIT`: a delta table and a regression gate.
#pragma once

#include <string>
#include <vector>

#include "ladder/report/Format.hpp"
#include "ladder/report/Result.hpp"

namespace ladder {

/// A limit on how much NEW may exceed BASE:
///   "p99_ms=+10%" relative increase, "p99_ms=+5" absolute increase, "error_rate=0.01" cap.
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
