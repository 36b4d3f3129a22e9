// Rendering results for people and programs. Only this layer formats output.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ladder/report/Result.hpp"

namespace ladder {

enum class OutputFormat { table, json, csv, markdown };

/// Parses "table", "json", "csv", "markdown"; throws InputError naming the flag otherwise.
OutputFormat parse_output_format(const std::string& s);

std::string render(const Result& r, OutputFormat f);
std::string render_json(const Result& r);  ///< pretty, 2-space indent, trailing newline
std::string render_table(const Result& r);
std::string render_csv(const Result& r);   ///< one row per metric: section,name,metric,value
std::string render_markdown(const Result& r);

/// `ladder run --timeline`: the per-interval time series as a compact table (table or
/// markdown), consecutive intervals merged so that at most `max_rows` rows are shown.
std::string render_timeline(const Result& r, OutputFormat f, std::size_t max_rows = 30);

/// One rung of `ladder climb`: the rung's own run and, from the second rung on, the previous
/// rung's architecture at this rung's load (`before`): what forces this rung.
struct ClimbRung {
  Result own;
  std::optional<Result> before;
};

/// `ladder climb`: one row per stage, preceded (from the second on) by the row of the previous
/// architecture at its load, and a "why" line per rung.
std::string render_climb(const std::vector<ClimbRung>& rungs, OutputFormat f);
/// Same with no `before` rows.
std::string render_climb(const std::vector<Result>& stages, OutputFormat f);

/// The "why" line of a rung: which objective the previous architecture breaks at this load and
/// what saturates, then what the rung measures. Empty for a rung with no `before`.
std::string climb_why(const ClimbRung& rung);

}  // namespace ladder
