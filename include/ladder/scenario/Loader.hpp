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

/// Loads, merges, overrides, validates and types a scenario. Throws InputError.
/// `overrides` are "dotted.path=value" strings; value is parsed as JSON, else taken as a string.
Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides = {});

/// Same, from an in-memory document (tests); `file` is used in messages and for `extends`.
Scenario load_scenario_text(const std::string& text, const std::string& file,
                            const std::vector<std::string>& overrides = {});

/// The JSON Schema (draft 2020-12) generated from the field table.
std::string scenario_json_schema();
/// The markdown reference table generated from the field table.
std::string scenario_fields_markdown();

}  // namespace ladder
