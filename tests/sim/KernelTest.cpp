// Regression tests of the kernel's mechanics, each one simulation.
#include <gtest/gtest.h>

#include "ladder/sim/Simulation.hpp"
#include "sim/SimTestSupport.hpp"

namespace ladder {
namespace {

using test::load;

// The lookahead may only defer an event whose handler, run late, starts no execution and
// schedules nothing that could. A refused arrival sends the user's next request on through the
// load balancer, possibly to an idle server: deferring it started executions up to a second
// late. Here service is a deterministic 1,000 ms with no queue, two users, two servers: every
// successful request must take exactly 1,000 ms, and each server completes one per second.
TEST(KernelLookahead, RefusedArrivalsAreNotDeferred) {
  Scenario s = load("scenarios/03-load-balancer.json",
                    {"tiers.app.count=2", "tiers.app.workers=1", "tiers.app.queue_limit=0", "workload.users=2",
                     "workload.think_time_s=0.001", "network.client_latency_ms=0", "network.hop_ms=0.01",
                     "tiers.db.enabled=false", "service.distribution=deterministic", "workload.mix.read=1",
                     "workload.mix.write=0", "workload.mix.static=0", "workload.mix.login=0",
                     "classes.read.app_cpu_ms=1000", "tiers.lb.policy=random", "sim.duration_s=60",
                     "sim.warmup_s=10"});
  Result r = run_simulation(s);
  EXPECT_NEAR(r.latency_ms.max, 1000.0, 1000.0 * test::kHistogramRelAccuracy);
  EXPECT_NEAR(r.latency_ms.p50, 1000.0, 1000.0 * test::kHistogramRelAccuracy);
  // Both servers stay busy: two completions per second, give or take one at each window edge.
  EXPECT_NEAR(r.requests.throughput_rps, 2.0, 2.0 / 50.0);
}

// Per-interval utilization with an interval that is not a power of two (0.1 s: 43 × 0.1 / 0.1
// rounds to 42.99…) must finish and add up to the whole run's busy time.
TEST(KernelTimeline, TenthOfASecondIntervalsAddUp) {
  Scenario s = load("scenarios/03-load-balancer.json",
                    {"sim.timeline_interval_s=0.1", "sim.duration_s=10", "sim.warmup_s=0"});
  Result r = run_simulation(s);
  ASSERT_EQ(r.timeline.size(), 100u);
  double sum = 0;
  for (const auto& p : r.timeline)
    sum += p.utilization.at("db");
  // With no warm-up the window is the whole run: the mean of the intervals is the utilization.
  EXPECT_NEAR(sum / 100.0, test::component(r, "db").utilization, 1e-9);
}

}  // namespace
}  // namespace ladder
