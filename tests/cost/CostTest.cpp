// compute_cost: instance-hours priced from the built-in catalog.
#include <gtest/gtest.h>

#include "ladder/cost/Cost.hpp"
#include "ladder/scenario/Loader.hpp"

using namespace ladder;

namespace {

Scenario three_tier() {
  Scenario s{};
  s.name = "lb";
  s.file = "test.json";
  s.app.count = 4;
  s.app.instance = "m5.large";
  s.db.enabled = true;
  s.db.colocated = false;
  s.db.instance = "db.m5.large";
  s.lb.enabled = true;
  s.lb.instance = "alb";
  s.cost.hours_per_month = 730;
  s.workload.dau = 10000;
  return s;
}

}  // namespace

TEST(Cost, AppsDatabaseAndLoadBalancer) {
  CostResult c = compute_cost(three_tier());
  ASSERT_EQ(c.items.size(), 3u);
  // 4 × m5.large: 4 × $0.096/h × 730 h = $280.32
  EXPECT_EQ(c.items[0].name, "app servers");
  EXPECT_EQ(c.items[0].instance, "m5.large");
  EXPECT_EQ(c.items[0].count, 4);
  EXPECT_DOUBLE_EQ(c.items[0].hourly_usd, 0.096);
  EXPECT_NEAR(c.items[0].monthly_usd, 280.32, 1e-9);
  // db.m5.large: $0.171/h × 730 h = $124.83
  EXPECT_EQ(c.items[1].name, "database");
  EXPECT_NEAR(c.items[1].monthly_usd, 124.83, 1e-9);
  // alb: ($0.0225 + 1 LCU × $0.008)/h × 730 h = $22.265
  EXPECT_EQ(c.items[2].name, "load balancer");
  EXPECT_NEAR(c.items[2].monthly_usd, 22.265, 1e-9);
  EXPECT_NEAR(c.monthly_usd, 280.32 + 124.83 + 22.265, 1e-9);
  // 10,000 DAU → 10 thousands
  EXPECT_NEAR(c.per_1k_dau_usd, (280.32 + 124.83 + 22.265) / 10, 1e-9);
}

TEST(Cost, ColocatedOrDisabledDatabaseAddsNothing) {
  Scenario s = three_tier();
  s.db.colocated = true;
  s.lb.enabled = false;
  s.app.count = 1;
  CostResult c = compute_cost(s);
  ASSERT_EQ(c.items.size(), 1u);
  EXPECT_NEAR(c.monthly_usd, 0.096 * 730, 1e-9);
  s.db.colocated = false;
  s.db.enabled = false;
  EXPECT_EQ(compute_cost(s).items.size(), 1u);
}

TEST(Cost, NoDauMeansNoPerUserCost) {
  Scenario s = three_tier();
  s.workload.dau = 0;
  EXPECT_EQ(compute_cost(s).per_1k_dau_usd, 0);
}

TEST(Cost, UnknownInstanceIsInputError) {
  Scenario s = three_tier();
  s.db.instance = "db.m5.larg";
  try {
    compute_cost(s);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.issues().at(0).json_path, "/stores/db/instance");
    EXPECT_NE(e.issues().at(0).message.find("db.m5.large"), std::string::npos) << e.issues().at(0).message;
  }
}
