// See include/ladder/calls/MessageQueue.hpp.
#include "ladder/calls/MessageQueue.hpp"

#include <cmath>
#include <stdexcept>

namespace ladder {

MessageQueue::MessageQueue(QueueConfig config) : cfg_(config) {
  if (!(cfg_.visibility_timeout_s > 0) || cfg_.max_attempts < 1 || !(cfg_.backoff_s >= 0) || cfg_.capacity < 0)
    throw std::invalid_argument("message queue: visibility_timeout_s > 0, max_attempts >= 1, backoff_s >= 0 "
                                "and capacity >= 0 are required");
}

std::int64_t MessageQueue::depth() const {
  return static_cast<std::int64_t>(ready_.size() + in_flight_.size() + delayed_.size());
}

bool MessageQueue::publish(double now_s, std::uint64_t job) {
  advance(now_s);
  if (cfg_.capacity > 0 && depth() >= cfg_.capacity) {
    ++rejected_;
    return false;
  }
  ready_.push_back({job, now_s, 0});
  published_times_.insert(now_s);
  ++published_;
  return true;
}

void MessageQueue::fail_attempt(double now_s, Message m) {
  if (m.attempts >= cfg_.max_attempts) {
    published_times_.erase(published_times_.find(m.published_s));
    if (cfg_.dead_letter)
      ++dead_lettered_;
    else
      ++dropped_;
    return;
  }
  const double delay = cfg_.backoff_s * std::pow(2.0, m.attempts - 1);
  if (delay > 0)
    delayed_.emplace(now_s + delay, m);
  else
    ready_.push_back(m);
}

void MessageQueue::advance(double now_s) {
  // Due events in time order; a timeout and a backoff ending together: the timeout first.
  while (true) {
    const bool flight_due = !deadlines_.empty() && deadlines_.begin()->first <= now_s;
    auto back = delayed_.begin();
    const bool back_due = back != delayed_.end() && back->first <= now_s;
    if (!flight_due && !back_due) return;
    if (flight_due && (!back_due || deadlines_.begin()->first <= back->first)) {
      const double at = deadlines_.begin()->first;
      auto it = in_flight_.find(deadlines_.begin()->second);
      Message m = it->second.message;
      deadlines_.erase(deadlines_.begin());
      in_flight_.erase(it);
      fail_attempt(at, m);  // the visibility timeout ran out: the attempt is spent
    } else {
      ready_.push_back(back->second);
      delayed_.erase(back);
    }
  }
}

std::optional<MessageQueue::Delivery> MessageQueue::receive(double now_s) {
  advance(now_s);
  if (ready_.empty()) return std::nullopt;
  Message m = ready_.front();
  ready_.pop_front();
  ++m.attempts;
  if (m.attempts > 1) ++redeliveries_;
  const std::uint64_t receipt = next_receipt_++;
  auto deadline = deadlines_.emplace(now_s + cfg_.visibility_timeout_s, receipt);
  in_flight_.emplace(receipt, InFlight{deadline, m});
  return Delivery{receipt, m.job, m.attempts, m.published_s};
}

bool MessageQueue::ack(double now_s, std::uint64_t receipt) {
  advance(now_s);
  auto it = in_flight_.find(receipt);
  if (it == in_flight_.end()) return false;
  published_times_.erase(published_times_.find(it->second.message.published_s));
  deadlines_.erase(it->second.deadline);
  in_flight_.erase(it);
  ++completed_;
  return true;
}

bool MessageQueue::nack(double now_s, std::uint64_t receipt) {
  advance(now_s);
  auto it = in_flight_.find(receipt);
  if (it == in_flight_.end()) return false;
  Message m = it->second.message;
  deadlines_.erase(it->second.deadline);
  in_flight_.erase(it);
  fail_attempt(now_s, m);
  return true;
}

std::int64_t MessageQueue::visible(double now_s) {
  advance(now_s);
  return static_cast<std::int64_t>(ready_.size());
}

double MessageQueue::oldest_age_s(double now_s) const {
  return published_times_.empty() ? 0.0 : now_s - *published_times_.begin();
}

std::optional<double> MessageQueue::next_due_s() const {
  std::optional<double> due;
  if (!deadlines_.empty()) due = deadlines_.begin()->first;
  if (!delayed_.empty() && (!due || delayed_.begin()->first < *due)) due = delayed_.begin()->first;
  return due;
}

}  // namespace ladder
