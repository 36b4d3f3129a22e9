// Typed form of a scenario file, produced by the loader (scenario/Loader.hpp)
// after every field has been validated and every default filled in.
// Defaults are NOT written here: they live in the field table (src/scenario/Fields.cpp),
// the single declaration that also feeds the docs and the JSON Schema.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace ladder {

/// Request classes are a fixed set; each has a weight in the mix and a demand profile.
enum class RequestClass : int { read = 0, write = 1, static_asset = 2, login = 3 };
inline constexpr int kClassCount = 4;
/// The names used in scenario files and results ("static" for static_asset).
inline constexpr std::array<const char*, kClassCount> kClassNames = {"read", "write", "static", "login"};

enum class Distribution { exponential, deterministic, lognormal };
enum class ArrivalModel { open, closed };
enum class LbPolicy { round_robin, least_connections, random, sticky };

struct ClassDemand {
  double weight = 0;      ///< fraction of requests of this class (the mix sums to 1)
  double app_cpu_ms = 0;  ///< CPU time on one reference vCPU in the app server
  double db_cpu_ms = 0;   ///< CPU time on one reference vCPU in the database (0 = no query)
  double db_io_kb = 0;    ///< bytes read (reads) or written (writes) on the database disk
  bool db_write = false;  ///< the query is a write (disk write, primary only)
};

struct SimConfig {
  double duration_s;  ///< simulated time, warm-up included
  double warmup_s;    ///< completions of requests that arrived before this are not measured
  std::uint64_t seed;
  double timeline_interval_s;  ///< width of a time-series bucket
};

struct WorkloadConfig {
  ArrivalModel model;
  double rate_rps;  ///< open loop: resolved rate (given directly or from dau × per-user × peak / 86400)
  double dau;       ///< daily active users (0 = not stated); used for rate and cost per 1k DAU
  double requests_per_user_per_day;
  double peak_factor;
  std::int64_t users;  ///< closed loop: concurrent users
  double think_time_s;
  std::int64_t population;  ///< distinct users, with Zipf activity
  double user_zipf_s;
  std::int64_t keys;  ///< key space, with Zipf popularity
  double key_zipf_s;
  double client_timeout_ms;  ///< the client gives up after this; counted as a timeout
  std::array<ClassDemand, kClassCount> classes;
};

struct ServiceConfig {
  Distribution distribution;
  double cv;  ///< coefficient of variation, lognormal only
};

struct AppConfig {
  int count;
  std::string instance;
  int vcpus;  ///< resolved: the override if given, else the instance's
  int workers;
  int queue_limit;
  double queue_timeout_ms;
};

struct DbConfig {
  bool enabled;
  bool colocated;  ///< runs on the first app server's host, sharing its cores
  std::string instance;
  int vcpus;  ///< resolved
  int connections;
  int queue_limit;
  double queue_timeout_ms;
  double disk_read_mbps;
  double disk_write_mbps;
};

struct LbConfig {
  bool enabled;
  LbPolicy policy;
  std::string instance;
};

struct NetworkConfig {
  double client_latency_ms;  ///< one way, user to the data centre
  double hop_ms;             ///< one way, between two hosts in the data centre
};

struct SloConfig {
  double p99_ms;      ///< 0 = no latency objective
  double error_rate;  ///< maximum fraction of failed requests
};

struct CostConfig {
  double hours_per_month;
};

struct Scenario {
  std::string name;
  std::string file;  ///< path as given by the user
  std::string description;
  int stage;  ///< -1 when not a ladder stage
  SimConfig sim;
  WorkloadConfig workload;
  ServiceConfig service;
  AppConfig app;
  DbConfig db;
  LbConfig lb;
  NetworkConfig network;
  SloConfig slo;
  CostConfig cost;
  nlohmann::json resolved;  ///< the merged, defaulted document (echoed into results)
};

const char* to_string(Distribution d);
const char* to_string(ArrivalModel m);
const char* to_string(LbPolicy p);

}  // namespace ladder
