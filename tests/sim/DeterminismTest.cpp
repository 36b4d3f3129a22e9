// Determinism: the same scenario and seed give the same result JSON byte for byte, except
// sim.wall_s (DESIGN.md, interface contract); a different seed gives a different result.
// Each run is a separate process (run_in_child forks), as two runs of `ladder run` would be.
#include <string>

#include <gtest/gtest.h>

#include "ladder/sim/Simulation.hpp"
#include "sim/SimTestSupport.hpp"

namespace ladder {
namespace {

using test::bytes_without_wall;

// Stage 3 (load balancer, 4 app servers, separate database): every random stream is in play
// (arrivals, users, classes, service demands on several components, LB routing).
const std::vector<std::string> kShort = {"sim.duration_s=30", "sim.warmup_s=5"};

TEST(Determinism, SameSeedSameBytes) {
  Scenario s = test::load("scenarios/03-load-balancer.json", kShort);
  std::string a = bytes_without_wall(run_in_child(s));
  std::string b = bytes_without_wall(run_in_child(s));
  ASSERT_GT(a.size(), 1000u);
  EXPECT_EQ(a, b);
}

TEST(Determinism, DifferentSeedDifferentBytes) {
  std::vector<std::string> seed1 = kShort, seed2 = kShort;
  seed1.push_back("seed=1");
  seed2.push_back("seed=2");
  Result a = run_in_child(test::load("scenarios/03-load-balancer.json", seed1));
  Result b = run_in_child(test::load("scenarios/03-load-balancer.json", seed2));
  EXPECT_EQ(a.scenario.seed, 1u);
  EXPECT_EQ(b.scenario.seed, 2u);
  // Not only the seed field: the measured numbers differ too.
  EXPECT_NE(a.latency_ms.mean, b.latency_ms.mean);
  EXPECT_NE(a.requests.completed, b.requests.completed);
  EXPECT_NE(bytes_without_wall(a), bytes_without_wall(b));
}

}  // namespace
}  // namespace ladder
