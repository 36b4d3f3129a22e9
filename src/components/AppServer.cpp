// See include/ladder/components/AppServer.hpp.
#include "ladder/components/AppServer.hpp"

#include "ladder/components/LoadBalancer.hpp"
#include "ladder/components/Workload.hpp"

namespace ladder {

AppServer::AppServer(int index, const AppConfig& cfg, const WorkloadConfig& workload,
                     ServiceConfig service, std::uint64_t seed, Wiring wiring)
    : cfg_(cfg), workload_(workload), service_(service), w_(wiring),
      rng_(seed, "app-" + std::to_string(index)), host_slot_(w_.host_meter.add(&w_.meter)),
      workers_(cfg.workers, cfg.queue_limit, cfg.queue_timeout_ms / 1e3, w_.meter) {}

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
  switch (workers_.admit(req, now)) {
    case SlotQueue::Admission::started:
      start(req);
      break;
    case SlotQueue::Admission::refused:
      w_.meter.reject(now);
      r.error = ErrorKind::queue_full;
      respond(req);  // refused at once: no worker was held
      break;
    case SlotQueue::Admission::queued:
      break;
  }
}

void AppServer::start(RequestId req) {
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
  w_.meter.depart(now, now - w_.pool[req].entered);
  release_worker();
  respond(req);
}

void AppServer::respond(RequestId req) {
  if (w_.lb)
    w_.lb->answered(w_.pool[req].backend);
  w_.client->respond(req, w_.to_client_s);
}

void AppServer::release_worker() {
  double now = w_.kernel.now();
  auto next = workers_.release(now, [&](RequestId expired) {
    w_.meter.reject(now);
    w_.pool[expired].error = ErrorKind::queue_timeout;
    respond(expired);
  });
  if (next)
    start(*next);
}

}  // namespace ladder
