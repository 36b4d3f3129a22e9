// The endpoint programs the scenario files write (services.app.endpoints) lower to exactly the
// programs today's classes generated (lower_classes), step for step and skip for skip, for every
// endpoint a run can draw: those with a mix weight > 0, and login when sessions are modelled (a
// 401 sends the user there). Pure: no Engine.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "ladder/components/Program.hpp"
#include "ladder/scenario/Loader.hpp"

namespace ladder {
namespace {

namespace fs = std::filesystem;
const std::string kRoot = std::string(LADDER_SOURCE_DIR) + "/";

void expect_same_programs(const Scenario& s, const std::string& what) {
  const auto from_files = lower_endpoints(s);
  const auto from_classes = lower_classes(s);
  ASSERT_EQ(from_files.size(), from_classes.size()) << what;
  for (int c = 0; c < kClassCount; ++c) {
    const auto ci = static_cast<std::size_t>(c);
    const bool drawn = s.workload.classes[ci].weight > 0 ||
                       (c == static_cast<int>(RequestClass::login) && s.sessions.store != SessionStoreKind::none);
    if (!drawn) continue;
    EXPECT_EQ(describe(from_files[ci]), describe(from_classes[ci])) << what << ": " << kClassNames[ci];
    EXPECT_EQ(from_files[ci], from_classes[ci]) << what << ": " << kClassNames[ci];
  }
}

std::vector<std::string> scenario_files() {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(kRoot + "scenarios"))
    if (e.is_regular_file() && e.path().extension() == ".json") out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(EndpointLowering, EveryScenarioFileMatchesItsClasses) {
  const auto files = scenario_files();
  ASSERT_EQ(files.size(), 22u);
  for (const auto& f : files) expect_same_programs(load_scenario(f), f);
}

TEST(EndpointLowering, MatchesUnderEverySessionAndUploadSetting) {
  const std::vector<std::string> uploads = {"workload.mix.read=0.6", "workload.mix.upload=0.05",
                                            "workload.mix.download=0.15"};
  const std::vector<std::vector<std::string>> variants = {
      {},
      {"sessions.mode=local"},
      {"sessions.mode=redis", "stores.session-store.kind=kv", "sessions.store=session-store"},
      {"sessions.mode=jwt"},
      {"sessions.mode=jwt", "sessions.deny_list=true", "stores.session-store.kind=kv", "sessions.store=session-store"},
      {"uploads.store=object_store"},
      {"sessions.mode=local", "uploads.store=object_store"},
  };
  for (const auto& base : {"scenarios/03-load-balancer.json", "scenarios/05-cache.json", "scenarios/00-single-box.json"})
    for (auto sets : variants) {
      sets.insert(sets.end(), uploads.begin(), uploads.end());
      std::string what = base;
      for (const auto& x : sets) what += " " + x;
      expect_same_programs(load_scenario(kRoot + base, sets), what);
    }
}

TEST(EndpointLowering, DefaultEndpointsMatchTheClassesWithAndWithoutADatabase) {
  expect_same_programs(load_scenario_text("{}", "t.json"), "{}");
  expect_same_programs(load_scenario_text("{}", "t.json", {"stores.db=null"}), "no database");
  expect_same_programs(load_scenario_text("{}", "t.json", {"sessions.mode=local", "workload.mix.read=0.7",
                                                           "workload.mix.download=0.1"}),
                       "local sessions, downloads");
}

}  // namespace
}  // namespace ladder
