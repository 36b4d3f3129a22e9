// The metrics sink: components report what happens (a request finished, a queue changed, a
// core became busy); the sink integrates it over the measured window [warm-up, end] and
// produces the numbers of a Result. Components never format or write anything.
//
// Time-weighted quantities (utilization, queue length, requests in system) are integrated
// exactly, as piecewise-constant functions of time clipped to the measured window.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <typeindex>
#include <typeinfo>
#include <vector>

#include "ladder/metrics/Histogram.hpp"
#include "ladder/report/Result.hpp"
#include "ladder/scenario/Scenario.hpp"

namespace ladder {

enum class ErrorKind : int {
  none = 0,
  queue_full,     ///< the app server's accept queue was full
  queue_timeout,  ///< waited in the app server's queue past its timeout
  db_queue_full,  ///< the database's connection queue was full
  db_timeout,     ///< waited for a database connection past its timeout
  client_timeout,  ///< the response came back after the client had given up
  unauthorized,    ///< the server could not find the request's session (the user logs in again)
  not_found,       ///< a download reached a server whose local disk does not hold the file
  backend_down,    ///< sent to a server that was down or cut off (before health checks noticed)
  no_backend,      ///< the load balancer had no server in service
  crashed,         ///< in flight on a server when it crashed
  unreachable,     ///< answered by a server cut off from the load balancer: the response is lost
  drain_cut,       ///< still in flight on a server when its drain period after a scale-in ended
  call_timeout,    ///< a call to another service got no reply within its timeout_ms (retries included)
  breaker_open,    ///< a call refused at once by the open circuit breaker of its edge
  failed           ///< a fail step: the endpoint's own error (a bug rate, a flaky dependency)
};
inline constexpr int kErrorKindCount = 16;
const char* to_string(ErrorKind e);

/// Integral of a piecewise-constant signal over [from, to], plus what a least-squares slope
/// needs. `set` must be called with non-decreasing times.
class TimeIntegral {
 public:
  TimeIntegral(double from, double to) : from_(from), to_(to), last_t_(0) {}
  void set(double t, double value);
  /// Close the signal at `to` (idempotent).
  void finish();
  double mean() const;   ///< time-average over [from, to]
  double max() const { return max_; }
  double slope() const;  ///< least-squares slope of the signal over [from, to], per second

 private:
  void accumulate(double t);
  double from_, to_;
  double last_t_;
  double value_ = 0;
  double area_ = 0;     ///< ∫ v dt
  double t_area_ = 0;   ///< ∫ t·v dt
  double max_ = 0;
  bool finished_ = false;
};

class HostMeter;

/// The stats structs of the component instances, by kind (the struct's type), in the order
/// they were added. Components own and count their stats; the book only lets the report find
/// them after the run. It knows no kind: a new kind's stats need no change here.
class StatsBook {
 public:
  /// `s` must outlive the book's readers (a component registers its own member).
  template <class S> void add(const S& s) { entries_.push_back({std::type_index(typeid(S)), &s}); }
  /// Every instance's stats of kind S, in the order they were added.
  template <class S> std::vector<const S*> all() const {
    std::vector<const S*> out;
    for (const Entry& e : entries_)
      if (e.type == std::type_index(typeid(S)))
        out.push_back(static_cast<const S*>(e.stats));
    return out;
  }

 private:
  struct Entry {
    std::type_index type;
    const void* stats;
  };
  std::vector<Entry> entries_;
};

/// What one component (an app server, the database) reports.
class ComponentMeter {
 public:
  ComponentMeter(std::string name, std::string kind, std::string instance, std::string host,
                 int vcpus, int pool_size, double from, double to);
  void arrive(double t);            ///< a request entered (queue or service)
  void depart(double t, double residence_s);  ///< a request left after service
  void reject(double t);            ///< a request was refused or timed out in the queue
  void drop(double t);              ///< a request was lost to a fault (crash, drain cut): no refusal
  void buffer_pool(double t, bool hit);  ///< a database read found its page in memory, or not
  void set_queue(double t, int n);  ///< requests waiting
  void set_busy(double t, int n);   ///< workers/connections in use
  void set_cpu(double t, double cores_busy);  ///< cores this component is using
  void set_disk(double t, bool busy);
  ComponentResult result();
  const std::string& name() const { return r_.name; }
  const std::string& kind() const { return r_.kind; }
  /// How fast the queue grew while it was growing: its peak length over the time from the first
  /// queued request to the first moment at that peak (whole run, warm-up included); 0 if empty.
  double fill_rate_per_s() const;
  HostMeter* host_meter = nullptr;  ///< set by HostMeter::add

 private:
  ComponentResult r_;
  double from_, to_;
  int pool_size_;
  int in_system_ = 0;
  int peak_queue_ = 0;
  double first_queued_t_ = -1;
  double peak_t_ = 0;
  TimeIntegral queue_, busy_, cpu_, disk_, in_system_area_;
  double residence_sum_ = 0;
  std::uint64_t pool_lookups_ = 0, pool_hits_ = 0;
  std::uint64_t departures_ = 0;
};

/// Tracks the executions running on one host so each component on it gets its share.
/// A c-core host running n executions gives each min(1, c/n) of a core (SimGrid's sharing).
class HostMeter {
 public:
  /// `interval_s` × `intervals` is the timeline the host also reports utilization over.
  /// The last interval ends at `to` (the run's end) when the run is not a whole number of them.
  HostMeter(int cores, double from, double to, double interval_s, std::size_t intervals)
      : cores_(cores), util_(from, to), interval_s_(interval_s), end_(to), interval_area_(intervals, 0.0) {}
  /// Registers a component running on this host; returns its slot.
  int add(ComponentMeter* meter);
  void change(double t, int slot, int delta);
  double utilization();  ///< busy fraction of all cores over the window
  /// Busy fraction of all cores during timeline interval i (call after utilization()).
  double interval_utilization(std::size_t i) const;

 private:
  void accumulate_intervals(double until);
  int cores_;
  int total_ = 0;
  std::vector<ComponentMeter*> meters_;
  std::vector<int> running_;
  TimeIntegral util_;
  double interval_s_;
  double end_;
  std::vector<double> interval_area_;  ///< busy core-seconds per timeline interval
  double last_t_ = 0;
};

class Metrics {
 public:
  Metrics(double warmup_s, double end_s, double timeline_interval_s);
  /// The request classes (endpoints) by index, as results name them; today's six by default.
  void set_classes(std::vector<std::string> names);

  /// A request ended at time `t`. Only requests created at or after warm-up are measured.
  void complete(RequestClass c, double created, double t, ErrorKind error);
  void arrival() { ++arrivals_; }

  /// Something happened to the architecture (a fault, a health-check verdict, a drain): logged
  /// in the result's event list, in time order.
  void event(double t, std::string component, std::string what, std::string detail = {});
  // The stage sections (sessions, uploads, replication, cache) are not kept here: each component
  // kind counts its own stats (AppServerStats, DatabaseStats, …), the sections are views of them
  // (components/StatsViews.hpp), and their labels come from the scenario (sim/Simulation.cpp).
  /// Timeline columns: a replicated write applied `lag_s` after its commit (the interval's
  /// largest lag), and a cache lookup (the interval's hit ratio). Whole run, warm-up included.
  void timeline_lag(double t, double lag_s);
  void timeline_cache_lookup(double t, bool hit);
  /// Where the components leave their stats for the views (they count them themselves).
  StatsBook& stats() { return stats_; }
  const StatsBook& stats() const { return stats_; }
  /// The request classes' names, by class index.
  const std::vector<std::string>& class_names() const { return class_names_; }
  /// The summary of a histogram of one value per event (no batch-means interval).
  static LatencySummary summary(const Histogram& h);
  /// Stats are counted from warm-up to the end of the run.
  bool measured(double t) const { return t >= warmup_ && t <= end_; }

  ComponentMeter& add_component(std::string name, std::string kind, std::string instance,
                                std::string host, int vcpus, int pool_size);
  HostMeter& add_host(int cores);


  /// Fills requests, latency, classes, components, bottleneck, saturation, timeline, sim.arrivals
  /// (the stage sections: fill_views in components/StatsViews.hpp).
  void fill(Result& r);

 private:
  static LatencySummary summarize(const Histogram& h, const std::vector<double>& batch_sum,
                                  const std::vector<std::uint64_t>& batch_n);
  struct Bucket {
    std::uint64_t completed = 0;
    std::uint64_t errors = 0;
    std::array<std::uint32_t, kErrorKindCount> by_kind{};
    double max_lag_s = 0;
    std::uint32_t cache_hits = 0, cache_lookups = 0;
    Histogram latency{0.01};
  };
  StatsBook stats_;
  std::vector<std::string> class_names_;
  std::vector<EventRecord> events_;
  double warmup_, end_;
  double batch_width_;
  double interval_;
  std::uint64_t arrivals_ = 0;
  std::vector<Histogram> by_class_;
  std::vector<std::uint64_t> failed_;
  std::vector<std::uint64_t> departed_;  ///< successes completing in the window
  std::vector<std::array<std::uint64_t, kErrorKindCount>> errors_;
  std::vector<double> batch_sum_;
  std::vector<std::uint64_t> batch_n_;
  std::vector<Bucket> timeline_;
  std::vector<std::unique_ptr<ComponentMeter>> components_;
  std::vector<std::unique_ptr<HostMeter>> hosts_;
};

}  // namespace ladder
