// The result's stage sections as views of the components' stats (no Engine): counts summed
// over the instances of a kind, ratios derived from the sums, nothing added for empty stats.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "ladder/components/StatsViews.hpp"

namespace ladder {
namespace {

const std::vector<std::string> kClasses = {"browse", "login", "checkout"};

ConsistencyCounts counts(std::uint64_t primary, std::uint64_t replica, std::uint64_t stale, std::uint64_t ryw) {
  ConsistencyCounts k;
  k.reads_primary = primary;
  k.reads_replica = replica;
  k.stale = stale;
  k.read_your_writes = ryw;
  return k;
}

TEST(StatsBook, ReturnsEachKindInRegistrationOrder) {
  StatsBook book;
  AppServerStats a, b;
  DatabaseStats db;
  book.add(a);
  book.add(db);
  book.add(b);
  auto apps = book.all<AppServerStats>();
  ASSERT_EQ(apps.size(), 2u);
  EXPECT_EQ(apps[0], &a);
  EXPECT_EQ(apps[1], &b);
  EXPECT_EQ(book.all<DatabaseStats>().size(), 1u);
  EXPECT_TRUE(book.all<CacheServerStats>().empty());
}

TEST(StatsViews, TwoReplicasSumIntoTheReplicationSection) {
  // The primary commits 7 writes and serves 5 browse reads; replica 1 applies the 7 and serves
  // 3 browse reads (1 stale) and 4 checkout reads (2 missing the user's write); replica 2
  // applies the 7 and serves 2 browse reads. No one reads with the login class.
  DatabaseStats primary, r1, r2;
  primary.commits = 7;
  primary.reads = {counts(5, 0, 0, 0)};
  r1.applied = 7;
  r1.reads = {counts(0, 3, 1, 0), counts(0, 0, 0, 0), counts(0, 4, 0, 2)};
  r2.applied = 7;
  r2.reads = {counts(0, 2, 0, 0)};
  LagMonitorStats monitor;
  monitor.evictions = 1;
  monitor.readmissions = 1;
  ReplicationStats log;
  for (double ms : {12.5, 3.25, 40.0})
    log.lag_ms.add(ms);
  StatsBook book;
  for (const DatabaseStats* s : {&primary, &r1, &r2})
    book.add(*s);
  book.add(monitor);
  book.add(log);

  Result r;
  r.replication.replicas = 2;  // a label, set before the views: kept
  fill_views(book, kClasses, r);
  const ReplicationResult& x = r.replication;
  EXPECT_EQ(x.replicas, 2);
  EXPECT_EQ(x.commits, 7u);
  EXPECT_EQ(x.applied, 14u);
  EXPECT_EQ(x.evictions, 1u);
  EXPECT_EQ(x.readmissions, 1u);
  ASSERT_EQ(x.by_class.size(), 2u);  // browse and checkout; login had no reads
  EXPECT_EQ(x.by_class.count("login"), 0u);
  const ConsistencyCounts& browse = x.by_class.at("browse");
  EXPECT_EQ(browse.reads_primary, 5u);
  EXPECT_EQ(browse.reads_replica, 5u);
  EXPECT_EQ(browse.stale, 1u);
  EXPECT_EQ(x.by_class.at("checkout").reads_replica, 4u);
  EXPECT_EQ(x.by_class.at("checkout").read_your_writes, 2u);
  EXPECT_EQ(x.total.reads_primary, 5u);
  EXPECT_EQ(x.total.reads_replica, 9u);
  EXPECT_EQ(x.total.stale, 1u);
  EXPECT_EQ(x.total.read_your_writes, 2u);
  // The lag summary is the log's histogram as filled: the same bits as summarizing it directly.
  EXPECT_EQ(x.lag_ms.count, 3u);
  EXPECT_EQ(x.lag_ms.mean, log.lag_ms.mean());
  EXPECT_EQ(x.lag_ms.max, 40.0);
  EXPECT_EQ(x.lag_ms.stddev, log.lag_ms.stddev());
}

TEST(StatsViews, SessionsAndUploadsSumOverAppServersAndTheClients) {
  AppServerStats a, b;
  a.logins = 3;
  a.checked = 10;
  a.unauthorized_other_server = 2;
  a.uploads = 4;
  a.not_found = 1;
  b.logins = 1;
  b.checked = 5;
  b.unauthorized_lost = 1;
  b.store_lookups = 6;
  b.downloads = 9;
  WorkloadStats clients;
  clients.relogins = 3;
  StatsBook book;
  book.add(a);
  book.add(clients);
  book.add(b);
  Result r;
  r.sessions.store = "local";
  fill_views(book, kClasses, r);
  EXPECT_EQ(r.sessions.store, "local");
  EXPECT_EQ(r.sessions.logins, 4u);
  EXPECT_EQ(r.sessions.relogins, 3u);
  EXPECT_EQ(r.sessions.checked, 15u);
  EXPECT_EQ(r.sessions.unauthorized_other_server, 2u);
  EXPECT_EQ(r.sessions.unauthorized_lost, 1u);
  EXPECT_EQ(r.sessions.store_lookups, 6u);
  EXPECT_EQ(r.uploads.uploads, 4u);
  EXPECT_EQ(r.uploads.downloads, 9u);
  EXPECT_EQ(r.uploads.not_found, 1u);
}

TEST(StatsViews, CacheRatiosComeFromTheSummedCounts) {
  // Node a: 3 hits, 1 miss, 4 expirations followed by 2 database reads; node b: 1 hit, 7
  // misses, 1 expiration followed by 1 read. Hit ratio (3+1)/12 = 1/3 (the mean of the nodes'
  // ratios would be 0.4375); reads per expiry (2+1)/(4+1) = 0.6 (the mean would be 0.75).
  CacheServerStats a, b;
  a.hits = 3;
  a.misses = 1;
  a.expirations = 4;
  a.reads_after_expiry = 2;
  a.max_db_reads_one_key = 5;
  a.db_reads = 1;
  b.hits = 1;
  b.misses = 7;
  b.expirations = 1;
  b.reads_after_expiry = 1;
  b.max_db_reads_one_key = 2;
  b.db_reads = 2;
  b.coalesced = 1;
  b.invalidations = 7;
  StatsBook book;
  book.add(a);
  book.add(b);
  Result r;
  fill_views(book, kClasses, r);
  EXPECT_EQ(r.cache.hits, 4u);
  EXPECT_EQ(r.cache.misses, 8u);
  EXPECT_EQ(r.cache.expirations, 5u);
  EXPECT_DOUBLE_EQ(r.cache.hit_ratio, 1.0 / 3);
  EXPECT_DOUBLE_EQ(r.cache.db_reads_per_expiry, 0.6);
  EXPECT_EQ(r.cache.max_db_reads_one_key, 5);  // the most on one node, not a sum
  EXPECT_EQ(r.cache.db_reads, 3u);
  EXPECT_EQ(r.cache.coalesced, 1u);
  EXPECT_EQ(r.cache.invalidations, 7u);
}

TEST(StatsViews, EmptyStatsWriteTheSectionsAsWithoutThem) {
  // Instances that counted nothing (including a read table with an all-zero class) leave the
  // sections' JSON exactly as a result with no stats at all: no by_class key, zero ratios.
  AppServerStats app;
  WorkloadStats clients;
  DatabaseStats db;
  db.reads.resize(2);
  ReplicationStats log;
  LagMonitorStats monitor;
  CacheServerStats cache;
  StatsBook book;
  book.add(app);
  book.add(clients);
  book.add(db);
  book.add(log);
  book.add(monitor);
  book.add(cache);
  Result with, without;
  fill_views(book, kClasses, with);
  fill_views(StatsBook{}, kClasses, without);
  nlohmann::ordered_json a, b, plain;
  to_json(a, with);
  to_json(b, without);
  to_json(plain, Result{});
  for (const char* section : {"sessions", "uploads", "replication", "cache"}) {
    EXPECT_EQ(a.at(section), plain.at(section)) << section;
    EXPECT_EQ(b.at(section), plain.at(section)) << section;
  }
  EXPECT_TRUE(a.at("replication").at("by_class").empty());
}

}  // namespace
}  // namespace ladder
