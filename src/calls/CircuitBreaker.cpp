// See include/ladder/calls/CircuitBreaker.hpp.
#include "ladder/calls/CircuitBreaker.hpp"

#include <cmath>
#include <stdexcept>

namespace ladder {

CircuitBreaker::CircuitBreaker(BreakerConfig config) : cfg_(config) {
  if (!(cfg_.window_s > 0) || cfg_.buckets < 1 || cfg_.min_requests < 1 || !(cfg_.error_threshold > 0) ||
      cfg_.error_threshold > 1 || !(cfg_.open_s >= 0))
    throw std::invalid_argument("circuit breaker: window_s > 0, buckets >= 1, min_requests >= 1, "
                                "0 < error_threshold <= 1 and open_s >= 0 are required");
  width_s_ = cfg_.window_s / cfg_.buckets;
  ring_.resize(static_cast<std::size_t>(cfg_.buckets));
}

CircuitBreaker::Bucket& CircuitBreaker::bucket_at(double now_s) {
  const auto index = static_cast<std::int64_t>(std::floor(now_s / width_s_));
  Bucket& b = ring_[static_cast<std::size_t>(index % cfg_.buckets)];
  if (b.index != index) b = Bucket{index, 0, 0};  // a bucket a whole window old: reused
  return b;
}

std::pair<int, int> CircuitBreaker::window(double now_s) const {
  const auto index = static_cast<std::int64_t>(std::floor(now_s / width_s_));
  std::pair<int, int> n{0, 0};  // requests, failures
  for (const Bucket& b : ring_)
    if (b.index >= 0 && b.index > index - cfg_.buckets && b.index <= index) {
      n.first += b.requests;
      n.second += b.failures;
    }
  return n;
}

void CircuitBreaker::open(double now_s) {
  state_ = State::open;
  opened_at_ = now_s;
  trial_out_ = false;
  ++opens_;
}

CircuitBreaker::State CircuitBreaker::state(double now_s) const {
  if (state_ == State::open && now_s >= opened_at_ + cfg_.open_s) return State::half_open;
  return state_;
}

CircuitBreaker::Admit CircuitBreaker::allow(double now_s) {
  if (state_ == State::open && now_s >= opened_at_ + cfg_.open_s) state_ = State::half_open;
  switch (state_) {
    case State::closed:
      return Admit::call;
    case State::open:
      ++refused_;
      return Admit::refused;
    case State::half_open:
      if (trial_out_) {
        ++refused_;
        return Admit::refused;
      }
      trial_out_ = true;
      return Admit::trial;
  }
  return Admit::refused;
}

void CircuitBreaker::record(double now_s, bool success, Admit admitted) {
  if (admitted == Admit::refused) return;
  if (admitted == Admit::trial) {
    if (state_ != State::half_open || !trial_out_) return;
    trial_out_ = false;
    if (success) {
      state_ = State::closed;
      for (Bucket& b : ring_) b = Bucket{};
    } else {
      open(now_s);
    }
    return;
  }
  if (state_ != State::closed) return;  // late outcomes of calls sent while it was closed
  Bucket& b = bucket_at(now_s);
  ++b.requests;
  b.failures += success ? 0 : 1;
  const auto [n, failed] = window(now_s);
  if (n >= cfg_.min_requests && failed >= cfg_.error_threshold * n) open(now_s);
}

const char* to_string(CircuitBreaker::State s) {
  switch (s) {
    case CircuitBreaker::State::closed: return "closed";
    case CircuitBreaker::State::open: return "open";
    case CircuitBreaker::State::half_open: return "half_open";
  }
  return "?";
}

}  // namespace ladder
