// See include/ladder/components/Database.hpp.
#include "ladder/components/Database.hpp"

#include "ladder/components/AppServer.hpp"

namespace ladder {

namespace {
constexpr double kBytesPerKiB = 1024;
}

Database::Database(const DbConfig& cfg, const WorkloadConfig& workload, ServiceConfig service,
                   std::uint64_t seed, Wiring wiring)
    : cfg_(cfg), workload_(workload), service_(service), w_(std::move(wiring)), rng_(seed, "db"),
      host_slot_(w_.host_meter.add(&w_.meter)), queue_timeout_s_(cfg.queue_timeout_ms / 1e3) {}

void Database::set_busy(int delta) {
  busy_ += delta;
  w_.meter.set_busy(w_.kernel.now(), busy_);
}

void Database::on_event(int /*kQuery*/, RequestId req) {
  double now = w_.kernel.now();
  Request& r = w_.pool[req];
  r.db_entered = now;
  w_.meter.arrive(now);
  if (busy_ < cfg_.connections) {
    start(req);
    return;
  }
  if (static_cast<int>(queue_.size()) >= cfg_.queue_limit) {
    w_.meter.reject(now);
    r.error = ErrorKind::db_queue_full;
    w_.kernel.after(w_.to_app_s, w_.apps[static_cast<std::size_t>(r.backend)], AppServer::kDbReply, req);
    return;
  }
  queue_.push_back(req);
  w_.meter.set_queue(now, static_cast<int>(queue_.size()));
}

void Database::start(RequestId req) {
  set_busy(+1);
  const ClassDemand& d = workload_.classes[static_cast<std::size_t>(w_.pool[req].cls)];
  double ms = service_.draw(rng_, d.db_cpu_ms);
  w_.host_meter.change(w_.kernel.now(), host_slot_, +1);
  w_.kernel.start_exec(w_.host, ms * w_.flops_per_ms, this, kCpu, req);
}

void Database::on_done(int kind, RequestId req) {
  double now = w_.kernel.now();
  const ClassDemand& d = workload_.classes[static_cast<std::size_t>(w_.pool[req].cls)];
  if (kind == kCpu) {
    w_.host_meter.change(now, host_slot_, -1);
    if (d.db_io_kb > 0 && w_.storage) {
      if (io_in_flight_++ == 0)
        w_.meter.set_disk(now, true);
      double bytes = d.db_io_kb * kBytesPerKiB * (d.db_write ? w_.write_cost : 1.0);
      w_.kernel.start_exec(w_.storage, bytes, this, kIo, req);
      return;
    }
  } else if (--io_in_flight_ == 0) {
    w_.meter.set_disk(now, false);
  }
  reply(req);
}

void Database::reply(RequestId req) {
  double now = w_.kernel.now();
  Request& r = w_.pool[req];
  w_.meter.depart(now, now - r.db_entered);
  w_.kernel.after(w_.to_app_s, w_.apps[static_cast<std::size_t>(r.backend)], AppServer::kDbReply, req);
  set_busy(-1);
  while (!queue_.empty()) {
    RequestId next = queue_.front();
    queue_.pop_front();
    w_.meter.set_queue(now, static_cast<int>(queue_.size()));
    Request& q = w_.pool[next];
    if (now - q.db_entered > queue_timeout_s_) {
      w_.meter.reject(now);
      q.error = ErrorKind::db_timeout;
      w_.kernel.after(w_.to_app_s, w_.apps[static_cast<std::size_t>(q.backend)], AppServer::kDbReply, next);
      continue;
    }
    start(next);
    return;
  }
}

}  // namespace ladder
