// The circuit breaker's state machine and the message queue's delivery rules, step by step
// against what the definitions in their headers say (no Engine).
#include <gtest/gtest.h>

#include <stdexcept>

#include "ladder/calls/CircuitBreaker.hpp"
#include "ladder/calls/MessageQueue.hpp"

using namespace ladder;
using State = CircuitBreaker::State;
using Admit = CircuitBreaker::Admit;

namespace {
/// n calls at time t, the first `failures` of them failing.
void calls(CircuitBreaker& b, double t, int n, int failures) {
  for (int i = 0; i < n; ++i) {
    Admit a = b.allow(t);
    ASSERT_EQ(a, Admit::call);
    b.record(t, i >= failures, a);
  }
}
}  // namespace

TEST(CircuitBreaker, OpensAtTheErrorThresholdOnlyWithEnoughRequests) {
  CircuitBreaker b;  // 10 s window, 20 requests, 50%, 5 s open
  calls(b, 1.0, 19, 19);  // every call failed, but only 19 of them
  EXPECT_EQ(b.state(1.0), State::closed);
  EXPECT_EQ(b.window_requests(1.0), 19);
  Admit a = b.allow(1.5);
  b.record(1.5, false, a);  // the 20th: 100% of 20 fail
  EXPECT_EQ(b.state(1.5), State::open);
  EXPECT_EQ(b.opens(), 1u);

  CircuitBreaker c;
  calls(c, 1.0, 20, 9);  // 45% < 50%
  EXPECT_EQ(c.state(1.0), State::closed);
  calls(c, 1.0, 1, 1);  // 10 of 21 = 47.6%
  EXPECT_EQ(c.state(1.0), State::closed);
  calls(c, 1.0, 1, 1);  // 11 of 22 = 50%
  EXPECT_EQ(c.state(1.0), State::open);
}

TEST(CircuitBreaker, OldOutcomesLeaveTheWindow) {
  CircuitBreaker b;
  calls(b, 0.5, 15, 15);   // 15 failures in the first second
  calls(b, 10.7, 10, 0);   // 10 s later the first bucket has left the window: 10 successes only
  EXPECT_EQ(b.window_requests(10.7), 10);
  EXPECT_EQ(b.window_failures(10.7), 0);
  EXPECT_EQ(b.state(10.7), State::closed);
}

TEST(CircuitBreaker, OpenRefusesThenOneTrialDecides) {
  CircuitBreaker b;
  calls(b, 0.0, 20, 20);
  ASSERT_EQ(b.state(0.0), State::open);
  EXPECT_EQ(b.allow(4.9), Admit::refused);  // open for 5 s: fail fast
  EXPECT_EQ(b.state(5.0), State::half_open);
  Admit trial = b.allow(5.0);
  EXPECT_EQ(trial, Admit::trial);
  EXPECT_EQ(b.allow(5.1), Admit::refused);  // one trial at a time
  b.record(5.2, false, trial);              // the trial failed: open again
  EXPECT_EQ(b.state(5.2), State::open);
  EXPECT_EQ(b.opens(), 2u);
  EXPECT_EQ(b.allow(10.1), Admit::refused);
  trial = b.allow(10.2);
  EXPECT_EQ(trial, Admit::trial);
  b.record(10.3, true, trial);  // success: closed with an empty window
  EXPECT_EQ(b.state(10.3), State::closed);
  EXPECT_EQ(b.window_requests(10.3), 0);
  EXPECT_EQ(b.refused(), 3u);
}

TEST(CircuitBreaker, LateOutcomesDoNotDecideTheTrial) {
  CircuitBreaker b;
  Admit early = b.allow(0.0);  // sent while closed, answered after the breaker opened
  calls(b, 0.0, 20, 20);
  Admit trial = b.allow(6.0);
  ASSERT_EQ(trial, Admit::trial);
  b.record(6.1, true, early);  // the old call's late success is not the trial's
  EXPECT_EQ(b.state(6.1), State::half_open);
  b.record(6.2, true, trial);
  EXPECT_EQ(b.state(6.2), State::closed);
  EXPECT_THROW(CircuitBreaker(BreakerConfig{0, 10, 20, 0.5, 5}), std::invalid_argument);
}

TEST(MessageQueue, FifoAckAndDepth) {
  MessageQueue q;
  EXPECT_TRUE(q.publish(0.0, 7));
  EXPECT_TRUE(q.publish(1.0, 8));
  EXPECT_EQ(q.depth(), 2);
  EXPECT_DOUBLE_EQ(q.oldest_age_s(3.0), 3.0);
  auto d = q.receive(2.0);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->job, 7u);
  EXPECT_EQ(d->attempt, 1);
  EXPECT_EQ(q.in_flight(), 1);
  EXPECT_EQ(q.visible(2.0), 1);
  EXPECT_TRUE(q.ack(2.5, d->receipt));
  EXPECT_FALSE(q.ack(2.6, d->receipt));  // once
  EXPECT_EQ(q.completed(), 1u);
  EXPECT_DOUBLE_EQ(q.oldest_age_s(3.0), 2.0);  // job 8, published at 1
  EXPECT_EQ(q.receive(3.0)->job, 8u);
  EXPECT_FALSE(q.receive(3.0));
}

TEST(MessageQueue, VisibilityTimeoutRedeliversAndSpendsAnAttempt) {
  MessageQueue q(QueueConfig{30, 3, 0, true, 0});
  q.publish(0, 1);
  auto first = q.receive(0);
  ASSERT_TRUE(first);
  EXPECT_EQ(q.next_due_s(), 30.0);
  EXPECT_FALSE(q.receive(29.9));  // still invisible
  auto second = q.receive(30.0);  // the worker died: back at the deadline
  ASSERT_TRUE(second);
  EXPECT_EQ(second->attempt, 2);
  EXPECT_FALSE(q.ack(31, first->receipt));  // too late: it was redelivered
  EXPECT_EQ(q.redeliveries(), 1u);
  auto third = q.receive(60.0);
  ASSERT_TRUE(third);
  EXPECT_EQ(third->attempt, 3);
  q.advance(90.0);  // third attempt timed out: out of attempts
  EXPECT_EQ(q.dead_lettered(), 1u);
  EXPECT_EQ(q.depth(), 0);
}

TEST(MessageQueue, NackBacksOffExponentiallyThenDeadLetters) {
  MessageQueue q(QueueConfig{30, 3, 2, true, 0});
  q.publish(0, 5);
  auto d = q.receive(0);
  q.nack(1, d->receipt);  // attempt 1 failed: back after 2 s
  EXPECT_FALSE(q.receive(2.9));
  EXPECT_EQ(q.next_due_s(), 3.0);
  d = q.receive(3.0);
  ASSERT_TRUE(d);
  q.nack(3.5, d->receipt);  // attempt 2 failed: back after 4 s
  EXPECT_FALSE(q.receive(7.4));
  d = q.receive(7.5);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->attempt, 3);
  q.nack(8, d->receipt);  // the last attempt: a poison message ends in the dead-letter queue
  EXPECT_EQ(q.dead_lettered(), 1u);
  EXPECT_EQ(q.depth(), 0);

  MessageQueue drop(QueueConfig{30, 1, 0, false, 0});
  drop.publish(0, 1);
  drop.nack(1, drop.receive(0)->receipt);
  EXPECT_EQ(drop.dropped(), 1u);
  EXPECT_EQ(drop.dead_lettered(), 0u);
}

TEST(MessageQueue, FullQueueRejectsPublishes) {
  MessageQueue q(QueueConfig{30, 3, 0, true, 2});
  EXPECT_TRUE(q.publish(0, 1));
  EXPECT_TRUE(q.publish(0, 2));
  EXPECT_FALSE(q.publish(0, 3));
  EXPECT_EQ(q.rejected(), 1u);
  auto d = q.receive(1);  // in flight still counts against the capacity
  EXPECT_FALSE(q.publish(1, 4));
  q.ack(2, d->receipt);
  EXPECT_TRUE(q.publish(2, 5));
  EXPECT_EQ(q.published(), 3u);
  EXPECT_THROW(MessageQueue(QueueConfig{0, 3, 0, true, 0}), std::invalid_argument);
}
