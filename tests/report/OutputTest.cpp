// Output files are all or nothing, even when the process is interrupted mid-write (issue 17).
#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "ladder/report/Output.hpp"
#include "ladder/scenario/Loader.hpp"

namespace fs = std::filesystem;

namespace ladder {
namespace {

fs::path temp_dir() {
  std::string tmpl = "/tmp/ladder-output-XXXXXX";
  if (!mkdtemp(tmpl.data())) ADD_FAILURE() << "mkdtemp";
  return tmpl;
}

/// In a child (a death test): starts writing a large file and, once its temporary exists, sends
/// itself `sig` — so the signal arrives while the temporary is being written.
[[noreturn]] void write_and_interrupt(const fs::path& target, int sig) {
  install_output_guards();
  const fs::path tmp = target.string() + ".tmp-" + std::to_string(getpid());
  std::thread killer([&] {
    while (!fs::exists(tmp)) std::this_thread::sleep_for(std::chrono::microseconds(50));
    kill(getpid(), sig);
  });
  killer.detach();
  // 512 MiB: far longer to write than the killer needs to notice the temporary.
  write_output(std::string(512u << 20, 'x'), target.string());
  std::_Exit(0);  // reached only if the write finished first: the test then fails
}

class InterruptedWrite : public ::testing::TestWithParam<int> {};

TEST_P(InterruptedWrite, LeavesNoTemporaryAndNoTarget) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  const fs::path dir = temp_dir(), target = dir / "out.json";
  const int sig = GetParam();
  EXPECT_EXIT(write_and_interrupt(target, sig), ::testing::KilledBySignal(sig), "");
  std::string left;
  for (const auto& e : fs::directory_iterator(dir)) left += e.path().filename().string() + " ";
  EXPECT_TRUE(left.empty()) << "left behind: " << left;
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Signals, InterruptedWrite, ::testing::Values(SIGINT, SIGTERM, SIGHUP),
                         [](const auto& signal_info) { return std::string(sigabbrev_np(signal_info.param)); });

TEST(WriteOutput, ReplacesTheTargetWhole) {
  const fs::path dir = temp_dir(), target = dir / "out.json";
  std::ofstream(target) << "old";
  write_output("new", target.string());
  std::ifstream in(target);
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(ss.str(), "new");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
  fs::remove_all(dir);
}

TEST(WriteOutput, FullDeviceIsAnInputError) {
  try {
    write_output("text", "/dev/full");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.issues().at(0).to_string(),
              "-o: expected a writable file, found '/dev/full' (cannot write: No space left on device)");
  }
}

}  // namespace
}  // namespace ladder
