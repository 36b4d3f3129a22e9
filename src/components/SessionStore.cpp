// See include/ladder/components/SessionStore.hpp.
#include "ladder/components/SessionStore.hpp"

#include "ladder/components/AppServer.hpp"

namespace ladder {

SessionStore::SessionStore(const SessionStoreConfig& cfg, Wiring wiring)
    : w_(std::move(wiring)),
      loop_(this, cfg.op_cpu_ms, {w_.kernel, w_.pool, w_.host, w_.flops_per_ms, w_.host_meter, w_.meter}) {}

void SessionStore::on_event(int /*kCommand*/, RequestId req) { loop_.submit(req); }

void SessionStore::on_done(int /*kind*/, RequestId req) {
  loop_.finished(req, [&](RequestId r) {
    w_.kernel.after(w_.to_app_s, w_.apps[static_cast<std::size_t>(w_.pool[r].backend)], AppServer::kStoreReply, r);
  });
}

}  // namespace ladder
