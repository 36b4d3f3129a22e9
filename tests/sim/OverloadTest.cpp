// Overload: an open loop far above capacity must end at its duration with memory bounded by
// the queues, refusing the excess (queue_full) rather than accumulating it, and the result must
// say the system is saturated and where.
#include <sys/resource.h>

#include <cmath>
#include <cstdio>

#include <gtest/gtest.h>

#include "ladder/sim/Simulation.hpp"
#include "sim/SimTestSupport.hpp"

namespace ladder {
namespace {

// Stage 1 (one m5.large app server, 2 cores, D_app = 6.24 ms: capacity 320 req/s), offered
// 1,600 req/s = 5× capacity for 60 s: 96k arrivals. Warm-up 0, so every arrival is measured
// and completed + failed = arrivals − (requests still in flight at the end). In flight is
// bounded by what can be held: workers + accept queue at the app server (its DB queries are
// made by requests holding a worker), plus requests on the wire to and from the client
// (latency 20 ms each way: about rate × 2 × 20 ms = 64, taken ×2 for Poisson fluctuation).
TEST(Overload, FiveTimesCapacityIsRefusedNotAccumulated) {
  Scenario s = test::load("scenarios/01-separate-database.json",
                          {"workload.dau=0", "workload.model=open", "workload.rate_rps=1600", "sim.duration_s=60", "sim.warmup_s=0"});
  Result r = run_simulation(s);

  const double rate = s.workload.rate_rps;
  const double expected_arrivals = rate * s.sim.duration_s;
  const double in_flight_bound = s.app.workers + s.app.queue_limit +
                                 2.0 * rate * 2.0 * s.network.client_latency_ms / 1e3;
  const double ended = static_cast<double>(r.requests.completed + r.requests.failed);
  const double in_flight = static_cast<double>(r.sim.arrivals) - ended;
  std::printf("overload: arrivals %llu (expected %.0f ± %.0f), completed %llu, failed %llu, in flight at end %.0f "
              "(bound %.0f), queue_full %llu, saturated %d at %s (%s)\n",
              static_cast<unsigned long long>(r.sim.arrivals), expected_arrivals, 4 * std::sqrt(expected_arrivals),
              static_cast<unsigned long long>(r.requests.completed), static_cast<unsigned long long>(r.requests.failed),
              in_flight, in_flight_bound,
              static_cast<unsigned long long>(r.requests.errors_by_kind.count("queue_full")
                                                  ? r.requests.errors_by_kind.at("queue_full")
                                                  : 0),
              r.saturation.saturated, r.saturation.component.c_str(), r.saturation.reason.c_str());

  // The run reached its end: the arrivals of the whole duration happened (Poisson, ±4σ).
  EXPECT_NEAR(static_cast<double>(r.sim.arrivals), expected_arrivals, 4 * std::sqrt(expected_arrivals));
  EXPECT_GE(in_flight, 0.0);
  EXPECT_LE(in_flight, in_flight_bound);
  ASSERT_TRUE(r.requests.errors_by_kind.count("queue_full"));
  EXPECT_GT(r.requests.errors_by_kind.at("queue_full"), 0u);
  // Most of the excess 4/5 is refused.
  EXPECT_GT(r.requests.error_rate, 0.7);
  EXPECT_TRUE(r.saturation.saturated);
  EXPECT_FALSE(r.saturation.component.empty());
  EXPECT_EQ(r.saturation.component, "app-0");
  // The process stays small: memory follows requests in flight, not arrivals.
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  std::printf("overload: peak RSS %.1f MiB\n", static_cast<double>(ru.ru_maxrss) / 1024.0);
  EXPECT_LT(ru.ru_maxrss, 512L * 1024L);  // KiB
}

}  // namespace
}  // namespace ladder
