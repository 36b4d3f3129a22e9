// The process pool: at most N children at once, every job reported once with its exit code or
// signal, a program that cannot be started reported as such.
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <set>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "ladder/sweep/ProcessPool.hpp"

using namespace ladder;

TEST(ProcessPool, ReportsEveryJobOnceWithItsExitCode) {
  std::vector<ChildJob> jobs;
  for (int i = 0; i < 5; ++i) jobs.push_back({{}, [i] { return i; }, "", ""});
  jobs.push_back({{"/bin/sh", "-c", "exit 7"}, {}, "", ""});
  std::vector<int> codes(jobs.size(), -1);
  std::set<std::size_t> seen;
  ProcessPool(2).run(jobs, [&](const ChildExit& e) {
    EXPECT_TRUE(seen.insert(e.index).second) << "reported twice: " << e.index;
    EXPECT_TRUE(e.exited);
    codes[e.index] = e.code;
  });
  EXPECT_EQ(codes, (std::vector<int>{0, 1, 2, 3, 4, 7}));
}

TEST(ProcessPool, RunsAtMostJobsAtOnce) {
  // 6 jobs of 0.3 s: 2 at a time take 3 rounds (≥ 0.9 s); 6 at a time one round (< 0.9 s).
  auto sleeper = [] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    return 0;
  };
  std::vector<ChildJob> jobs(6, ChildJob{{}, sleeper, "", ""});
  auto time_with = [&](int n) {
    auto t0 = std::chrono::steady_clock::now();
    ProcessPool(n).run(jobs, [](const ChildExit& e) { EXPECT_TRUE(e.ok()); });
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  EXPECT_GE(time_with(2), 0.9);
  EXPECT_LT(time_with(6), 0.9);
}

TEST(ProcessPool, SignalsAndStartFailures) {
  std::vector<ChildJob> jobs = {{{}, [] { raise(SIGKILL); return 0; }, "", ""},
                                {{"/nonexistent/ladder-test-binary"}, {}, "", ""}};
  std::vector<ChildExit> got(2);
  ProcessPool(2).run(jobs, [&](const ChildExit& e) { got[e.index] = e; });
  EXPECT_FALSE(got[0].ok());
  EXPECT_FALSE(got[0].exited);
  EXPECT_EQ(got[0].signal, SIGKILL);
  EXPECT_NE(got[0].describe().find("signal 9"), std::string::npos) << got[0].describe();
  EXPECT_FALSE(got[1].ok());
  EXPECT_NE(got[1].describe().find("/nonexistent/ladder-test-binary"), std::string::npos) << got[1].describe();
}

TEST(ProcessPool, AvailableCpusIsPositive) { EXPECT_GE(ProcessPool::available_cpus(), 1); }
