// See include/ladder/components/Replication.hpp.
#include "ladder/components/Replication.hpp"

#include <fmt/format.h>

#include "ladder/components/Database.hpp"

namespace ladder {

int ReadRouter::route(bool primary_only, std::uint64_t user, double now, std::uint64_t& token) {
  const int n = log_.replicas();
  const ReplicationLog::UserWrite w = log_.last_write(user);
  token = w.position;
  if (n == 0 || primary_only)
    return 0;
  if (policy_ == ReadPolicy::primary_window && now - w.t < window_s_)
    return 0;
  for (int k = 0; k < n; ++k) {
    int r = 1 + (next_ + k) % n;
    if (!log_.routable(r))
      continue;
    if (policy_ == ReadPolicy::write_token && log_.position(r) < w.position)
      continue;  // has not applied the user's last write yet
    next_ = (next_ + k + 1) % n;
    return r;
  }
  return 0;
}

void LagMonitor::on_event(int /*kind*/, RequestId /*req*/) {
  const double now = kernel_.now();
  for (Database* db : replicas_) {
    const int r = db->replica_index();
    const double lag = db->lag_s(now);
    if (log_.routable(r) && lag > max_lag_s_) {
      log_.set_routable(r, false);
      if (metrics_.measured(now))
        ++stats_.evictions;
      metrics_.event(now, db->name(), "evicted",
                     fmt::format("lag {:.0f} ms > {:.0f} ms: no reads routed to it", lag * 1e3, max_lag_s_ * 1e3));
    } else if (!log_.routable(r) && lag < max_lag_s_ / 2) {
      log_.set_routable(r, true);
      if (metrics_.measured(now))
        ++stats_.readmissions;
      metrics_.event(now, db->name(), "readmitted",
                     fmt::format("lag {:.0f} ms < {:.0f} ms: reads routed to it again", lag * 1e3, max_lag_s_ * 500));
    }
  }
  kernel_.after(interval_s_, this, 0, 0);
}

}  // namespace ladder
