// See include/ladder/metrics/Metrics.hpp.
#include "ladder/metrics/Metrics.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

namespace ladder {

namespace {
constexpr int kBatches = 20;
// Student's t quantile t_{0.975, 19} for a 95% interval over 20 batch means.
constexpr double kT975_19 = 2.093;
constexpr std::size_t kMaxTimelinePoints = 2000;
// A queue that grew by more than this many requests per second over the measured window, or a
// component that refused requests, counts as saturated.
constexpr double kGrowthThreshold = 1.0;
constexpr double kSaturatedUtilization = 0.98;
}  // namespace

const char* to_string(ErrorKind e) {
  switch (e) {
    case ErrorKind::none: return "none";
    case ErrorKind::queue_full: return "queue_full";
    case ErrorKind::queue_timeout: return "queue_timeout";
    case ErrorKind::db_queue_full: return "db_queue_full";
    case ErrorKind::db_timeout: return "db_timeout";
    case ErrorKind::client_timeout: return "client_timeout";
    case ErrorKind::unauthorized: return "unauthorized";
    case ErrorKind::not_found: return "not_found";
    case ErrorKind::backend_down: return "backend_down";
    case ErrorKind::no_backend: return "no_backend";
    case ErrorKind::crashed: return "crashed";
    case ErrorKind::unreachable: return "unreachable";
    case ErrorKind::drain_cut: return "drain_cut";
    case ErrorKind::call_timeout: return "call_timeout";
    case ErrorKind::breaker_open: return "breaker_open";
    case ErrorKind::failed: return "failed";
  }
  return "unknown";
}

// ---- TimeIntegral ----------------------------------------------------------------------------

void TimeIntegral::accumulate(double t) {
  double a = std::max(last_t_, from_);
  double b = std::min(t, to_);
  if (b > a) {
    area_ += value_ * (b - a);
    t_area_ += value_ * (b * b - a * a) / 2;
    max_ = std::max(max_, value_);
  }
  last_t_ = t;
}

void TimeIntegral::set(double t, double value) {
  accumulate(t);
  value_ = value;
  if (t >= from_ && t <= to_)
    max_ = std::max(max_, value_);
}

void TimeIntegral::finish() {
  if (finished_)
    return;
  accumulate(to_);
  finished_ = true;
}

double TimeIntegral::mean() const { return to_ > from_ ? area_ / (to_ - from_) : 0; }

double TimeIntegral::slope() const {
  // Least squares of v(t) on t over [from, to] with v piecewise constant:
  // slope = (∫t·v − t̄∫v) / ∫(t − t̄)², where ∫(t − t̄)² = (to − from)³ / 12.
  double w = to_ - from_;
  if (w <= 0)
    return 0;
  double tbar = (from_ + to_) / 2;
  return (t_area_ - tbar * area_) / (w * w * w / 12);
}

// ---- ComponentMeter --------------------------------------------------------------------------

ComponentMeter::ComponentMeter(std::string name, std::string kind, std::string instance,
                               std::string host, int vcpus, int pool_size, double from, double to)
    : from_(from), to_(to), pool_size_(pool_size), queue_(from, to), busy_(from, to),
      cpu_(from, to), disk_(from, to), in_system_area_(from, to) {
  r_.name = std::move(name);
  r_.kind = std::move(kind);
  r_.instance = std::move(instance);
  r_.host = std::move(host);
  r_.vcpus = vcpus;
}

void ComponentMeter::arrive(double t) { in_system_area_.set(t, ++in_system_); }

void ComponentMeter::depart(double t, double residence_s) {
  in_system_area_.set(t, --in_system_);
  if (t >= from_ && t <= to_) {
    ++departures_;
    residence_sum_ += residence_s;
  }
}

void ComponentMeter::reject(double t) {
  in_system_area_.set(t, --in_system_);
  if (t >= from_ && t <= to_)
    ++r_.rejected;
}

void ComponentMeter::buffer_pool(double t, bool hit) {
  if (t >= from_ && t <= to_) {
    ++pool_lookups_;
    pool_hits_ += hit;
  }
}

void ComponentMeter::drop(double t) { in_system_area_.set(t, --in_system_); }

void ComponentMeter::set_queue(double t, int n) {
  queue_.set(t, n);
  if (n > 0 && first_queued_t_ < 0)
    first_queued_t_ = t;
  if (n > peak_queue_) {
    peak_queue_ = n;
    peak_t_ = t;
  }
}

double ComponentMeter::fill_rate_per_s() const {
  if (peak_queue_ == 0)
    return 0;
  double span = peak_t_ - first_queued_t_;
  // A peak reached within one instant (a burst) has no meaningful rate: report the peak itself.
  return span > 1e-9 ? peak_queue_ / span : static_cast<double>(peak_queue_);
}
void ComponentMeter::set_busy(double t, int n) { busy_.set(t, n); }
void ComponentMeter::set_cpu(double t, double cores_busy) { cpu_.set(t, cores_busy); }
void ComponentMeter::set_disk(double t, bool busy) { disk_.set(t, busy ? 1.0 : 0.0); }

ComponentResult ComponentMeter::result() {
  for (TimeIntegral* ti : {&queue_, &busy_, &cpu_, &disk_, &in_system_area_})
    ti->finish();
  double span = to_ - from_;
  r_.served = departures_;
  r_.throughput_rps = span > 0 ? static_cast<double>(departures_) / span : 0;
  r_.residence_ms = departures_ ? residence_sum_ / static_cast<double>(departures_) * 1e3 : 0;
  r_.queue_mean = queue_.mean();
  r_.queue_max = queue_.max();
  r_.queue_growth_per_s = queue_.slope();
  r_.in_system_mean = in_system_area_.mean();
  r_.in_system_max = in_system_area_.max();
  r_.buffer_pool_hit_ratio = pool_lookups_ ? static_cast<double>(pool_hits_) / static_cast<double>(pool_lookups_) : 0;
  r_.pool_utilization = pool_size_ > 0 ? busy_.mean() / pool_size_ : 0;
  r_.cpu_share = r_.vcpus > 0 ? cpu_.mean() / r_.vcpus : 0;
  r_.disk_utilization = disk_.mean();
  return r_;
}

// ---- HostMeter -------------------------------------------------------------------------------

int HostMeter::add(ComponentMeter* meter) {
  meters_.push_back(meter);
  running_.push_back(0);
  meter->host_meter = this;
  return static_cast<int>(meters_.size()) - 1;
}

void HostMeter::accumulate_intervals(double until) {
  // Spread the busy cores since the last change over the intervals they cover.
  // The interval index is stepped as an integer: recomputing it from a boundary time can round
  // back down (43 × 0.1 / 0.1 = 42.99…) and never advance.
  double busy = std::min(total_, cores_);
  if (busy > 0 && until > last_t_) {
    double from = last_t_;
    for (auto i = static_cast<std::size_t>(from / interval_s_); i < interval_area_.size() && from < until; ++i) {
      double boundary = std::min(until, static_cast<double>(i + 1) * interval_s_);
      if (boundary > from)
        interval_area_[i] += busy * (boundary - from);
      from = std::max(from, boundary);
    }
  }
  last_t_ = std::max(last_t_, until);
}

double HostMeter::interval_utilization(std::size_t i) const {
  if (i >= interval_area_.size() || cores_ <= 0) return 0;
  // The last interval may be cut short by the end of the run: divide by its real length.
  const double width = std::min(interval_s_, end_ - static_cast<double>(i) * interval_s_);
  return width > 0 ? interval_area_[i] / (cores_ * width) : 0;
}

void HostMeter::change(double t, int slot, int delta) {
  accumulate_intervals(t);
  running_[static_cast<std::size_t>(slot)] += delta;
  total_ += delta;
  util_.set(t, std::min(total_, cores_));
  // Each running execution gets min(1, cores/total) of a core.
  double per_exec = total_ > cores_ ? static_cast<double>(cores_) / total_ : 1.0;
  for (std::size_t i = 0; i < meters_.size(); ++i)
    meters_[i]->set_cpu(t, running_[i] * per_exec);
}

double HostMeter::utilization() {
  // Up to the end of the run, not the end of the last whole interval: the final busy state
  // does not carry on past the end.
  accumulate_intervals(std::min(end_, static_cast<double>(interval_area_.size()) * interval_s_));
  util_.finish();
  return cores_ > 0 ? util_.mean() / cores_ : 0;
}

// ---- Metrics ---------------------------------------------------------------------------------

Metrics::Metrics(double warmup_s, double end_s, double timeline_interval_s)
    : warmup_(warmup_s), end_(end_s), batch_width_((end_s - warmup_s) / kBatches),
      interval_(timeline_interval_s), batch_sum_(kBatches, 0.0), batch_n_(kBatches, 0) {
  // Keep the timeline bounded whatever the run length: widen the interval if needed.
  while (end_ / interval_ > static_cast<double>(kMaxTimelinePoints))
    interval_ *= 2;
  timeline_.resize(static_cast<std::size_t>(std::ceil(end_ / interval_)));
  set_classes(std::vector<std::string>(kClassNames.begin(), kClassNames.end()));
}

void Metrics::set_classes(std::vector<std::string> names) {
  class_names_ = std::move(names);
  const std::size_t n = class_names_.size();
  by_class_.assign(n, Histogram());
  failed_.assign(n, 0);
  departed_.assign(n, 0);
  errors_.assign(n, {});
}

void Metrics::complete(RequestClass c, double created, double t, ErrorKind error) {
  auto ci = static_cast<std::size_t>(c);
  auto ti = static_cast<std::size_t>(t / interval_);
  if (ti < timeline_.size()) {
    Bucket& b = timeline_[ti];
    if (error == ErrorKind::none) {
      ++b.completed;
      b.latency.add((t - created) * 1e3);
    } else {
      ++b.errors;
      ++b.by_kind[static_cast<std::size_t>(error)];
    }
  }
  // Throughput counts every success that completes inside the window, whenever it arrived
  // (departures / window length); latency and errors count the requests that arrived in it.
  if (error == ErrorKind::none && t >= warmup_ && t <= end_)
    ++departed_[ci];
  if (created < warmup_ || t > end_)
    return;
  if (error != ErrorKind::none) {
    ++failed_[ci];
    ++errors_[ci][static_cast<std::size_t>(error)];
    return;
  }
  double ms = (t - created) * 1e3;
  by_class_[ci].add(ms);
  auto bi = static_cast<std::size_t>((t - warmup_) / batch_width_);
  if (bi >= static_cast<std::size_t>(kBatches))
    bi = kBatches - 1;
  batch_sum_[bi] += ms;
  ++batch_n_[bi];
}

void Metrics::timeline_lag(double t, double lag_s) {
  auto ti = static_cast<std::size_t>(t / interval_);
  if (ti < timeline_.size())
    timeline_[ti].max_lag_s = std::max(timeline_[ti].max_lag_s, lag_s);
}

void Metrics::timeline_cache_lookup(double t, bool hit) {
  auto ti = static_cast<std::size_t>(t / interval_);
  if (ti < timeline_.size()) {
    ++timeline_[ti].cache_lookups;
    timeline_[ti].cache_hits += hit;
  }
}

void Metrics::event(double t, std::string component, std::string what, std::string detail) {
  events_.push_back({t, std::move(component), std::move(what), std::move(detail)});
}

ComponentMeter& Metrics::add_component(std::string name, std::string kind, std::string instance,
                                       std::string host, int vcpus, int pool_size) {
  components_.push_back(std::make_unique<ComponentMeter>(std::move(name), std::move(kind),
                                                         std::move(instance), std::move(host),
                                                         vcpus, pool_size, warmup_, end_));
  return *components_.back();
}

HostMeter& Metrics::add_host(int cores) {
  hosts_.push_back(std::make_unique<HostMeter>(cores, warmup_, end_, interval_, timeline_.size()));
  return *hosts_.back();
}

LatencySummary Metrics::summary(const Histogram& h) {
  static const std::vector<double> no_sum(kBatches, 0.0);
  static const std::vector<std::uint64_t> no_n(kBatches, 0);
  return summarize(h, no_sum, no_n);
}

LatencySummary Metrics::summarize(const Histogram& h, const std::vector<double>& batch_sum,
                                  const std::vector<std::uint64_t>& batch_n) {
  LatencySummary s;
  s.count = h.count();
  if (s.count == 0)
    return s;
  s.mean = h.mean();
  s.p50 = h.quantile(0.50);
  s.p90 = h.quantile(0.90);
  s.p95 = h.quantile(0.95);
  s.p99 = h.quantile(0.99);
  s.p999 = h.quantile(0.999);
  s.max = h.max();
  s.stddev = h.stddev();
  // Batch means: the run's measured window cut into 20 consecutive batches; their means are
  // nearly independent when a batch is much longer than the system's correlation time.
  std::vector<double> means;
  for (std::size_t i = 0; i < batch_sum.size(); ++i)
    if (batch_n[i] > 0)
      means.push_back(batch_sum[i] / static_cast<double>(batch_n[i]));
  if (means.size() == static_cast<std::size_t>(kBatches)) {
    double m = 0;
    for (double x : means)
      m += x;
    m /= static_cast<double>(means.size());
    double var = 0;
    for (double x : means)
      var += (x - m) * (x - m);
    var /= static_cast<double>(means.size() - 1);
    s.mean_ci95 = kT975_19 * std::sqrt(var / static_cast<double>(means.size()));
  }
  return s;
}

void Metrics::fill(Result& r) {
  double span = end_ - warmup_;
  r.sim.arrivals = arrivals_;
  RequestTotals total;
  r.classes.clear();
  static const std::vector<double> no_sum(kBatches, 0.0);
  static const std::vector<std::uint64_t> no_n(kBatches, 0);
  for (std::size_t ci = 0; ci < class_names_.size(); ++ci) {
    ClassResult cr;
    cr.name = class_names_[ci];
    cr.requests.completed = by_class_[ci].count();
    cr.requests.failed = failed_[ci];
    for (int e = 1; e < kErrorKindCount; ++e) {
      std::uint64_t n = errors_[ci][static_cast<std::size_t>(e)];
      if (n) {
        cr.requests.errors_by_kind[to_string(static_cast<ErrorKind>(e))] += n;
        total.errors_by_kind[to_string(static_cast<ErrorKind>(e))] += n;
      }
    }
    std::uint64_t n = cr.requests.completed + cr.requests.failed;
    cr.requests.error_rate = n ? static_cast<double>(cr.requests.failed) / static_cast<double>(n) : 0;
    cr.requests.throughput_rps = span > 0 ? static_cast<double>(departed_[ci]) / span : 0;
    cr.latency_ms = summarize(by_class_[ci], no_sum, no_n);
    total.throughput_rps += cr.requests.throughput_rps;
    total.completed += cr.requests.completed;
    total.failed += cr.requests.failed;
    if (n > 0)
      r.classes.push_back(std::move(cr));
  }
  std::uint64_t n = total.completed + total.failed;
  total.error_rate = n ? static_cast<double>(total.failed) / static_cast<double>(n) : 0;
  r.requests = total;
  // The overall histogram is the merge of the per-class ones (same buckets): one add per
  // request on the hot path instead of two.
  Histogram all;
  for (const Histogram& h : by_class_)
    all.merge(h);
  r.latency_ms = summarize(all, batch_sum_, batch_n_);

  // Components, then the bottleneck: the busiest CPU or disk. Worker pools are not candidates:
  // a pool full of requests waiting on the database is a symptom, the database the cause.
  r.components.clear();
  for (auto& m : components_) {
    ComponentResult c = m->result();
    c.utilization = m->host_meter ? m->host_meter->utilization() : 0;
    r.components.push_back(std::move(c));
  }
  r.bottleneck = {};
  double best_share = 0;
  for (const auto& c : r.components) {
    // Two components on one host see the same host utilization; the one using more of it wins.
    double u = r.bottleneck.utilization;
    if (c.utilization > u + 1e-12 || (c.utilization > 0 && std::abs(c.utilization - u) <= 1e-12 &&
                                      c.cpu_share > best_share)) {
      r.bottleneck = {c.name, "cpu", c.utilization};
      best_share = c.cpu_share;
    }
    if (c.disk_utilization > r.bottleneck.utilization + 1e-12) {
      r.bottleneck = {c.name, "disk", c.disk_utilization};
      best_share = 0;
    }
  }

  // Saturation: a resource pinned near 100%, requests refused, or a queue still growing at the
  // end of the run. "Where" is the saturated resource when there is one (the cause), else the
  // component refusing requests; the growth rate is that of the fastest-filling queue (where the
  // backlog shows, often upstream of the cause).
  r.saturation = {};
  const ComponentResult* backlog = nullptr;
  double backlog_rate = 0;
  for (std::size_t i = 0; i < r.components.size(); ++i) {
    const ComponentResult& c = r.components[i];
    double rate = std::max(c.queue_growth_per_s, c.rejected > 0 ? components_[i]->fill_rate_per_s() : 0.0);
    bool growing = c.rejected > 0 || c.queue_growth_per_s > kGrowthThreshold;
    if (growing && (!backlog || rate > backlog_rate)) {
      backlog = &c;
      backlog_rate = rate;
    }
  }
  bool pinned = r.bottleneck.utilization >= kSaturatedUtilization;
  if (pinned || backlog) {
    r.saturation.saturated = true;
    r.saturation.component = pinned ? r.bottleneck.component : backlog->name;
    r.saturation.queue_growth_per_s = backlog ? backlog_rate : 0;
    std::string why = pinned ? fmt::format("{} {} at {:.0f}%", r.bottleneck.component,
                                           r.bottleneck.resource, r.bottleneck.utilization * 100)
                             : backlog->name + "'s queue kept growing";
    if (backlog && backlog->rejected > 0)
      why += fmt::format("; {}'s queue filled at {:.3g} req/s and refused {} requests", backlog->name,
                         backlog_rate, backlog->rejected);
    else if (backlog)
      why += fmt::format("; {}'s queue grew by {:.3g} req/s", backlog->name, backlog_rate);
    r.saturation.reason = why;
  }

  r.events = events_;

  // Load imbalance across the app servers that served anything, busiest over mean, leaving out
  // those an event touched (crashed, cut, slowed, added or removed): their share of the window's
  // requests says more about the fault than about the routing policy.
  std::set<std::string> touched;
  for (const auto& e : events_)
    touched.insert(e.component);
  double most = 0, sum = 0;
  int serving = 0;
  for (const auto& c : r.components)
    if (c.kind == "app" && c.served + c.rejected > 0 && !touched.count(c.name)) {
      auto handled = static_cast<double>(c.served + c.rejected);
      most = std::max(most, handled);
      sum += handled;
      ++serving;
    }
  r.imbalance = serving > 1 && sum > 0 ? most / (sum / serving) : 0;

  r.timeline.clear();
  for (std::size_t i = 0; i < timeline_.size(); ++i) {
    const Bucket& b = timeline_[i];
    TimelinePoint p;
    p.t_s = static_cast<double>(i) * interval_;
    double w = std::min(interval_, end_ - p.t_s);
    p.throughput_rps = w > 0 ? static_cast<double>(b.completed) / w : 0;
    p.p50_ms = b.latency.quantile(0.5);
    p.p99_ms = b.latency.quantile(0.99);
    p.errors = b.errors;
    p.replication_lag_ms = b.max_lag_s * 1e3;
    p.cache_hit_ratio = b.cache_lookups ? static_cast<double>(b.cache_hits) / b.cache_lookups : 0.0;
    for (int e = 1; e < kErrorKindCount; ++e)
      if (auto count = b.by_kind[static_cast<std::size_t>(e)])
        p.errors_by_kind[to_string(static_cast<ErrorKind>(e))] = count;
    for (const auto& m : components_)
      if (m->host_meter && m->kind() != "apply")  // an apply thread shares its replica's host
        p.utilization[m->name()] = m->host_meter->interval_utilization(i);
    r.timeline.push_back(p);
  }
}

}  // namespace ladder
