// The up-front estimate of a run's wall time, from what costs time in the simulator: requests,
// the executions sharing one host (SimGrid's sharing cost per event grows with them), health-check
// rounds and replica lag checks. A run estimated over kMaxRunWallS is refused unless forced.
// The per-event costs are measured (docs/model.md, "Run-size estimate"): recalibrate them here,
// and only here, when the kernel gets faster.
#pragma once

#include <string>

namespace ladder {

/// Wall seconds per unit of work, measured on the reference machine (2-core VM shared with other
/// builds, release build, 2026-12-02; docs/model.md, "Run-size estimate", has the runs).
struct RunCosts {
  /// One request through the tiers (arrival, routing, queues, demands, metrics). With the
  /// maestro kernel: 4.0-4.9e-6 for stages 3 and 5 on a quiet machine; about twice that while
  /// other builds share it (the one-actor kernel measured 1.1e-5 to 3.6e-5).
  static constexpr double kPerRequestS = 1e-5;
  /// Extra per request, times the square of the executions sharing its host: SimGrid re-shares
  /// the host's cores among all of them at every start and finish, and the cost per share grows
  /// too. Measured with the maestro kernel on stage 0 with n users on n workers (20 s):
  /// 7.4e-5 s per request at n = 3,000 and 8.8e-4 s at n = 10,000, 8.3e-12 and 8.8e-12 × n².
  /// (The one-actor kernel, whose every wake-up also walked the n executions: 1.4e-10.)
  static constexpr double kPerRequestPerSharedExecSquaredS = 8.5e-12;
  /// One server checked in one load-balancer health-check round: 1000 servers every 0.01 s
  /// (1e10 checks over 1e5 s) cost 42 s over the same run without them.
  static constexpr double kPerHealthCheckS = 4.2e-9;
  /// One replica checked in one lag-check round: 15 replicas every 0.01 s (1.5e8 checks over
  /// 1e5 s) cost 10.7 s over the same run checking every 1 s.
  static constexpr double kPerLagCheckS = 7.1e-8;
};

/// Runs estimated longer than this are refused (exit 2) unless forced (--force).
inline constexpr double kMaxRunWallS = 600;

/// What the estimate counted, and which knob drives its largest term.
struct RunEstimate {
  double arrivals = 0;       ///< requests the run simulates
  double shared_execs = 0;   ///< executions in flight on the busiest host (n: cost ∝ n² per request)
  double health_checks = 0;  ///< servers × duration / interval (only with faults: else no checks run)
  double lag_checks = 0;     ///< replicas × duration / lag_check_s (only with max_lag_ms > 0)
  double wall_s = 0;         ///< the estimated wall time
  std::string knob;          ///< JSON pointer of the knob driving the largest term
  std::string detail;        ///< that term, spelt out: "1000 servers × 1e6 s / 0.01 s = 1e11 health checks …"
};

/// "45 s", "12 min", "2.7 h", "3.1 days".
std::string format_wall_time(double seconds);

}  // namespace ladder
