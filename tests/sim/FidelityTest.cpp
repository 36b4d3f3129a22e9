// Fidelity: single simulations compared with queueing theory. Each TEST is one run (one
// SimGrid Engine per process; gtest_discover_tests gives every TEST its own process).
//
// Every tolerance comes from the run's own standard error (sim/SimTestSupport.hpp): a mean
// within 2 × mean_ci95 (≈ 4.2 σ of the batch-means estimate), a quantile within 4 σ of its
// asymptotic estimator error (density at the quantile, autocorrelation measured on the run)
// plus the histogram's 0.5% relative accuracy, a throughput within 4/√count.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ladder/sim/Simulation.hpp"
#include "sim/SimTestSupport.hpp"
#include "support/Analytic.hpp"

namespace ladder {
namespace {

using test::component;
using test::load;
using test::mean_tolerance;
using test::quantile_tolerance;

std::string set(const std::string& path, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return path + "=" + buf;
}

// ---- M/M/1 ---------------------------------------------------------------------------------
// scenarios/validation/mm1.json: one worker on one core, exponential service S = 10 ms
// (μ = 100/s), Poisson arrivals at λ, no network, queues that never refuse.
// Theory (FCFS): T ~ Exponential(μ − λ), so
//   mean T = 1/(μ − λ),  p99 = −ln(0.01)/(μ − λ),  density at t: (μ − λ)·e^{−(μ−λ)t},
// which at the p99 is (μ − λ)·0.01.
// Run length: the batch-means interval needs batches much longer than the correlation time
// of response times, which grows like 1/(μ(1 − ρ)²) (7.8 s at ρ = 0.95); the request counts
// below keep the mean's 95% half-width near 1–2% while each run stays a few seconds.
void check_mm1(double rho, double duration_s, double warmup_s) {
  const double mu = 100.0, lambda = rho * mu;
  Scenario s = load("scenarios/validation/mm1.json",
                    {set("workload.rate_rps", lambda), set("sim.duration_s", duration_s),
                     set("sim.warmup_s", warmup_s)});
  Result r = run_simulation(s);

  const double mean_th = analytic::mm1_mean_response(lambda, mu) * 1e3;
  const double p99_th = analytic::mm1_response_quantile(lambda, mu, 0.99) * 1e3;
  const double density = (mu - lambda) * 0.01 / 1e3;  // per ms
  const double mean_tol = mean_tolerance(r.latency_ms);
  const double p99_tol = quantile_tolerance(0.99, p99_th, density, r.latency_ms);
  std::printf("M/M/1 rho=%.2f n=%llu: mean %.3f vs %.3f ms (tol %.3f); p99 %.2f vs %.2f ms (tol %.2f); "
              "autocorrelation factor %.1f\n",
              rho, static_cast<unsigned long long>(r.latency_ms.count), r.latency_ms.mean, mean_th,
              mean_tol, r.latency_ms.p99, p99_th, p99_tol, test::autocorrelation_factor(r.latency_ms));
  EXPECT_EQ(r.requests.failed, 0u);
  EXPECT_NEAR(r.latency_ms.mean, mean_th, mean_tol);
  EXPECT_NEAR(r.latency_ms.p99, p99_th, p99_tol);
}

// ---- M/G/1: the service-time distributions --------------------------------------------------
// The same single FCFS server with deterministic or lognormal service (mean S = 10 ms,
// coefficient of variation cv). Pollaczek–Khinchine: the mean wait depends on the service
// distribution only through its first two moments,
//   T = S + ρ·S·(1 + cv²) / (2(1 − ρ)).
// M/D/1 (cv = 0) at ρ = 0.8: T = 10 + 20 = 30 ms (M/M/1's 50 ms halves the wait);
// lognormal cv = 1.5 at ρ = 0.7: T = 10 + 7·3.25/0.6 = 47.92 ms.
void check_mg1(const char* distribution, double cv, double rho, double duration_s) {
  const double S = 0.010, lambda = rho / S;
  Scenario s = load("scenarios/validation/mm1.json",
                    {set("workload.rate_rps", lambda), set("sim.duration_s", duration_s),
                     std::string("demand.distribution=") + distribution, set("demand.cv", cv > 0 ? cv : 1)});
  Result r = run_simulation(s);
  const double mean_th = (S + rho * S * (1 + cv * cv) / (2 * (1 - rho))) * 1e3;
  const double tol = mean_tolerance(r.latency_ms);
  std::printf("M/G/1 %s cv=%.2f rho=%.2f n=%llu: mean %.3f vs %.3f ms (tol %.3f)\n", distribution, cv, rho,
              static_cast<unsigned long long>(r.latency_ms.count), r.latency_ms.mean, mean_th, tol);
  EXPECT_NEAR(r.latency_ms.mean, mean_th, tol);
}

TEST(FidelityMG1, DeterministicRho080) { check_mg1("deterministic", 0.0, 0.80, 1550); }
TEST(FidelityMG1, LognormalCv15Rho070) { check_mg1("lognormal", 1.5, 0.70, 2550); }

// ρ = 0.5: T = 20 ms, p99 = 92.1 ms; 100k requests.
TEST(FidelityMM1, Rho050) { check_mm1(0.50, 2050, 50); }
// ρ = 0.8: T = 50 ms, p99 = 230.3 ms; 200k requests.
TEST(FidelityMM1, Rho080) { check_mm1(0.80, 2550, 50); }
// ρ = 0.9: T = 100 ms, p99 = 460.5 ms; 300k requests.
TEST(FidelityMM1, Rho090) { check_mm1(0.90, 3400, 100); }
// ρ = 0.95: T = 200 ms, p99 = 921.0 ms; 450k requests (slow relaxation, see above).
TEST(FidelityMM1, Rho095) { check_mm1(0.95, 4850, 100); }

// ---- M/M/4 ---------------------------------------------------------------------------------
// scenarios/validation/mmc.json: 4 workers on 4 cores (FCFS M/M/4), S = 10 ms, λ = 4ρμ.
// Theory (Erlang C): mean T = S + C(4, a)·S/(4(1 − ρ)), a = λ/μ; the response CCDF is the
// convolution of the waiting time (atom 1 − C at 0, then Exponential(4μ − λ)) with the
// service time, P(T > t) from analytic::mmc_response_ccdf; its density at p99 is taken by a
// central difference (h = 1 μs; the CCDF is smooth, so the O(h²) error is negligible).
void check_mmc(double rho, double duration_s, const char* workers = nullptr) {
  const int c = 4;
  const double mu = 100.0, lambda = rho * c * mu;
  std::vector<std::string> sets = {set("workload.rate_rps", lambda), set("sim.duration_s", duration_s),
                                   set("sim.warmup_s", 20)};
  if (workers)
    sets.push_back(std::string("services.app.workers=") + workers);
  Scenario s = load("scenarios/validation/mmc.json", sets);
  Result r = run_simulation(s);

  const double mean_th = analytic::mmc_mean_response(c, lambda, mu) * 1e3;
  const double p99_th = analytic::mmc_response_quantile(c, lambda, mu, 0.99) * 1e3;
  const double density =
      test::density_from_ccdf([&](double t_ms) { return analytic::mmc_response_ccdf(c, lambda, mu, t_ms / 1e3); },
                              p99_th, 1e-3);
  const double mean_tol = mean_tolerance(r.latency_ms);
  const double p99_tol = quantile_tolerance(0.99, p99_th, density, r.latency_ms);
  std::printf("M/M/4%s rho=%.2f n=%llu: mean %.3f vs %.3f ms (tol %.3f); p99 %.2f vs FCFS %.2f ms (tol %.2f); "
              "autocorrelation factor %.1f\n",
              workers ? " PS" : "", rho, static_cast<unsigned long long>(r.latency_ms.count), r.latency_ms.mean,
              mean_th, mean_tol, r.latency_ms.p99, p99_th, p99_tol, test::autocorrelation_factor(r.latency_ms));
  EXPECT_EQ(r.requests.failed, 0u);
  // Processor sharing and FCFS have the same mean for exponential work (SIMGRID.md §5).
  EXPECT_NEAR(r.latency_ms.mean, mean_th, mean_tol);
  if (workers) {
    // Under sharing a long request is slowed by every request that arrives while it runs,
    // so the tail is heavier than FCFS's: p99 exceeds the FCFS p99 by more than its tolerance.
    EXPECT_GT(r.latency_ms.p99, p99_th + p99_tol);
  } else {
    EXPECT_NEAR(r.latency_ms.p99, p99_th, p99_tol);
  }
}

// ρ = 0.75 (λ = 300/s): C(4, 3) = 0.5094, T = 15.094 ms; 300k requests.
TEST(FidelityMMc, Rho075) { check_mmc(0.75, 1020); }
// ρ = 0.92 (λ = 368/s): T = 10 ms + C·10/(4·0.08) ms ≈ 35.7 ms; 400k requests.
TEST(FidelityMMc, Rho092) { check_mmc(0.92, 1110); }
// Processor sharing: the same M/M/4 at ρ = 0.75 with 64 workers on 4 cores: the cores are
// shared among up to 64 running requests (each gets min(1, 4/n) of a core).
TEST(FidelityMMc, ProcessorSharingRho075) { check_mmc(0.75, 1020, "64"); }

// ---- Closed loop vs exact MVA --------------------------------------------------------------
// scenarios/validation/closed.json: N users, exponential think Z = 1 s; app D = 10 ms on one
// core shared by every request (PS), database D = 15 ms behind one connection (FCFS), both
// exponential: a product-form network, so exact MVA (analytic::mva) gives X(N) and R(N).
// The database bounds X ≤ 1/0.015 = 66.7/s; the knee is N* = (Z + D)/D_max = 68.3.
void check_closed(int users) {
  Scenario s = load("scenarios/validation/closed.json", {"workload.users=" + std::to_string(users)});
  Result r = run_simulation(s);

  const std::vector<double> demands = {0.010, 0.015};
  const auto points = analytic::mva(demands, 1.0, users);
  const double x_th = points[static_cast<std::size_t>(users)].throughput;
  const double r_th = points[static_cast<std::size_t>(users)].response * 1e3;
  const double x_tol = x_th * test::throughput_rel_tolerance(static_cast<double>(r.requests.completed));
  const double r_tol = mean_tolerance(r.latency_ms);
  std::printf("closed N=%d n=%llu: X %.3f vs %.3f /s (tol %.3f); R %.3f vs %.3f ms (tol %.3f)\n", users,
              static_cast<unsigned long long>(r.requests.completed), r.requests.throughput_rps, x_th, x_tol,
              r.latency_ms.mean, r_th, r_tol);
  EXPECT_EQ(r.requests.failed, 0u);
  EXPECT_NEAR(r.requests.throughput_rps, x_th, x_tol);
  EXPECT_NEAR(r.latency_ms.mean, r_th, r_tol);
}

// N = 20: light load, X(20) ≈ 19.5/s, R ≈ 27 ms.
TEST(FidelityClosed, Users20) { check_closed(20); }
// N = 60: at the knee, X(60) ≈ 57/s.
TEST(FidelityClosed, Users60Knee) { check_closed(60); }
// N = 100: saturated, X → 66.7/s, R ≈ N/X − Z ≈ 0.5 s.
TEST(FidelityClosed, Users100Saturated) { check_closed(100); }

// ---- Little's law on a component -----------------------------------------------------------
// L = X·W holds on every sample path, up to edge effects: ∫N(t)dt over the window [w, end]
// differs from Σ W_i over the requests departing in it by (a) the time requests departing in
// the window spent before w and (b) the time requests still present at the end spent in it.
// Each term is ≈ L × (mean residual residence E[R²]/(2E[R])); they have the same expectation
// and cancel on average, so |L − X·W| ≤ kSigmas × 2 × L·E[R²]/(2W) / T is a generous bound
// on their difference. The app server's residence is the end-to-end latency minus a constant
// (client latency both ways), so E[R²] = W² + stddev².
// Stage 1 at 1,200 users: app-0 holds its worker through the database query, so its residence
// includes the hop to the database, the query and the hop back — not just its own CPU. The
// database (its own queue and connections) is checked the same way.
void check_little(const Result& r, const std::string& name, double residence_sd_s) {
  const auto& c = component(r, name);
  ASSERT_EQ(c.rejected, 0u) << "rejections leave the system without a residence; Little needs none";
  const double span = r.sim.duration_s - r.sim.warmup_s;
  const double w = c.residence_ms / 1e3;
  const double xw = c.throughput_rps * w;
  const double tol =
      test::kSigmas * 2.0 * c.in_system_mean * (w * w + residence_sd_s * residence_sd_s) / (2.0 * w) / span;
  std::printf("Little %s: L %.5f vs X·W %.5f (X %.2f/s, W %.3f ms, L/X %.3f ms; tol %.5f)\n", name.c_str(),
              c.in_system_mean, xw, c.throughput_rps, c.residence_ms, c.in_system_mean / c.throughput_rps * 1e3, tol);
  EXPECT_GT(c.served, 10000u);
  EXPECT_NEAR(c.in_system_mean, xw, tol) << name;
}

TEST(LittleLaw, AppServerAndDatabaseStage1) {
  Scenario s = load("scenarios/01-separate-database.json", test::with_default_demands({"workload.dau=0", "workload.users=1200"}));
  Result r = run_simulation(s);
  // The app's residence is the end-to-end latency minus the fixed client latency both ways,
  // so its standard deviation is the latency's. The database's residence is part of it: its
  // variance is at most the latency's, which keeps the bound conservative.
  const double sd = r.latency_ms.stddev / 1e3;
  std::printf("latency mean %.3f ms = 2 × %.1f ms client latency + app residence %.3f ms\n", r.latency_ms.mean,
              s.network.client_latency_ms, r.latency_ms.mean - 2 * s.network.client_latency_ms);
  check_little(r, "db", sd);
  check_little(r, "app-0", sd);
}

}  // namespace
}  // namespace ladder
