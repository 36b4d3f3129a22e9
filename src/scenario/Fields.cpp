// The scenario field table and the two documents generated from it: the markdown reference
// (docs/scenario-fields.md) and the JSON Schema (schema/ladder-scenario.schema.json).
// Adding a field = its member and default in Scenario.hpp + one row here binding it (the loader's
// build_scenario assigns bound rows generically). A field is listed under the longest section key that is a parent of its
// dotted path ("lbs.*.health.interval_s" under "lbs.*.health"); a nested section is a subheading of its parent.
#include "ladder/scenario/Fields.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>

#include <fmt/format.h>

#include "ladder/scenario/Loader.hpp"
#include "ladder/scenario/Scenario.hpp"
#include "ladder/scenario/StoreKinds.hpp"

namespace ladder {

namespace {

using T = FieldType;
using nlohmann::json;

/// The kind field's description: each kind and what it is.
std::string store_kind_help() {
  std::string out;
  for (const StoreKind& k : store_kind_table()) out += k.name + ": " + k.help + "; ";
  return out + "required";
}

/// A row whose integral default the scenario files write as a real number (`1.0`): the merged
/// document echoed into results keeps that form.
Field written_as_real(Field f) {
  f.def = f.def.get<double>();
  return f;
}

std::vector<Field> make_fields() {
  // One group per config struct (Fields.hpp): a bound row's type, default (the member's
  // initialiser) and assignment come from its member. The other rows have no member: references
  // and the mix are resolved by the loader, list items are built with their list.
  const FieldGroup<Scenario> top{"", [](Scenario& s) -> Scenario& { return s; }};
  const FieldGroup<SimConfig> seed{"", [](Scenario& s) -> SimConfig& { return s.sim; }};
  const FieldGroup<SimConfig> sim{"sim", [](Scenario& s) -> SimConfig& { return s.sim; }};
  const FieldGroup<WorkloadConfig> workload{"workload", [](Scenario& s) -> WorkloadConfig& { return s.workload; }};
  const FieldGroup<ServiceConfig> demand{"demand", [](Scenario& s) -> ServiceConfig& { return s.service; }};
  const FieldGroup<AppConfig> service{"services.*", [](Scenario& s) -> AppConfig& { return s.app; }};
  const FieldGroup<StepSpec> step{std::string(kStepPrefix)};  // items: defaults only
  const FieldGroup<CacheConfig> cache{"caches.*", [](Scenario& s) -> CacheConfig& { return s.cache; }};
  const FieldGroup<LbConfig> lb{"lbs.*", [](Scenario& s) -> LbConfig& { return s.lb; }};
  const FieldGroup<HealthCheckConfig> health{"lbs.*.health", [](Scenario& s) -> HealthCheckConfig& { return s.lb.health; }};
  const FieldGroup<SessionConfig> sessions{"sessions", [](Scenario& s) -> SessionConfig& { return s.sessions; }};
  const FieldGroup<UploadConfig> uploads{"uploads", [](Scenario& s) -> UploadConfig& { return s.uploads; }};
  const FieldGroup<Fault> fault{"faults[]"};  // items: defaults only
  const FieldGroup<NetworkConfig> network{"network", [](Scenario& s) -> NetworkConfig& { return s.network; }};
  const FieldGroup<SloConfig> slo{"slo", [](Scenario& s) -> SloConfig& { return s.slo; }};
  const FieldGroup<CostConfig> cost{"cost", [](Scenario& s) -> CostConfig& { return s.cost; }};
  std::vector<Field> out = {
      // bound: key, member, range (or an enum's values), unit, meaning;
      // unbound: path, type, default, range, unit, meaning
      {"extends", T::string, nullptr, any_value(), "path",
       "base scenario file, relative to this file's directory; objects merge, this file wins"},
      top.field("name", &Scenario::name, any_value(), "", "scenario name (empty = the file's stem)"),
      top.field("description", &Scenario::description, any_value(), "", "free text shown in reports"),
      top.field("stage", &Scenario::stage, between(-1, 10), "", "ladder stage number (-1 = not a ladder stage)"),
      seed.field("seed", &SimConfig::seed, at_least(0), "", "seed from which every random stream is derived"),

      sim.field("duration_s", &SimConfig::duration_s, above_up_to(0, 1e6), "s", "simulated time, warm-up included"),
      sim.field("warmup_s", &SimConfig::warmup_s, at_least(0), "s",
                "requests arriving before this are not measured (must be < sim.duration_s)"),
      sim.field("timeline_interval_s", &SimConfig::timeline_interval_s, above(0), "s",
                "width of a time-series bucket"),

      workload.field("model", &WorkloadConfig::model, kArrivalModels,
                     "open: arrivals at a fixed rate; closed: a fixed number of users who think between requests"),
      workload.field("rate_rps", &WorkloadConfig::rate_rps, at_least(0), "req/s",
                     "open loop: arrival rate (0 = derive from dau; not to be given with dau)"),
      workload.field("dau", &WorkloadConfig::dau, at_least(0), "users",
                     "daily active users (0 = not stated); > 0: the load (rate or users) is derived from it"),
      workload.field("requests_per_user_per_day", &WorkloadConfig::requests_per_user_per_day, above(0), "req",
                     "requests per active user per day (rate from dau)"),
      workload.field("peak_factor", &WorkloadConfig::peak_factor, at_least(1), "x",
                     "peak rate over the daily average (rate from dau)"),
      workload.field("users", &WorkloadConfig::users, between(1, 10'000'000), "users",
                     "closed loop: concurrent users (derived from dau when dau > 0; then not to be given)"),
      workload.field("think_time_s", &WorkloadConfig::think_time_s, between(0, 1e6), "s",
                     "closed loop: mean think time between a response and the next request"),
      workload.field("population", &WorkloadConfig::population, between(1, 1e12), "users",
                     "distinct user ids, with Zipf activity"),
      written_as_real(workload.field("user_zipf_s", &WorkloadConfig::user_zipf_s, between(0, 5), "",
                                     "Zipf exponent of user activity (0 = uniform)")),
      workload.field("keys", &WorkloadConfig::keys, between(1, 1e12), "keys", "size of the key space"),
      workload.field("key_zipf_s", &WorkloadConfig::key_zipf_s, between(0, 5), "",
                     "Zipf exponent of key popularity (0 = uniform)"),
      workload.field("client_timeout_ms", &WorkloadConfig::client_timeout_ms, above_up_to(0, 1e12), "ms",
                     "the client gives up after this (counted as a timeout)"),
      {"workload.mix.read", T::number, 0.80, between(0, 1), "fraction", "share of requests to the endpoint read"},
      {"workload.mix.write", T::number, 0.08, between(0, 1), "fraction", "share of write requests"},
      {"workload.mix.static", T::number, 0.10, between(0, 1), "fraction", "share of static asset requests"},
      {"workload.mix.login", T::number, 0.02, between(0, 1), "fraction", "share of login requests"},
      {"workload.mix.upload", T::number, 0, between(0, 1), "fraction", "share of file uploads (see uploads)"},
      {"workload.mix.download", T::number, 0, between(0, 1), "fraction", "share of file downloads (see uploads)"},
      {"workload.mix.*", T::number, nullptr, between(0, 1), "fraction",
       "share of requests to another endpoint of services.app, by its name (\"search\": 0.05)"},

      demand.field("distribution", &ServiceConfig::distribution, kDistributions,
                   "distribution of service demands (cpu_ms, a query's cpu_ms) around the means the programs give"),
      written_as_real(demand.field("cv", &ServiceConfig::cv, above_up_to(0, 100), "",
                                   "coefficient of variation (lognormal only)")),

      {"entry", T::string, "", any_value(), "",
       "where the users' requests arrive: a load balancer or a service (\"\" = the load balancer if there is "
       "one, else the service)"},

      service.field("count", &AppConfig::count, between(1, kMaxAppServers), "servers",
                    "instances (app servers) at the start"),
      service.field("instance", &AppConfig::instance, any_value(), "", "instance type (catalog, kind compute)"),
      service.field("vcpus", &AppConfig::vcpus, between(0, 1024), "vCPU",
                    "cores per instance (0 = the instance type's)"),
      service.field("workers", &AppConfig::workers, between(1, 100000), "", "worker threads per instance"),
      service.field("queue_limit", &AppConfig::queue_limit, between(0, 10'000'000), "req",
                    "accept queue length per instance; beyond it requests are refused"),
      service.field("queue_timeout_ms", &AppConfig::queue_timeout_ms, above_up_to(0, 1e12), "ms",
                    "a request waiting longer in the accept queue fails"),
      service.field("zones", &AppConfig::zones, between(1, 6), "zones",
                    "availability zones the instances are spread over: app-i runs in zone i mod zones (zone-a, zone-b, …)"),
      service.field("boot_s", &AppConfig::boot_s, between(0, 3600), "s",
                    "an instance added by a scale_out fault starts this long after it (then passes health checks)"),
      {"services.*.consumes", T::string, nullptr, any_value(), "",
       "a topic whose jobs (publish steps) this service runs, each with its endpoint of the topic's name (at most one "
       "service per topic; optional)"},
      {"services.*.endpoints", T::endpoints, nullptr, any_value(), "",
       "endpoint name -> its program: the steps a request runs in order, holding its worker throughout; "
       "workload.mix weighs the endpoints (default: today's six with light demands, read = session check, "
       "cpu 6 ms, a cacheable query of 3 ms on the sql store; write 8 + 6 ms; static 2; login 30 + 2; without "
       "their queries when there is no sql store. The stage files write heavier programs of their own: a service "
       "that replaces another, under a new name, gets these defaults unless it states its endpoints; validate and "
       "run warn about it)"},
      step.field("cpu_ms", &StepSpec::cpu_ms, between(0, 1e7), "ms",
                 "a CPU step's head: CPU on one reference vCPU of the service (0 still starts an execution); in a query "
                 "step, the store's CPU"),
      {"services.*.endpoints.*[].query", T::string, nullptr, any_value(), "",
       "a query step's head: the sql store it asks (a reference, e.g. \"db\")"},
      step.field("io_kb", &StepSpec::io_kb, between(0, 1e9), "KiB",
                 "query: bytes read (written, for a write) on the store's disk; a read's 0 means the buffer pool serves it"),
      step.field("write", &StepSpec::write, any_value(), "",
                 "query: a write (the primary, the disk's write bandwidth, invalidates the cached key)"),
      step.field("primary", &StepSpec::primary, any_value(), "",
                 "query: a read that always goes to the primary, even with replicas"),
      step.field("cacheable", &StepSpec::cacheable, any_value(), "",
                 "query: a read the store's cache_aside cache may answer"),
      {"services.*.endpoints.*[].session", T::enumeration, nullptr, any_value(), "",
       "a session step's head: check the user's session (401 without one) or create it (a login); dropped "
       "when sessions.mode is none", {"check", "create"}},
      {"services.*.endpoints.*[].file", T::enumeration, nullptr, any_value(), "",
       "a file step's head: check (the file is on this server's disk, else 404; dropped unless uploads.store "
       "is local), read or write one uploaded file", {"check", "read", "write"}},
      {"services.*.endpoints.*[].call", T::string, nullptr, any_value(), "",
       "a call step's head: a synchronous call to another service's endpoint, \"service.endpoint\" (the worker "
       "waits for the reply or the timeout; call cycles are errors, at most 8 calls deep)"},
      step.field("timeout_ms", &StepSpec::timeout_ms, between(0, 1e7), "ms",
                 "call: an attempt that has no reply after this fails (0 = no timeout)"),
      step.field("retries", &StepSpec::retries, between(0, 10), "",
                 "call: attempts after the first when one fails or times out"),
      step.field("backoff_ms", &StepSpec::backoff_ms, between(0, 1e7), "ms",
                 "call: wait before retry k: backoff_ms × 2^(k−1)"),
      step.field("jitter", &StepSpec::jitter, between(0, 1), "",
                 "call: each wait is drawn uniformly in [(1 − jitter)·w, w]"),
      step.field("on_error", &StepSpec::on_error, kOnErrors,
                 "call, parallel: when the call has failed for good, fail the request, skip the step (a degraded "
                 "answer) or run `fallback`"),
      {"services.*.endpoints.*[].fallback", T::list, nullptr, any_value(), "",
       "call with on_error fallback (required then, refused otherwise): the steps run instead of the failed call "
       "(cpu, query, fail or call steps; a call there has no fallback of its own)"},
      step.field("fan_out", &StepSpec::fan_out, between(1, 64), "calls",
                 "call: identical calls sent at once, round robin over the callee's servers"),
      step.field("quorum", &StepSpec::quorum, between(0, 64), "replies",
                 "call: replies of the fan_out that complete the step (at most fan_out); parallel: replies of its "
                 "calls (at most their number); 0 = all"),
      step.field("breaker", &StepSpec::breaker, any_value(), "",
                 "call: a circuit breaker on this edge (it opens after repeated failures and fails calls at once)"),
      {"services.*.endpoints.*[].parallel", T::list, nullptr, any_value(), "",
       "a parallel step's head: 2 to 64 call steps sent at once and joined (takes quorum and on_error; its calls "
       "have no fallback)"},
      {"services.*.endpoints.*[].respond", T::integer, nullptr, between(100, 599), "",
       "a respond step's head: answer the caller now with this status, then run the rest of the program (at most "
       "one per endpoint, not inside fallback or parallel)"},
      {"services.*.endpoints.*[].publish", T::string, nullptr, any_value(), "",
       "a publish step's head: a job on this topic for the service whose `consumes` names it (its endpoint of the "
       "topic's name runs it); the request does not wait"},
      {"services.*.endpoints.*[].fail", T::number, nullptr, between(0, 1), "",
       "a fail step's head: the request fails here with this probability (a bug rate)"},

      {"stores.*.kind", T::enumeration, nullptr, any_value(), "", store_kind_help(), store_kinds()},
      // Then each kind's rows (StoreKinds.cpp), spliced in below.
      cache.field("instance", &CacheConfig::instance, any_value(), "",
                  "cache node instance type (catalog, kind cache)"),
      cache.field("capacity_items", &CacheConfig::capacity_items, between(1, kMaxCacheEntries), "items",
                  "entries the cache holds (capacity_items × value_kb must fit in the instance's memory; each entry costs "
                  "the simulator ~100 bytes)"),
      cache.field("capacity_mb", &CacheConfig::capacity_mb, between(0, 1e7), "MiB",
                  "capacity in bytes of values instead of items (0 = use capacity_items); holds capacity_mb / value_kb entries"),
      cache.field("value_kb", &CacheConfig::value_kb, above_up_to(0, 1e6), "KiB", "size of one cached value"),
      cache.field("policy", &CacheConfig::policy, kCachePolicies, "eviction policy"),
      cache.field("ttl_s", &CacheConfig::ttl_s, between(0, 1e7), "s",
                  "an entry expires this long after it was written (0 = never)"),
      cache.field("on_write", &CacheConfig::on_write, kCacheWrites, "what a database write does to the cached key"),
      cache.field("op_cpu_ms", &CacheConfig::op_cpu_ms, above_up_to(0, 1e4), "ms",
                  "CPU per cache command (one at a time, as Redis)"),
      cache.field("coalesce", &CacheConfig::coalesce, any_value(), "",
                  "single-flight: concurrent misses on one key wait for a single database read"),
      cache.field("early_refresh", &CacheConfig::early_refresh, any_value(), "",
                  "probabilistic early refresh (XFetch): a hit may refresh an entry shortly before it expires"),
      cache.field("early_refresh_beta", &CacheConfig::early_refresh_beta, above_up_to(0, 100), "",
                  "XFetch's beta (> 1 refreshes earlier)"),
      cache.field("prewarm", &CacheConfig::prewarm, any_value(), "",
                  "start holding the most popular keys that fit (a warm cache)"),

      {"lbs.*.to", T::string, nullptr, any_value(), "", "the service whose instances it spreads requests over; required"},
      lb.field("policy", &LbConfig::policy, kLbPolicies, "how the load balancer picks an instance"),
      lb.field("instance", &LbConfig::instance, any_value(), "", "load balancer type (catalog, kind load_balancer)"),
      lb.field("drain_s", &LbConfig::drain_s, between(0, 3600), "s",
               "deregistration delay on scale-in: in-flight requests get this long to finish, then are cut"),
      health.field("interval_s", &HealthCheckConfig::interval_s, between(0.01, 3600), "s",
                   "the load balancer checks every instance at each multiple of this"),
      health.field("unhealthy_threshold", &HealthCheckConfig::unhealthy_threshold, between(1, 100), "checks",
                   "consecutive failed checks before an instance is taken out of service"),
      health.field("healthy_threshold", &HealthCheckConfig::healthy_threshold, between(1, 100), "checks",
                   "consecutive passed checks before an instance (back up, or new) is put in service"),

      sessions.field("mode", &SessionConfig::store, kSessionStoreKinds,
                     "where a login's session lives: none (not modelled), local (the app server's memory), redis (the "
                     "kv store named by sessions.store), jwt (carried by the client)"),
      {"sessions.store", T::string, "", any_value(), "",
       "the kv store (of `stores`) holding redis sessions or the jwt deny-list (\"\" = none)"},
      sessions.field("deny_list", &SessionConfig::deny_list, any_value(), "",
                     "jwt: every request looks its token up in a revocation list held in sessions.store"),

      {"uploads.store", T::string, "local", any_value(), "",
       "where an upload is stored: local (the app server's disk: other servers cannot serve it) or the name of a "
       "store of kind object (of `stores`)"},
      uploads.field("file_kb", &UploadConfig::file_kb, above_up_to(0, 1e7), "KiB", "size of one uploaded file"),
      uploads.field("local_disk_mbps", &UploadConfig::local_disk_mbps, above_up_to(0, 1e6), "MB/s",
                    "local store: the app server's disk bandwidth (one file's write or read time)"),

      {"faults", T::list, nlohmann::json::array(), any_value(), "",
       "fault timeline: events applied at given simulated times (see the faults[] keys)"},
      {"faults[].at_s", T::number, nullptr, at_least(0), "s", "when the fault happens (< sim.duration_s); required"},
      {"faults[].action", T::enumeration, nullptr, any_value(), "",
       "what happens; required (see Rules across fields for the targets of each)",
       names_of(kFaultActions)},
      {"faults[].target", T::string, nullptr, any_value(), "",
       "what it happens to: an instance (app-N, db, db-replica-N, cache, session-store, under the scenario's "
       "names), a zone (zone-a…), or the service (scale actions); required"},
      fault.field("factor", &Fault::factor, above_up_to(0, 1000), "x",
                  "slow: every new demand on the target is multiplied by this (1 = back to normal)"),
      fault.field("count", &Fault::count, between(1, 1000), "servers",
                  "scale_out / scale_in: servers added or removed"),

      network.field("client_latency_ms", &NetworkConfig::client_latency_ms, between(0, 60000), "ms",
                    "one way, user to the data centre"),
      network.field("hop_ms", &NetworkConfig::hop_ms, between(0, 60000), "ms",
                    "one way, between two hosts in the data centre"),

      slo.field("p99_ms", &SloConfig::p99_ms, at_least(0), "ms", "99th percentile latency objective (0 = none)"),
      slo.field("error_rate", &SloConfig::error_rate, between(0, 1), "fraction",
                "maximum fraction of failed requests"),

      cost.field("hours_per_month", &CostConfig::hours_per_month, above_up_to(0, 744), "h", "hours billed per month"),
  };
  // Each store kind's rows, after the kind field.
  auto at = std::find_if(out.begin(), out.end(), [](const Field& f) { return f.path == "stores.*.kind"; }) + 1;
  for (const StoreKind& k : store_kind_table())
    for (Field f : k.fields) {
      f.kind = k.name;
      at = out.insert(at, std::move(f)) + 1;
    }
  return out;
}

std::vector<Section> make_sections() {
  std::vector<Section> out = {
      {"", "Top level"},
      {"sim", "Simulation: simulated time, warm-up and time-series resolution."},
      {"workload", "Workload: arrival model (open rate or closed users), popularity and request mix."},
      {"demand", "Service demand variability around the means the endpoint programs give."},
      {"services", "Services: a map from a name to a service (`app` by default), each `count` instances of one "
                   "blueprint, named <name>-0, <name>-1, …. The entry service is the one the load balancer's `to` "
                   "names, else the one `entry` names, else the only one; every other service is reached by a "
                   "`call` step or consumes a topic a `publish` step uses, and states its own endpoints."},
      {"services.*", "One service."},
      {"services.*.endpoints", "Endpoint programs: `\"read\": [{\"session\": \"check\"}, {\"cpu_ms\": 6}, {\"query\": \"db\", \"cpu_ms\": 3, \"cacheable\": true}]`."},
      {"services.*.endpoints.*[]", "One step of a program: an object with exactly one head key (`cpu_ms`, `query`, "
                                   "`session`, `file`, `call`, `parallel`, `respond`, `publish` or `fail`); a query "
                                   "step takes the query keys too, a call step the call keys."},
      {"stores", "Stores: a map from a name to a store of a kind (`sql`: the database, `db` by convention; "
                 "`kv`: the session store, `session-store` by convention; `object`: the object store of "
                 "uploads). A sql store's replicas are named <name>-replica-1, …"},
      {"stores.*", "One store; `kind` says which, and which of the fields below apply."},
      // Then one section per store kind, spliced in below.
      {"caches", "Caches: a map from a name to a cache-aside node (stage 5; today one, `cache` by convention), used by "
                 "the store whose `cache_aside` names it."},
      {"caches.*", "One cache: reads check it first; a miss reads the store and fills it."},
      {"lbs", "Load balancers: a map from a name to a load balancer (stage 3; today one, `lb` by convention)."},
      {"lbs.*", "One load balancer."},
      {"lbs.*.health", "Health checks: how fast the load balancer notices an instance going down or coming up."},
      {"sessions", "Sessions: where a login's state lives (stage 3's lesson)."},
      {"uploads", "Uploaded files: the app server's local disk or a store of kind `object`."},
      {"faults[]", "One entry of `faults`: `{\"at_s\": 30, \"action\": \"crash\", \"target\": \"app-1\"}`."},
      {"network", "Network latencies."},
      {"slo", "Service-level objectives checked after the run (exit code 1 when missed)."},
      {"cost", "Cost model."},
  };
  auto at = std::find_if(out.begin(), out.end(), [](const Section& sec) { return sec.key == "stores.*"; }) + 1;
  for (const StoreKind& k : store_kind_table())
    at = out.insert(at, Section{"stores.* (" + k.name + ")", "A store of kind `" + k.name + "`.", k.name}) + 1;
  return out;
}

/// The dotted prefix a section's fields start with: its key without a kind's " (sql)".
std::string section_prefix(const Section& sec) { return sec.key.substr(0, sec.key.find(" (")); }

/// The section a field is listed under: the longest section key that is a parent object of the
/// path ("lbs.*.health.interval_s" -> "lbs.*.health"), of the field's kind if the section has
/// one, or "" (the top level).
std::string section_of(const Field& f) {
  std::string best, best_prefix;
  for (const auto& sec : scenario_sections()) {
    const std::string prefix = section_prefix(sec);
    if (sec.key.empty() || !f.path.starts_with(prefix + ".")) continue;
    if (!sec.kind.empty() && sec.kind != f.kind) continue;
    if (prefix.size() > best_prefix.size() || (prefix.size() == best_prefix.size() && !sec.kind.empty()))
      best = sec.key, best_prefix = prefix;
  }
  return best;
}

std::string md_code(const std::string& s) { return "`" + s + "`"; }

std::string range_text(const Field& f) {
  if (f.type == T::enumeration) {
    std::string out;
    for (const auto& c : f.choices) out += (out.empty() ? "" : ", ") + md_code(c);
    return out;
  }
  if (f.type != T::integer && f.type != T::number) return "";
  const Range& r = f.range;
  if (r.has_min() && r.has_max())
    return fmt::format("{}{}, {}{}", r.min_exclusive ? "(" : "[", format_number(r.min),
                       format_number(r.max), r.max_exclusive ? ")" : "]");
  if (r.has_min()) return fmt::format("{} {}", r.min_exclusive ? ">" : ">=", format_number(r.min));
  if (r.has_max()) return fmt::format("{} {}", r.max_exclusive ? "<" : "<=", format_number(r.max));
  return "";
}

}  // namespace

const std::vector<Field>& scenario_fields() {
  static const std::vector<Field> fields = make_fields();
  return fields;
}

const std::vector<Section>& scenario_sections() {
  static const std::vector<Section> sections = make_sections();
  return sections;
}

const Field* find_field(std::string_view dotted_path) {
  for (const auto& f : scenario_fields())
    if (f.path == dotted_path) return &f;
  return nullptr;
}

const Field* find_field(std::string_view dotted_path, std::string_view kind) {
  for (const auto& f : scenario_fields())
    if (f.path == dotted_path && (f.kind.empty() || f.kind == kind)) return &f;
  return nullptr;
}

std::string_view default_endpoints_json() {
  return R"({
    "read": [{"session": "check"}, {"cpu_ms": 6}, {"query": "db", "cpu_ms": 3, "cacheable": true}],
    "write": [{"session": "check"}, {"cpu_ms": 8}, {"query": "db", "write": true, "cpu_ms": 6, "io_kb": 32}],
    "static": [{"cpu_ms": 2}],
    "login": [{"cpu_ms": 30}, {"query": "db", "cpu_ms": 2}, {"session": "create"}],
    "upload": [{"session": "check"}, {"cpu_ms": 10}, {"file": "write"},
               {"query": "db", "write": true, "cpu_ms": 2, "io_kb": 4}],
    "download": [{"session": "check"}, {"file": "check"}, {"cpu_ms": 4}, {"file": "read"},
                 {"query": "db", "cpu_ms": 1}]})";
}

std::string conventional_name(std::string_view map, std::string_view kind) {
  if (map == "services") return "app";
  if (map == "caches") return "cache";
  if (map == "lbs") return "lb";
  if (const StoreKind* k = find_store_kind(kind)) return k->default_name;
  return "db";
}

std::string conventional_path(const Field& f) {
  const auto star = f.path.find(".*");
  if (star == std::string::npos) return f.path;
  std::string out = f.path;
  out.replace(star + 1, 1, conventional_name(std::string_view(f.path).substr(0, star), f.kind));
  return out;
}

std::string table_path(std::string_view dotted) {
  const auto dot = dotted.find('.');
  if (dot == std::string_view::npos) return std::string(dotted);
  const std::string_view head = dotted.substr(0, dot);
  if (std::find(map_sections().begin(), map_sections().end(), head) == map_sections().end())
    return std::string(dotted);
  const auto next = dotted.find('.', dot + 1);
  std::string out(head);
  out += ".*";
  if (next != std::string_view::npos) out += dotted.substr(next);
  return out;
}

const char* to_string(FieldType t) {
  switch (t) {
    case T::integer: return "integer";
    case T::number: return "number";
    case T::boolean: return "boolean";
    case T::string: return "string";
    case T::enumeration: return "enum";
    case T::list: return "list";
    case T::endpoints: return "endpoints";
  }
  return "?";
}

std::string format_number(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) return fmt::format("{:.0f}", v);
  return fmt::format("{}", v);
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::string nearest_name(std::string_view name, const std::vector<std::string>& candidates) {
  // No field, choice or target name is this long: a longer one is no typo, and the edit
  // distance costs its length × each candidate's (a 100,000-character --set path took seconds).
  if (name.size() > kMaxSuggestedNameLength) return {};
  // A plausible typo: a couple of edits, more for long names.
  const std::size_t limit = std::max<std::size_t>(2, name.size() / 3);
  std::string best;
  std::size_t best_d = std::numeric_limits<std::size_t>::max();
  for (const auto& c : candidates) {
    // The distance is at least the difference in length: skip what cannot be close enough.
    const std::size_t gap = c.size() > name.size() ? c.size() - name.size() : name.size() - c.size();
    if (gap > limit || gap >= best_d) continue;
    std::size_t d = edit_distance(name, c);
    if (d < best_d) best_d = d, best = c;
  }
  return best_d <= limit ? best : std::string();
}

std::string scenario_fields_markdown() {
  std::string out;
  out +=
      "# Scenario file reference\n"
      "\n"
      "<!-- Generated from the field table (src/scenario/Fields.cpp). Do not edit: run\n"
      "     `ladder schema --markdown > docs/scenario-fields.md`. -->\n"
      "\n"
      "A scenario file describes one architecture and the load it receives. It is JSON; `//` and\n"
      "`/* */` comments are allowed. Every field is optional unless marked required; the default below\n"
      "applies when it is absent. Unknown fields are errors. The JSON Schema for editors is\n"
      "`schema/ladder-scenario.schema.json`.\n"
      "\n"
      "## Scenario shape\n"
      "\n"
      "The architecture is a set of named entities, one map per kind: `services` (app servers),\n"
      "`stores` (a `sql` database, a `kv` session store, an `object` store of uploads), `caches` and `lbs`\n"
      "(load balancers). Each key of a map is the entity's name; entities refer to each other by name\n"
      "(`lbs.lb.to`, `stores.db.colocated_with`, `stores.db.cache_aside`, `sessions.store`, `uploads.store`,\n"
      "`entry`). A wrong name is an error with the nearest name suggested; a name of the wrong kind of\n"
      "entity (`\"to\": \"db\"`) is an error saying what it is. A map absent from the file has its\n"
      "default: `services` is\n"
      "`{\"app\": {}}` and `stores` is `{\"db\": {\"kind\": \"sql\"}}` (one app server and a database), the\n"
      "others are empty; write `\"stores\": {}` for no store. A blueprint expands into instances with path names: the service\n"
      "`app` with `count: 4` runs app-0 … app-3, the store `db` with `replicas: 2` runs db, db-replica-1\n"
      "and db-replica-2; these are the names in results, fault targets and random streams (a service\n"
      "`web` runs web-0, web-1, …; a sql store `pg` runs pg and pg-replica-1). Today's engine runs several\n"
      "services (one entry service and those it calls), at most one `sql` store, one `kv` store, one cache and one load balancer, under any\n"
      "names (the conventional ones are `app`, `db`, `session-store`, `cache` and `lb`); a topology it\n"
      "cannot run yet is refused and the message names the rung that brings it.\n"
      "\n"
      "A file may start from another with `\"extends\": \"base.json\"` (relative to its own directory).\n"
      "The file is a JSON Merge Patch (RFC 7386) of its base: objects merge key by key, arrays and\n"
      "scalars replace, and `null` deletes a key. For example, over stage 3's base\n"
      "\n"
      "```json\n"
      "{ \"services\": { \"app\": { \"count\": 4 } },\n"
      "  \"stores\": { \"db\": { \"colocated_with\": \"app\" } },\n"
      "  \"lbs\": { \"lb\": { \"to\": \"app\", \"policy\": \"round_robin\" } } }\n"
      "```\n"
      "\n"
      "this file\n"
      "\n"
      "```json\n"
      "{ \"extends\": \"base.json\",\n"
      "  \"services\": { \"app\": { \"count\": 1 } },\n"
      "  \"stores\": { \"db\": { \"colocated_with\": null } },\n"
      "  \"lbs\": { \"lb\": null } }\n"
      "```\n"
      "\n"
      "keeps one app server, gives the database its own host again (`colocated_with` goes back to its\n"
      "default) and removes the load balancer. On the command line, `--set dotted.path=value`\n"
      "overrides one field after the merge (the value is read as JSON if it parses, else as a string:\n"
      "`--set services.app.count=8`, `--set stores.db.replicas=3`, `--set caches.cache.policy=lfu`);\n"
      "`--set lbs.lb=null` deletes an entity. `ladder validate --print FILE` prints the merged,\n"
      "defaulted document: what the stage really is.\n";
  for (const auto& sec : scenario_sections()) {
    // A nested section (lbs.*) is a subheading of its parent (lbs): one '#' per level.
    const std::string hashes(2 + static_cast<std::size_t>(std::count(sec.key.begin(), sec.key.end(), '.')), '#');
    out += "\n" + hashes + " " + (sec.key.empty() ? sec.title : md_code(sec.key)) + "\n\n";
    if (!sec.key.empty()) out += sec.title + "\n";
    const bool has_fields = std::any_of(scenario_fields().begin(), scenario_fields().end(),
                                        [&](const Field& f) { return section_of(f) == sec.key; });
    if (!has_fields) continue;  // only subsections (tiers)
    if (!sec.key.empty()) out += "\n";
    out += "| Field | Type | Default | Range | Unit | Meaning |\n";
    out += "|---|---|---|---|---|---|\n";
    for (const auto& f : scenario_fields()) {
      if (section_of(f) != sec.key) continue;
      std::string def = f.def.is_null() ? "" : md_code(f.def.dump());
      out += fmt::format("| {} | {} | {} | {} | {} | {} |\n", md_code(f.path), to_string(f.type), def,
                         range_text(f), f.unit, f.description);
    }
  }
  out += fmt::format(
      "\n## Rules across fields\n"
      "\n"
      "- `sim.warmup_s` < `sim.duration_s`.\n"
      "- The `workload.mix` fractions sum to 1 (within {}).\n"
      "- The open model needs `workload.rate_rps` > 0 or `workload.dau` > 0; the rate is then\n"
      "  `rate_rps`, else `dau` × `requests_per_user_per_day` × `peak_factor` / 86400, at most {} req/s.\n"
      "- Load from users: with `workload.dau` > 0 the load is derived, never typed: a `workload.users`\n"
      "  or a `workload.rate_rps` > 0 as well is refused (set `dau` to 0 to type the load). Closed loop:\n"
      "  `users` = round(`dau` × `requests_per_user_per_day` × `peak_factor` / 86400 × (`think_time_s`\n"
      "  + 2 × `network.client_latency_ms` / 1000)), at most 10,000,000 (docs/model.md, \"Workload\").\n"
      "- The run's estimated arrivals (open: rate × duration; closed: users / think time × duration,\n"
      "  capped by the app servers' CPU capacity) are at most {:g}.\n"
      "- The run's estimated wall time (requests, executions sharing a host, health and lag checks;\n"
      "  docs/model.md, \"Run-size estimate\") is at most 10 minutes, unless `--force`.\n"
      "- One service; at most one store of each kind (`sql`, `kv`, `object`), one cache and one load\n"
      "  balancer (`to` the service), each under any name. Several services or load balancers come with\n"
      "  rung 9 (issue 10, services); several stores or caches with rung 8 (issue 12, sharding). Entity\n"
      "  names are unique across the maps and made of letters, digits, `-` and `_`.\n"
      "- `entry` is the load balancer when there is one, else the service.\n"
      "- `stores.db.colocated_with` names the service, which then has `count` = 1 and no load balancer.\n"
      "- Instance names come from the catalog (`data/catalog.json`): a service's `instance` of kind\n"
      "  compute, a `sql` store's of kind database or compute, a load balancer's of kind\n"
      "  load_balancer, a cache's and a `kv` store's of kind cache.\n"
      "- `services.app.vcpus` / `stores.db.vcpus` = 0 mean the instance's vCPUs.\n"
      "- A program step has exactly one head key: `cpu_ms` (a CPU step), `query` (with the query keys),\n"
      "  `session`, `file` (both only in the entry service), `call` (with the call keys: \"service.endpoint\";\n"
      "  `fallback` iff `on_error` is fallback, `quorum` <= `fan_out`), `parallel` (2 to 64 calls),\n"
      "  `respond` (at most one per endpoint), `publish` (a topic exactly one service `consumes`, with an\n"
      "  endpoint of its name) or `fail`. Calls form no cycle and go at most 8 deep.\n"
      "  A query names a `sql` store. A `workload.mix` key names an endpoint of\n"
      "  the entry service (today's six names may weigh 0 without one); an endpoint with a new name is a\n"
      "  request class of its own in the results, after the six. With `sessions.mode` other than\n"
      "  `none` the service has a `login` endpoint (a user whose session check fails logs in again).\n"
      "- A cache holds `capacity_items` × `value_kb` and is used by the `sql` store whose `cache_aside`\n"
      "  names it (a cache no store uses is an error). `stores.db.replica_instance` is of kind database or\n"
      "  compute. `stores.db.max_lag_ms` is 0 or more than `stores.db.replication_ms`; replicas need a\n"
      "  database on its own host (not colocated).\n"
      "- `sessions.store` names the `kv` store; it is needed when `sessions.mode` is `redis`, or `jwt` with\n"
      "  `sessions.deny_list`, and a `kv` store is used only then.\n"
      "- `uploads.store` is `local` or names the `object` store (`\"stores\": {{\"objects\": {{\"kind\":\n"
      "  \"object\"}}}}, \"uploads\": {{\"store\": \"objects\"}}`); an `object` store is used only then.\n"
      "- Each `faults` entry needs `at_s` (< `sim.duration_s`), `action` and `target`. The targets come\n"
      "  from the run's instances and what each kind can take (names as in the conventional topology;\n"
      "  a renamed entity's instances go by its name): `crash`, `recover`: `app-N`; `slow`: `app-N`, `db`,\n"
      "  `db-replica-N`, `cache` or `session-store` (with `factor`); `cut`, `heal`: `app-N` or a zone\n"
      "  `zone-a`… holding at least one of them (app-i runs in zone i mod `services.app.zones`);\n"
      "  `scale_out`, `scale_in`: the service `app` (with `count`; needs the load balancer; at least one\n"
      "  server must remain). `app-N` may name a server a scale_out adds. Entries run in time order;\n"
      "  ties keep the file's order.\n",
      format_number(kMixTolerance), format_number(kMaxOpenRateRps), kMaxArrivals);
  return out;
}

std::string scenario_json_schema() {
  using ojson = nlohmann::ordered_json;
  auto object_node = [](const std::string& description) {
    ojson o;
    o["type"] = "object";
    if (!description.empty()) o["description"] = description;
    o["additionalProperties"] = false;
    o["properties"] = ojson::object();
    return o;
  };
  ojson root = ojson::object();
  root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
  root["title"] = "Scale Ladder scenario";
  const ojson body = object_node("A Scale Ladder scenario: one architecture and the load it receives.");
  for (const auto& [k, v] : body.items()) root[k] = v;
  std::map<std::string, std::string> titles;
  for (const auto& s : scenario_sections()) titles[s.key] = s.title;

  for (const auto& f : scenario_fields()) {
    ojson* node = &root;
    std::string rest = f.path;
    for (auto dot = rest.find('.'); dot != std::string::npos; dot = rest.find('.')) {
      std::string key = rest.substr(0, dot);
      rest = rest.substr(dot + 1);
      const std::string prefix = f.path.substr(0, f.path.size() - rest.size() - 1);
      if (key == "*[]") {  // a program's steps: the endpoints row (declared first) made the node
        node = &(*node)["additionalProperties"]["items"];
        continue;
      }
      if (key.ends_with("[]")) {  // a list's items: the list row (declared first) made the node
        node = &(*node)["properties"][key.substr(0, key.size() - 2)]["items"];
        continue;
      }
      if (key == "*") {  // a map's entries: any name, each an object of the declared keys
        if (!(*node)["additionalProperties"].is_object())
          (*node)["additionalProperties"] = object_node(titles.count(prefix) ? titles[prefix] : "");
        node = &(*node)["additionalProperties"];
        continue;
      }
      auto& props = (*node)["properties"];
      if (!props.contains(key)) props[key] = object_node(titles.count(prefix) ? titles[prefix] : "");
      node = &props[key];
    }
    ojson leaf;
    switch (f.type) {
      case T::integer: leaf["type"] = "integer"; break;
      case T::number: leaf["type"] = "number"; break;
      case T::boolean: leaf["type"] = "boolean"; break;
      case T::string: leaf["type"] = "string"; break;
      case T::enumeration:
        leaf["type"] = "string";
        leaf["enum"] = f.choices;
        break;
      case T::list:
        leaf["type"] = "array";
        leaf["items"] = object_node(titles.count(f.path + "[]") ? titles[f.path + "[]"] : "");
        break;
      case T::endpoints: {
        leaf["type"] = "object";
        ojson program;
        program["type"] = "array";
        program["items"] = object_node(titles.count(std::string(kStepPrefix)) ? titles[std::string(kStepPrefix)] : "");
        program["items"]["minProperties"] = 1;
        leaf["additionalProperties"] = program;
        break;
      }
    }
    leaf["description"] = f.unit.empty() ? f.description : f.description + " [" + f.unit + "]";
    if (!f.def.is_null()) leaf["default"] = ojson::parse(f.def.dump());
    if (f.type == T::integer || f.type == T::number) {
      auto bound = [&](double v) {
        return v == std::floor(v) && std::fabs(v) < 9e15 ? ojson(static_cast<std::int64_t>(v)) : ojson(v);
      };
      if (f.range.has_min()) leaf[f.range.min_exclusive ? "exclusiveMinimum" : "minimum"] = bound(f.range.min);
      if (f.range.has_max()) leaf[f.range.max_exclusive ? "exclusiveMaximum" : "maximum"] = bound(f.range.max);
    }
    if (!f.kind.empty()) leaf["description"] = "(" + f.kind + ") " + leaf["description"].get<std::string>();
    if (rest == "*") {  // any other key of a fixed object (workload.mix: another endpoint's weight)
      (*node)["additionalProperties"] = leaf;
      continue;
    }
    if ((is_item_field(f) || is_map_field(f)) && f.def.is_null() && !is_step_field(f) && f.type != T::endpoints &&
        !is_optional_field(f))
      (*node)["required"].push_back(rest);
    auto& props = (*node)["properties"];
    if (props.contains(rest)) {  // the same key in another kind of entry: one property, both meanings
      props[rest]["description"] = props[rest]["description"].get<std::string>() + "; " +
                                   leaf["description"].get<std::string>();
      props[rest].erase("default");
      continue;
    }
    props[rest] = leaf;
  }
  return root.dump(2) + "\n";
}

}  // namespace ladder
