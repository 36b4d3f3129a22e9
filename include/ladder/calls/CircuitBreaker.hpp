// A circuit breaker on one call edge (caller → callee.endpoint), Hystrix-style, for rung 9:
//   closed     calls pass; outcomes are counted in a rolling window of `buckets` buckets
//              covering `window_s`. When the window holds at least `min_requests` outcomes and
//              the failed share reaches `error_threshold`, the breaker opens.
//   open       calls are refused at once (fail fast, no load on the callee) for `open_s`.
//   half_open  after `open_s`, one trial call passes; its success closes the breaker (with an
//              empty window), its failure opens it again for another `open_s`.
// Defaults are Hystrix's: a 10 s window in 10 buckets, 20 requests, 50%, 5 s open.
// Pure: the caller passes the simulated time; no Engine.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

namespace ladder {

struct BreakerConfig {
  double window_s = 10;
  int buckets = 10;
  int min_requests = 20;
  double error_threshold = 0.5;
  double open_s = 5;
};

class CircuitBreaker {
 public:
  enum class State { closed, open, half_open };
  /// What `allow` decided: refused (fail fast), an ordinary call, or half-open's one trial.
  enum class Admit { refused, call, trial };

  explicit CircuitBreaker(BreakerConfig config = {});
  /// Whether a call may go out now. In half_open, one trial until its outcome.
  Admit allow(double now_s);
  /// The outcome of a call `allow` let through, with what `allow` said for it (a late outcome
  /// of a call sent before the breaker opened does not decide the trial).
  void record(double now_s, bool success, Admit admitted);
  State state(double now_s) const;
  std::uint64_t opens() const { return opens_; }
  std::uint64_t refused() const { return refused_; }
  /// Outcomes in the window ending now (for tests and the timeline).
  int window_requests(double now_s) const { return window(now_s).first; }
  int window_failures(double now_s) const { return window(now_s).second; }

 private:
  struct Bucket {
    std::int64_t index = -1;  ///< floor(t / bucket width) it counts; -1 = empty
    int requests = 0, failures = 0;
  };
  Bucket& bucket_at(double now_s);
  std::pair<int, int> window(double now_s) const;  ///< (requests, failures) in the window ending now
  void open(double now_s);
  BreakerConfig cfg_;
  double width_s_;
  std::vector<Bucket> ring_;
  State state_ = State::closed;
  double opened_at_ = 0;
  bool trial_out_ = false;
  std::uint64_t opens_ = 0, refused_ = 0;
};

const char* to_string(CircuitBreaker::State s);

}  // namespace ladder
