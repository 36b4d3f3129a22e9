// The result of one run: what the report layer formats and `compare`/`climb` read back.
// JSON form: schema "ladder-result/1" (docs/results.md). Each struct's keys are declared once,
// in src/report/Result.cpp's field lists (which both write and read them); they follow the
// declaration order here, except `replications` (after latency_ms) and `input` (last), which
// appear only when non-empty. Every number is a plain double or integer.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace ladder {

inline constexpr const char* kResultSchema = "ladder-result/1";

struct LatencySummary {
  std::uint64_t count = 0;
  double mean = 0, p50 = 0, p90 = 0, p95 = 0, p99 = 0, p999 = 0, max = 0;
  double stddev = 0;
  double mean_ci95 = 0;  ///< half-width of the 95% confidence interval of the mean (batch means)
};

struct RequestTotals {
  std::uint64_t completed = 0;  ///< measured requests that finished successfully
  std::uint64_t failed = 0;     ///< measured requests that ended in an error
  double error_rate = 0;        ///< failed / (completed + failed)
  double throughput_rps = 0;    ///< completed per second of measured time
  std::map<std::string, std::uint64_t> errors_by_kind;  ///< "queue_full", "db_timeout", "unauthorized", …
};

struct ClassResult {
  std::string name;
  RequestTotals requests;
  LatencySummary latency_ms;  ///< successful requests only
};

struct ComponentResult {
  std::string name;      ///< "app-0", "db", "lb"
  std::string kind;      ///< "app", "db", "lb"
  std::string instance;  ///< catalog name
  std::string host;      ///< SimGrid host it runs on
  int vcpus = 0;
  double utilization = 0;       ///< busy fraction of its host's cores (or disk), measured window
  double cpu_share = 0;         ///< part of its host's capacity used by this component
  double disk_utilization = 0;  ///< databases: fraction of time the disk was busy
  double pool_utilization = 0;  ///< busy fraction of its workers / connections
  double queue_mean = 0;        ///< time-average number waiting (not in service)
  double queue_max = 0;
  double in_system_mean = 0;    ///< time-average number waiting or in service (L)
  double residence_ms = 0;      ///< mean time from arrival to departure (W)
  double throughput_rps = 0;    ///< departures per second (X), so L ≈ X·W (Little)
  std::uint64_t served = 0;
  std::uint64_t rejected = 0;   ///< queue full, timeouts in queue
  double queue_growth_per_s = 0;  ///< slope of the queue length over the measured window
  double in_system_max = 0;       ///< most requests waiting or in service at once
  double buffer_pool_hit_ratio = 0;  ///< databases: reads whose page was in memory (1 when all fit)
};

struct Bottleneck {
  std::string component;  ///< empty when nothing was measured
  std::string resource;   ///< "cpu" or "disk"
  double utilization = 0;
};

struct Saturation {
  bool saturated = false;
  std::string component;  ///< where the queue grew or overflowed
  double queue_growth_per_s = 0;
  std::string reason;     ///< one sentence for humans
};

struct CostItem {
  std::string name;      ///< "app servers", "database", "load balancer"
  std::string instance;
  int count = 0;
  double hourly_usd = 0;   ///< per instance
  double monthly_usd = 0;  ///< all instances
};

struct CostResult {
  double monthly_usd = 0;
  double per_1k_dau_usd = 0;  ///< 0 when the scenario states no DAU
  std::vector<CostItem> items;
};

struct WorkloadSummary {
  std::string model;  ///< "open" or "closed"
  double offered_rps = 0;  ///< open: the arrival rate; closed: 0
  std::int64_t users = 0;  ///< closed: concurrent users; open: 0
  double dau = 0;
};

struct SloResult {
  bool checked = false;
  bool met = true;
  std::vector<std::string> violations;
};

struct TimelinePoint {
  double t_s = 0;  ///< start of the interval
  double throughput_rps = 0;
  double p50_ms = 0, p99_ms = 0;
  std::uint64_t errors = 0;
  std::map<std::string, std::uint64_t> errors_by_kind;  ///< only the kinds that occurred
  double replication_lag_ms = 0;  ///< largest lag of a write applied in the interval (0 = none)
  double cache_hit_ratio = 0;     ///< cache hits / lookups in the interval (0 = no lookup)
  /// Busy fraction of each component's host cores over the interval, by component name.
  std::map<std::string, double> utilization;
};

/// Sessions (stage 3): where they live and how often a request could not find its own.
struct SessionResult {
  std::string store = "none";  ///< none, local, redis, jwt
  std::uint64_t logins = 0;    ///< logins served (sessions created), re-logins included
  std::uint64_t relogins = 0;  ///< logins sent because a request came back unauthorized
  std::uint64_t checked = 0;   ///< requests that needed a session
  std::uint64_t unauthorized_other_server = 0;  ///< the session lives on another app server
  std::uint64_t unauthorized_lost = 0;  ///< the server holding it crashed or was removed
  std::uint64_t store_lookups = 0;      ///< commands sent to the shared session store
};

/// Uploaded files: where they are stored and how often a download missed its file.
struct UploadResult {
  std::string store = "local";  ///< local or object_store
  std::uint64_t uploads = 0;    ///< files stored
  std::uint64_t downloads = 0;  ///< files served
  std::uint64_t not_found = 0;  ///< downloads that reached a server without the file
};

/// Reads by where they went, and the consistency anomalies among them (stage 4).
struct ConsistencyCounts {
  std::uint64_t reads_primary = 0;
  std::uint64_t reads_replica = 0;
  std::uint64_t stale = 0;  ///< returned a key older than its latest commit
  std::uint64_t read_your_writes = 0;  ///< served by a replica that had not applied the reader's own last write
};

struct ReplicationResult {
  int replicas = 0;
  std::string read_policy;
  std::uint64_t commits = 0;  ///< writes committed on the primary (measured window)
  std::uint64_t applied = 0;  ///< writes applied on replicas (all replicas together)
  LatencySummary lag_ms;      ///< commit on the primary → applied on a replica, per applied write
  std::uint64_t evictions = 0;    ///< replicas taken out of read routing for lagging
  std::uint64_t readmissions = 0;
  ConsistencyCounts total;
  std::map<std::string, ConsistencyCounts> by_class;  ///< classes with reads only
};

/// The cache-aside tier (stage 5).
struct CacheResult {
  bool enabled = false;
  std::string policy;
  std::uint64_t hits = 0, misses = 0;
  double hit_ratio = 0;
  std::uint64_t db_reads = 0;    ///< misses that went on to the database
  std::uint64_t coalesced = 0;   ///< misses that waited for another request's database read
  std::uint64_t early_refreshes = 0;  ///< hits turned into a refresh before expiry
  std::uint64_t expirations = 0;      ///< entries found expired
  double db_reads_per_expiry = 0;     ///< database reads for an expired key before it was refilled
  int max_db_reads_one_key = 0;       ///< most concurrent database reads for one key
  std::uint64_t invalidations = 0;    ///< entries removed or updated by writes
};

/// A change to the architecture during the run: a fault, a health-check verdict, a drain.
struct EventRecord {
  double t_s = 0;
  std::string component;  ///< "app-1", "zone-b", "lb", …
  std::string event;      ///< a fault ("crash", "slow", "scale_in"…), "out_of_service", "in_service", "removed", "evicted"…
  std::string detail;     ///< for humans
};

struct SimInfo {
  double duration_s = 0;
  double warmup_s = 0;
  double wall_s = 0;           ///< the only field that varies between identical runs
  std::uint64_t arrivals = 0;  ///< every request generated, warm-up included
  std::uint64_t events = 0;    ///< kernel events processed
};

struct ScenarioInfo {
  std::string name;
  std::string file;
  std::uint64_t seed = 0;
  int stage = -1;
  std::string description;
};

/// One figure of a `--seeds K` run over its seeds.
struct ReplicatedFigure {
  std::string name;            ///< a compare metric name: "p99_ms", "throughput_rps", …
  std::vector<double> values;  ///< one per seed, in seed order
  double mean = 0;
  double stddev = 0;  ///< sample standard deviation (n − 1)
  double ci95 = 0;    ///< half-width of the 95% Student-t interval of the mean
};

/// The across-seed section of a `--seeds K` run (JSON "replications", present only then).
struct Replications {
  std::vector<std::uint64_t> seeds;  ///< empty: a single-seed run
  std::vector<ReplicatedFigure> figures;
  bool empty() const { return seeds.empty(); }
  /// The figure named `name`, or nullptr.
  const ReplicatedFigure* find(const std::string& name) const;
};

/// What reproduces the run without the original files (JSON "input"; `ladder run --from`).
struct RunInput {
  std::string file;                    ///< the scenario file as given
  std::uint64_t seed = 0;              ///< the (first) seed
  std::uint64_t seeds = 0;             ///< K of `--seeds K`; 0 for a single run (not written)
  std::vector<std::string> overrides;  ///< the --set arguments, in the order given
  std::string scenario;                ///< the merged, defaulted scenario document as compact JSON; empty: none
  bool empty() const { return scenario.empty(); }
};

struct Result {
  std::string schema = kResultSchema;
  ScenarioInfo scenario;
  WorkloadSummary workload;
  RequestTotals requests;
  LatencySummary latency_ms;
  std::vector<ClassResult> classes;
  std::vector<ComponentResult> components;
  Bottleneck bottleneck;
  Saturation saturation;
  SloResult slo;
  CostResult cost;
  /// App servers no event touched: most requests on one over the mean (1 = even; 0 = fewer than 2).
  double imbalance = 0;
  SessionResult sessions;
  UploadResult uploads;
  ReplicationResult replication;
  CacheResult cache;
  std::vector<EventRecord> events;
  std::vector<TimelinePoint> timeline;
  SimInfo sim;
  Replications replications;  ///< written after latency_ms, only when non-empty
  RunInput input;             ///< written last, only when non-empty
};

/// The figures a `--seeds` run summarizes, as compare names them: throughput_rps, error_rate,
/// mean_ms, p50_ms, p90_ms, p95_ms, p99_ms, p999_ms.
const std::vector<std::string>& replicated_figures();
/// The across-seed section of `runs` (one per seed, in seed order; `seeds` gives their seeds):
/// for each figure its per-seed values, mean, standard deviation and 95% Student-t interval,
/// summed in seed order so the same runs always give the same bits.
Replications summarize_replications(const std::vector<Result>& runs, const std::vector<std::uint64_t>& seeds);

/// The description a run with `overrides` reports: the scenario's, followed by
/// " (with --set PATH=VALUE, --set …)" naming every override except seed= and description=
/// (a --set description= is the user's own text). Unchanged without such overrides.
std::string overridden_description(const std::string& description, const std::vector<std::string>& overrides);

void to_json(nlohmann::ordered_json& j, const Result& r);
void from_json(const nlohmann::ordered_json& j, Result& r);

}  // namespace ladder
