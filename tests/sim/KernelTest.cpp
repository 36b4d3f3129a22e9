// Regression tests of the kernel's mechanics, each one simulation.
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <simgrid/s4u.hpp>
#include <xbt/log.h>

#include "ladder/sim/Kernel.hpp"
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
                    {"services.app.count=2", "services.app.workers=1", "services.app.queue_limit=0", "workload.dau=0", "workload.users=2",
                     "workload.think_time_s=0.001", "network.client_latency_ms=0", "network.hop_ms=0.01",
                     "stores.db=null", "demand.distribution=deterministic", "workload.mix.read=1",
                     "workload.mix.write=0", "workload.mix.static=0", "workload.mix.login=0",
                     R"(services.app.endpoints={"read": [{"cpu_ms": 1000}]})", "lbs.lb.policy=random", "sim.duration_s=60",
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

namespace ladder {
// ---- The kernel on its own: a one-host platform and small test components -------------------
namespace {

namespace sg4 = simgrid::s4u;

// One engine (kept for the process: one per process) and one single-core 1 Gflop/s host.
sg4::Host* one_host(sg4::Engine*& engine) {
  static int argc = 1;
  static char arg0[] = "kernel-test";
  static char* argv[] = {arg0, nullptr};
  xbt_log_control_set("root.thres:warning");
  engine = new sg4::Engine(&argc, argv);
  auto* zone = sg4::create_full_zone("world");
  sg4::Host* h = zone->create_host("h", 1e9);
  zone->seal();
  return h;
}

// Starts the executions it is told to at the given times, and records each completion.
class Worker : public Component {
 public:
  Worker(Kernel& k, sg4::Host* h) : k_(k), h_(h) {}
  std::vector<double> flops;                        // per request id
  std::vector<std::pair<RequestId, double>> done;   // (request, time)
  std::function<void(RequestId)> on_finish;
  void on_event(int, RequestId req) override { k_.start_exec(h_, flops.at(req), this, 0, req); }
  void on_done(int, RequestId req) override {
    done.emplace_back(req, k_.now());
    if (on_finish)
      on_finish(req);
  }

 private:
  Kernel& k_;
  sg4::Host* h_;
};

}  // namespace

// Processor sharing on one core, and finished executions restarted for later demands: two 1 s
// demands at t = 0 share the core and both end at t = 2; a 0.5 s demand started from inside
// the first completion's handler (a new execution: the finished one is not restarted inside its
// own signal) runs alone and ends at 2.5; a 1 s demand at t = 2.5 restarts a finished
// execution and ends at 3.5.
TEST(KernelMaestro, SharingAndReusedExecutions) {
  sg4::Engine* engine = nullptr;
  sg4::Host* h = one_host(engine);
  Kernel k(10.0);
  Worker w(k, h);
  w.flops = {1e9, 1e9, 1e9, 0.5e9};
  bool chained = false;
  w.on_finish = [&](RequestId) {
    if (!chained) {  // at t = 2, both first executions end; start one more, alone on the core
      chained = true;
      k.start_exec(h, w.flops[3], &w, 0, 3);
    }
  };
  k.at(0.0, &w, 0, 0);
  k.at(0.0, &w, 0, 1);
  k.at(2.5, &w, 0, 2);
  k.run();
  ASSERT_EQ(w.done.size(), 4u);
  std::map<RequestId, double> at;
  for (auto [r, t] : w.done)
    at[r] = t;
  EXPECT_NEAR(at[0], 2.0, 1e-9);
  EXPECT_NEAR(at[1], 2.0, 1e-9);
  EXPECT_NEAR(at[3], 2.5, 1e-9);  // 0.5 s of work, alone from t = 2
  EXPECT_NEAR(at[2], 3.5, 1e-9);
  EXPECT_EQ(k.events(), 7u);  // 3 timed events + 4 completions
}

// A cancelled execution never reports, its host is freed at once, and a later demand runs.
TEST(KernelMaestro, CancelledExecutionNeverReports) {
  sg4::Engine* engine = nullptr;
  sg4::Host* h = one_host(engine);
  Kernel k(10.0);
  Worker w(k, h);
  w.flops = {4e9, 1e9};
  class Canceller : public Component {
   public:
    Canceller(Kernel& k, const Component* victim) : k_(k), victim_(victim) {}
    void on_event(int, RequestId) override { k_.cancel_owned(victim_); }
    void on_done(int, RequestId) override {}
    Kernel& k_;
    const Component* victim_;
  } canceller(k, &w);
  k.at(0.0, &w, 0, 0);
  k.at(1.0, &canceller, 0, 0);  // request 0 has 3 s of work left: cancelled
  k.at(1.0, &w, 0, 1);          // scheduled after the cancel: runs alone, ends at t = 2
  k.run();
  ASSERT_EQ(w.done.size(), 1u);
  EXPECT_EQ(w.done[0].first, 1u);
  EXPECT_NEAR(w.done[0].second, 2.0, 1e-9);
}

// A component's exception inside a SimGrid callback (no actor to unwind) reaches Kernel::run's
// caller, and what was running is cancelled.
TEST(KernelMaestro, ExceptionFromAHandlerIsRethrown) {
  sg4::Engine* engine = nullptr;
  sg4::Host* h = one_host(engine);
  Kernel k(10.0);
  Worker w(k, h);
  w.flops = {1e9, 5e9};
  w.on_finish = [](RequestId) { throw std::invalid_argument("model bug"); };
  k.at(0.0, &w, 0, 0);
  k.at(0.0, &w, 0, 1);
  EXPECT_THROW(
      {
        try {
          k.run();
        } catch (const std::invalid_argument& e) {
          EXPECT_STREQ(e.what(), "model bug");
          throw;
        }
      },
      std::invalid_argument);
  EXPECT_EQ(w.done.size(), 1u);
}

// A loop with no time in it is stopped with a message, not run for ever.
TEST(KernelMaestro, ZeroTimeLoopIsStopped) {
  sg4::Engine* engine = nullptr;
  one_host(engine);
  Kernel k(10.0);
  class Spinner : public Component {
   public:
    explicit Spinner(Kernel& k) : k_(k) {}
    void on_event(int, RequestId r) override { k_.after(0.0, this, 0, r); }
    void on_done(int, RequestId) override {}
    Kernel& k_;
  } spinner(k);
  k.at(1.0, &spinner, 0, 0);
  try {
    k.run();
    FAIL() << "expected the stall guard";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("simulated time stopped advancing at 1 s"), std::string::npos) << e.what();
  }
}

}  // namespace ladder
