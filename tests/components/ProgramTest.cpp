// The lowering of the endpoint programs (pure: no Engine). The default endpoints are today's six
// request classes; each expected program is the old fixed pipeline read off by hand (session
// check, file check, app CPU, file I/O, query, session create), with its skips: no session
// steps without sessions, no file check unless files are local, no query without a database,
// and the CPU step even at 0 ms. These programs were checked equal to the fixed pipeline's
// generator (lower_classes) for every scenario file before it was removed.
#include <gtest/gtest.h>

#include "ladder/components/Program.hpp"
#include "ladder/scenario/Loader.hpp"

namespace ladder {
namespace {

std::vector<Program> lower(const std::vector<std::string>& overrides) {
  return lower_endpoints(load_scenario_text("{}", "t.json", overrides));
}

std::string of(const std::vector<Program>& p, RequestClass c) { return describe(p[static_cast<std::size_t>(c)]); }

TEST(LowerClasses, DefaultsWithoutSessionsOrUploads) {
  auto p = lower({});
  ASSERT_EQ(p.size(), static_cast<std::size_t>(kClassCount));
  EXPECT_EQ(of(p, RequestClass::read), "cpu 6 ms; query store 0 read cacheable cpu 3 ms io 0 kB");
  EXPECT_EQ(of(p, RequestClass::write), "cpu 8 ms; query store 0 write cpu 6 ms io 32 kB");
  EXPECT_EQ(of(p, RequestClass::static_asset), "cpu 2 ms");  // no database CPU: no query
  EXPECT_EQ(of(p, RequestClass::login), "cpu 30 ms; query store 0 read cpu 2 ms io 0 kB");
  // Uploads default to the app servers' disks: 512 KiB at 200 MB/s.
  EXPECT_EQ(of(p, RequestClass::upload), "cpu 10 ms; file write local 0.00262144 s; query store 0 write cpu 2 ms io 4 kB");
  EXPECT_EQ(of(p, RequestClass::download),
            "file check local; cpu 4 ms; file read local 0.00262144 s; query store 0 read cpu 1 ms io 0 kB");
}

TEST(LowerClasses, TheStepsAreTyped) {
  auto p = lower({});
  const Program& read = p[static_cast<std::size_t>(RequestClass::read)];
  ASSERT_EQ(read.size(), 2u);
  EXPECT_EQ(read[0], Step{step::Cpu{6}});
  EXPECT_EQ(read[1], Step{(step::Query{0, false, false, true, 3, 0})});
}

TEST(LowerClasses, ZeroCpuStillStartsAnExecution) {
  auto p = lower({R"(services.app.endpoints.static=[{"cpu_ms": 0}])",
                  R"(services.app.endpoints.read=[{"cpu_ms": 6}, {"query": "db", "io_kb": 8}])"});
  EXPECT_EQ(of(p, RequestClass::static_asset), "cpu 0 ms");
  // A query step is a query even at 0 ms of CPU (the fixed pipeline dropped it: a deliberate
  // change; a program without a query has no query step).
  EXPECT_EQ(of(p, RequestClass::read), "cpu 6 ms; query store 0 read cpu 0 ms io 8 kB");
}

TEST(LowerClasses, NoDatabaseNoQueries) {
  auto p = lower({"stores.db=null"});
  for (const Program& prog : p)
    for (const Step& s : prog)
      EXPECT_FALSE(std::holds_alternative<step::Query>(s)) << describe(prog);
}

TEST(LowerClasses, PrimaryReadsAreMarked) {
  auto p = lower({R"(services.app.endpoints.read=[{"session": "check"}, {"cpu_ms": 6}, {"query": "db", "cpu_ms": 3, "cacheable": true, "primary": true}])"});
  EXPECT_EQ(of(p, RequestClass::read), "cpu 6 ms; query store 0 read primary cacheable cpu 3 ms io 0 kB");
}

TEST(LowerClasses, LocalSessions) {
  auto p = lower({"sessions.mode=local"});
  EXPECT_EQ(of(p, RequestClass::read), "session check local; cpu 6 ms; query store 0 read cacheable cpu 3 ms io 0 kB");
  EXPECT_EQ(of(p, RequestClass::static_asset), "cpu 2 ms");  // needs no session
  EXPECT_EQ(of(p, RequestClass::login), "cpu 30 ms; query store 0 read cpu 2 ms io 0 kB; session create local");
  EXPECT_EQ(of(p, RequestClass::download),
            "session check local; file check local; cpu 4 ms; file read local 0.00262144 s; query store 0 read cpu 1 ms "
            "io 0 kB");
}

TEST(LowerClasses, RedisSessions) {
  auto p = lower({"sessions.mode=redis", "stores.session-store.kind=kv", "sessions.store=session-store"});
  EXPECT_EQ(of(p, RequestClass::write), "session check store; cpu 8 ms; query store 0 write cpu 6 ms io 32 kB");
  EXPECT_EQ(of(p, RequestClass::login), "cpu 30 ms; query store 0 read cpu 2 ms io 0 kB; session create store");
}

TEST(LowerClasses, JwtWithAndWithoutDenyList) {
  // A token is still a counted check and a counted login, with nothing to look up.
  auto plain = lower({"sessions.mode=jwt"});
  EXPECT_EQ(of(plain, RequestClass::read), "session check token; cpu 6 ms; query store 0 read cacheable cpu 3 ms io 0 kB");
  EXPECT_EQ(of(plain, RequestClass::login), "cpu 30 ms; query store 0 read cpu 2 ms io 0 kB; session create token");
  // The deny-list is one lookup per check; a login does not write to it.
  auto deny = lower({"sessions.mode=jwt", "sessions.deny_list=true", "stores.session-store.kind=kv", "sessions.store=session-store"});
  EXPECT_EQ(of(deny, RequestClass::read), "session check store; cpu 6 ms; query store 0 read cacheable cpu 3 ms io 0 kB");
  EXPECT_EQ(of(deny, RequestClass::login), "cpu 30 ms; query store 0 read cpu 2 ms io 0 kB; session create token");
}

TEST(LowerClasses, ObjectStoreUploads) {
  auto p = lower({"stores.objects.kind=object", "uploads.store=objects"});
  // No file check (any server reaches the object store), its PUT and GET latencies.
  EXPECT_EQ(of(p, RequestClass::upload), "cpu 10 ms; file write object_store 0.05 s; query store 0 write cpu 2 ms io 4 kB");
  EXPECT_EQ(of(p, RequestClass::download), "cpu 4 ms; file read object_store 0.025 s; query store 0 read cpu 1 ms io 0 kB");
}

}  // namespace
}  // namespace ladder
