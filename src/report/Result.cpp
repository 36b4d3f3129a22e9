// Result <-> JSON ("ladder-result/1"). Keys are written in the declaration order of
// Result.hpp so that the same run always gives the same bytes. Reading is lenient about
// missing keys (older files simply lack newer sections; missing values keep their defaults)
// and strict about types: a present key with the wrong type throws nlohmann's type_error.
// Non-finite doubles are written as null (JSON has no NaN) and read back as NaN.
#include "ladder/report/Result.hpp"

#include <cmath>
#include <limits>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "ladder/sweep/Stats.hpp"

namespace ladder {
namespace {

using json = nlohmann::ordered_json;

json num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

template <typename T>
void read(const json& j, const char* key, T& out) {
  auto it = j.find(key);
  if (it == j.end()) return;
  if constexpr (std::is_same_v<T, double>) {
    if (it->is_null()) {
      out = std::numeric_limits<double>::quiet_NaN();
      return;
    }
    if (!it->is_number())
      throw json::type_error::create(302, std::string("\"") + key + "\": expected a number, found " +
                                              it->type_name(), &*it);
  } else if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    if (!it->is_number_integer())
      throw json::type_error::create(302, std::string("\"") + key + "\": expected an integer, found " +
                                              it->type_name(), &*it);
    if constexpr (std::is_unsigned_v<T>) {
      if (!it->is_number_unsigned())
        throw json::type_error::create(302, std::string("\"") + key + "\": expected an integer >= 0, found " +
                                                it->dump(), &*it);
    }
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (!it->is_string())
      throw json::type_error::create(302, std::string("\"") + key + "\": expected a string, found " +
                                              it->type_name(), &*it);
  }
  it->get_to(out);
}

// Sections that must be objects (or arrays) when present.
const json* section(const json& j, const char* key, bool array = false) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return nullptr;
  if (array ? !it->is_array() : !it->is_object())
    throw json::type_error::create(302, std::string("\"") + key + "\": expected " +
                                            (array ? "an array" : "an object") + ", found " + it->type_name(),
                                   &*it);
  return &*it;
}

json enc(const LatencySummary& l) {
  json j;
  j["count"] = l.count;
  j["mean"] = num(l.mean);
  j["p50"] = num(l.p50);
  j["p90"] = num(l.p90);
  j["p95"] = num(l.p95);
  j["p99"] = num(l.p99);
  j["p999"] = num(l.p999);
  j["max"] = num(l.max);
  j["stddev"] = num(l.stddev);
  j["mean_ci95"] = num(l.mean_ci95);
  return j;
}
void dec(const json& j, LatencySummary& l) {
  read(j, "count", l.count);
  read(j, "mean", l.mean);
  read(j, "p50", l.p50);
  read(j, "p90", l.p90);
  read(j, "p95", l.p95);
  read(j, "p99", l.p99);
  read(j, "p999", l.p999);
  read(j, "max", l.max);
  read(j, "stddev", l.stddev);
  read(j, "mean_ci95", l.mean_ci95);
}

json enc(const RequestTotals& r) {
  json j;
  j["completed"] = r.completed;
  j["failed"] = r.failed;
  j["error_rate"] = num(r.error_rate);
  j["throughput_rps"] = num(r.throughput_rps);
  j["errors_by_kind"] = json::object();
  for (const auto& [kind, n] : r.errors_by_kind) j["errors_by_kind"][kind] = n;
  return j;
}
void dec(const json& j, RequestTotals& r) {
  read(j, "completed", r.completed);
  read(j, "failed", r.failed);
  read(j, "error_rate", r.error_rate);
  read(j, "throughput_rps", r.throughput_rps);
  if (const json* e = section(j, "errors_by_kind")) {
    r.errors_by_kind.clear();
    for (const auto& [kind, n] : e->items()) {
      if (!n.is_number_unsigned())
        throw json::type_error::create(302, "\"errors_by_kind\": expected a count for \"" + kind + "\", found " +
                                                n.dump(), &n);
      r.errors_by_kind[kind] = n.get<std::uint64_t>();
    }
  }
}

json enc(const ClassResult& c) {
  json j;
  j["name"] = c.name;
  j["requests"] = enc(c.requests);
  j["latency_ms"] = enc(c.latency_ms);
  return j;
}
void dec(const json& j, ClassResult& c) {
  read(j, "name", c.name);
  if (const json* s = section(j, "requests")) dec(*s, c.requests);
  if (const json* s = section(j, "latency_ms")) dec(*s, c.latency_ms);
}

json enc(const ComponentResult& c) {
  json j;
  j["name"] = c.name;
  j["kind"] = c.kind;
  j["instance"] = c.instance;
  j["host"] = c.host;
  j["vcpus"] = c.vcpus;
  j["utilization"] = num(c.utilization);
  j["cpu_share"] = num(c.cpu_share);
  j["disk_utilization"] = num(c.disk_utilization);
  j["pool_utilization"] = num(c.pool_utilization);
  j["queue_mean"] = num(c.queue_mean);
  j["queue_max"] = num(c.queue_max);
  j["in_system_mean"] = num(c.in_system_mean);
  j["residence_ms"] = num(c.residence_ms);
  j["throughput_rps"] = num(c.throughput_rps);
  j["served"] = c.served;
  j["rejected"] = c.rejected;
  j["queue_growth_per_s"] = num(c.queue_growth_per_s);
  j["in_system_max"] = num(c.in_system_max);
  j["buffer_pool_hit_ratio"] = num(c.buffer_pool_hit_ratio);
  return j;
}
void dec(const json& j, ComponentResult& c) {
  read(j, "name", c.name);
  read(j, "kind", c.kind);
  read(j, "instance", c.instance);
  read(j, "host", c.host);
  read(j, "vcpus", c.vcpus);
  read(j, "utilization", c.utilization);
  read(j, "cpu_share", c.cpu_share);
  read(j, "disk_utilization", c.disk_utilization);
  read(j, "pool_utilization", c.pool_utilization);
  read(j, "queue_mean", c.queue_mean);
  read(j, "queue_max", c.queue_max);
  read(j, "in_system_mean", c.in_system_mean);
  read(j, "residence_ms", c.residence_ms);
  read(j, "in_system_max", c.in_system_max);
  read(j, "buffer_pool_hit_ratio", c.buffer_pool_hit_ratio);
  read(j, "throughput_rps", c.throughput_rps);
  read(j, "served", c.served);
  read(j, "rejected", c.rejected);
  read(j, "queue_growth_per_s", c.queue_growth_per_s);
}

json enc(const CostItem& c) {
  json j;
  j["name"] = c.name;
  j["instance"] = c.instance;
  j["count"] = c.count;
  j["hourly_usd"] = num(c.hourly_usd);
  j["monthly_usd"] = num(c.monthly_usd);
  return j;
}
void dec(const json& j, CostItem& c) {
  read(j, "name", c.name);
  read(j, "instance", c.instance);
  read(j, "count", c.count);
  read(j, "hourly_usd", c.hourly_usd);
  read(j, "monthly_usd", c.monthly_usd);
}

json enc(const TimelinePoint& p) {
  json j;
  j["t_s"] = num(p.t_s);
  j["throughput_rps"] = num(p.throughput_rps);
  j["p50_ms"] = num(p.p50_ms);
  j["p99_ms"] = num(p.p99_ms);
  j["errors"] = p.errors;
  j["errors_by_kind"] = json::object();
  for (const auto& [kind, n] : p.errors_by_kind) j["errors_by_kind"][kind] = n;
  j["replication_lag_ms"] = num(p.replication_lag_ms);
  j["cache_hit_ratio"] = num(p.cache_hit_ratio);
  json u = json::object();
  for (const auto& [name, v] : p.utilization) u[name] = num(v);
  j["utilization"] = u;
  return j;
}
void dec(const json& j, TimelinePoint& p) {
  read(j, "t_s", p.t_s);
  read(j, "throughput_rps", p.throughput_rps);
  read(j, "p50_ms", p.p50_ms);
  read(j, "p99_ms", p.p99_ms);
  read(j, "errors", p.errors);
  if (const json* e = section(j, "errors_by_kind"))
    for (const auto& [kind, n] : e->items()) p.errors_by_kind[kind] = n.get<std::uint64_t>();
  read(j, "replication_lag_ms", p.replication_lag_ms);
  read(j, "cache_hit_ratio", p.cache_hit_ratio);
  if (j.contains("utilization")) {
    for (const auto& [name, v] : j.at("utilization").items()) p.utilization[name] = v.is_null() ? 0.0 : v.get<double>();
  }
}

json enc(const ConsistencyCounts& c) {
  json j;
  j["reads_primary"] = c.reads_primary;
  j["reads_replica"] = c.reads_replica;
  j["stale"] = c.stale;
  j["read_your_writes"] = c.read_your_writes;
  return j;
}
void dec(const json& j, ConsistencyCounts& c) {
  read(j, "reads_primary", c.reads_primary);
  read(j, "reads_replica", c.reads_replica);
  read(j, "stale", c.stale);
  read(j, "read_your_writes", c.read_your_writes);
}

json enc(const EventRecord& e) {
  json j;
  j["t_s"] = num(e.t_s);
  j["component"] = e.component;
  j["event"] = e.event;
  j["detail"] = e.detail;
  return j;
}
void dec(const json& j, EventRecord& e) {
  read(j, "t_s", e.t_s);
  read(j, "component", e.component);
  read(j, "event", e.event);
  read(j, "detail", e.detail);
}

template <typename T>
json enc_array(const std::vector<T>& v) {
  json a = json::array();
  for (const auto& x : v) a.push_back(enc(x));
  return a;
}
template <typename T>
void dec_array(const json& j, const char* key, std::vector<T>& out) {
  const json* a = section(j, key, /*array=*/true);
  if (!a) return;
  out.clear();
  for (const auto& e : *a) {
    if (!e.is_object())
      throw json::type_error::create(302, std::string("\"") + key + "\": expected an array of objects, found " +
                                              e.type_name(), &e);
    T x;
    dec(e, x);
    out.push_back(std::move(x));
  }
}

}  // namespace

void to_json(nlohmann::ordered_json& j, const Result& r) {
  j = json::object();
  j["schema"] = r.schema;
  j["scenario"] = {{"name", r.scenario.name},
                   {"file", r.scenario.file},
                   {"seed", r.scenario.seed},
                   {"stage", r.scenario.stage},
                   {"description", r.scenario.description}};
  j["workload"] = {{"model", r.workload.model},
                   {"offered_rps", num(r.workload.offered_rps)},
                   {"users", r.workload.users},
                   {"dau", num(r.workload.dau)}};
  j["requests"] = enc(r.requests);
  j["latency_ms"] = enc(r.latency_ms);
  if (!r.replications.empty()) {
    json figures = json::object();
    for (const auto& f : r.replications.figures) {
      json values = json::array();
      for (double v : f.values) values.push_back(num(v));
      figures[f.name] = {{"values", values}, {"mean", num(f.mean)}, {"stddev", num(f.stddev)}, {"ci95", num(f.ci95)}};
    }
    j["replications"] = {{"seeds", r.replications.seeds}, {"figures", figures}};
  }
  j["classes"] = enc_array(r.classes);
  j["components"] = enc_array(r.components);
  j["bottleneck"] = {{"component", r.bottleneck.component},
                     {"resource", r.bottleneck.resource},
                     {"utilization", num(r.bottleneck.utilization)}};
  j["saturation"] = {{"saturated", r.saturation.saturated},
                     {"component", r.saturation.component},
                     {"queue_growth_per_s", num(r.saturation.queue_growth_per_s)},
                     {"reason", r.saturation.reason}};
  j["slo"] = {{"checked", r.slo.checked}, {"met", r.slo.met}, {"violations", r.slo.violations}};
  j["cost"] = {{"monthly_usd", num(r.cost.monthly_usd)},
               {"per_1k_dau_usd", num(r.cost.per_1k_dau_usd)},
               {"items", enc_array(r.cost.items)}};
  j["imbalance"] = num(r.imbalance);
  j["sessions"] = {{"store", r.sessions.store},
                   {"logins", r.sessions.logins},
                   {"relogins", r.sessions.relogins},
                   {"checked", r.sessions.checked},
                   {"unauthorized_other_server", r.sessions.unauthorized_other_server},
                   {"unauthorized_lost", r.sessions.unauthorized_lost},
                   {"store_lookups", r.sessions.store_lookups}};
  j["uploads"] = {{"store", r.uploads.store},
                  {"uploads", r.uploads.uploads},
                  {"downloads", r.uploads.downloads},
                  {"not_found", r.uploads.not_found}};
  {
    const ReplicationResult& x = r.replication;
    json by_class = json::object();
    for (const auto& [name, c] : x.by_class) by_class[name] = enc(c);
    j["replication"] = {{"replicas", x.replicas},         {"read_policy", x.read_policy},
                        {"commits", x.commits},           {"applied", x.applied},
                        {"lag_ms", enc(x.lag_ms)},        {"evictions", x.evictions},
                        {"readmissions", x.readmissions}, {"total", enc(x.total)},
                        {"by_class", by_class}};
  }
  {
    const CacheResult& x = r.cache;
    j["cache"] = {{"enabled", x.enabled},
                  {"policy", x.policy},
                  {"hits", x.hits},
                  {"misses", x.misses},
                  {"hit_ratio", num(x.hit_ratio)},
                  {"db_reads", x.db_reads},
                  {"coalesced", x.coalesced},
                  {"early_refreshes", x.early_refreshes},
                  {"expirations", x.expirations},
                  {"db_reads_per_expiry", num(x.db_reads_per_expiry)},
                  {"max_db_reads_one_key", x.max_db_reads_one_key},
                  {"invalidations", x.invalidations}};
  }
  j["events"] = enc_array(r.events);
  j["timeline"] = enc_array(r.timeline);
  j["sim"] = {{"duration_s", num(r.sim.duration_s)},
              {"warmup_s", num(r.sim.warmup_s)},
              {"wall_s", num(r.sim.wall_s)},
              {"arrivals", r.sim.arrivals},
              {"events", r.sim.events}};
  if (!r.input.empty()) {
    json in = {{"file", r.input.file}, {"seed", r.input.seed}};
    if (r.input.seeds > 0) in["seeds"] = r.input.seeds;
    in["overrides"] = r.input.overrides;
    in["scenario"] = json::parse(r.input.scenario);
    j["input"] = std::move(in);
  }
}

void from_json(const nlohmann::ordered_json& j, Result& r) {
  if (!j.is_object())
    throw json::type_error::create(302, std::string("result: expected an object, found ") + j.type_name(), &j);
  r = Result{};
  read(j, "schema", r.schema);
  if (r.schema.rfind("ladder-result/", 0) != 0)
    throw json::other_error::create(501, "\"schema\": expected \"" + std::string(kResultSchema) +
                                             "\", found \"" + r.schema + "\"", &j);
  if (const json* s = section(j, "scenario")) {
    read(*s, "name", r.scenario.name);
    read(*s, "file", r.scenario.file);
    read(*s, "seed", r.scenario.seed);
    read(*s, "stage", r.scenario.stage);
    read(*s, "description", r.scenario.description);
  }
  if (const json* s = section(j, "workload")) {
    read(*s, "model", r.workload.model);
    read(*s, "offered_rps", r.workload.offered_rps);
    read(*s, "users", r.workload.users);
    read(*s, "dau", r.workload.dau);
  }
  if (const json* s = section(j, "requests")) dec(*s, r.requests);
  if (const json* s = section(j, "latency_ms")) dec(*s, r.latency_ms);
  dec_array(j, "classes", r.classes);
  dec_array(j, "components", r.components);
  if (const json* s = section(j, "bottleneck")) {
    read(*s, "component", r.bottleneck.component);
    read(*s, "resource", r.bottleneck.resource);
    read(*s, "utilization", r.bottleneck.utilization);
  }
  if (const json* s = section(j, "saturation")) {
    read(*s, "saturated", r.saturation.saturated);
    read(*s, "component", r.saturation.component);
    read(*s, "queue_growth_per_s", r.saturation.queue_growth_per_s);
    read(*s, "reason", r.saturation.reason);
  }
  if (const json* s = section(j, "slo")) {
    read(*s, "checked", r.slo.checked);
    read(*s, "met", r.slo.met);
    read(*s, "violations", r.slo.violations);
  }
  if (const json* s = section(j, "cost")) {
    read(*s, "monthly_usd", r.cost.monthly_usd);
    read(*s, "per_1k_dau_usd", r.cost.per_1k_dau_usd);
    dec_array(*s, "items", r.cost.items);
  }
  read(j, "imbalance", r.imbalance);
  if (const json* s = section(j, "sessions")) {
    read(*s, "store", r.sessions.store);
    read(*s, "logins", r.sessions.logins);
    read(*s, "relogins", r.sessions.relogins);
    read(*s, "checked", r.sessions.checked);
    read(*s, "unauthorized_other_server", r.sessions.unauthorized_other_server);
    read(*s, "unauthorized_lost", r.sessions.unauthorized_lost);
    read(*s, "store_lookups", r.sessions.store_lookups);
  }
  if (const json* s = section(j, "uploads")) {
    read(*s, "store", r.uploads.store);
    read(*s, "uploads", r.uploads.uploads);
    read(*s, "downloads", r.uploads.downloads);
    read(*s, "not_found", r.uploads.not_found);
  }
  if (const json* s = section(j, "replication")) {
    ReplicationResult& x = r.replication;
    read(*s, "replicas", x.replicas);
    read(*s, "read_policy", x.read_policy);
    read(*s, "commits", x.commits);
    read(*s, "applied", x.applied);
    if (const json* l = section(*s, "lag_ms")) dec(*l, x.lag_ms);
    read(*s, "evictions", x.evictions);
    read(*s, "readmissions", x.readmissions);
    if (const json* t = section(*s, "total")) dec(*t, x.total);
    if (const json* b = section(*s, "by_class"))
      for (const auto& [name, c] : b->items()) dec(c, x.by_class[name]);
  }
  if (const json* s = section(j, "cache")) {
    CacheResult& x = r.cache;
    read(*s, "enabled", x.enabled);
    read(*s, "policy", x.policy);
    read(*s, "hits", x.hits);
    read(*s, "misses", x.misses);
    read(*s, "hit_ratio", x.hit_ratio);
    read(*s, "db_reads", x.db_reads);
    read(*s, "coalesced", x.coalesced);
    read(*s, "early_refreshes", x.early_refreshes);
    read(*s, "expirations", x.expirations);
    read(*s, "db_reads_per_expiry", x.db_reads_per_expiry);
    read(*s, "max_db_reads_one_key", x.max_db_reads_one_key);
    read(*s, "invalidations", x.invalidations);
  }
  dec_array(j, "events", r.events);
  dec_array(j, "timeline", r.timeline);
  if (const json* s = section(j, "sim")) {
    read(*s, "duration_s", r.sim.duration_s);
    read(*s, "warmup_s", r.sim.warmup_s);
    read(*s, "wall_s", r.sim.wall_s);
    read(*s, "arrivals", r.sim.arrivals);
    read(*s, "events", r.sim.events);
  }
  if (const json* s = section(j, "replications")) {
    read(*s, "seeds", r.replications.seeds);
    if (const json* f = section(*s, "figures")) {
      for (const auto& [name, v] : f->items()) {
        if (!v.is_object())
          throw json::type_error::create(302, "\"replications\": expected an object for \"" + name + "\", found " +
                                                  v.type_name(), &v);
        ReplicatedFigure fig;
        fig.name = name;
        if (const json* vals = section(v, "values", /*array=*/true))
          for (const auto& x : *vals) {
            if (!x.is_null() && !x.is_number())
              throw json::type_error::create(302, "\"replications\": expected numbers in \"" + name +
                                                      "\".values, found " + x.type_name(), &x);
            fig.values.push_back(x.is_null() ? std::numeric_limits<double>::quiet_NaN() : x.get<double>());
          }
        read(v, "mean", fig.mean);
        read(v, "stddev", fig.stddev);
        read(v, "ci95", fig.ci95);
        r.replications.figures.push_back(std::move(fig));
      }
    }
  }
  if (const json* s = section(j, "input")) {
    read(*s, "file", r.input.file);
    read(*s, "seed", r.input.seed);
    read(*s, "seeds", r.input.seeds);
    read(*s, "overrides", r.input.overrides);
    if (const json* doc = section(*s, "scenario")) r.input.scenario = doc->dump();
  }
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
