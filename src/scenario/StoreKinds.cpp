// See include/ladder/scenario/StoreKinds.hpp.
#include "ladder/scenario/StoreKinds.hpp"

#include <algorithm>

namespace ladder {

namespace {

using T = FieldType;

std::vector<StoreKind> make_kinds() {
  std::vector<StoreKind> kinds;
  kinds.push_back({"sql", "a relational database (connections, disk, buffer pool, read replicas)", "db", {
      {"stores.*.colocated_with", T::string, "", any_value(), "",
       "a service whose (single) host the database shares, cores included (stage 0); \"\" = its own host"},
      {"stores.*.instance", T::string, "db.m5.large", any_value(), "",
       "instance type (catalog, kind database or compute)"},
      {"stores.*.vcpus", T::integer, 0, between(0, 1024), "vCPU", "database cores (0 = the instance's)"},
      {"stores.*.connections", T::integer, 64, between(1, 100000), "", "connection pool size (concurrent queries)"},
      {"stores.*.queue_limit", T::integer, 1000, between(0, 10'000'000), "req",
       "queries waiting for a connection; beyond it queries fail"},
      {"stores.*.queue_timeout_ms", T::number, 5000, above_up_to(0, 1e12), "ms",
       "a query waiting longer for a connection fails"},
      {"stores.*.disk_read_mbps", T::number, 250, above_up_to(0, 1e6), "MB/s", "database disk read bandwidth"},
      {"stores.*.disk_write_mbps", T::number, 250, above_up_to(0, 1e6), "MB/s", "database disk write bandwidth"},
      {"stores.*.buffer_pool", T::boolean, true, any_value(), "",
       "model the buffer pool: a read whose page is not in memory reads the page from disk"},
      {"stores.*.buffer_pool_fraction", T::number, 0.75, above_up_to(0, 1), "fraction",
       "share of the instance's memory given to the buffer pool"},
      {"stores.*.row_kb", T::number, 1, above_up_to(0, 1e6), "KiB", "size of one key's row"},
      {"stores.*.page_kb", T::number, 16, above_up_to(0, 1e6), "KiB",
       "size of a page (the unit read from disk); rows are hashed to pages"},
      {"stores.*.replicas", T::integer, 0, between(0, 15), "replicas",
       "read replicas (db-replica-1, …; same instance unless replica_instance)"},
      {"stores.*.replica_instance", T::string, "", any_value(), "",
       "instance type of the replicas (empty = the primary's)"},
      {"stores.*.apply_cpu_ms", T::number, 1, above_up_to(0, 1e6), "ms",
       "CPU a replica spends applying one replicated write (one apply thread per replica)"},
      {"stores.*.replication_ms", T::number, 0.5, between(0, 60000), "ms",
       "one way, primary to replica (same region ~0.5 ms; cross-region 10–100)"},
      {"stores.*.read_policy", T::enumeration, "any_replica", any_value(), "",
       "where reads go with replicas: any_replica; primary_window (the primary for primary_window_s after the "
       "user's own write); write_token (a replica that has applied the user's last write)",
       names_of(kReadPolicies)},
      {"stores.*.primary_window_s", T::number, 5, between(0, 1e6), "s",
       "primary_window: how long after a write the user reads the primary"},
      {"stores.*.max_lag_ms", T::number, 0, between(0, 1e9), "ms",
       "a replica lagging more is taken out of read routing, and readmitted below half of it (0 = never)"},
      {"stores.*.lag_check_s", T::number, 1, between(0.01, 3600), "s", "how often replica lag is checked for eviction"},
      {"stores.*.cache_aside", T::string, "", any_value(), "",
       "a cache (of `caches`) in front of this store's cacheable reads: a read asks it first, a miss fills it, "
       "a write invalidates or updates the key (\"\" = none)"},
  }});
  kinds.push_back({"kv", "a Redis-like key-value store (one command at a time; today the shared session store)",
                   "session-store", {
      {"stores.*.instance", T::string, "cache.m5.large", any_value(), "",
       "instance type (catalog, kind cache); the session store of redis sessions and of the jwt deny-list"},
      {"stores.*.op_cpu_ms", T::number, 0.05, above_up_to(0, 1e4), "ms",
       "CPU per command; the store runs one command at a time, as Redis does"},
  }});
  return kinds;
}

}  // namespace

const std::vector<StoreKind>& store_kind_table() {
  static const std::vector<StoreKind> kinds = make_kinds();
  return kinds;
}

const StoreKind* find_store_kind(std::string_view name) {
  const auto& kinds = store_kind_table();
  auto it = std::find_if(kinds.begin(), kinds.end(), [&](const StoreKind& k) { return k.name == name; });
  return it == kinds.end() ? nullptr : &*it;
}

const std::vector<std::string>& store_kinds() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const StoreKind& k : store_kind_table()) out.push_back(k.name);
    return out;
  }();
  return names;
}

}  // namespace ladder
