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
      host_slot_(w_.host_meter.add(&w_.meter)),
      connections_(cfg.connections, cfg.queue_limit, cfg.queue_timeout_ms / 1e3, w_.meter) {}

void Database::on_event(int /*kQuery*/, RequestId req) {
  double now = w_.kernel.now();
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
  const ClassDemand& d = workload_.classes[static_cast<std::size_t>(w_.pool[req].cls)];
  double ms = service_.draw(rng_, d.db_cpu_ms) * slow_;
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

void Database::send_back(RequestId req) {
  w_.kernel.after(w_.to_app_s, w_.apps[static_cast<std::size_t>(w_.pool[req].backend)],
                  AppServer::kDbReply, req);
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
