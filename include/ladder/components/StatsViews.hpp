// The result's stage sections as views of the component kinds' stats. Each kind counts its own
// stats (a struct next to the component, counted from warm-up on); after the run these sum
// them over the instances of the kind and derive the ratios from the sums:
//   sessions     ← AppServerStats (every app server) + WorkloadStats (relogins)
//   uploads      ← AppServerStats (every app server)
//   replication  ← DatabaseStats (the primary and every replica) + ReplicationStats (the lag
//                  histogram) + LagMonitorStats (evictions, readmissions)
//   cache        ← CacheServerStats (every cache node)
// Only integer counts are summed (in any order, the same bits); a ratio is derived once from the
// sums, and the lag histogram is one per replication log, filled in event order, never merged.
// The sections' labels (store kind, replicas, policies) are the scenario's, set by the caller.
#pragma once

#include <string>
#include <vector>

#include "ladder/components/AppServer.hpp"
#include "ladder/components/CacheServer.hpp"
#include "ladder/components/Database.hpp"
#include "ladder/components/Replication.hpp"
#include "ladder/components/Workload.hpp"
#include "ladder/metrics/Metrics.hpp"
#include "ladder/report/Result.hpp"

namespace ladder {

/// Adds one app server's counts to the sessions and uploads sections.
void add_view(const AppServerStats& s, SessionResult& sessions, UploadResult& uploads);
void add_view(const WorkloadStats& s, SessionResult& sessions);
/// Adds one database's counts; its reads by class index are named by `class_names` (a class
/// with no reads adds no key to `by_class`).
void add_view(const DatabaseStats& s, const std::vector<std::string>& class_names, ReplicationResult& r);
void add_view(const LagMonitorStats& s, ReplicationResult& r);
/// The lag summary of the replication logs' histograms (today at most one log: its histogram
/// as it was filled; several would be merged).
LatencySummary lag_view(const std::vector<const ReplicationStats*>& logs);
/// The cache section's counts summed over the nodes, and its ratios derived from the sums.
void cache_view(const std::vector<const CacheServerStats*>& nodes, CacheResult& c);

/// Fills the sessions, uploads, replication and cache sections of `r` (whose labels are already
/// set) from every stats struct in `book`.
void fill_views(const StatsBook& book, const std::vector<std::string>& class_names, Result& r);

}  // namespace ladder
