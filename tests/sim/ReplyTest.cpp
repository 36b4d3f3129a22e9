// Reply addresses: a store answers whoever called it (the request's ReplyTo), not an app
// server it would have to know. Here the caller is a probe component that is not an AppServer;
// the stores are built alone on a scenario's platform, with no app server in the run at all.
#include <gtest/gtest.h>

#include <simgrid/s4u.hpp>
#include <xbt/log.h>

#include "ladder/components/Database.hpp"
#include "ladder/components/Request.hpp"
#include "ladder/components/SessionStore.hpp"
#include "ladder/metrics/Metrics.hpp"
#include "ladder/platform/Platform.hpp"
#include "ladder/sim/Kernel.hpp"
#include "sim/SimTestSupport.hpp"

namespace sg4 = simgrid::s4u;

namespace ladder {
namespace {

constexpr double kHop = 0.001;    // probe → store
constexpr double kReply = 0.002;  // store → probe (the store's reply hop)
constexpr int kAnswer = 42;       // the event the probe asks to be answered with
constexpr double kTimeEps = 1e-9;

/// A caller that is not an AppServer: at t = 1 s it sends `count` requests of class `cls` to
/// `callee` as `event`, each asking for the answer as kAnswer; it records what comes back.
class Probe : public Component {
 public:
  struct Answer {
    int kind;
    RequestId req;
    double t;
    ErrorKind error;
  };
  Probe(Kernel& kernel, RequestPool& pool, Component* callee, int event, int count)
      : kernel_(kernel), pool_(pool), callee_(callee), event_(event), count_(count) {}
  void start() { kernel_.at(1.0, this, kSend, 0); }
  void on_event(int kind, RequestId req) override {
    if (kind == kSend) {
      for (int i = 0; i < count_; ++i) {
        RequestId id = pool_.acquire();
        pool_[id].cls = RequestClass::read;
        pool_[id].key = 1;
        pool_[id].backend = 7;  // no app server 7 exists: a store that used it would crash
        pool_[id].reply = {this, kAnswer};
        pool_[id].query = &query;
        kernel_.after(kHop, callee_, event_, id);
      }
      return;
    }
    answers.push_back({kind, req, kernel_.now(), pool_[req].error});
  }
  void on_done(int, RequestId) override {}
  std::vector<Answer> answers;
  step::Query query{0, false, false, false, 3, 0};  ///< what a query asks for (a read)

 private:
  static constexpr int kSend = 1;
  Kernel& kernel_;
  RequestPool& pool_;
  Component* callee_;
  int event_;
  int count_;
};

/// One Engine per process: gtest_discover_tests runs each TEST as its own process.
void run_engine(const std::function<void()>& body) {
  xbt_log_control_set("root.thres:warning");
  int argc = 1;
  char arg0[] = "reply-test";
  char* argv[] = {arg0, nullptr};
  sg4::Engine engine(&argc, argv);
  configure_network_model(engine);
  body();
}

TEST(ReplyTo, SessionStoreAnswersACallerThatIsNotAnAppServer) {
  Scenario s = test::load("scenarios/stage3/sessions-redis-crash.json");
  ASSERT_TRUE(s.session_store.enabled);
  run_engine([&] {
    Platform p = build_platform(s);
    Metrics metrics(0, 10, 1);
    Kernel kernel(10);
    RequestPool pool;
    HostMeter& hm = metrics.add_host(1);
    ComponentMeter& meter = metrics.add_component("session-store", "cache", s.session_store.instance,
                                                  p.host("session-store")->get_name(), 1, 1);
    SessionStore store(s.session_store, {kernel, pool, p.host("session-store"), kFlopsPerMs, hm, meter, kReply});
    Probe probe(kernel, pool, &store, SessionStore::kCommand, 2);
    probe.start();
    kernel.run();  // from maestro: it drives the engine

    // One command at a time: the second waits for the first, then both answer the probe.
    const double op_s = s.session_store.op_cpu_ms * kFlopsPerMs / p.host("session-store")->get_speed();
    ASSERT_EQ(probe.answers.size(), 2u);
    for (std::size_t i = 0; i < 2; ++i) {
      EXPECT_EQ(probe.answers[i].kind, kAnswer);
      EXPECT_EQ(probe.answers[i].error, ErrorKind::none);
      EXPECT_NEAR(probe.answers[i].t, 1.0 + kHop + static_cast<double>(i + 1) * op_s + kReply, kTimeEps);
    }
  });
}

TEST(ReplyTo, DatabaseAnswersACallerThatIsNotAnAppServer) {
  // One connection and no queue: of two queries sent together the second is refused at once,
  // and the refusal goes back to the caller too.
  Scenario s = test::load("scenarios/01-separate-database.json",
                          {"stores.db.connections=1", "stores.db.queue_limit=0", "demand.distribution=deterministic"});
  run_engine([&] {
    Platform p = build_platform(s);
    Metrics metrics(0, 10, 1);
    Kernel kernel(10);
    RequestPool pool;
    HostMeter& hm = metrics.add_host(s.db.vcpus);
    ComponentMeter& meter =
        metrics.add_component("db", "db", s.db.instance, p.host("db")->get_name(), s.db.vcpus, s.db.connections);
    Database db(s.db, s.workload, s.service, s.sim.seed, 0, "db",
                {kernel, pool, metrics, p.host("db"), p.disk("db"), s.db.disk_read_mbps / s.db.disk_write_mbps,
                 kFlopsPerMs, hm, meter, nullptr, kReply, nullptr});
    Probe probe(kernel, pool, &db, Database::kQuery, 2);
    probe.start();
    kernel.run();  // from maestro: it drives the engine

    ASSERT_EQ(probe.answers.size(), 2u);
    // The refusal first, one hop each way after the send.
    EXPECT_EQ(probe.answers[0].kind, kAnswer);
    EXPECT_EQ(probe.answers[0].error, ErrorKind::db_queue_full);
    EXPECT_NEAR(probe.answers[0].t, 1.0 + kHop + kReply, kTimeEps);
    // The query that ran: at least its CPU on the database host (deterministic demand) later.
    const double cpu_s = probe.query.cpu_ms * kFlopsPerMs / p.host("db")->get_speed();
    EXPECT_EQ(probe.answers[1].kind, kAnswer);
    EXPECT_EQ(probe.answers[1].error, ErrorKind::none);
    EXPECT_GE(probe.answers[1].t, 1.0 + kHop + cpu_s + kReply - kTimeEps);
  });
}

}  // namespace
}  // namespace ladder
