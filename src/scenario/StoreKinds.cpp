// See include/ladder/scenario/StoreKinds.hpp.
#include "ladder/scenario/StoreKinds.hpp"

#include <algorithm>
#include <string_view>

namespace ladder {

namespace {

using T = FieldType;

/// The store of kind `kind` named `name`: its bound rows from its validated, defaulted entry.
void assign_rows(std::string_view kind, const nlohmann::json& entry, Scenario& s) {
  for (const Field& f : find_store_kind(kind)->fields)
    if (f.assign) f.assign(entry.at(f.path.substr(std::string_view("stores.*.").size())), s);
}

/// object: the store uploads.store names (the loader checked there is at most one, and that it is used).
void build_object(const std::string& name, const nlohmann::json& entry, Scenario& s) {
  s.object_store.name = name;
  assign_rows("object", entry, s);
  s.uploads.store = UploadStoreKind::object_store;
}

/// A managed service: no host of ours, no instance-hours; billed by use (requests, GB stored).
void expand_object(const Scenario& s, std::vector<Instance>& out) {
  if (s.uploads.store != UploadStoreKind::object_store) return;
  const ObjectStoreConfig& o = s.object_store;
  Instance obj;
  obj.path = o.name;
  obj.role = InstanceRole::managed;
  obj.usage = {{"object store requests", "object_store",
                {{UsageMeter::uploads, 1000, o.put_usd_per_1k}, {UsageMeter::downloads, 1000, o.get_usd_per_1k}}},
               {"object store storage", "object_store", {{UsageMeter::uploaded_gb, 1, o.gb_month_usd}}}};
  out.push_back(std::move(obj));
}

std::vector<StoreKind> make_kinds() {
  // Each kind's rows bind to its config struct (Fields.hpp, FieldGroup): defaults are its members' initialisers.
  const FieldGroup<DbConfig> sql{"stores.*", [](Scenario& s) -> DbConfig& { return s.db; }};
  const FieldGroup<SessionStoreConfig> kv{"stores.*", [](Scenario& s) -> SessionStoreConfig& { return s.session_store; }};
  const FieldGroup<ObjectStoreConfig> object{"stores.*", [](Scenario& s) -> ObjectStoreConfig& { return s.object_store; },
                                             "object"};
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
                "read replicas (<name>-replica-1, …: db-replica-1 for the store db; same instance unless replica_instance)"),
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
  kinds.push_back({"object", "a managed object store, S3-like (a latency per file, billed by use, no capacity limit): "
                   "the store uploads.store names", "objects", {
      object.field("put_ms", &ObjectStoreConfig::put_ms, between(0, 60000), "ms", "latency of storing one file"),
      object.field("get_ms", &ObjectStoreConfig::get_ms, between(0, 60000), "ms", "latency of fetching one file"),
      object.field("put_usd_per_1k", &ObjectStoreConfig::put_usd_per_1k, between(0, 1e6), "USD",
                   "price of 1,000 PUT requests"),
      object.field("get_usd_per_1k", &ObjectStoreConfig::get_usd_per_1k, between(0, 1e6), "USD",
                   "price of 1,000 GET requests"),
      object.field("gb_month_usd", &ObjectStoreConfig::gb_month_usd, between(0, 1e6), "USD",
                   "price of storing 1 GB for a month"),
  }, "uploads.store", {"local"},
      "; uploads.store is \"local\" or the name of a store of kind object, e.g. \"stores\": {\"objects\": "
      "{\"kind\": \"object\"}} with \"uploads\": {\"store\": \"objects\"} (the object store was "
      "uploads.object_store)",
      build_object, expand_object});
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
