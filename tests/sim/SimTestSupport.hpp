// Shared helpers of the simulation tests: loading a scenario from the repository, finding a
// component in a result, and the statistical tolerances every fidelity check uses.
//
// Tolerances are never tuned numbers: each is derived from the run's own standard error.
// - A mean: the run reports mean_ci95, the half-width of a 95% interval from 20 batch means,
//   i.e. t_{0.975,19} = 2.093 standard errors (src/metrics/Metrics.cpp). 2 × mean_ci95 is
//   therefore ≈ 4.2 σ of the batch-means estimate: a correct model fails it about once in
//   30,000 runs, a biased one fails it as soon as the bias exceeds ~4 σ.
// - A quantile: see quantile_tolerance below.
#pragma once

#include <algorithm>
#include <cmath>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ladder/report/Result.hpp"
#include "ladder/scenario/Loader.hpp"
#include "ladder/scenario/Scenario.hpp"

namespace ladder::test {

/// Student's t quantile used by Metrics for mean_ci95 (20 batch means, 19 degrees of freedom).
inline constexpr double kT975_19 = 2.093;
/// Number of standard errors a check allows (≈ 1 false alarm in 15,000 for a normal estimate).
inline constexpr double kSigmas = 4.0;
/// The latency histogram's relative accuracy (DDSketch-style, metrics/Histogram.hpp).
inline constexpr double kHistogramRelAccuracy = 0.005;

inline std::string repo_path(const std::string& relative) {
  return std::string(LADDER_SOURCE_DIR) + "/" + relative;
}

inline Scenario load(const std::string& relative, const std::vector<std::string>& overrides = {}) {
  return load_scenario(repo_path(relative), overrides);
}

/// `sets` plus the demands the stage files had before issue 14 (6.24 ms of app CPU and 2.92 ms
/// of database CPU per request over the default mix), which the analytic comments of the
/// mechanism tests below derive from. Since issue 14 the stage files carry the heavier demands of
/// their request profile (docs/model.md, "The request profile"); a test of a mechanism at a rate
/// of its own choosing pins these programs so that its derivation still holds.
inline std::vector<std::string> with_default_demands(std::vector<std::string> sets) {
  for (const char* d :
       {R"(services.app.endpoints.read=[{"session": "check"}, {"cpu_ms": 6}, {"query": "db", "cpu_ms": 3, "cacheable": true}])",
        R"(services.app.endpoints.write=[{"session": "check"}, {"cpu_ms": 8}, {"query": "db", "write": true, "cpu_ms": 6, "io_kb": 32}])",
        R"(services.app.endpoints.static=[{"cpu_ms": 2}])",
        R"(services.app.endpoints.login=[{"cpu_ms": 30}, {"query": "db", "cpu_ms": 2}, {"session": "create"}])"})
    sets.insert(sets.begin(), d);
  return sets;
}

inline const ComponentResult& component(const Result& r, const std::string& name) {
  for (const auto& c : r.components)
    if (c.name == name)
      return c;
  throw std::runtime_error("no component named " + name);
}

/// Standard error of the mean latency (ms), from the batch-means interval.
inline double mean_se(const LatencySummary& l) { return l.mean_ci95 / kT975_19; }

/// Tolerance for a mean: 2 × mean_ci95 ≈ 4.2 σ of the batch-means estimate (see above).
inline double mean_tolerance(const LatencySummary& l) { return 2.0 * l.mean_ci95; }

/// Variance inflation of a mean over n autocorrelated samples relative to n independent ones,
/// measured on the run: (SE_batch / SE_iid)² = (mean_ci95/t · √n / stddev)². Response times in
/// a queue are positively correlated (a request behind a long one waits long too), so this is
/// ≥ 1 in expectation; an estimate below 1 is sampling noise and is clamped to 1.
inline double autocorrelation_factor(const LatencySummary& l) {
  if (l.stddev <= 0 || l.count == 0)
    return 1.0;
  double ratio = mean_se(l) * std::sqrt(static_cast<double>(l.count)) / l.stddev;
  return std::max(1.0, ratio * ratio);
}

/// Tolerance (same unit as `q`) for the p-quantile estimate q̂ of n samples whose density at
/// the true quantile q is `density` (per unit of q).
///
/// Derivation. By Bahadur's representation, q̂ − q ≈ (p − F_n(q)) / f(q): the quantile error is
/// the empirical CDF's error at q divided by the density there. F_n(q) is a mean of the
/// indicators 1{X_i ≤ q}, whose variance is p(1 − p)/n for independent samples, so
///   SE(q̂) = sqrt(p(1 − p)/n) / f(q).
/// Samples from a queue are correlated; we inflate the variance by the factor measured on the
/// mean (autocorrelation_factor) — the tail indicator's correlation time is of the same order
/// as the response time's. The tolerance is kSigmas standard errors plus the histogram's
/// relative accuracy (a deterministic bias of at most 0.5% of the value).
inline double quantile_tolerance(double p, double q, double density, const LatencySummary& l) {
  double n = static_cast<double>(l.count);
  double se = std::sqrt(autocorrelation_factor(l) * p * (1.0 - p) / n) / density;
  return kSigmas * se + kHistogramRelAccuracy * q;
}

/// Density f(t) = −d/dt CCDF(t), by a central difference with step h (relative error O(h²)).
inline double density_from_ccdf(const std::function<double(double)>& ccdf, double t, double h) {
  return (ccdf(t - h) - ccdf(t + h)) / (2.0 * h);
}

/// Relative tolerance for a throughput measured from `count` completions: a count of events
/// over a fixed window whose inter-event times have a coefficient of variation of about 1
/// (exponential think times, exponential service at a saturated server) has a variance of
/// about the count itself (Poisson-like), so SE(X)/X ≈ 1/√count.
inline double throughput_rel_tolerance(double count) { return kSigmas / std::sqrt(count); }

/// Standard error √(p(1−p)/n) of a proportion estimated from n independent trials.
inline double binomial_sigma(double p, std::uint64_t n) { return std::sqrt(p * (1 - p) / static_cast<double>(n)); }

/// Failed requests of one kind in a result (0 when none).
inline std::uint64_t errors(const Result& r, const std::string& kind) {
  auto it = r.requests.errors_by_kind.find(kind);
  return it == r.requests.errors_by_kind.end() ? 0 : it->second;
}

/// A result's JSON without sim.wall_s: what two runs of the same scenario and seed share, byte
/// for byte (DESIGN.md's determinism contract).
inline std::string bytes_without_wall(const Result& r) {
  nlohmann::ordered_json j;
  to_json(j, r);
  j["sim"].erase("wall_s");
  return j.dump(2);
}

}  // namespace ladder::test
