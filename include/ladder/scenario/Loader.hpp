// Scenario loading: JSON with comments, `extends` chains, `--set` overrides, validation
// against the field table with every error collected in one pass.
#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "ladder/scenario/Scenario.hpp"

namespace ladder {

/// One problem found in a scenario: `file: /json/pointer: message`.
struct InputIssue {
  std::string file;
  std::string json_path;  ///< JSON pointer, e.g. "/app/count"; empty for a whole-file problem
  std::string message;    ///< "expected …, found …"
  std::string to_string() const;
};

/// Thrown for any invalid user input (scenario file, --set, flag value). Carries every issue.
class InputError : public std::runtime_error {
 public:
  explicit InputError(std::vector<InputIssue> issues);
  const std::vector<InputIssue>& issues() const { return issues_; }

 private:
  std::vector<InputIssue> issues_;
};

/// Reads a whole input file (scenario or result): a regular file of at most kMaxInputBytes.
/// On failure returns nullopt and says why ("no such file", "it is a directory", …).
std::optional<std::string> read_input_file(const std::string& path, std::string& why);
inline constexpr std::size_t kMaxInputBytes = 16u << 20;
/// Deepest nesting of arrays and objects in a JSON text (comments and strings skipped), so a
/// pathological file can be refused before a recursive parser or printer overflows the stack.
std::size_t json_nesting_depth(const std::string& text);
inline constexpr std::size_t kMaxJsonDepth = 64;
/// What a JSON parser accepts silently or reports without a place, found by a scan of the text
/// (comments allowed): a key given twice in one object (both places named) and a number too large
/// for a double (1e400). Each issue names `file`, the JSON pointer, and the line and column.
/// The scan never fails, whatever the text; on invalid JSON it reports what it could see.
std::vector<InputIssue> json_text_issues(const std::string& text, const std::string& file);

struct LoadOptions {
  /// Accept a run whose estimated wall time is over kMaxRunWallS (RunEstimate.hpp): `--force`.
  bool force = false;
};

/// Loads, merges, overrides, validates and types a scenario. Throws InputError.
/// `overrides` are "dotted.path=value" strings; value is parsed as JSON, else taken as a string.
/// A run estimated over kMaxRunWallS of wall time is refused (an issue at the knob driving the
/// estimate) unless `options.force`.
Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides = {},
                       LoadOptions options = {});

/// Same, from an in-memory document (tests); `file` is used in messages and for `extends`.
Scenario load_scenario_text(const std::string& text, const std::string& file,
                            const std::vector<std::string>& overrides = {}, LoadOptions options = {});

/// `path`'s architecture at `load_from`'s load: `path` loaded with its merged `workload` section
/// replaced by `load_from`'s (both with their extends chains), then `overrides`. `ladder climb`
/// runs rung k−1 at rung k's load this way to show what forces rung k. Throws InputError.
Scenario load_scenario_at_load_of(const std::string& path, const std::string& load_from,
                                  const std::vector<std::string>& overrides = {}, LoadOptions options = {});

/// The scenario as the loader resolved it (`s.resolved`: merged, --set applied, defaults and the
/// derived `entry` and `name` filled in), as indented JSON: a document that loads back to the
/// same scenario (`ladder validate --print`).
std::string scenario_document(const Scenario& s);

/// The refusal's message for a run estimated over kMaxRunWallS.
std::string run_size_message(const RunEstimate& e);

/// The JSON Schema (draft 2020-12) generated from the field table.
std::string scenario_json_schema();
/// The markdown reference table generated from the field table.
std::string scenario_fields_markdown();

}  // namespace ladder
