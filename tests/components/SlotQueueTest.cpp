// The admission logic shared by app servers (workers) and the database (connections).
#include <gtest/gtest.h>

#include <vector>

#include "ladder/components/SlotQueue.hpp"

using namespace ladder;

TEST(SlotQueue, StartsThenQueuesThenRefuses) {
  ComponentMeter meter("app-0", "app", "m5.large", "app-0", 2, 2, 0, 100);
  SlotQueue q(/*slots=*/2, /*queue_limit=*/1, /*timeout_s=*/10, meter);
  EXPECT_EQ(q.admit(1, 0), SlotQueue::Admission::started);
  EXPECT_FALSE(q.full());
  EXPECT_EQ(q.admit(2, 0), SlotQueue::Admission::started);
  EXPECT_TRUE(q.full());
  EXPECT_EQ(q.admit(3, 0), SlotQueue::Admission::queued);
  EXPECT_EQ(q.admit(4, 0), SlotQueue::Admission::refused);
  std::vector<RequestId> expired;
  auto next = q.release(1, [&](RequestId r) { expired.push_back(r); });
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(*next, 3u);  // FIFO: the queued request takes the freed slot
  EXPECT_TRUE(expired.empty());
  EXPECT_TRUE(q.full());
}

TEST(SlotQueue, DropsRequestsThatWaitedPastTheTimeoutAtTheHead) {
  ComponentMeter meter("db", "db", "db.m5.large", "db", 2, 1, 0, 100);
  SlotQueue q(1, 10, /*timeout_s=*/5, meter);
  EXPECT_EQ(q.admit(1, 0), SlotQueue::Admission::started);
  EXPECT_EQ(q.admit(2, 0), SlotQueue::Admission::queued);   // will have waited 6 s
  EXPECT_EQ(q.admit(3, 4), SlotQueue::Admission::queued);   // will have waited 2 s
  std::vector<RequestId> expired;
  auto next = q.release(6, [&](RequestId r) { expired.push_back(r); });
  ASSERT_EQ(expired, std::vector<RequestId>{2});
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(*next, 3u);
  auto none = q.release(7, [&](RequestId r) { expired.push_back(r); });
  EXPECT_FALSE(none.has_value());
  EXPECT_FALSE(q.full());
}
