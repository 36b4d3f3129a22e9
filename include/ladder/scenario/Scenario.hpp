// Typed form of a scenario file, produced by the loader (scenario/Loader.hpp)
// after every field has been validated and every default filled in.
// Defaults live here, and only here: each member's initialiser is its field's default. The field
// table (src/scenario/Fields.cpp) binds each row to its member, reads the default from a
// default-constructed struct (for the docs, the JSON Schema and the merged document) and assigns
// the validated value back (the loader's build_scenario). Members marked "resolved" are derived
// by the loader, not read; their initialisers only give a default-constructed struct a value.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ladder/scenario/RunEstimate.hpp"

namespace ladder {

/// Request classes are endpoints of the service: today's six names have fixed indices (RequestClass),
/// a scenario may add more (indices from kClassCount on, WorkloadConfig::class_names); each has a
/// weight in the mix and a program (AppConfig::endpoints).
enum class RequestClass : int { read = 0, write = 1, static_asset = 2, login = 3, upload = 4, download = 5 };
inline constexpr int kClassCount = 6;
/// The names used in scenario files and results ("static" for static_asset).
inline constexpr std::array<const char*, kClassCount> kClassNames = {"read",  "write",  "static",
                                                                     "login", "upload", "download"};

enum class Distribution { exponential, deterministic, lognormal };
enum class ArrivalModel { open, closed };
/// sticky: client-hash (hash of the user over the servers in service); sticky_cookie: the load
/// balancer's cookie pins a user to one server until that server leaves service.
enum class LbPolicy { round_robin, least_connections, random, sticky, sticky_cookie };
/// Where a login's session lives (none: sessions are not modelled).
enum class SessionStoreKind { none, local, redis, jwt };
/// Where an uploaded file is stored: the app server's disk, or the store of kind object that
/// `uploads.store` names (resolved from the reference).
enum class UploadStoreKind { local, object_store };
enum class FaultAction { crash, recover, slow, cut, heal, scale_out, scale_in };
/// Where a read query goes when the database has replicas.
enum class ReadPolicy { any_replica, primary_window, write_token };
enum class CachePolicy { lru, lfu };
enum class CacheWrite { invalidate, update };
/// What a call step does when its call has failed for good (after its retries): fail the request
/// with the callee's error, skip the step (a degraded answer), or run the step's fallback steps.
enum class OnError { fail, skip, fallback };

/// Every value of each enum, in the order docs, schema and messages list them: with to_string
/// below, the one declaration of an enum's names (the field table's choices come from these).
inline constexpr std::array kDistributions = {Distribution::exponential, Distribution::deterministic,
                                              Distribution::lognormal};
inline constexpr std::array kArrivalModels = {ArrivalModel::open, ArrivalModel::closed};
inline constexpr std::array kLbPolicies = {LbPolicy::round_robin, LbPolicy::least_connections, LbPolicy::random,
                                           LbPolicy::sticky, LbPolicy::sticky_cookie};
inline constexpr std::array kSessionStoreKinds = {SessionStoreKind::none, SessionStoreKind::local,
                                                  SessionStoreKind::redis, SessionStoreKind::jwt};
inline constexpr std::array kUploadStoreKinds = {UploadStoreKind::local, UploadStoreKind::object_store};
inline constexpr std::array kFaultActions = {FaultAction::crash, FaultAction::recover,   FaultAction::slow,
                                             FaultAction::cut,   FaultAction::heal,      FaultAction::scale_out,
                                             FaultAction::scale_in};
inline constexpr std::array kReadPolicies = {ReadPolicy::any_replica, ReadPolicy::primary_window,
                                             ReadPolicy::write_token};
inline constexpr std::array kCachePolicies = {CachePolicy::lru, CachePolicy::lfu};
inline constexpr std::array kCacheWrites = {CacheWrite::invalidate, CacheWrite::update};
inline constexpr std::array kOnErrors = {OnError::fail, OnError::skip, OnError::fallback};

struct ClassDemand {
  double weight = 0;  ///< fraction of requests of this class (the mix sums to 1)
};

/// One step of an endpoint program as the scenario writes it (`services.*.endpoints`); lowered to
/// a components/Program step by lower_endpoints, which applies the scenario-wide skips.
struct StepSpec {
  enum class Head { cpu, query, session, file, call, parallel, respond, publish, fail };
  Head head = Head::cpu;
  double cpu_ms = 0;  ///< cpu: on the service; query: on the store
  double io_kb = 0;   ///< query
  bool write = false, primary = false, cacheable = false;  ///< query
  std::string store;  ///< query: the sql store's name (resolved by the loader)
  int op = 0;         ///< session: 0 check, 1 create; file: 0 check, 1 read, 2 write
  // call ({"call": "users.get", …}): a synchronous call to another service's endpoint; the worker
  // waits for the reply (or the timeout), then the program goes on.
  std::string target;   ///< call: "service.endpoint" as written; publish: the topic
  int service = -1;     ///< call: the callee, index into Scenario::services (resolved by the loader)
  int endpoint = -1;    ///< call: index into that service's endpoint_names (resolved); publish: the
                        ///< consumer's endpoint named as the topic
  double timeout_ms = 0;  ///< call: per attempt; 0 = none (wait for the reply, however late)
  int retries = 0;        ///< call: attempts after the first when one fails or times out
  double backoff_ms = 0;  ///< call: wait before retry k (1-based): backoff_ms × 2^(k−1)
  double jitter = 0;      ///< call: the wait is drawn uniformly in [(1 − jitter)·w, w] (0..1)
  OnError on_error = OnError::fail;
  std::vector<StepSpec> fallback;  ///< call with on_error fallback: run instead of the call
  int fan_out = 1;  ///< call: identical calls sent at once (round robin over the callee's servers)
  int quorum = 0;   ///< call (fan_out) / parallel: replies that complete the step; 0 = all
  bool breaker = false;  ///< call: a circuit breaker on this edge (Hystrix defaults, BreakerConfig)
  std::vector<StepSpec> calls;  ///< parallel: its call steps, sent at once and joined
  int status = 200;  ///< respond: the status sent back early (the rest of the program runs on)
  double p = 0;      ///< fail: the step fails the request with this probability (a bug rate)
  int consumer = -1; ///< publish: index into Scenario::services of the service that consumes the topic
};

/// An endpoint of the service: its name and program, by request class index (kClassNames).
struct EndpointSpec {
  bool defined = false;  ///< the service has this endpoint (a mix weight of 0 may name none)
  std::vector<StepSpec> steps;
};

struct SimConfig {
  double duration_s = 60;  ///< simulated time, warm-up included
  double warmup_s = 10;    ///< completions of requests that arrived before this are not measured
  std::uint64_t seed = 1;
  double timeline_interval_s = 1;  ///< width of a time-series bucket
};

struct WorkloadConfig {
  ArrivalModel model = ArrivalModel::closed;
  double rate_rps = 0;  ///< open loop: resolved rate (given directly or from dau × per-user × peak / 86400)
  double dau = 0;       ///< daily active users (0 = not stated); used for rate and cost per 1k DAU
  double requests_per_user_per_day = 50;
  double peak_factor = 3;
  std::int64_t users = 100;  ///< closed loop: concurrent users
  double think_time_s = 5;
  std::int64_t population = 1'000'000;  ///< distinct users, with Zipf activity
  double user_zipf_s = 1.0;
  std::int64_t keys = 1'000'000;  ///< key space, with Zipf popularity
  double key_zipf_s = 0.99;
  double client_timeout_ms = 10000;  ///< the client gives up after this; counted as a timeout
  /// By request class (endpoint) index: today's six (kClassNames) first, in that order, then the
  /// service's other endpoints in name order. class_names[i] names classes[i].
  std::vector<ClassDemand> classes;
  std::vector<std::string> class_names;
};

struct ServiceConfig {
  Distribution distribution = Distribution::exponential;
  double cv = 1.0;  ///< coefficient of variation, lognormal only
};

struct AppConfig {
  std::string name = "app";  ///< the service's name: its instances are <name>-0, <name>-1, …
  int count = 1;      ///< at the start of the run
  int max_count = 1;  ///< resolved: the most servers the fault timeline's scale-outs can reach
  int zones = 1;      ///< app-i runs in zone i mod zones ("zone-a", "zone-b", …)
  double boot_s = 30;  ///< a scaled-out server starts serving this long after the scale-out
  std::string instance = "m5.large";
  int vcpus = 0;  ///< resolved: the override if given, else the instance's
  int workers = 16;
  int queue_limit = 200;
  double queue_timeout_ms = 5000;
  std::vector<EndpointSpec> endpoints;  ///< `services.app.endpoints`, by class index (WorkloadConfig)
  /// endpoints[i]'s name: for the entry service the class names (WorkloadConfig::class_names); for
  /// another service its endpoints in name order (a call's StepSpec::endpoint indexes these).
  std::vector<std::string> endpoint_names;
  std::string consumes;  ///< a topic `publish` steps send jobs to (its endpoint of that name runs them)
};

struct DbConfig {
  std::string name = "db";  ///< the sql store's name: the primary's instance; replicas <name>-replica-1, …
  bool enabled = false;
  bool colocated = false;  ///< runs on the first app server's host, sharing its cores
  std::string instance = "db.m5.large";
  int vcpus = 0;  ///< resolved
  int connections = 64;
  int queue_limit = 1000;
  double queue_timeout_ms = 5000;
  double disk_read_mbps = 250;
  double disk_write_mbps = 250;
  double memory_gib = 0;  ///< resolved from the instance
  // Buffer pool: rows live in pages; a read whose page is not resident reads it from disk.
  bool buffer_pool = true;
  double buffer_pool_fraction = 0.75;  ///< of the instance's memory
  double row_kb = 1;
  double page_kb = 16;
  // Read replicas.
  int replicas = 0;
  std::string replica_instance = "";  ///< resolved: the primary's when not given
  int replica_vcpus = 0;             ///< resolved
  double replica_memory_gib = 0;     ///< resolved
  double apply_cpu_ms = 1;           ///< CPU to apply one replicated write on a replica
  double replication_ms = 0.5;         ///< one way, primary to replica
  ReadPolicy read_policy = ReadPolicy::any_replica;
  double primary_window_s = 5;
  double max_lag_ms = 0;  ///< a replica lagging more is taken out of read routing (0 = never)
  double lag_check_s = 1;
};

struct CacheConfig {
  std::string name = "cache";
  bool enabled = false;
  std::string instance = "cache.m5.large";
  int vcpus = 0;  ///< resolved
  std::int64_t capacity_items = 500000;
  double capacity_mb = 0;  ///< > 0: the capacity is in bytes of values (capacity_items is ignored)
  double value_kb = 1;
  CachePolicy policy = CachePolicy::lru;
  double ttl_s = 0;  ///< 0 = entries never expire
  CacheWrite on_write = CacheWrite::invalidate;
  double op_cpu_ms = 0.02;
  bool coalesce = false;       ///< single-flight: concurrent misses on a key wait for one database read
  bool early_refresh = false;  ///< probabilistic early expiration (XFetch)
  double early_refresh_beta = 1;
  bool prewarm = true;  ///< start holding the most popular keys that fit
};

struct HealthCheckConfig {
  double interval_s = 5;        ///< the load balancer checks every server at each multiple of this
  int unhealthy_threshold = 2;  ///< consecutive failed checks before a server is taken out of service
  int healthy_threshold = 3;    ///< consecutive passed checks before it is put back
};

struct LbConfig {
  std::string name = "lb";
  bool enabled = false;
  LbPolicy policy = LbPolicy::round_robin;
  std::string instance = "alb";
  HealthCheckConfig health;
  double drain_s = 30;  ///< deregistration delay on scale-in: in-flight requests get this long to finish
};

struct SessionConfig {
  SessionStoreKind store = SessionStoreKind::none;
  bool deny_list = false;  ///< jwt: each request looks the token up in a revocation list in the shared store
};

/// The shared store used by redis sessions and the jwt deny-list (a Redis-like server).
struct SessionStoreConfig {
  std::string name = "session-store";  ///< the kv store's name
  bool enabled = false;  ///< resolved: sessions.store is redis, or jwt with a deny-list
  std::string instance = "cache.m5.large";
  int vcpus = 0;         ///< resolved from the instance (the store serves one command at a time)
  double op_cpu_ms = 0.05;  ///< CPU per command
};

struct UploadConfig {
  UploadStoreKind store = UploadStoreKind::local;  ///< resolved: object_store when uploads.store names a store
  double file_kb = 512;          ///< size of one uploaded file
  double local_disk_mbps = 200;  ///< local store: the app server's disk bandwidth
};

/// A store of kind object (`stores.<name>`, StoreKinds.cpp): where uploads go when uploads.store names it.
struct ObjectStoreConfig {
  std::string name = "objects";  ///< resolved: its name in `stores`, the path of its instance
  double put_ms = 50;  ///< latency of storing one file
  double get_ms = 25;  ///< latency of fetching one file
  double put_usd_per_1k = 0.005;
  double get_usd_per_1k = 0.0004;
  double gb_month_usd = 0.023;
};

struct Fault {
  double at_s = 0;
  FaultAction action = FaultAction::crash;
  std::string target;  ///< "app-2", "db", "session-store", "zone-b", or "app" (scale actions)
  double factor = 1;       ///< slow: demand multiplier (1 = back to normal)
  int count = 1;           ///< scale_out / scale_in: servers added or removed
};

struct NetworkConfig {
  double client_latency_ms = 20;  ///< one way, user to the data centre
  double hop_ms = 0.25;             ///< one way, between two hosts in the data centre
};

struct SloConfig {
  double p99_ms = 0;      ///< 0 = no latency objective
  double error_rate = 0.01;  ///< maximum fraction of failed requests
};

struct CostConfig {
  double hours_per_month = 730;
};

struct Scenario {
  std::string name;
  std::string file;  ///< path as given by the user
  std::vector<std::string> sources;  ///< every file read: `file`, then its extends bases in order
  /// What the loader noticed that is allowed but probably not meant (the CLI prints them as
  /// warnings; they are not part of results).
  std::vector<std::string> warnings;
  RunEstimate estimate;  ///< the up-front wall-time estimate (checked by the loader unless forced)
  std::string description;
  int stage = -1;  ///< -1 when not a ladder stage
  SimConfig sim;
  WorkloadConfig workload;
  ServiceConfig service;
  AppConfig app;  ///< the entry service (the one the load balancer fronts); services[0] is a copy
  /// Every service: [0] the entry service (== app), then the others in name order (callees of
  /// `call` steps and consumers of `publish` steps). A single-service scenario has one.
  std::vector<AppConfig> services;
  DbConfig db;
  LbConfig lb;
  CacheConfig cache;
  SessionConfig sessions;
  SessionStoreConfig session_store;
  UploadConfig uploads;
  ObjectStoreConfig object_store;
  std::vector<Fault> faults;  ///< in time order (ties keep file order)
  NetworkConfig network;
  SloConfig slo;
  CostConfig cost;
  nlohmann::json resolved;  ///< the merged, defaulted document (echoed into results)
};

const char* to_string(Distribution d);
const char* to_string(ArrivalModel m);
const char* to_string(LbPolicy p);
const char* to_string(SessionStoreKind k);
const char* to_string(UploadStoreKind k);
const char* to_string(FaultAction a);
const char* to_string(ReadPolicy p);
const char* to_string(CachePolicy p);
const char* to_string(CacheWrite w);
const char* to_string(OnError e);

}  // namespace ladder
