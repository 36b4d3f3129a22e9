// Sweep plans: a base scenario, axes of `--set` values (cross product or zip), seeds per point
// and the result metrics to collect. A plan is validated like a scenario (every problem at once,
// `plan.json: /axes/0/path: …`, nearest-name suggestions) and expanded into a manifest: the
// points, and one run per (point, seed) under a content-addressed id. The manifest is what both
// the local pool and the Slurm array execute, and what `sweep collect` reads back.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace ladder {

inline constexpr const char* kSweepManifestSchema = "ladder-sweep-manifest/1";
inline constexpr const char* kSweepTableSchema = "ladder-sweep-table/1";
inline constexpr std::size_t kMaxSweepRuns = 100000;
inline constexpr std::size_t kMaxAxisValues = 10000;

struct SweepAxis {
  std::string name;  ///< column header (the path unless the plan names it)
  std::string path;  ///< dotted scenario path, as for `--set`
};

struct SweepPoint {
  std::size_t index = 0;
  std::vector<std::string> values;  ///< one JSON text per axis ("4", "\"m5.large\"")
};

struct SweepRun {
  std::string id;  ///< SHA-256 of the merged scenario, the overrides and the seed (32 hex digits)
  std::size_t point = 0;
  std::uint64_t seed = 0;
  std::vector<std::string> overrides;  ///< `--set` arguments: the plan's set, the axes, then seed=N
};

struct SweepManifest {
  std::string name;
  std::string description;
  std::string plan_file;  ///< as given on the command line
  std::string scenario;   ///< the base scenario, absolute (the children run it from any directory)
  std::string combine;    ///< "cross" or "zip"
  std::vector<SweepAxis> axes;
  std::vector<std::uint64_t> seeds;
  std::vector<std::string> metrics;  ///< dotted paths into the result JSON
  std::vector<SweepPoint> points;
  std::vector<SweepRun> runs;  ///< point-major, then seed order
};

/// Loads, validates and expands a plan (loading the scenario of every point). Throws InputError.
SweepManifest load_sweep_plan(const std::string& path);
SweepManifest load_sweep_plan_text(const std::string& text, const std::string& file);

/// The content-addressed id of a run: SHA-256 over the merged, defaulted scenario document
/// (which already holds the overrides and the seed), the override list and the seed.
std::string sweep_run_id(const nlohmann::json& resolved_scenario, const std::vector<std::string>& overrides,
                         std::uint64_t seed);

/// The manifest as JSON text (pretty, trailing newline) and back (throws InputError naming `file`).
std::string manifest_to_text(const SweepManifest& m);
SweepManifest manifest_from_text(const std::string& text, const std::string& file);

/// Checks a metric path against the result layout (ladder-result/1): "" if fine, else why not.
/// `endpoints`: the scenario's endpoint names, the only entries `classes.<endpoint>` may name;
/// empty: today's six, or any other name.
std::string check_metric_path(const std::string& dotted, const std::vector<std::string>& endpoints = {});
/// Every metric path a plan may name, with `*` for a component or error kind (docs, suggestions).
std::vector<std::string> metric_paths();
/// Reads a metric from a result document; nullopt with `why` when it is not there.
std::optional<double> metric_value(const nlohmann::ordered_json& result, const std::string& dotted, std::string& why);

/// The JSON Schema (draft 2020-12) of sweep plans: the content of schema/ladder-sweep.schema.json.
std::string sweep_plan_json_schema();

}  // namespace ladder
