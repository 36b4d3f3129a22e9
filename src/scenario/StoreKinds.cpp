// See include/ladder/scenario/StoreKinds.hpp.
#include "ladder/scenario/StoreKinds.hpp"

#include <algorithm>

namespace ladder {

namespace {

using T = FieldType;

std::vector<StoreKind> make_kinds() {
  // Each kind's rows bind to its config struct (Fields.hpp, FieldGroup): defaults are its members' initialisers.
  const FieldGroup<DbConfig> sql{"stores.*", [](Scenario& s) -> DbConfig& { return s.db; }};
  const FieldGroup<SessionStoreConfig> kv{"stores.*", [](Scenario& s) -> SessionStoreConfig& { return s.session_store; }};
  std::vector<StoreKind> kinds;
  kinds.push_back({"sql", "a relational database (connections, disk, buffer pool, read replicas)", "db", {
      {"stores.*.colocated_with", T::string, "", any_value(), "",
       "a service whose (single) host the database shares, cores included (stage 0); \"\" = its own host"},
      sql.field("instance", &DbConfig::instance, any_value(), "",
                "instance type (catalog, kind database or compute)"),
      sql.field("vcpus", &DbConfig::vcpus, between(0, 1024), "vCPU", "database cores (0 = the instance's)"),
      sql.field("connections", &DbConfig::connections, between(1, 100000), "",
                "connection pool size (concurrent queries)"),
      sql.field("queue_limit", &DbConfig::queue_limit, between(0, 10'000'000), "req",
                "queries waiting for a connection; beyond it queries fail"),
      sql.field("queue_timeout_ms", &DbConfig::queue_timeout_ms, above_up_to(0, 1e12), "ms",
                "a query waiting longer for a connection fails"),
      sql.field("disk_read_mbps", &DbConfig::disk_read_mbps, above_up_to(0, 1e6), "MB/s",
                "database disk read bandwidth"),
      sql.field("disk_write_mbps", &DbConfig::disk_write_mbps, above_up_to(0, 1e6), "MB/s",
                "database disk write bandwidth"),
      sql.field("buffer_pool", &DbConfig::buffer_pool, any_value(), "",
                "model the buffer pool: a read whose page is not in memory reads the page from disk"),
      sql.field("buffer_pool_fraction", &DbConfig::buffer_pool_fraction, above_up_to(0, 1), "fraction",
                "share of the instance's memory given to the buffer pool"),
      sql.field("row_kb", &DbConfig::row_kb, above_up_to(0, 1e6), "KiB", "size of one key's row"),
      sql.field("page_kb", &DbConfig::page_kb, above_up_to(0, 1e6), "KiB",
                "size of a page (the unit read from disk); rows are hashed to pages"),
      sql.field("replicas", &DbConfig::replicas, between(0, 15), "replicas",
                "read replicas (db-replica-1, …; same instance unless replica_instance)"),
      sql.field("replica_instance", &DbConfig::replica_instance, any_value(), "",
                "instance type of the replicas (empty = the primary's)"),
      sql.field("apply_cpu_ms", &DbConfig::apply_cpu_ms, above_up_to(0, 1e6), "ms",
                "CPU a replica spends applying one replicated write (one apply thread per replica)"),
      sql.field("replication_ms", &DbConfig::replication_ms, between(0, 60000), "ms",
                "one way, primary to replica (same region ~0.5 ms; cross-region 10–100)"),
      sql.field("read_policy", &DbConfig::read_policy, kReadPolicies,
                "where reads go with replicas: any_replica; primary_window (the primary for primary_window_s after the "
                "user's own write); write_token (a replica that has applied the user's last write)"),
      sql.field("primary_window_s", &DbConfig::primary_window_s, between(0, 1e6), "s",
                "primary_window: how long after a write the user reads the primary"),
      sql.field("max_lag_ms", &DbConfig::max_lag_ms, between(0, 1e9), "ms",
                "a replica lagging more is taken out of read routing, and readmitted below half of it (0 = never)"),
      sql.field("lag_check_s", &DbConfig::lag_check_s, between(0.01, 3600), "s",
                "how often replica lag is checked for eviction"),
      {"stores.*.cache_aside", T::string, "", any_value(), "",
       "a cache (of `caches`) in front of this store's cacheable reads: a read asks it first, a miss fills it, "
       "a write invalidates or updates the key (\"\" = none)"},
  }});
  kinds.push_back({"kv", "a Redis-like key-value store (one command at a time; today the shared session store)",
                   "session-store", {
      kv.field("instance", &SessionStoreConfig::instance, any_value(), "",
               "instance type (catalog, kind cache); the session store of redis sessions and of the jwt deny-list"),
      kv.field("op_cpu_ms", &SessionStoreConfig::op_cpu_ms, above_up_to(0, 1e4), "ms",
               "CPU per command; the store runs one command at a time, as Redis does"),
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
