// The SimGrid floor for M/M/4 FCFS at ρ = 0.75 (scenarios/validation/mmc.json): Poisson
// arrivals at 300/s, 4 servers (one 4-core host at 1 Gflop/s per core, at most 4 Execs running so
// each has a whole core), exponential service with mean 10 ms, an unbounded FIFO queue.
// Erlang C: mean response 15.094 ms. See FloorKernel.hpp for how it drives SimGrid.
#include <deque>

#include <xbt/log.h>

#include "BenchCommon.hpp"
#include "FloorKernel.hpp"

namespace {

constexpr double kRate = 300;           // arrivals per second
constexpr double kService = 10e-3;      // mean service time, s
constexpr int kServers = 4;
constexpr double kFlopsPerSecond = 1e9;  // per core
enum Kind { kArrive };

class Mm4 : public bench::FloorKernel::Model {
 public:
  Mm4(const bench::Args& a, bench::Stats& stats) : end_(a.duration_s), rng_(a.seed), stats_(stats) {}
  void attach(bench::FloorKernel* k) {
    k_ = k;
    k_->at(rng_.exponential(1 / kRate), kArrive, 0);
  }
  bool deferrable(const bench::FloorKernel::Event&) const override { return busy_ == kServers; }
  void on_event(const bench::FloorKernel::Event&) override {
    double t = k_->now();
    stats_.created();
    double next = t + rng_.exponential(1 / kRate);
    if (next < end_)
      k_->at(next, kArrive, 0);
    if (busy_ < kServers)
      start(t);
    else
      queue_.push_back(t);
  }
  void on_done(int, int, std::uint32_t req) override {
    stats_.complete(created_[req], k_->now());
    free_ids_.push_back(req);
    --busy_;
    if (!queue_.empty()) {
      double created = queue_.front();
      queue_.pop_front();
      start(created);
    }
  }

 private:
  void start(double created) {
    std::uint32_t id;
    if (free_ids_.empty()) {
      id = static_cast<std::uint32_t>(created_.size());
      created_.push_back(created);
    } else {
      id = free_ids_.back();
      free_ids_.pop_back();
      created_[id] = created;
    }
    ++busy_;
    k_->start_exec(0, rng_.exponential(kService) * kFlopsPerSecond, 0, id);
  }
  double end_;
  bench::Rng rng_;
  bench::Stats& stats_;
  bench::FloorKernel* k_ = nullptr;
  int busy_ = 0;
  std::deque<double> queue_;           // creation times of the waiting requests
  std::vector<double> created_;        // by request id, for the running ones
  std::vector<std::uint32_t> free_ids_;
};

}  // namespace

int main(int argc, char** argv) {
  bench::Args args(argc, argv, 1020, 20);
  xbt_log_control_set("root.thres:warning");
  simgrid::s4u::Engine engine(&argc, argv);
  auto* zone = simgrid::s4u::create_full_zone("world");
  simgrid::s4u::Host* host = zone->create_host("server", kFlopsPerSecond)->set_core_count(kServers)->seal();
  zone->seal();
  bench::Stats stats(args.warmup_s, args.duration_s);
  Mm4 model(args, stats);
  bench::FloorKernel kernel({host}, model);
  model.attach(&kernel);
  kernel.run();
  stats.print("floor", "mm4");
  return 0;
}
