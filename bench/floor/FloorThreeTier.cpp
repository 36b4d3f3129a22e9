// The SimGrid floor for the three-tier path (scenarios/validation/three-tier.json): Poisson
// arrivals at 800/s reach the load balancer one client latency (5 ms) after they leave; round
// robin over 4 app servers one hop (0.5 ms) on; each app server has 4 workers on a 4-core host
// (FCFS accept queue), holds the worker through its app CPU (exponential, 10 ms), the hop to the
// database, the query and the hop back; the database has 4 connections on a 4-core host (FCFS
// queue), exponential 3.5 ms of CPU. The response takes one hop and one client latency back
// (added, as nothing waits on it). See FloorKernel.hpp for how it drives SimGrid.
#include <array>
#include <deque>

#include <xbt/log.h>

#include "BenchCommon.hpp"
#include "FloorKernel.hpp"

namespace {

constexpr double kRate = 800;
constexpr double kClient = 5e-3;
constexpr double kHop = 0.5e-3;
constexpr double kAppCpu = 10e-3;
constexpr double kDbCpu = 3.5e-3;
constexpr int kApps = 4;
constexpr int kWorkers = 4;      // = the app host's cores
constexpr int kConnections = 4;  // = the database host's cores
constexpr int kDbHost = kApps;   // hosts 0..3 are the app servers
constexpr double kFlopsPerSecond = 1e9;
enum Kind { kAtLb, kAtApp, kAtDb, kReplyAtApp };

class ThreeTier : public bench::FloorKernel::Model {
 public:
  ThreeTier(const bench::Args& a, bench::Stats& stats) : end_(a.duration_s), rng_(a.seed), stats_(stats) {}
  void attach(bench::FloorKernel* k) {
    k_ = k;
    k_->at(rng_.exponential(1 / kRate) + kClient, kAtLb, 0);
  }
  bool deferrable(const bench::FloorKernel::Event& ev) const override {
    if (ev.kind == kAtApp)
      return apps_[static_cast<std::size_t>(reqs_[ev.req].app)].busy == kWorkers;
    if (ev.kind == kAtDb)
      return db_busy_ == kConnections;
    return false;
  }
  void on_event(const bench::FloorKernel::Event& ev) override {
    double t = k_->now();
    switch (ev.kind) {
      case kAtLb: {
        double left = t - kClient;
        stats_.created();
        double next = left + rng_.exponential(1 / kRate);
        if (next < end_)
          k_->at(next + kClient, kAtLb, 0);
        std::uint32_t id = acquire();
        reqs_[id] = {left, next_app_};
        next_app_ = (next_app_ + 1) % kApps;
        k_->at(t + kHop, kAtApp, id);
        break;
      }
      case kAtApp: {
        App& a = apps_[static_cast<std::size_t>(reqs_[ev.req].app)];
        if (a.busy < kWorkers) {
          ++a.busy;
          k_->start_exec(reqs_[ev.req].app, rng_.exponential(kAppCpu) * kFlopsPerSecond, kAtApp, ev.req);
        } else {
          a.queue.push_back(ev.req);
        }
        break;
      }
      case kAtDb:
        if (db_busy_ < kConnections) {
          ++db_busy_;
          k_->start_exec(kDbHost, rng_.exponential(kDbCpu) * kFlopsPerSecond, kAtDb, ev.req);
        } else {
          db_queue_.push_back(ev.req);
        }
        break;
      case kReplyAtApp: {
        const Req& r = reqs_[ev.req];
        stats_.complete(r.created, t + kHop + kClient);
        App& a = apps_[static_cast<std::size_t>(r.app)];
        int app = r.app;
        free_ids_.push_back(ev.req);
        if (a.queue.empty()) {
          --a.busy;
        } else {
          std::uint32_t next = a.queue.front();
          a.queue.pop_front();
          k_->start_exec(app, rng_.exponential(kAppCpu) * kFlopsPerSecond, kAtApp, next);
        }
        break;
      }
    }
  }
  void on_done(int, int kind, std::uint32_t req) override {
    double t = k_->now();
    if (kind == kAtApp) {
      k_->at(t + kHop, kAtDb, req);
      return;
    }
    k_->at(t + kHop, kReplyAtApp, req);
    if (db_queue_.empty()) {
      --db_busy_;
    } else {
      std::uint32_t next = db_queue_.front();
      db_queue_.pop_front();
      k_->start_exec(kDbHost, rng_.exponential(kDbCpu) * kFlopsPerSecond, kAtDb, next);
    }
  }

 private:
  struct Req {
    double created;
    int app;
  };
  struct App {
    int busy = 0;
    std::deque<std::uint32_t> queue;
  };
  std::uint32_t acquire() {
    if (free_ids_.empty()) {
      reqs_.push_back({});
      return static_cast<std::uint32_t>(reqs_.size() - 1);
    }
    std::uint32_t id = free_ids_.back();
    free_ids_.pop_back();
    return id;
  }
  double end_;
  bench::Rng rng_;
  bench::Stats& stats_;
  bench::FloorKernel* k_ = nullptr;
  std::vector<Req> reqs_;
  std::vector<std::uint32_t> free_ids_;
  std::array<App, kApps> apps_;
  int next_app_ = 0;
  int db_busy_ = 0;
  std::deque<std::uint32_t> db_queue_;
};

}  // namespace

int main(int argc, char** argv) {
  bench::Args args(argc, argv, 270, 20);
  xbt_log_control_set("root.thres:warning");
  simgrid::s4u::Engine engine(&argc, argv);
  auto* zone = simgrid::s4u::create_full_zone("world");
  std::vector<simgrid::s4u::Host*> hosts;
  for (int i = 0; i < kApps; ++i)
    hosts.push_back(zone->create_host("app-" + std::to_string(i), kFlopsPerSecond)->set_core_count(kWorkers)->seal());
  hosts.push_back(zone->create_host("db", kFlopsPerSecond)->set_core_count(kConnections)->seal());
  zone->seal();
  bench::Stats stats(args.warmup_s, args.duration_s);
  ThreeTier model(args, stats);
  bench::FloorKernel kernel(hosts, model);
  model.attach(&kernel);
  kernel.run();
  stats.print("floor", "three-tier");
  return 0;
}
