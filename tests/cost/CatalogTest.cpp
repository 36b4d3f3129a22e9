// Catalog: the built-in data parses, holds the documented price ladder, and malformed
// catalogs are rejected with a message naming the problem.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "ladder/cost/Catalog.hpp"

using ladder::Catalog;

namespace {

std::string one_instance(const std::string& fields) {
  return R"({"source": "test", "price_date": "2024-06", "instances": [{)" + fields + "}]}";
}

const char* const kGood =
    R"("name": "x.large", "kind": "compute", "vcpus": 2, "memory_gib": 8, "hourly_usd": 0.1, "cpu_speed": 1.0)";

void expect_error(const std::string& text, const std::string& needle) {
  try {
    Catalog::parse(text);
    FAIL() << "expected an error containing: " << needle;
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}

}  // namespace

TEST(Catalog, BuiltinHasSourceAndDate) {
  const Catalog& c = Catalog::builtin();
  EXPECT_EQ(c.price_date(), "2024-06");
  EXPECT_NE(c.source().find("us-east-1"), std::string::npos);
  EXPECT_GE(c.all().size(), 50u);
  EXPECT_EQ(&c, &Catalog::builtin());  // parsed once
}

TEST(Catalog, M5LadderDoublesFromLargeTo24xlarge) {
  const Catalog& c = Catalog::builtin();
  auto large = c.find("m5.large");
  ASSERT_TRUE(large);
  EXPECT_EQ(large->kind, "compute");
  EXPECT_EQ(large->vcpus, 2);
  EXPECT_DOUBLE_EQ(large->memory_gib, 8);
  EXPECT_DOUBLE_EQ(large->hourly_usd, 0.096);
  EXPECT_DOUBLE_EQ(large->cpu_speed, 1.0);
  auto top = c.find("m5.24xlarge");
  ASSERT_TRUE(top);
  EXPECT_EQ(top->vcpus, 96);
  EXPECT_DOUBLE_EQ(top->memory_gib, 384);
  EXPECT_NEAR(top->hourly_usd, 4.608, 1e-12);
  // Price per vCPU is constant along the m5 family.
  for (const char* n : {"m5.xlarge", "m5.2xlarge", "m5.4xlarge", "m5.8xlarge", "m5.12xlarge", "m5.16xlarge"}) {
    auto t = c.find(n);
    ASSERT_TRUE(t) << n;
    EXPECT_NEAR(t->hourly_usd / t->vcpus, 0.048, 1e-12) << n;
  }
}

TEST(Catalog, ManagedServicesAndKinds) {
  const Catalog& c = Catalog::builtin();
  auto db = c.find("db.m5.large");
  ASSERT_TRUE(db);
  EXPECT_EQ(db->kind, "database");
  EXPECT_DOUBLE_EQ(db->hourly_usd, 0.171);
  auto dbr = c.find("db.r5.large");
  ASSERT_TRUE(dbr);
  EXPECT_DOUBLE_EQ(dbr->hourly_usd, 0.25);
  EXPECT_NEAR(c.find("db.r5.24xlarge")->hourly_usd, 12.0, 1e-12);
  EXPECT_EQ(c.find("cache.t3.micro")->kind, "cache");
  EXPECT_EQ(c.find("cache.r5.large")->kind, "cache");
  EXPECT_NEAR(c.find("c5.large")->cpu_speed, 1.15, 1e-12);
  auto alb = c.find("alb");
  ASSERT_TRUE(alb);
  EXPECT_EQ(alb->kind, "load_balancer");
  EXPECT_EQ(alb->vcpus, 0);
  EXPECT_NEAR(alb->hourly_usd, 0.0225 + 0.008, 1e-12);
  for (const char* n : {"t3.micro", "t3.small", "t3.medium", "t3.large", "r5.24xlarge", "c5.24xlarge",
                        "db.m5.24xlarge", "cache.m5.large", "cache.m5.24xlarge", "cache.r5.24xlarge"})
    EXPECT_TRUE(c.find(n)) << n;
  EXPECT_FALSE(c.find("m5.huge"));
}

TEST(Catalog, NearestSuggestsCloseNames) {
  const Catalog& c = Catalog::builtin();
  auto s = c.nearest("m5.larg");
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0], "m5.large");
  EXPECT_EQ(c.nearest("db.m5.xlarge", 1), std::vector<std::string>{"db.m5.xlarge"});
  EXPECT_EQ(c.nearest("dbm5.large", 1).front(), "db.m5.large");
}

TEST(Catalog, ParseAcceptsMinimalDocument) {
  Catalog c = Catalog::parse(one_instance(kGood));
  ASSERT_EQ(c.all().size(), 1u);
  EXPECT_EQ(c.all()[0].name, "x.large");
  EXPECT_EQ(c.source(), "test");
}

TEST(Catalog, ParseRejectsMalformed) {
  expect_error("{", "not valid JSON");
  expect_error("[]", "object at the top level");
  expect_error(R"({"price_date": "x", "instances": []})", "missing field \"source\"");
  expect_error(R"({"source": "s", "price_date": "x", "instances": []})", "non-empty array");
  expect_error(one_instance(R"("name": "a", "kind": "compute", "vcpus": 2, "memory_gib": 8, "cpu_speed": 1)"),
               "missing field \"hourly_usd\"");
  expect_error(one_instance(R"("name": "a", "kind": "compute", "vcpus": "2", "memory_gib": 8, "hourly_usd": 1, "cpu_speed": 1)"),
               "\"vcpus\" must be an integer");
  expect_error(one_instance(R"("name": "a", "kind": "compute", "vcpus": 2, "memory_gib": 8, "hourly_usd": 0, "cpu_speed": 1)"),
               "\"hourly_usd\" must be > 0");
  expect_error(one_instance(R"("name": "a", "kind": "gpu", "vcpus": 2, "memory_gib": 8, "hourly_usd": 1, "cpu_speed": 1)"),
               "\"kind\" must be one of");
  expect_error(one_instance(std::string(kGood) + R"(, "hourly": 3)"), "unknown field \"hourly\"");
  std::string twice = R"({"source": "s", "price_date": "x", "instances": [{)" + std::string(kGood) + "}, {" +
                      kGood + "}]}";
  expect_error(twice, "duplicate name \"x.large\"");
}

TEST(Catalog, ParseChecksLoadBalancerLcuSum) {
  expect_error(one_instance(R"("name": "lb", "kind": "load_balancer", "vcpus": 0, "memory_gib": 0, "hourly_usd": 0.05,
                             "cpu_speed": 1, "base_hourly_usd": 0.0225, "lcu_hourly_usd": 0.008, "assumed_lcus": 1)"),
               "must equal base_hourly_usd");
}
