// Every rung of the ladder is forced by the one before it (issue 14): for each consecutive pair
// of stage files, the earlier architecture at the later rung's load (its `workload` section,
// load_scenario_at_load_of, as `ladder climb` runs it) breaks the SLO with its bottleneck
// saturated, and the later rung meets the SLO at the same load with no resource saturated.
// Several seeds, because one seed is one sample: the verdict must hold for each of them.
// The files' own run length (120 s, 20 s of warm-up), as `ladder climb` runs them: a p99 over
// 30 s measured moved by up to ~40% between seeds at stage 1 (p99 476 ms against the 500 ms
// objective at seed 3, 342 ms at 120 s), too close to call; the 100 s window keeps the margin
// the stage files were sized for. About 20 s of wall time on 2 cores.
#include <cstdio>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ladder/sim/Simulation.hpp"
#include "sim/SimTestSupport.hpp"

namespace ladder {
namespace {

using test::load;
using test::repo_path;

const std::vector<std::string> kStages = {"scenarios/00-single-box.json", "scenarios/01-separate-database.json",
                                          "scenarios/02-vertical-scale.json", "scenarios/03-load-balancer.json",
                                          "scenarios/04-read-replicas.json", "scenarios/05-cache.json"};
constexpr int kSeeds = 3;
// A resource at 97% or more of its capacity over the measured window is saturated (the result's
// own saturation rule uses 98%; a closed loop at its limit idles briefly between bursts).
constexpr double kSaturated = 0.97;

std::vector<std::string> with_seed(int seed) { return {"seed=" + std::to_string(seed)}; }

double busiest(const Result& r) {
  double u = 0;
  for (const auto& c : r.components) u = std::max({u, c.utilization, c.disk_utilization});
  return u;
}

TEST(Climb, EachRungIsForcedByTheOneBefore) {
  std::vector<Scenario> runs;
  for (std::size_t k = 1; k < kStages.size(); ++k)
    for (int seed = 1; seed <= kSeeds; ++seed) {
      runs.push_back(load_scenario_at_load_of(repo_path(kStages[k - 1]), repo_path(kStages[k]), with_seed(seed)));
      runs.push_back(load(kStages[k], with_seed(seed)));
    }
  const std::vector<Result> results = run_in_children(runs, 2);
  std::size_t i = 0;
  for (std::size_t k = 1; k < kStages.size(); ++k)
    for (int seed = 1; seed <= kSeeds; ++seed, i += 2) {
      const Result& before = results[i];
      const Result& own = results[i + 1];
      std::printf("stage %zu seed %d: before %s at %.0f DAU: p99 %.0f ms, errors %.2f%%, busiest %.3f (%s); "
                  "own %s: p99 %.0f ms, errors %.2f%%, busiest %.3f (%s)\n",
                  k, seed, before.scenario.name.c_str(), before.workload.dau, before.latency_ms.p99,
                  100 * before.requests.error_rate, busiest(before), before.bottleneck.component.c_str(),
                  own.scenario.name.c_str(), own.latency_ms.p99, 100 * own.requests.error_rate, busiest(own),
                  own.bottleneck.component.c_str());
      // The same load on both: rung k's DAU, so rung k's users.
      EXPECT_EQ(before.workload.dau, own.workload.dau);
      EXPECT_EQ(before.workload.users, own.workload.users);
      EXPECT_EQ(before.scenario.stage, static_cast<int>(k) - 1);
      EXPECT_FALSE(before.slo.met) << "stage " << k - 1 << " carries stage " << k << "'s load, seed " << seed;
      EXPECT_GE(busiest(before), kSaturated) << "stage " << k - 1 << " fails without a saturated resource";
      EXPECT_TRUE(own.slo.met) << "stage " << k << " misses its SLO, seed " << seed;
      EXPECT_LT(busiest(own), kSaturated) << "stage " << k << " runs saturated at its own load";
    }
}

}  // namespace
}  // namespace ladder
