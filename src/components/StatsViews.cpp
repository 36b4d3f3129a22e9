// See include/ladder/components/StatsViews.hpp.
#include "ladder/components/StatsViews.hpp"

#include <algorithm>

namespace ladder {

void add_view(const AppServerStats& s, SessionResult& sessions, UploadResult& uploads) {
  sessions.logins += s.logins;
  sessions.checked += s.checked;
  sessions.unauthorized_other_server += s.unauthorized_other_server;
  sessions.unauthorized_lost += s.unauthorized_lost;
  sessions.store_lookups += s.store_lookups;
  uploads.uploads += s.uploads;
  uploads.downloads += s.downloads;
  uploads.not_found += s.not_found;
}

void add_view(const WorkloadStats& s, SessionResult& sessions) { sessions.relogins += s.relogins; }

void add_view(const DatabaseStats& s, const std::vector<std::string>& class_names, ReplicationResult& r) {
  r.commits += s.commits;
  r.applied += s.applied;
  for (std::size_t c = 0; c < s.reads.size() && c < class_names.size(); ++c) {
    const ConsistencyCounts& k = s.reads[c];
    if (k.reads_primary + k.reads_replica == 0)
      continue;
    for (ConsistencyCounts* to : {&r.by_class[class_names[c]], &r.total}) {
      to->reads_primary += k.reads_primary;
      to->reads_replica += k.reads_replica;
      to->stale += k.stale;
      to->read_your_writes += k.read_your_writes;
    }
  }
}

void add_view(const LagMonitorStats& s, ReplicationResult& r) {
  r.evictions += s.evictions;
  r.readmissions += s.readmissions;
}

LatencySummary lag_view(const std::vector<const ReplicationStats*>& logs) {
  if (logs.size() == 1)  // as filled: merging would re-add its sums in another order
    return Metrics::summary(logs.front()->lag_ms);
  Histogram all;
  for (const ReplicationStats* log : logs)
    all.merge(log->lag_ms);
  return Metrics::summary(all);
}

void cache_view(const std::vector<const CacheServerStats*>& nodes, CacheResult& c) {
  std::uint64_t reads_after_expiry = 0;
  for (const CacheServerStats* s : nodes) {
    c.hits += s->hits;
    c.misses += s->misses;
    c.db_reads += s->db_reads;
    c.coalesced += s->coalesced;
    c.early_refreshes += s->early_refreshes;
    c.expirations += s->expirations;
    c.max_db_reads_one_key = std::max(c.max_db_reads_one_key, s->max_db_reads_one_key);
    c.invalidations += s->invalidations;
    reads_after_expiry += s->reads_after_expiry;
  }
  if (c.hits + c.misses > 0)
    c.hit_ratio = static_cast<double>(c.hits) / static_cast<double>(c.hits + c.misses);
  if (c.expirations > 0)
    c.db_reads_per_expiry = static_cast<double>(reads_after_expiry) / static_cast<double>(c.expirations);
}

void fill_views(const StatsBook& book, const std::vector<std::string>& class_names, Result& r) {
  for (const AppServerStats* s : book.all<AppServerStats>())
    add_view(*s, r.sessions, r.uploads);
  for (const WorkloadStats* s : book.all<WorkloadStats>())
    add_view(*s, r.sessions);
  for (const DatabaseStats* s : book.all<DatabaseStats>())
    add_view(*s, class_names, r.replication);
  for (const LagMonitorStats* s : book.all<LagMonitorStats>())
    add_view(*s, r.replication);
  r.replication.lag_ms = lag_view(book.all<ReplicationStats>());
  cache_view(book.all<CacheServerStats>(), r.cache);
}

}  // namespace ladder
