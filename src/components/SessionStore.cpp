// See include/ladder/components/SessionStore.hpp.
#include "ladder/components/SessionStore.hpp"

#include <limits>

#include "ladder/components/AppServer.hpp"

namespace ladder {

namespace {
constexpr int kUnboundedQueue = std::numeric_limits<int>::max();
constexpr double kNoTimeout = std::numeric_limits<double>::infinity();
}  // namespace

SessionStore::SessionStore(const SessionStoreConfig& cfg, Wiring wiring)
    : cfg_(cfg), w_(std::move(wiring)), host_slot_(w_.host_meter.add(&w_.meter)),
      loop_(1, kUnboundedQueue, kNoTimeout, w_.meter) {}

void SessionStore::on_event(int /*kCommand*/, RequestId req) {
  double now = w_.kernel.now();
  w_.pool[req].db_entered = now;
  w_.meter.arrive(now);
  if (loop_.admit(req, now) == SlotQueue::Admission::started)
    start(req);
}

void SessionStore::start(RequestId req) {
  w_.host_meter.change(w_.kernel.now(), host_slot_, +1);
  w_.kernel.start_exec(w_.host, cfg_.op_cpu_ms * slow_ * w_.flops_per_ms, this, 0, req);
}

void SessionStore::on_done(int /*kind*/, RequestId req) {
  double now = w_.kernel.now();
  w_.host_meter.change(now, host_slot_, -1);
  w_.meter.depart(now, now - w_.pool[req].db_entered);
  w_.kernel.after(w_.to_app_s, w_.apps[static_cast<std::size_t>(w_.pool[req].backend)], AppServer::kStoreReply,
                  req);
  if (auto next = loop_.release(now, [](RequestId) {}))
    start(*next);
}

}  // namespace ladder
