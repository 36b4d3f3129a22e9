// A message queue (rung 7), SQS-like, as a pure structure the simulation drives with its clock:
// FIFO delivery of visible messages; a received message is invisible for `visibility_timeout_s`
// and comes back (one attempt spent) unless acknowledged in time; a failed attempt (nack) makes
// it visible again after an exponential backoff (`backoff_s` × 2^(attempt−1)); after
// `max_attempts` attempts it goes to the dead-letter queue (or is dropped without one). With a
// `capacity`, a publish into a full queue fails. No Engine: time is the caller's.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>

namespace ladder {

struct QueueConfig {
  double visibility_timeout_s = 30;
  int max_attempts = 3;
  double backoff_s = 0;      ///< first retry delay after a nack; doubles per attempt (0: at once)
  bool dead_letter = true;   ///< keep messages that ran out of attempts (else they are dropped)
  std::int64_t capacity = 0; ///< messages waiting or in flight; 0 = unbounded
};

class MessageQueue {
 public:
  struct Delivery {
    std::uint64_t receipt;  ///< for ack / nack
    std::uint64_t job;      ///< what was published
    int attempt;            ///< 1 for the first delivery
    double published_s;
  };

  explicit MessageQueue(QueueConfig config = {});
  /// False when the queue is full (nothing is stored).
  bool publish(double now_s, std::uint64_t job);
  /// The oldest visible message, now invisible until now + visibility timeout; none if empty.
  std::optional<Delivery> receive(double now_s);
  /// Done: the message is deleted. False for an unknown or expired receipt (it was redelivered).
  bool ack(double now_s, std::uint64_t receipt);
  /// Failed: back after the backoff, or to the dead letters after the last attempt.
  bool nack(double now_s, std::uint64_t receipt);
  /// Applies every visibility timeout and backoff due by now (receive does this itself).
  void advance(double now_s);

  std::int64_t visible(double now_s);  ///< waiting to be received
  std::int64_t in_flight() const { return static_cast<std::int64_t>(in_flight_.size()); }
  std::int64_t delayed() const { return static_cast<std::int64_t>(delayed_.size()); }
  /// Every message not yet done: visible, in flight or waiting out a backoff.
  std::int64_t depth() const;
  /// Age of the oldest message not yet done (0 when none).
  double oldest_age_s(double now_s) const;
  /// When the next timeout or backoff falls due, for the caller to schedule a wake-up.
  std::optional<double> next_due_s() const;
  std::uint64_t published() const { return published_; }
  std::uint64_t rejected() const { return rejected_; }
  std::uint64_t completed() const { return completed_; }
  std::uint64_t dead_lettered() const { return dead_lettered_; }
  std::uint64_t dropped() const { return dropped_; }
  std::uint64_t redeliveries() const { return redeliveries_; }

 private:
  struct Message {
    std::uint64_t job;
    double published_s;
    int attempts = 0;  ///< deliveries so far
  };
  void fail_attempt(double now_s, Message m);  ///< an attempt ended without an ack
  QueueConfig cfg_;
  std::deque<Message> ready_;                                   ///< FIFO by (re)visibility
  struct InFlight {
    std::multimap<double, std::uint64_t>::iterator deadline;  ///< its entry in deadlines_
    Message message;
  };
  std::map<std::uint64_t, InFlight> in_flight_;          ///< by receipt
  std::multimap<double, std::uint64_t> deadlines_;       ///< visibility deadline -> receipt
  std::multimap<double, Message> delayed_;                       ///< visible again at key
  std::multiset<double> published_times_;                        ///< of messages not yet done
  std::uint64_t next_receipt_ = 1;
  std::uint64_t published_ = 0, rejected_ = 0, completed_ = 0, dead_lettered_ = 0, dropped_ = 0,
                redeliveries_ = 0;
};

}  // namespace ladder
