// `ladder report`: one self-contained HTML page (mermaid and Vega-Lite inlined, no network) for
// one result or a climb of several.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ladder/report/Result.hpp"

namespace ladder {

/// One result to report, with where it came from and its architecture diagram (mermaid text;
/// empty when its scenario file could not be loaded, `diagram_note` then says why).
struct ReportInput {
  std::string path;
  Result result;
  std::string mermaid;
  int diagram_nodes = 0;  ///< components drawn (the browser test counts them in the SVG)
  std::string diagram_note;
};

/// Reads a result file written by `ladder run --format json`; throws InputError naming the file
/// for anything else (unreadable, bad JSON, a number too large for a double, another schema, a
/// climb summary, or one of the `required` JSON pointers missing: what the caller reads).
Result read_result_file(const std::string& path, const std::vector<std::string>& required);

/// Expands the arguments (result files, or directories whose *.json files are read in name
/// order), reads each, and draws each result's diagram from its scenario file. Throws InputError.
std::vector<ReportInput> load_report_inputs(const std::vector<std::string>& args);

/// Throws InputError if `output` is one of the input files (or a directory's file) — the report
/// never overwrites what it reads.
void check_report_output(const std::string& output, const std::vector<ReportInput>& inputs);

/// The HTML page: one section per result, and for several the progression charts (p99 and
/// $/month against DAU on log axes).
std::string render_html_report(const std::vector<ReportInput>& inputs);

/// The embedded minified JavaScript ("mermaid", "vega", "vega_lite", "vega_embed").
std::string_view web_asset(std::string_view name);

}  // namespace ladder
