// Stage 3 in depth (issue 3): sessions, uploads, health checks, drain, sticky routing and the
// fault timeline, each against what the routing or the settings imply.
//
// Proportions are checked against their binomial standard error: an estimate p̂ from n
// independent trials has SE √(p(1−p)/n) and the check allows kSigmas (4) of them. The trials are
// independent by construction where the test says so (uniform users over a small population,
// so a user's successive requests are hundreds of requests apart and land at an independent
// round-robin position).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ladder/scenario/Instances.hpp"
#include "ladder/sim/Simulation.hpp"
#include "ladder/workload/Random.hpp"
#include "sim/SimTestSupport.hpp"

namespace ladder {
namespace {

using test::kSigmas;
using test::binomial_sigma;
using test::bytes_without_wall;
using test::errors;
using test::load;

const EventRecord* find_event(const Result& r, const std::string& component, const std::string& event) {
  for (const auto& e : r.events)
    if (e.component == component && e.event == event)
      return &e;
  return nullptr;
}

// Reads only (every request needs a session), a light open load (logins are made cheap so the
// re-login storm cannot saturate), 1,000 equally active users.
std::vector<std::string> session_base(int servers, const std::string& store) {
  // Redis sessions live in the kv store `session-store` (a jwt deny-list adds it in its case).
  std::vector<std::string> kv;
  if (store == "redis") kv = {"stores.session-store.kind=kv", "sessions.store=session-store"};
  std::vector<std::string> sets = {"workload.dau=0", "workload.model=open",        "workload.rate_rps=150",
          "workload.population=1000",   "workload.user_zipf_s=0",   "workload.mix.read=1",
          "workload.mix.write=0",       "workload.mix.static=0",    "workload.mix.login=0",
          R"(services.app.endpoints.login=[{"cpu_ms": 2}, {"query": "db", "cpu_ms": 8}, {"session": "create"}])",
          "sim.duration_s=130",         "sim.warmup_s=10",          "lbs.lb.policy=round_robin",
          "services.app.count=" + std::to_string(servers), "sessions.mode=" + store};
  sets.insert(sets.end(), kv.begin(), kv.end());
  return sets;
}

// ---- Sessions --------------------------------------------------------------------------------
// Local sessions behind round robin over N servers: a user's session is on the server that took
// their last login; their next request lands on an independent round-robin position, so it
// finds the session with probability 1/N. Unauthorized fraction = 1 − 1/N.
class LocalSessions : public ::testing::TestWithParam<int> {};

TEST_P(LocalSessions, UnauthorizedFractionIsOneMinusOneOverN) {
  const int n = GetParam();
  Result r = run_in_child(load("scenarios/03-load-balancer.json", session_base(n, "local")));
  const SessionResult& s = r.sessions;
  ASSERT_GT(s.checked, 5000u);
  const double expected = 1.0 - 1.0 / n;
  const double measured = static_cast<double>(s.unauthorized_other_server) / static_cast<double>(s.checked);
  std::printf("N=%d: unauthorized %.4f vs 1-1/N %.4f (n=%llu)\n", n, measured, expected,
              static_cast<unsigned long long>(s.checked));
  EXPECT_NEAR(measured, expected, kSigmas * binomial_sigma(expected, s.checked));
  EXPECT_EQ(s.unauthorized_lost, 0u) << "no server crashed";
  // The same 401s, counted twice: the session counters at the check, the errors at the client;
  // only requests straddling the end of the window (a few at 150 req/s) can differ.
  EXPECT_NEAR(static_cast<double>(errors(r, "unauthorized")), static_cast<double>(s.unauthorized_other_server), 10);
  // Every 401 sends the user to log in again.
  EXPECT_NEAR(static_cast<double>(s.relogins), static_cast<double>(s.unauthorized_other_server),
              0.01 * static_cast<double>(s.relogins));
}

INSTANTIATE_TEST_SUITE_P(Servers, LocalSessions, ::testing::Values(2, 3, 5));

TEST(SharedSessions, RedisAndJwtAreNeverUnauthorized) {
  struct Case {
    std::string store;
    std::vector<std::string> extra;
    bool uses_store;
  };
  for (const Case& c : {Case{"redis", {}, true}, Case{"jwt", {}, false}, Case{"jwt", {"sessions.deny_list=true", "stores.session-store.kind=kv", "sessions.store=session-store"}, true}}) {
    auto sets = session_base(3, c.store);
    sets.insert(sets.end(), c.extra.begin(), c.extra.end());
    Result r = run_in_child(load("scenarios/03-load-balancer.json", sets));
    SCOPED_TRACE(c.store + (c.extra.empty() ? "" : " + deny-list"));
    EXPECT_GT(r.sessions.checked, 5000u);
    EXPECT_EQ(errors(r, "unauthorized"), 0u);
    EXPECT_EQ(r.sessions.relogins, 0u);
    if (c.uses_store) {
      EXPECT_EQ(r.sessions.store_lookups, r.sessions.checked) << "one lookup per request that needs a session";
      EXPECT_GT(test::component(r, "session-store").utilization, 0.0);
    } else {
      EXPECT_EQ(r.sessions.store_lookups, 0u);
    }
  }
}

// ---- Uploads ---------------------------------------------------------------------------------
// A file lives on the disk of the server that took its upload (or, from before the run, where
// the hash put it); a download lands on an independent round-robin position: found 1/N.
TEST(Uploads, LocalDiskMissesOneMinusOneOverNObjectStoreNever) {
  for (int n : {2, 3}) {
    Result r = run_in_child(load("scenarios/stage3/uploads-local.json", {"services.app.count=" + std::to_string(n)}));
    const UploadResult& u = r.uploads;
    std::uint64_t tried = u.downloads + u.not_found;
    ASSERT_GT(tried, 2000u);
    double expected = 1.0 - 1.0 / n, measured = static_cast<double>(u.not_found) / static_cast<double>(tried);
    std::printf("N=%d: not found %.4f vs %.4f (n=%llu)\n", n, measured, expected, static_cast<unsigned long long>(tried));
    EXPECT_NEAR(measured, expected, kSigmas * binomial_sigma(expected, tried));
  }
  Result r = run_in_child(load("scenarios/stage3/uploads-object-store.json"));
  EXPECT_EQ(r.uploads.not_found, 0u);
  EXPECT_GT(r.uploads.downloads, 2000u);
  bool billed = false;
  for (const auto& item : r.cost.items) billed |= item.name == "object store requests" && item.monthly_usd > 0;
  EXPECT_TRUE(billed);
}

// ---- Health checks ---------------------------------------------------------------------------
// Checks run at every multiple k·I of the interval; a crash at t_c fails the checks from the
// first at or after t_c, and the u-th failure in a row takes the server out:
//   t_out = ⌈t_c / I⌉·I + (u − 1)·I, so the detection delay is in [(u − 1)·I, u·I).
// Back up at t_r, it returns to service at ⌈t_r / I⌉·I + (h − 1)·I.
struct HealthCase {
  double interval, crash_at, recover_at;
  int unhealthy, healthy;
};

void PrintTo(const HealthCase& c, std::ostream* os) {
  *os << "interval " << c.interval << " s, crash at " << c.crash_at << " s, thresholds " << c.unhealthy << "/"
      << c.healthy;
}

class HealthChecks : public ::testing::TestWithParam<HealthCase> {};

TEST_P(HealthChecks, DetectionTimeIsWhatTheSettingsImply) {
  const HealthCase c = GetParam();
  auto fmt = [](double v) { return std::to_string(v); };
  Result r = run_in_child(load(
      "scenarios/03-load-balancer.json",
      {"services.app.count=3", "sim.duration_s=80", "lbs.lb.health.interval_s=" + fmt(c.interval),
       "lbs.lb.health.unhealthy_threshold=" + std::to_string(c.unhealthy),
       "lbs.lb.health.healthy_threshold=" + std::to_string(c.healthy),
       "faults=[{\"at_s\": " + fmt(c.crash_at) + ", \"action\": \"crash\", \"target\": \"app-1\"}, {\"at_s\": " +
           fmt(c.recover_at) + ", \"action\": \"recover\", \"target\": \"app-1\"}]"}));
  const EventRecord* out = find_event(r, "app-1", "out_of_service");
  const EventRecord* back = find_event(r, "app-1", "in_service");
  ASSERT_TRUE(out && back);
  const double expected_out = std::ceil(c.crash_at / c.interval) * c.interval + (c.unhealthy - 1) * c.interval;
  const double expected_back = std::ceil(c.recover_at / c.interval) * c.interval + (c.healthy - 1) * c.interval;
  std::printf("crash %.2f: out at %.3f (expected %.3f), back at %.3f (expected %.3f)\n", c.crash_at, out->t_s,
              expected_out, back->t_s, expected_back);
  EXPECT_NEAR(out->t_s, expected_out, 1e-6);
  EXPECT_NEAR(back->t_s, expected_back, 1e-6);
  const double delay = out->t_s - c.crash_at;
  EXPECT_GE(delay, (c.unhealthy - 1) * c.interval - 1e-9);
  EXPECT_LT(delay, c.unhealthy * c.interval);
  // Requests sent to app-1 fail only while it is down but still in service: none once the load
  // balancer has taken it out (after the last in-transit hop), none after it is back.
  EXPECT_GT(errors(r, "backend_down"), 0u);
  for (const auto& p : r.timeline) {
    auto it = p.errors_by_kind.find("backend_down");
    std::uint64_t n = it == p.errors_by_kind.end() ? 0 : it->second;
    if (p.t_s + r.timeline[1].t_s <= c.crash_at || p.t_s >= out->t_s + 1) {
      EXPECT_EQ(n, 0u) << "backend_down in the interval at " << p.t_s << " s";
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Settings, HealthChecks,
                         ::testing::Values(HealthCase{5, 40, 60, 2, 3}, HealthCase{4, 31.3, 50.2, 3, 2},
                                           HealthCase{1, 20.5, 40.25, 1, 1}));

// ---- Drain -------------------------------------------------------------------------------------
// The same scale-in (4 → 2 servers at 40 s): with a drain period every request in flight on the
// leaving servers finishes; with none they are cut, and the result counts exactly those.
int cut_in(const Result& r) {
  int total = 0;
  for (const auto& e : r.events) {
    int n = 0;
    if (e.event == "removed" && std::sscanf(e.detail.c_str(), "%d requests in flight cut", &n) == 1) total += n;
    else if (e.event == "removed" && e.detail.find("still in flight cut") != std::string::npos) {
      auto pos = e.detail.rfind(", ");
      std::sscanf(e.detail.c_str() + pos + 2, "%d", &n);
      total += n;
    }
  }
  return total;
}

TEST(Drain, LongEnoughDrainLosesNothingNoDrainCutsWhatIsInFlight) {
  Result drained = run_in_child(load("scenarios/stage3/drain.json"));
  EXPECT_EQ(errors(drained, "drain_cut"), 0u);
  EXPECT_EQ(drained.requests.failed, 0u);
  int removed = 0;
  for (const auto& e : drained.events)
    if (e.event == "removed") {
      ++removed;
      EXPECT_NE(e.detail.find("drained"), std::string::npos) << e.detail;
    }
  EXPECT_EQ(removed, 2);

  Result cut = run_in_child(load("scenarios/stage3/drain-cut.json"));
  EXPECT_GT(errors(cut, "drain_cut"), 0u);
  EXPECT_EQ(static_cast<int>(errors(cut, "drain_cut")), cut_in(cut)) << "every cut request is counted";
  // A drain period that ends before the requests do cuts them too, and says how many finished.
  Result short_drain = run_in_child(load("scenarios/stage3/drain.json",
                                         {R"(services.app.endpoints.read=[{"session": "check"}, {"cpu_ms": 400}, {"query": "db", "cpu_ms": 11, "cacheable": true}])",
                                          "workload.dau=0", "workload.users=100", "lbs.lb.drain_s=0.05"}));
  EXPECT_GT(errors(short_drain, "drain_cut"), 0u);
  EXPECT_EQ(static_cast<int>(errors(short_drain, "drain_cut")), cut_in(short_drain));
}

// ---- Sticky sessions and a crash ----------------------------------------------------------------
// Cookie stickiness keeps every user on the server holding their session, so nothing is
// unauthorized until app-1 crashes; then exactly app-1's users lose theirs (counted as lost,
// never as "on another server"). Client-hash stickiness moves users of healthy servers too
// when app-1 leaves (modulo hashing). A shared store loses nothing.
TEST(StickySessions, ACrashLosesOnlyTheCrashedServersSessions) {
  Result cookie = run_in_child(load("scenarios/stage3/sticky-crash.json"));
  EXPECT_EQ(cookie.sessions.unauthorized_other_server, 0u);
  EXPECT_GT(cookie.sessions.unauthorized_lost, 100u);
  for (const auto& p : cookie.timeline)
    if (p.t_s + 1 <= 40) {
      EXPECT_EQ(p.errors, 0u) << "errors before the crash, at " << p.t_s << " s";
    }

  Result hash = run_in_child(load("scenarios/stage3/sticky-crash.json", {"lbs.lb.policy=sticky"}));
  EXPECT_GT(hash.sessions.unauthorized_other_server, 100u) << "modulo hashing moves users of healthy servers";

  Result redis = run_in_child(load("scenarios/stage3/sessions-redis-crash.json"));
  EXPECT_EQ(errors(redis, "unauthorized"), 0u);
  EXPECT_GT(errors(redis, "backend_down"), 0u) << "requests sent before the health checks noticed";
}

// Stickiness costs balance: with the cookie, server k serves exactly the users whose hash maps to
// it, so its expected share is the Zipf mass of those users. The measured imbalance (busiest /
// mean) must match that; round robin's is 1 up to noise.
TEST(StickySessions, ImbalanceIsTheZipfMassPinnedToEachServer) {
  const std::vector<std::string> sets = test::with_default_demands(
      {"workload.dau=0", "workload.model=open", "workload.rate_rps=400", "workload.population=100000",
       "sim.duration_s=70", "sim.warmup_s=10", "services.app.count=4"});
  auto with = [&](const std::string& policy) {
    auto s = sets;
    s.push_back("lbs.lb.policy=" + policy);
    return run_in_child(load("scenarios/03-load-balancer.json", s));
  };
  Result sticky = with("sticky_cookie"), rr = with("round_robin");
  Scenario sc = load("scenarios/03-load-balancer.json", sets);
  std::vector<double> share(4, 0.0);
  double total = 0;
  for (std::uint64_t u = 1; u <= static_cast<std::uint64_t>(sc.workload.population); ++u) {
    double p = std::pow(static_cast<double>(u), -sc.workload.user_zipf_s);
    share[mix64(u) % 4] += p;
    total += p;
  }
  double p_max = 0;
  for (double& x : share) p_max = std::max(p_max, x /= total);
  const double expected = p_max * 4;
  std::uint64_t n = 0;
  for (const auto& c : sticky.components)
    if (c.kind == "app") n += c.served + c.rejected;
  const double tol = kSigmas * 4 * std::sqrt(p_max * (1 - p_max) / static_cast<double>(n));
  std::printf("sticky imbalance %.4f vs expected %.4f (±%.4f); round robin %.4f\n", sticky.imbalance, expected, tol,
              rr.imbalance);
  EXPECT_NEAR(sticky.imbalance, expected, tol);
  EXPECT_LT(rr.imbalance, 1.0 + 1e-3) << "round robin alternates exactly";
  EXPECT_GT(sticky.imbalance, rr.imbalance);
}

// ---- Cut, heal, slow ------------------------------------------------------------------------------
TEST(Faults, CutZoneIsDetectedAndHealed) {
  Result r = run_in_child(load(
      "scenarios/03-load-balancer.json",
      {"services.app.zones=2", "sim.duration_s=90",
       R"(faults=[{"at_s": 30, "action": "cut", "target": "zone-b"}, {"at_s": 50, "action": "heal", "target": "zone-b"}])"}));
  // zone-b holds app-1 and app-3 (app-i is in zone i mod 2).
  for (const char* app : {"app-1", "app-3"}) {
    EXPECT_TRUE(find_event(r, app, "out_of_service")) << app;
    EXPECT_TRUE(find_event(r, app, "in_service")) << app;
  }
  EXPECT_FALSE(find_event(r, "app-0", "out_of_service"));
  EXPECT_GT(errors(r, "backend_down"), 0u);
  EXPECT_EQ(errors(r, "crashed"), 0u) << "a cut server keeps running";
  for (const auto& p : r.timeline)
    if (p.t_s >= 70) {
      EXPECT_EQ(p.errors, 0u) << "after the heal, at " << p.t_s << " s";
    }
}

// A slow-down multiplies new demand: the database's utilization (below saturation, U = X·D/c)
// scales by the factor. Over ~7,500 queries per run, X and the realised mean demand each have a
// relative SE near 1.2%; the ratio of two runs ~2.4%, so 4σ ≈ 10%.
TEST(Faults, SlowMultipliesDemand) {
  const std::vector<std::string> sets =
      test::with_default_demands({"workload.dau=0", "workload.model=open", "workload.rate_rps=150", "sim.duration_s=60"});
  auto slow = sets;
  slow.push_back(R"(faults=[{"at_s": 5, "action": "slow", "target": "db", "factor": 3}])");
  double base = test::component(run_in_child(load("scenarios/03-load-balancer.json", sets)), "db").utilization;
  double slowed = test::component(run_in_child(load("scenarios/03-load-balancer.json", slow)), "db").utilization;
  std::printf("db utilization %.4f -> %.4f (x%.3f)\n", base, slowed, slowed / base);
  EXPECT_NEAR(slowed / base, 3.0, 0.3);
}

// The cache is slowable too (its role's capabilities, Instances.cpp): its commands' CPU × 3, so
// its one core's utilization × 3 at the same (unsaturated) command rate. Same seed, same open
// arrival stream, the fault before warm-up and a deterministic CPU per command: the commands in
// the window are the same but for the few whose timing shifts across its edges, so within 1%.
TEST(Faults, SlowTheCache) {
  const std::vector<std::string> sets = {"workload.dau=0", "workload.model=open", "workload.rate_rps=400",
                                         "sim.duration_s=40", "sim.warmup_s=5"};
  auto slow = sets;
  slow.push_back(R"(faults=[{"at_s": 1, "action": "slow", "target": "cache", "factor": 3}])");
  double base = test::component(run_in_child(load("scenarios/05-cache.json", sets)), "cache").utilization;
  double slowed = test::component(run_in_child(load("scenarios/05-cache.json", slow)), "cache").utilization;
  std::printf("cache utilization %.4f -> %.4f (x%.3f)\n", base, slowed, slowed / base);
  ASSERT_GT(base, 0.001);
  EXPECT_LT(slowed, 0.9);
  EXPECT_NEAR(slowed / base, 3.0, 0.03);
}

// A topology under its own names runs: components and fault events carry the names, and the
// fault reaches the instance it names.
TEST(Faults, NamedEntitiesRunUnderTheirNames) {
  const Scenario s = load("tests/scenario/data/named-topology.json",
                          {R"(faults=[{"at_s": 1, "action": "slow", "target": "pg-replica-1", "factor": 2}])"});
  Result r = run_in_child(s);
  // The components the result lists are the ones the instance list says (sweeps check names by it).
  std::vector<std::string> listed;
  for (const auto& c : r.components) listed.push_back(c.name);
  std::vector<std::string> expected = result_components(expand_instances(s));
  std::sort(listed.begin(), listed.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(listed, expected);
  for (const char* c : {"web-0", "web-1", "pg", "pg-replica-1", "redis", "tokens"})
    EXPECT_GT(test::component(r, c).served, 0u) << c;
  EXPECT_NE(find_event(r, "pg-replica-1", "slow"), nullptr);
  // 100 req/s open over 18 measured seconds: ~1,800 requests, SE of the rate ≈ √1800 / 18 ≈ 2.4
  // req/s, so 90 is 4 SE below the offered load (nothing is lost on the way).
  EXPECT_GT(r.requests.throughput_rps, 100 - kSigmas * std::sqrt(100 * 18.0) / 18);
}

// Regression: a request whose app server crashed after it missed the cache (so it was the one
// refilling the key) must release that refill, or with coalescing every later miss on the key
// waits forever and throughput collapses. A crash every 0.35 s, round the 8 servers, over 3 keys.
TEST(Faults, CrashesNeverStrandCoalescedRequests) {
  std::string faults = "faults=[";
  int n = 0;
  for (double t = 2.0; t < 55; t += 0.7, ++n) {
    std::string app = "app-" + std::to_string(n % 8);
    faults += (n ? ", " : "") + std::string("{\"at_s\": ") + std::to_string(t) + ", \"action\": \"crash\", \"target\": \"" +
              app + "\"}, {\"at_s\": " + std::to_string(t + 0.3) + ", \"action\": \"recover\", \"target\": \"" + app + "\"}";
  }
  faults += "]";
  Result r = run_in_child(load("scenarios/stage5/thundering-herd-coalesced.json",
                               {"sim.duration_s=60", "sim.warmup_s=5", "workload.keys=3", "caches.cache.ttl_s=0.5", faults}));
  double early = 0, late = 0;
  for (const auto& p : r.timeline) {
    if (p.t_s >= 5 && p.t_s < 15) early += p.throughput_rps / 10;
    if (p.t_s >= 50) late += p.throughput_rps / 10;
  }
  std::printf("throughput %.0f req/s early, %.0f late\n", early, late);
  EXPECT_GT(late, 0.8 * early);
}

// recover only restarts a crashed server: one that a later scale-out adds does not start early.
TEST(Faults, RecoverDoesNotStartAServerBeforeItBoots) {
  Result r = run_in_child(load(
      "scenarios/03-load-balancer.json",
      {"sim.duration_s=60", R"(faults=[{"at_s": 2, "action": "recover", "target": "app-5"},
                                       {"at_s": 3, "action": "scale_out", "target": "app", "count": 3}])"}));
  const EventRecord* rec = find_event(r, "app-5", "recover");
  ASSERT_TRUE(rec);
  EXPECT_EQ(rec->detail, "was not down");
  const EventRecord* in = find_event(r, "app-5", "in_service");
  ASSERT_TRUE(in);
  EXPECT_GE(in->t_s, 33.0) << "boots at 3 + boot_s (30) s, then passes its checks";
}

// ---- Determinism ---------------------------------------------------------------------------------
TEST(Faults, DeterministicWithEveryKindOfFault) {
  const std::vector<std::string> sets = {
      "services.app.zones=2", "sim.duration_s=80", "sessions.mode=local", "lbs.lb.policy=sticky_cookie",
      R"(faults=[{"at_s": 12, "action": "crash", "target": "app-1"}, {"at_s": 20, "action": "slow", "target": "app-0", "factor": 2},
                 {"at_s": 25, "action": "cut", "target": "zone-a"}, {"at_s": 30, "action": "heal", "target": "zone-a"},
                 {"at_s": 35, "action": "recover", "target": "app-1"}, {"at_s": 40, "action": "scale_out", "target": "app", "count": 2},
                 {"at_s": 60, "action": "scale_in", "target": "app", "count": 3}, {"at_s": 65, "action": "slow", "target": "db", "factor": 1.5}])"};
  Scenario s = load("scenarios/03-load-balancer.json", sets);
  std::string a = bytes_without_wall(run_in_child(s));
  std::string b = bytes_without_wall(run_in_child(s));
  EXPECT_EQ(a, b);
  EXPECT_NE(a.find("\"scale_in\""), std::string::npos);
}

}  // namespace
}  // namespace ladder
