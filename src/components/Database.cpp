// See include/ladder/components/Database.hpp.
#include "ladder/components/Database.hpp"

#include <cmath>

namespace ladder {

namespace {
constexpr double kBytesPerKiB = 1024;
constexpr double kKiBPerGiB = 1024.0 * 1024.0;
}  // namespace

Database::Database(const DbConfig& cfg, const WorkloadConfig& workload, ServiceConfig service, std::uint64_t seed,
                   int replica, std::string name, Wiring wiring)
    : cfg_(cfg), service_(service), replica_(replica), name_(std::move(name)),
      w_(std::move(wiring)), rng_(seed, name_),
      host_slot_(w_.host_meter.add(&w_.meter)),
      connections_(cfg.connections, cfg.queue_limit, cfg.queue_timeout_ms / 1e3, w_.meter) {
  if (w_.apply_meter)
    apply_slot_ = w_.host_meter.add(w_.apply_meter);
  w_.metrics.stats().add(stats_);
  if (w_.log && replica == 0)  // the log has no metrics of its own: its primary files its stats
    w_.metrics.stats().add(w_.log->stats());
  const double memory_gib = replica > 0 ? cfg.replica_memory_gib : cfg.memory_gib;
  if (cfg.buffer_pool && memory_gib > 0) {
    const double rows_per_page = std::max(1.0, std::floor(cfg.page_kb / cfg.row_kb));
    pages_ = static_cast<std::uint64_t>(std::ceil(static_cast<double>(workload.keys) / rows_per_page));
    auto capacity = static_cast<std::uint64_t>(memory_gib * cfg.buffer_pool_fraction * kKiBPerGiB / cfg.page_kb);
    // A pool smaller than one page holds nothing: every read goes to disk.
    if (pages_ > capacity)
      buffer_pool_ = std::make_unique<KeyCache>(KeyCacheConfig{EvictionPolicy::lru, std::max<std::uint64_t>(capacity, 1), 0, 0});
    pool_holds_nothing_ = capacity == 0;
  }
}

bool Database::page_resident(std::uint64_t key, double now) {
  if (!buffer_pool_)
    return true;
  std::uint64_t page = mix64(key) % pages_;
  if (pool_holds_nothing_)
    return false;
  if (buffer_pool_->get(page, now).hit)
    return true;
  buffer_pool_->put(page, 0, 1, now);
  return false;
}

void Database::on_event(int kind, RequestId req) {
  double now = w_.kernel.now();
  if (kind == kShip) {  // a commit reaches this replica
    Commit c = in_transit_.front();
    in_transit_.pop_front();
    c.arrived = now;
    apply_queue_.push_back(c);
    w_.apply_meter->arrive(now);
    w_.apply_meter->set_queue(now, static_cast<int>(apply_queue_.size()) - (applying_ ? 1 : 0));
    if (!applying_)
      start_apply();
    return;
  }
  Request& r = w_.pool[req];
  r.db_entered = now;
  w_.meter.arrive(now);
  switch (connections_.admit(req, now)) {
    case SlotQueue::Admission::started:
      start(req);
      break;
    case SlotQueue::Admission::refused:
      w_.meter.reject(now);
      r.error = ErrorKind::db_queue_full;
      send_back(req);
      break;
    case SlotQueue::Admission::queued:
      break;
  }
}

void Database::start(RequestId req) {
  const double now = w_.kernel.now();
  const Request& r = w_.pool[req];
  const step::Query& q = *r.query;
  if (w_.log && !q.write) {  // a read: what version does it see?
    const std::uint64_t pos = w_.log->position(replica_);
    if (w_.metrics.measured(now)) {
      const auto c = static_cast<std::size_t>(r.cls);
      if (stats_.reads.size() <= c)
        stats_.reads.resize(c + 1);
      ConsistencyCounts& k = stats_.reads[c];
      ++(replica_ > 0 ? k.reads_replica : k.reads_primary);
      k.stale += replica_ > 0 && w_.log->latest(r.key) > pos;
      k.read_your_writes += replica_ > 0 && r.token > pos;
    }
  }
  double ms = service_.draw(rng_, q.cpu_ms) * slow_;
  w_.host_meter.change(now, host_slot_, +1);
  w_.kernel.start_exec(w_.host, ms * w_.flops_per_ms, this, kCpu, req);
}

void Database::on_done(int kind, RequestId req) {
  double now = w_.kernel.now();
  if (kind == kApply) {
    w_.host_meter.change(now, apply_slot_, -1);
    Commit c = apply_queue_.front();
    apply_queue_.pop_front();
    applying_ = false;
    w_.log->applied(replica_, c.position);
    w_.metrics.timeline_lag(now, now - c.committed);
    if (w_.metrics.measured(now)) {
      ++stats_.applied;
      w_.log->stats().lag_ms.add((now - c.committed) * 1e3);
    }
    w_.apply_meter->depart(now, now - c.arrived);
    w_.apply_meter->set_busy(now, 0);
    if (!apply_queue_.empty())
      start_apply();
    return;
  }
  const Request& r = w_.pool[req];
  const step::Query& q = *r.query;
  if (kind == kCpu) {
    w_.host_meter.change(now, host_slot_, -1);
    double kb = q.io_kb;
    if (!q.write && buffer_pool_) {
      bool hit = page_resident(r.key, now);
      w_.meter.buffer_pool(now, hit);
      if (!hit)
        kb += cfg_.page_kb;
    } else if (buffer_pool_) {
      page_resident(r.key, now);  // a written row's page is in memory afterwards
    } else if (!q.write && cfg_.buffer_pool) {
      w_.meter.buffer_pool(now, true);
    }
    if (kb > 0 && w_.storage) {
      if (io_in_flight_++ == 0)
        w_.meter.set_disk(now, true);
      double bytes = kb * kBytesPerKiB * (q.write ? w_.write_cost : 1.0);
      w_.kernel.start_exec(w_.storage, bytes, this, kIo, req);
      return;
    }
  } else if (--io_in_flight_ == 0) {
    w_.meter.set_disk(now, false);
  }
  if (q.write && r.error == ErrorKind::none && !replicas_.empty())
    commit(req);
  reply(req);
}

void Database::commit(RequestId req) {
  const double now = w_.kernel.now();
  const Request& r = w_.pool[req];
  std::uint64_t position = w_.log->commit(r.key, r.user, now);
  if (w_.metrics.measured(now))
    ++stats_.commits;
  for (Database* replica : replicas_) {
    replica->in_transit_.push_back({position, now, 0});
    w_.kernel.after(cfg_.replication_ms / 1e3, replica, kShip, 0);
  }
}

void Database::start_apply() {
  applying_ = true;
  double now = w_.kernel.now();
  w_.apply_meter->set_queue(now, static_cast<int>(apply_queue_.size()) - 1);
  w_.apply_meter->set_busy(now, 1);
  w_.host_meter.change(now, apply_slot_, +1);
  w_.kernel.start_exec(w_.host, cfg_.apply_cpu_ms * slow_ * w_.flops_per_ms, this, kApply, 0);
}

double Database::lag_s(double now) const {
  if (!apply_queue_.empty())
    return now - apply_queue_.front().committed;
  if (!in_transit_.empty())
    return now - in_transit_.front().committed;
  return 0;
}

void Database::send_back(RequestId req) {
  const ReplyTo& to = w_.pool[req].reply;
  w_.kernel.after(w_.reply_s, to.to, to.event, req);
}

void Database::reply(RequestId req) {
  double now = w_.kernel.now();
  w_.meter.depart(now, now - w_.pool[req].db_entered);
  send_back(req);
  auto next = connections_.release(now, [&](RequestId expired) {
    w_.meter.reject(now);
    w_.pool[expired].error = ErrorKind::db_timeout;
    send_back(expired);
  });
  if (next)
    start(*next);
}

}  // namespace ladder
