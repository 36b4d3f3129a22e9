// The limit: M/M/4 FCFS at ρ = 0.75 with a hand-written event heap and no SimGrid (the same
// model as scenarios/validation/mmc.json and FloorMm4.cpp: arrivals 300/s, 4 servers,
// exponential service with mean 10 ms, unbounded FIFO queue; Erlang C mean 15.094 ms).
// Two event kinds, arrival and departure, in one binary heap.
#include <deque>
#include <queue>

#include "BenchCommon.hpp"

namespace {

constexpr double kRate = 300;
constexpr double kService = 10e-3;
constexpr int kServers = 4;

struct Event {
  double t;
  double created;  // departures: when the request arrived
  bool arrival;
  bool operator>(const Event& o) const { return t > o.t; }
};

}  // namespace

int main(int argc, char** argv) {
  bench::Args args(argc, argv, 1020, 20);
  bench::Rng rng(args.seed);
  bench::Stats stats(args.warmup_s, args.duration_s);
  std::priority_queue<Event, std::vector<Event>, std::greater<>> heap;
  std::deque<double> queue;
  int busy = 0;
  heap.push({rng.exponential(1 / kRate), 0, true});
  while (!heap.empty()) {
    Event ev = heap.top();
    heap.pop();
    if (ev.arrival) {
      stats.created();
      double next = ev.t + rng.exponential(1 / kRate);
      if (next < args.duration_s)
        heap.push({next, 0, true});
      if (busy < kServers) {
        ++busy;
        heap.push({ev.t + rng.exponential(kService), ev.t, false});
      } else {
        queue.push_back(ev.t);
      }
    } else {
      stats.complete(ev.created, ev.t);
      if (queue.empty()) {
        --busy;
      } else {
        heap.push({ev.t + rng.exponential(kService), queue.front(), false});
        queue.pop_front();
      }
    }
  }
  stats.print("heap", "mm4");
  return 0;
}
