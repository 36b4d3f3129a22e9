// Time-weighted integration used for utilization and queue lengths.
#include <gtest/gtest.h>

#include "ladder/metrics/Metrics.hpp"

using namespace ladder;

TEST(TimeIntegral, MeanOfAStepClippedToTheWindow) {
  TimeIntegral ti(10, 20);
  ti.set(0, 5);   // before the window: does not count
  ti.set(12, 1);  // 5 over [10, 12), then 1 over [12, 16)
  ti.set(16, 3);  // 3 over [16, 20]
  ti.set(25, 0);  // after the window
  ti.finish();
  EXPECT_DOUBLE_EQ(ti.mean(), (5 * 2 + 1 * 4 + 3 * 4) / 10.0);
  EXPECT_DOUBLE_EQ(ti.max(), 5);
}

TEST(TimeIntegral, SlopeOfAStaircaseRamp) {
  // v(t) = floor(t) = t − frac(t) over [0, T], T = 100. The ramp's slope is 1; the sawtooth
  // frac(t) adds Σ_k ∫_0^1 (k + u − T/2)·u du / ∫(t − T/2)² dt. The k terms cancel by symmetry,
  // leaving T·(1/3 − 1/4) / (T³/12) = 1/T², so the exact slope is 1 − 1e-4.
  TimeIntegral ti(0, 100);
  for (int t = 0; t < 100; ++t)
    ti.set(t, t);
  ti.finish();
  EXPECT_NEAR(ti.slope(), 1.0 - 1e-4, 1e-9);
  EXPECT_NEAR(ti.mean(), 49.5, 1e-9);
}

TEST(TimeIntegral, ConstantHasNoSlope) {
  TimeIntegral ti(0, 10);
  ti.set(0, 7);
  ti.finish();
  EXPECT_DOUBLE_EQ(ti.mean(), 7);
  EXPECT_NEAR(ti.slope(), 0, 1e-12);
}

TEST(HostMeter, SharesCoresBetweenComponents) {
  // 2 cores; app runs 3 executions and the database 1 over [0, 10]: 4 executions share 2 cores,
  // so each gets half a core: app uses 1.5 cores (75% of the host), db 0.5 (25%), host 100%.
  Metrics m(0, 10, 1);
  HostMeter& host = m.add_host(2);
  ComponentMeter& app = m.add_component("app-0", "app", "m5.large", "box", 2, 8);
  ComponentMeter& db = m.add_component("db", "db", "m5.large", "box", 2, 8);
  int a = host.add(&app), d = host.add(&db);
  host.change(0, a, 3);
  host.change(0, d, 1);
  Result r;
  m.fill(r);
  ASSERT_EQ(r.components.size(), 2u);
  EXPECT_NEAR(r.components[0].cpu_share, 0.75, 1e-12);
  EXPECT_NEAR(r.components[1].cpu_share, 0.25, 1e-12);
  EXPECT_NEAR(r.components[0].utilization, 1.0, 1e-12);
  EXPECT_EQ(r.bottleneck.component, "app-0");  // same host utilization, larger share
}

TEST(HostMeter, SpreadsBusyTimeOverTimelineIntervals) {
  // 2 cores, 1 s intervals over [0, 3]: one execution runs from 0.5 s to 2.5 s, a second from
  // 1.0 s to 1.5 s. Busy core-seconds: [0,1) 0.5; [1,2) 1.0 + 0.5; [2,3) 0.5.
  HostMeter host(2, 0, 3, 1.0, 3);
  ComponentMeter app("app-0", "app", "m5.large", "app-0", 2, 2, 0, 3);
  int slot = host.add(&app);
  host.change(0.5, slot, +1);
  host.change(1.0, slot, +1);
  host.change(1.5, slot, -1);
  host.change(2.5, slot, -1);
  EXPECT_NEAR(host.utilization(), (0.5 + 1.5 + 0.5) / (2 * 3.0), 1e-12);
  EXPECT_NEAR(host.interval_utilization(0), 0.25, 1e-12);
  EXPECT_NEAR(host.interval_utilization(1), 0.75, 1e-12);
  EXPECT_NEAR(host.interval_utilization(2), 0.25, 1e-12);
  EXPECT_EQ(host.interval_utilization(3), 0.0);
}

TEST(HostMeter, LastTimelineIntervalCutShortByTheEndOfTheRun) {
  // Issue 17 item 6: a 125 s run in 50 s intervals ends with a 25 s interval. Both cores are busy
  // over [120, 125] only: that interval is 2 × 5 / (2 × 25) = 20% busy. Carrying the final busy
  // state on to 150 s and dividing by 50 s gave 2 × 30 / (2 × 50) = 60%.
  HostMeter host(2, 0, 125, 50, 3);
  ComponentMeter app("app-0", "app", "m5.large", "h", 2, 16, 0, 125);
  int slot = host.add(&app);
  host.change(10, slot, +1);   // one core over [10, 60): 40 in interval 0, 10 in interval 1
  host.change(60, slot, -1);
  host.change(120, slot, +2);  // both cores from 120 to the end
  EXPECT_DOUBLE_EQ(host.utilization(), (40 + 10 + 2 * 5) / (2 * 125.0));
  EXPECT_DOUBLE_EQ(host.interval_utilization(0), 40 / (2 * 50.0));
  EXPECT_DOUBLE_EQ(host.interval_utilization(1), 10 / (2 * 50.0));
  EXPECT_DOUBLE_EQ(host.interval_utilization(2), 2 * 5 / (2 * 25.0));
}

TEST(HostMeter, WholeIntervalsAreUnchanged) {
  HostMeter host(4, 0, 100, 50, 2);
  ComponentMeter app("app-0", "app", "m5.large", "h", 4, 16, 0, 100);
  int slot = host.add(&app);
  host.change(25, slot, +4);
  EXPECT_DOUBLE_EQ(host.utilization(), 0.75);
  EXPECT_DOUBLE_EQ(host.interval_utilization(0), 0.5);
  EXPECT_DOUBLE_EQ(host.interval_utilization(1), 1.0);
}
