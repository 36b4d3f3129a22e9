// Running a command the way a user's shell would, for the tests of the `ladder` binary: its exit
// code, and its stdout and stderr captured through files in a test's own directory.
#pragma once

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace ladder::test {

struct Outcome {
  int code = -1;  ///< the exit code, or -1 when the command did not exit normally
  std::string out, err;
};

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Runs `command` with /bin/sh, its stdout and stderr captured in files under `scratch` (removed
/// afterwards); the command's own redirections take precedence.
inline Outcome run_captured(const std::string& command, const std::filesystem::path& scratch) {
  const std::filesystem::path out = scratch / "stdout.txt", err = scratch / "stderr.txt";
  const std::string cmd = "{ " + command + "\n} >'" + out.string() + "' 2>'" + err.string() + "'";
  const int status = std::system(cmd.c_str());
  Outcome o;
  o.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  o.out = read_file(out);
  o.err = read_file(err);
  std::filesystem::remove(out);
  std::filesystem::remove(err);
  return o;
}

}  // namespace ladder::test
