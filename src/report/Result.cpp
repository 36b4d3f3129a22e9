// Result <-> JSON ("ladder-result/1"). Each section is declared once, by a `fields` function
// that names its keys in JSON order; one visitor writes them and another reads them, so the
// two directions cannot drift apart. The same run always gives the same bytes.
//
// Reading is lenient about missing keys (older files simply lack newer sections; missing
// values keep their defaults) and strict about types: a present key with the wrong type throws
// nlohmann's type_error naming the key. Non-finite doubles are written as null (JSON has no
// NaN) and read back as NaN. A section declared `optional` is written only when non-empty, so
// a new section leaves the results that do not use it byte-identical.
#include "ladder/report/Result.hpp"

#include <cmath>
#include <limits>
#include <map>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>

#include "ladder/sweep/Stats.hpp"

namespace ladder {
namespace {

using json = nlohmann::ordered_json;

// ---- The field lists: one per section, in JSON key order ------------------------------------
// `v(key, member)` for every key; `v.optional` for a section written only when non-empty,
// `v.nonzero` for a number written only when non-zero, `v.keyed` for an array of named structs
// written as an object keyed by their names, `v.document` for a JSON document kept as text.
// The writer calls these on a const result through a const_cast; it never modifies it.

template <class V> void fields(V& v, LatencySummary& x) {
  v("count", x.count); v("mean", x.mean); v("p50", x.p50); v("p90", x.p90); v("p95", x.p95); v("p99", x.p99);
  v("p999", x.p999); v("max", x.max); v("stddev", x.stddev); v("mean_ci95", x.mean_ci95);
}

template <class V> void fields(V& v, RequestTotals& x) {
  v("completed", x.completed); v("failed", x.failed); v("error_rate", x.error_rate);
  v("throughput_rps", x.throughput_rps); v("errors_by_kind", x.errors_by_kind);
}

template <class V> void fields(V& v, ClassResult& x) {
  v("name", x.name); v("requests", x.requests); v("latency_ms", x.latency_ms);
}

template <class V> void fields(V& v, ComponentResult& x) {
  v("name", x.name); v("kind", x.kind); v("instance", x.instance); v("host", x.host); v("vcpus", x.vcpus);
  v("utilization", x.utilization); v("cpu_share", x.cpu_share); v("disk_utilization", x.disk_utilization);
  v("pool_utilization", x.pool_utilization); v("queue_mean", x.queue_mean); v("queue_max", x.queue_max);
  v("in_system_mean", x.in_system_mean); v("residence_ms", x.residence_ms); v("throughput_rps", x.throughput_rps);
  v("served", x.served); v("rejected", x.rejected); v("queue_growth_per_s", x.queue_growth_per_s);
  v("in_system_max", x.in_system_max); v("buffer_pool_hit_ratio", x.buffer_pool_hit_ratio);
}

template <class V> void fields(V& v, Bottleneck& x) {
  v("component", x.component); v("resource", x.resource); v("utilization", x.utilization);
}

template <class V> void fields(V& v, Saturation& x) {
  v("saturated", x.saturated); v("component", x.component); v("queue_growth_per_s", x.queue_growth_per_s);
  v("reason", x.reason);
}

template <class V> void fields(V& v, CostItem& x) {
  v("name", x.name); v("instance", x.instance); v("count", x.count); v("hourly_usd", x.hourly_usd);
  v("monthly_usd", x.monthly_usd);
}

template <class V> void fields(V& v, CostResult& x) {
  v("monthly_usd", x.monthly_usd); v("per_1k_dau_usd", x.per_1k_dau_usd); v("items", x.items);
}

template <class V> void fields(V& v, WorkloadSummary& x) {
  v("model", x.model); v("offered_rps", x.offered_rps); v("users", x.users); v("dau", x.dau);
}

template <class V> void fields(V& v, SloResult& x) {
  v("checked", x.checked); v("met", x.met); v("violations", x.violations);
}

template <class V> void fields(V& v, TimelinePoint& x) {
  v("t_s", x.t_s); v("throughput_rps", x.throughput_rps); v("p50_ms", x.p50_ms); v("p99_ms", x.p99_ms);
  v("errors", x.errors); v("errors_by_kind", x.errors_by_kind); v("replication_lag_ms", x.replication_lag_ms);
  v("cache_hit_ratio", x.cache_hit_ratio); v("utilization", x.utilization);
}

template <class V> void fields(V& v, SessionResult& x) {
  v("store", x.store); v("logins", x.logins); v("relogins", x.relogins); v("checked", x.checked);
  v("unauthorized_other_server", x.unauthorized_other_server); v("unauthorized_lost", x.unauthorized_lost);
  v("store_lookups", x.store_lookups);
}

template <class V> void fields(V& v, UploadResult& x) {
  v("store", x.store); v("uploads", x.uploads); v("downloads", x.downloads); v("not_found", x.not_found);
}

template <class V> void fields(V& v, ConsistencyCounts& x) {
  v("reads_primary", x.reads_primary); v("reads_replica", x.reads_replica); v("stale", x.stale);
  v("read_your_writes", x.read_your_writes);
}

template <class V> void fields(V& v, ReplicationResult& x) {
  v("replicas", x.replicas); v("read_policy", x.read_policy); v("commits", x.commits); v("applied", x.applied);
  v("lag_ms", x.lag_ms); v("evictions", x.evictions); v("readmissions", x.readmissions); v("total", x.total);
  v("by_class", x.by_class);
}

template <class V> void fields(V& v, CacheResult& x) {
  v("enabled", x.enabled); v("policy", x.policy); v("hits", x.hits); v("misses", x.misses);
  v("hit_ratio", x.hit_ratio); v("db_reads", x.db_reads); v("coalesced", x.coalesced);
  v("early_refreshes", x.early_refreshes); v("expirations", x.expirations);
  v("db_reads_per_expiry", x.db_reads_per_expiry); v("max_db_reads_one_key", x.max_db_reads_one_key);
  v("invalidations", x.invalidations);
}

template <class V> void fields(V& v, EventRecord& x) {
  v("t_s", x.t_s); v("component", x.component); v("event", x.event); v("detail", x.detail);
}

template <class V> void fields(V& v, SimInfo& x) {
  v("duration_s", x.duration_s); v("warmup_s", x.warmup_s); v("wall_s", x.wall_s); v("arrivals", x.arrivals);
  v("events", x.events);
}

template <class V> void fields(V& v, ScenarioInfo& x) {
  v("name", x.name); v("file", x.file); v("seed", x.seed); v("stage", x.stage); v("description", x.description);
}

template <class V> void fields(V& v, ReplicatedFigure& x) {  // its name is its key
  v("values", x.values); v("mean", x.mean); v("stddev", x.stddev); v("ci95", x.ci95);
}

template <class V> void fields(V& v, Replications& x) {
  v("seeds", x.seeds); v.keyed("figures", x.figures);
}

template <class V> void fields(V& v, RunInput& x) {
  v("file", x.file); v("seed", x.seed); v.nonzero("seeds", x.seeds); v("overrides", x.overrides);
  v.document("scenario", x.scenario);
}

template <class V> void fields(V& v, Result& x) {
  v("schema", x.schema); v("scenario", x.scenario); v("workload", x.workload); v("requests", x.requests);
  v("latency_ms", x.latency_ms); v.optional("replications", x.replications); v("classes", x.classes);
  v("components", x.components); v("bottleneck", x.bottleneck); v("saturation", x.saturation); v("slo", x.slo);
  v("cost", x.cost); v("imbalance", x.imbalance); v("sessions", x.sessions); v("uploads", x.uploads);
  v("replication", x.replication); v("cache", x.cache); v("events", x.events); v("timeline", x.timeline);
  v("sim", x.sim); v.optional("input", x.input);
}

// ---- Shapes ---------------------------------------------------------------------------------

template <class T> struct IsVector : std::false_type {};
template <class T> struct IsVector<std::vector<T>> : std::true_type {};
template <class T> struct IsMap : std::false_type {};
template <class T> struct IsMap<std::map<std::string, T>> : std::true_type {};
template <class T>
constexpr bool kScalar = std::is_arithmetic_v<T> || std::is_same_v<T, std::string>;

[[noreturn]] void type_error(const std::string& what, const json& at) {
  throw json::type_error::create(302, what, &at);
}

// ---- Writing --------------------------------------------------------------------------------

json num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

template <class T> json encode(const T& x);

struct Writer {
  json& j;
  template <class T> void operator()(const char* key, const T& x) { j[key] = encode(x); }
  template <class T> void optional(const char* key, const T& x) {
    if (!x.empty()) j[key] = encode(x);
  }
  template <class T> void nonzero(const char* key, const T& x) {
    if (x != 0) j[key] = encode(x);
  }
  template <class T> void keyed(const char* key, const std::vector<T>& xs) {
    json o = json::object();
    for (const auto& x : xs) o[x.name] = encode(x);
    j[key] = std::move(o);
  }
  void document(const char* key, const std::string& text) { j[key] = json::parse(text); }
};

template <class T> json encode(const T& x) {
  if constexpr (std::is_same_v<T, double>) {
    return num(x);
  } else if constexpr (kScalar<T>) {
    return json(x);
  } else if constexpr (IsVector<T>::value) {
    json a = json::array();
    for (const auto& e : x) a.push_back(encode(e));
    return a;
  } else if constexpr (IsMap<T>::value) {
    json o = json::object();
    for (const auto& [k, e] : x) o[k] = encode(e);
    return o;
  } else {
    json o = json::object();
    Writer w{o};
    fields(w, const_cast<T&>(x));
    return o;
  }
}

// ---- Reading --------------------------------------------------------------------------------

template <typename T>
void read(const json& j, const char* key, T& out) {
  auto it = j.find(key);
  if (it == j.end()) return;
  const std::string q = std::string("\"") + key + "\": ";
  if constexpr (std::is_same_v<T, double>) {
    if (it->is_null()) {
      out = std::numeric_limits<double>::quiet_NaN();
      return;
    }
    if (!it->is_number()) type_error(q + "expected a number, found " + it->type_name(), *it);
  } else if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    if (!it->is_number_integer()) type_error(q + "expected an integer, found " + it->type_name(), *it);
    if constexpr (std::is_unsigned_v<T>) {
      if (!it->is_number_unsigned()) type_error(q + "expected an integer >= 0, found " + it->dump(), *it);
    }
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (!it->is_string()) type_error(q + "expected a string, found " + it->type_name(), *it);
  }
  it->get_to(out);
}

// A section that must be an object (or an array) when present; null counts as absent.
const json* section(const json& j, const char* key, bool array = false) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return nullptr;
  if (array ? !it->is_array() : !it->is_object())
    type_error(std::string("\"") + key + "\": expected " + (array ? "an array" : "an object") + ", found " +
                   it->type_name(),
               *it);
  return &*it;
}

template <class T> void decode(const json& j, const char* key, T& x);

// Reads the object `j`, itself found under `name` (for messages).
struct Reader {
  const json& j;
  const char* name;
  template <class T> void operator()(const char* key, T& x) { decode(j, key, x); }
  template <class T> void optional(const char* key, T& x) { decode(j, key, x); }
  template <class T> void nonzero(const char* key, T& x) { decode(j, key, x); }
  template <class T> void keyed(const char* key, std::vector<T>& xs) {
    const json* o = section(j, key);
    if (!o) return;
    xs.clear();
    for (const auto& [k, e] : o->items()) {
      if (!e.is_object())
        type_error(std::string("\"") + name + "\": expected an object for \"" + k + "\", found " + e.type_name(), e);
      T x;
      x.name = k;
      Reader r{e, name};
      fields(r, x);
      xs.push_back(std::move(x));
    }
  }
  void document(const char* key, std::string& text) {
    if (const json* doc = section(j, key)) text = doc->dump();
  }
};

// One value of a map or array (no key of its own): `where` names it in messages.
template <class T> void decode_value(const json& e, const std::string& where, T& x) {
  if constexpr (std::is_same_v<T, double>) {
    if (!e.is_null() && !e.is_number()) type_error(where + ", found " + e.type_name(), e);
    x = e.is_null() ? std::numeric_limits<double>::quiet_NaN() : e.get<double>();
  } else if constexpr (std::is_same_v<T, std::uint64_t>) {
    if (!e.is_number_unsigned()) type_error(where + ", found " + e.dump(), e);
    x = e.get<std::uint64_t>();
  } else {
    if (!e.is_object()) type_error(where + ", found " + e.type_name(), e);
    Reader r{e, ""};
    fields(r, x);
  }
}

template <class T> const char* expectation() {
  if constexpr (std::is_same_v<T, double>) return "a number";
  else if constexpr (std::is_same_v<T, std::uint64_t>) return "a count";
  else return "an object";
}

template <class T> void decode(const json& j, const char* key, T& x) {
  const std::string q = std::string("\"") + key + "\": ";
  if constexpr (kScalar<T>) {
    read(j, key, x);
  } else if constexpr (IsVector<T>::value) {
    using E = typename T::value_type;
    if constexpr (kScalar<E> && !std::is_same_v<E, double>) {
      read(j, key, x);
    } else {
      const json* a = section(j, key, /*array=*/true);
      if (!a) return;
      x.clear();
      for (const auto& e : *a) {
        E v{};
        decode_value(e, q + (std::is_same_v<E, double> ? "expected numbers" : "expected an array of objects"), v);
        x.push_back(std::move(v));
      }
    }
  } else if constexpr (IsMap<T>::value) {
    using E = typename T::mapped_type;
    const json* o = section(j, key);
    if (!o) return;
    x.clear();
    for (const auto& [k, e] : o->items())
      decode_value(e, q + "expected " + expectation<E>() + " for \"" + k + "\"", x[k]);
  } else if (const json* s = section(j, key)) {
    Reader r{*s, key};
    fields(r, x);
  }
}

}  // namespace

void to_json(nlohmann::ordered_json& j, const Result& r) { j = encode(r); }

void from_json(const nlohmann::ordered_json& j, Result& r) {
  if (!j.is_object()) type_error(std::string("result: expected an object, found ") + j.type_name(), j);
  r = Result{};
  read(j, "schema", r.schema);
  if (r.schema.rfind("ladder-result/", 0) != 0)
    throw json::other_error::create(501, "\"schema\": expected \"" + std::string(kResultSchema) +
                                             "\", found \"" + r.schema + "\"", &j);
  Reader reader{j, "result"};
  fields(reader, r);
}

const ReplicatedFigure* Replications::find(const std::string& name) const {
  for (const auto& f : figures)
    if (f.name == name) return &f;
  return nullptr;
}

const std::vector<std::string>& replicated_figures() {
  static const std::vector<std::string> names = {"throughput_rps", "error_rate", "mean_ms", "p50_ms",
                                                 "p90_ms",         "p95_ms",     "p99_ms",  "p999_ms"};
  return names;
}

Replications summarize_replications(const std::vector<Result>& runs, const std::vector<std::uint64_t>& seeds) {
  auto figure = [](const Result& r, const std::string& name) {
    if (name == "throughput_rps") return r.requests.throughput_rps;
    if (name == "error_rate") return r.requests.error_rate;
    if (name == "mean_ms") return r.latency_ms.mean;
    if (name == "p50_ms") return r.latency_ms.p50;
    if (name == "p90_ms") return r.latency_ms.p90;
    if (name == "p95_ms") return r.latency_ms.p95;
    if (name == "p99_ms") return r.latency_ms.p99;
    return r.latency_ms.p999;
  };
  Replications out;
  out.seeds = seeds;
  for (const auto& name : replicated_figures()) {
    ReplicatedFigure f;
    f.name = name;
    for (const auto& r : runs) f.values.push_back(figure(r, name));
    MeanInterval m = mean_interval95(f.values);
    f.mean = m.mean;
    f.stddev = m.stddev;
    f.ci95 = m.half_width;
    out.figures.push_back(std::move(f));
  }
  return out;
}

std::string overridden_description(const std::string& description, const std::vector<std::string>& overrides) {
  std::string sets;
  for (const auto& o : overrides) {
    const std::string path = o.substr(0, o.find('='));
    if (path == "seed" || path == "description") continue;
    sets += (sets.empty() ? "" : ", ") + std::string("--set ") + o;
  }
  if (sets.empty()) return description;
  return description.empty() ? "(with " + sets + ")" : description + " (with " + sets + ")";
}

}  // namespace ladder
