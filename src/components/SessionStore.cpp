// See include/ladder/components/SessionStore.hpp.
#include "ladder/components/SessionStore.hpp"

namespace ladder {

SessionStore::SessionStore(const SessionStoreConfig& cfg, Wiring wiring)
    : w_(std::move(wiring)),
      loop_(this, cfg.op_cpu_ms, {w_.kernel, w_.pool, w_.host, w_.flops_per_ms, w_.host_meter, w_.meter}) {}

void SessionStore::on_event(int /*kCommand*/, RequestId req) { loop_.submit(req); }

void SessionStore::on_done(int /*kind*/, RequestId req) {
  loop_.finished(req, [&](RequestId r) {
    const ReplyTo& to = w_.pool[r].reply;
    w_.kernel.after(w_.reply_s, to.to, to.event, r);
  });
}

}  // namespace ladder
