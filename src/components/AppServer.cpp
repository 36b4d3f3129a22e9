// See include/ladder/components/AppServer.hpp.
#include "ladder/components/AppServer.hpp"

#include "ladder/components/LoadBalancer.hpp"
#include "ladder/components/Workload.hpp"

namespace ladder {

AppServer::AppServer(int index, const AppConfig& cfg, const WorkloadConfig& workload,
                     ServiceConfig service, std::uint64_t seed, Wiring wiring)
    : index_(index), cfg_(cfg), workload_(workload), service_(service), w_(wiring),
      rng_(seed, "app-" + std::to_string(index)), host_slot_(w_.host_meter.add(&w_.meter)),
      queue_timeout_s_(cfg.queue_timeout_ms / 1e3) {}

void AppServer::set_busy(int delta) {
  busy_ += delta;
  w_.meter.set_busy(w_.kernel.now(), busy_);
}

void AppServer::accept(RequestId req, double t) {
  if (t > w_.kernel.now())
    w_.kernel.at(t, this, kArrive, req);
  else
    admit(req);
}

void AppServer::on_event(int kind, RequestId req) {
  if (kind == kArrive)
    admit(req);
  else  // kDbReply: the query is back (or failed); the response leaves
    finish(req);
}

void AppServer::admit(RequestId req) {
  double now = w_.kernel.now();
  Request& r = w_.pool[req];
  r.entered = now;
  w_.meter.arrive(now);
  if (busy_ < cfg_.workers) {
    start(req);
    return;
  }
  if (static_cast<int>(queue_.size()) >= cfg_.queue_limit) {
    w_.meter.reject(now);
    r.error = ErrorKind::queue_full;
    finish(req);  // refused at once: no worker was held
    return;
  }
  queue_.push_back(req);
  w_.meter.set_queue(now, static_cast<int>(queue_.size()));
}

void AppServer::start(RequestId req) {
  set_busy(+1);
  const ClassDemand& d = workload_.classes[static_cast<std::size_t>(w_.pool[req].cls)];
  double ms = service_.draw(rng_, d.app_cpu_ms);
  w_.host_meter.change(w_.kernel.now(), host_slot_, +1);
  w_.kernel.start_exec(w_.host, ms * w_.flops_per_ms, this, 0, req);
}

void AppServer::on_done(int /*kind*/, RequestId req) {
  w_.host_meter.change(w_.kernel.now(), host_slot_, -1);
  const ClassDemand& d = workload_.classes[static_cast<std::size_t>(w_.pool[req].cls)];
  if (w_.db && d.db_cpu_ms > 0) {
    w_.kernel.after(w_.to_db_s, w_.db, 0, req);  // the worker waits for the query
    return;
  }
  finish(req);
}

void AppServer::finish(RequestId req) {
  double now = w_.kernel.now();
  Request& r = w_.pool[req];
  if (r.error != ErrorKind::queue_full) {
    w_.meter.depart(now, now - r.entered);
    release_worker();
  }
  if (w_.lb)
    w_.lb->answered(r.backend);
  w_.client->respond(req, w_.to_client_s);
}

void AppServer::release_worker() {
  set_busy(-1);
  double now = w_.kernel.now();
  while (!queue_.empty()) {
    RequestId next = queue_.front();
    queue_.pop_front();
    w_.meter.set_queue(now, static_cast<int>(queue_.size()));
    Request& r = w_.pool[next];
    if (now - r.entered > queue_timeout_s_) {
      // Waited too long: dropped at the head of the queue without using a worker.
      w_.meter.reject(now);
      r.error = ErrorKind::queue_timeout;
      if (w_.lb)
        w_.lb->answered(r.backend);
      w_.client->respond(next, w_.to_client_s);
      continue;
    }
    start(next);
    return;
  }
}

}  // namespace ladder
