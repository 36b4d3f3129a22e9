// A hand-made result shared by the report tests: numbers chosen so that every section
// (classes, components, saturation, SLO, cost, timeline) has something to show.
#pragma once

#include "ladder/report/Result.hpp"

namespace ladder::test {

inline Result sample_result() {
  Result r;
  r.scenario = {"single-box", "scenarios/00-single-box.json", 42, 0, "Web, app and DB on one host."};
  r.workload = {"closed", 0, 1000, 10000};
  r.requests.completed = 118734;
  r.requests.failed = 1266;
  r.requests.error_rate = 1266.0 / 120000.0;
  r.requests.throughput_rps = 494.725;
  r.requests.errors_by_kind = {{"queue_full", 1000}, {"timeout", 266}};
  r.latency_ms = {118734, 41.7, 12.3, 88.1, 120.4, 312.9, 1023.4, 2048.25, 55.5, 0.42};
  ClassResult read{"read", {100000, 800, 800.0 / 100800.0, 416.7, {{"timeout", 800}}},
                   {100000, 35.2, 10.1, 70.3, 99.9, 250.2, 900.1, 1500.5, 40.0, 0.3}};
  ClassResult write{"write", {18734, 466, 466.0 / 19200.0, 78.06, {{"queue_full", 466}}},
                    {18734, 76.4, 25.1, 150.2, 201.3, 480.7, 1800.9, 2048.25, 90.0, 1.1}};
  r.classes = {read, write};
  ComponentResult app;
  app.name = "app-0";
  app.kind = "app";
  app.instance = "m5.large";
  app.host = "box-0";
  app.vcpus = 2;
  app.utilization = 0.83;
  app.cpu_share = 0.41;
  app.pool_utilization = 0.9;
  app.queue_mean = 3.25;
  app.queue_max = 64;
  app.in_system_mean = 5.1;
  app.residence_ms = 10.3;
  app.throughput_rps = 494.725;
  app.served = 118734;
  app.rejected = 1000;
  ComponentResult db = app;
  db.name = "db";
  db.kind = "db";
  db.cpu_share = 0.56;
  db.utilization = 0.97;
  db.disk_utilization = 0.35;
  db.pool_utilization = 1.0;
  db.queue_mean = 40.5;
  db.queue_max = 128;
  db.queue_growth_per_s = 0.8;
  r.components = {app, db};
  r.bottleneck = {"db", "cpu", 0.97};
  r.saturation = {true, "db", 0.8, "the db queue grew for the whole measured window"};
  r.slo = {true, false, {"p99 312.9 ms > 200 ms", "error rate 1.06% > 1%"}};
  r.cost.items = {{"app servers", "m5.large", 1, 0.096, 70.08}};
  r.cost.monthly_usd = 70.08;
  r.cost.per_1k_dau_usd = 7.008;
  r.timeline = {{0, 480.5, 11.0, 300.0, 3, {{"queue_full", 3}}, 0, 0, {{"app-0", 0.8}, {"db", 0.95}}},
                {10, 501.25, 12.5, 320.5, 5, {{"queue_full", 4}, {"db_timeout", 1}}, 0, 0, {{"app-0", 0.85}, {"db", 0.99}}}};
  r.sim = {300, 60, 1.234, 150000, 987654};
  return r;
}

}  // namespace ladder::test
