// Load-balancer routing decisions, without an engine.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <set>
#include <vector>

#include "ladder/components/LoadBalancer.hpp"

using namespace ladder;

TEST(LbPolicy, RoundRobinCyclesThroughEveryBackend) {
  LbPolicyState lb(LbPolicy::round_robin, 3, Rng(1, "t"));
  for (int round = 0; round < 4; ++round)
    for (int b = 0; b < 3; ++b)
      EXPECT_EQ(lb.pick(42), b);
}

TEST(LbPolicy, RandomIsUniform) {
  // Chi-square with 3 degrees of freedom over 40,000 picks; the 0.999 quantile is 16.27,
  // so a correct sampler fails this one time in a thousand (fixed seed: deterministic).
  constexpr int kBackends = 4, kPicks = 40000;
  LbPolicyState lb(LbPolicy::random, kBackends, Rng(7, "lb"));
  std::array<int, kBackends> n{};
  for (int i = 0; i < kPicks; ++i)
    ++n[static_cast<std::size_t>(lb.pick(static_cast<std::uint64_t>(i)))];
  double expected = static_cast<double>(kPicks) / kBackends, chi2 = 0;
  for (int c : n)
    chi2 += (c - expected) * (c - expected) / expected;
  EXPECT_LT(chi2, 16.27);
}

TEST(LbPolicy, LeastConnectionsPicksTheLeastBusy) {
  LbPolicyState lb(LbPolicy::least_connections, 3, Rng(1, "t"));
  lb.sent(0);
  lb.sent(0);
  lb.sent(1);
  EXPECT_EQ(lb.pick(1), 2);
  lb.sent(2);
  lb.sent(2);
  EXPECT_EQ(lb.pick(1), 1);  // 0 has 2, 1 has 1, 2 has 2
  lb.answered(0);
  lb.answered(0);
  EXPECT_EQ(lb.pick(1), 0);
}

TEST(LbPolicy, LeastConnectionsBreaksTiesInTurn) {
  // All idle: equal backends must share the load rather than all landing on backend 0.
  LbPolicyState lb(LbPolicy::least_connections, 3, Rng(1, "t"));
  std::set<int> seen;
  for (int i = 0; i < 3; ++i)
    seen.insert(lb.pick(1));
  EXPECT_EQ(seen.size(), 3u);
}

TEST(LbPolicy, StickyPinsAUserAndSpreadsUsers) {
  constexpr int kBackends = 5, kUsers = 50000;
  LbPolicyState lb(LbPolicy::sticky, kBackends, Rng(1, "t"));
  std::array<int, kBackends> n{};
  for (std::uint64_t u = 1; u <= kUsers; ++u) {
    int b = lb.pick(u);
    EXPECT_EQ(lb.pick(u), b) << "user " << u << " moved";
    ++n[static_cast<std::size_t>(b)];
  }
  // Each backend's share of users is binomial(50,000, 1/5): sd = 89; allow 5 sd.
  for (int c : n)
    EXPECT_NEAR(c, kUsers / kBackends, 5 * std::sqrt(kUsers * 0.2 * 0.8));
}

// ---- Membership (health checks, scaling) -----------------------------------------------------

TEST(LbPolicy, OnlyServersInServiceArePicked) {
  for (LbPolicy p : {LbPolicy::round_robin, LbPolicy::least_connections, LbPolicy::random, LbPolicy::sticky,
                     LbPolicy::sticky_cookie}) {
    LbPolicyState lb(p, 4, 6, Rng(3, "lb"));
    lb.set_in_service(1, false);
    for (std::uint64_t u = 0; u < 2000; ++u) {
      int b = lb.pick(u);
      EXPECT_TRUE(b == 0 || b == 2 || b == 3) << to_string(p) << " picked " << b;
    }
    lb.set_in_service(5, true);  // a scaled-out server joins
    std::set<int> seen;
    for (std::uint64_t u = 0; u < 2000; ++u) seen.insert(lb.pick(u));
    if (p != LbPolicy::sticky_cookie) {  // pinned users stay where they are
      EXPECT_TRUE(seen.count(5)) << to_string(p);
    }
    EXPECT_FALSE(seen.count(1)) << to_string(p);
    EXPECT_FALSE(seen.count(4)) << to_string(p);
  }
}

TEST(LbPolicy, NoServerInServicePicksNone) {
  LbPolicyState lb(LbPolicy::round_robin, 2, Rng(3, "lb"));
  lb.set_in_service(0, false);
  lb.set_in_service(1, false);
  EXPECT_EQ(lb.pick(1), -1);
  lb.set_in_service(1, true);
  EXPECT_EQ(lb.pick(1), 1);
}

TEST(LbPolicy, RoundRobinSkipsAServerOutOfService) {
  LbPolicyState lb(LbPolicy::round_robin, 3, Rng(1, "t"));
  lb.set_in_service(1, false);
  for (int round = 0; round < 3; ++round) {
    EXPECT_EQ(lb.pick(0), 0);
    EXPECT_EQ(lb.pick(0), 2);
  }
}

TEST(LbPolicy, CookiePinsUntilTheServerLeavesThenRepins) {
  LbPolicyState lb(LbPolicy::sticky_cookie, 3, Rng(1, "t"));
  // Before anything changes, a user's cookie is the pre-existing session's server: hash mod 3.
  for (std::uint64_t u = 1; u < 500; ++u)
    EXPECT_EQ(lb.pick(u), static_cast<int>(mix64(u) % 3));
  EXPECT_EQ(lb.repinned(), 0u);
  lb.set_in_service(1, false);
  std::uint64_t on_one = 0;
  std::vector<int> moved(500, -1);
  for (std::uint64_t u = 1; u < 500; ++u) {
    int b = lb.pick(u);
    EXPECT_NE(b, 1);
    if (mix64(u) % 3 == 1) {
      ++on_one;
      moved[u] = b;
    } else {
      EXPECT_EQ(b, static_cast<int>(mix64(u) % 3)) << "users of healthy servers keep their server";
    }
  }
  EXPECT_EQ(lb.repinned(), on_one);
  // The new pin holds even when app-1 comes back.
  lb.set_in_service(1, true);
  for (std::uint64_t u = 1; u < 500; ++u)
    if (moved[u] >= 0) {
      EXPECT_EQ(lb.pick(u), moved[u]);
    }
  EXPECT_EQ(lb.repinned(), on_one);
}
