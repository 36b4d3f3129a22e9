// libFuzzer target for the scenario loader: any text must either load or be refused with an
// InputError (exit 2 in the CLI). Any other exception, a crash, a sanitizer report, a hang or
// unbounded memory is a finding. Built only with -DLADDER_FUZZ=ON and clang (tests/fuzz/fuzz.cmake).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <exception>
#include <string>

#include "ladder/scenario/Loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  // In a directory that does not exist: an `extends` finds no base rather than reading files.
  const std::string file = "/nonexistent-ladder-fuzz/input.json";
  try {
    (void)ladder::json_text_issues(text, file);
    (void)ladder::load_scenario_text(text, file);
  } catch (const ladder::InputError&) {
    // refused as bad input: the expected outcome for most inputs
  } catch (const std::exception& e) {
    std::fprintf(stderr, "loader threw something other than InputError (exit 3 in the CLI): %s\n", e.what());
    std::abort();
  }
  return 0;
}
