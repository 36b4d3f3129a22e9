// The registry of instances (pure: no Engine): fault targets resolve to instances by path or
// group, in registration order, with exactly the capabilities each registered.
#include <gtest/gtest.h>

#include "ladder/components/Registry.hpp"

namespace ladder {
namespace {

struct Server : Crashable, Slowable, Cuttable {
  int crash() override { return ++crashes; }
  bool recover() override { return true; }
  void set_slow(double f) override { factor = f; }
  void set_reachable(bool r) override { reachable = r; }
  int crashes = 0;
  double factor = 1;
  bool reachable = true;
};
struct Store : Slowable {
  void set_slow(double f) override { factor = f; }
  double factor = 1;
};

TEST(Registry, PathsGroupsAndCapabilities) {
  Server a0, a1, a2;
  Store db;
  Registry reg;
  reg.add({"db", "", nullptr, &db, nullptr, nullptr});
  reg.add({"app-0", "zone-a", &a0, &a0, &a0, nullptr});
  reg.add({"app-1", "zone-b", &a1, &a1, &a1, nullptr});
  reg.add({"app-2", "zone-a", &a2, &a2, &a2, nullptr});

  auto one = reg.resolve("app-1");
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0]->crashable, &a1);
  EXPECT_EQ(one[0]->crashable->crash(), 1);
  EXPECT_EQ(a1.crashes, 1);

  auto zone = reg.resolve("zone-a");  // registration order
  ASSERT_EQ(zone.size(), 2u);
  EXPECT_EQ(zone[0]->path, "app-0");
  EXPECT_EQ(zone[1]->path, "app-2");
  for (const Registered* e : zone)
    e->cuttable->set_reachable(false);
  EXPECT_FALSE(a0.reachable);
  EXPECT_TRUE(a1.reachable);
  EXPECT_FALSE(a2.reachable);

  const Registered* d = reg.find("db");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->crashable, nullptr);  // a database is slowable only
  EXPECT_EQ(d->cuttable, nullptr);
  d->slowable->set_slow(3);
  EXPECT_EQ(db.factor, 3);

  EXPECT_TRUE(reg.resolve("app-9").empty());
  EXPECT_TRUE(reg.resolve("").empty());  // no group named by the empty string
  EXPECT_EQ(reg.find("zone-a"), nullptr);  // a group is not an instance
}

}  // namespace
}  // namespace ladder
