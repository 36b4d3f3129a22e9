// compare: limit syntax, metric lookup, the regression gate and its renderings.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "ladder/report/Compare.hpp"
#include "ladder/scenario/Loader.hpp"
#include "report/SampleResult.hpp"

using namespace ladder;

namespace {

std::string limit_error(const std::string& text) {
  try {
    parse_limit(text);
  } catch (const InputError& e) {
    EXPECT_EQ(e.issues().at(0).file, "--max");
    EXPECT_EQ(e.issues().at(0).json_path, "");
    return e.issues().at(0).message;
  }
  ADD_FAILURE() << "no error for " << text;
  return "";
}

const CompareRow& row(const Comparison& c, const std::string& metric) {
  for (const auto& r : c.rows)
    if (r.metric == metric) return r;
  throw std::out_of_range(metric);
}

}  // namespace

TEST(Compare, ParseLimitKinds) {
  Limit rel = parse_limit("p99_ms=+10%");
  EXPECT_EQ(rel.metric, "p99_ms");
  EXPECT_EQ(rel.kind, Limit::Kind::relative);
  EXPECT_DOUBLE_EQ(rel.value, 10);
  Limit drop = parse_limit("throughput_rps=-5%");
  EXPECT_EQ(drop.kind, Limit::Kind::relative);
  EXPECT_DOUBLE_EQ(drop.value, -5);
  Limit abs = parse_limit("p99_ms=+5");
  EXPECT_EQ(abs.kind, Limit::Kind::absolute_delta);
  EXPECT_DOUBLE_EQ(abs.value, 5);
  Limit cap = parse_limit("error_rate=0.01");
  EXPECT_EQ(cap.kind, Limit::Kind::cap);
  EXPECT_DOUBLE_EQ(cap.value, 0.01);
  EXPECT_EQ(parse_limit("read.p99_ms=+20%").metric, "read.p99_ms");
}

TEST(Compare, ParseLimitErrors) {
  std::string m = limit_error("p99=+10%");
  EXPECT_NE(m.find("unknown metric \"p99\""), std::string::npos) << m;
  EXPECT_NE(m.find("did you mean \"p99_ms\""), std::string::npos) << m;
  EXPECT_NE(m.find("error_rate"), std::string::npos) << m;
  EXPECT_NE(limit_error("p99_ms").find("expected METRIC=LIMIT"), std::string::npos);
  EXPECT_NE(limit_error("p99_ms=fast").find("expected a limit like"), std::string::npos);
  EXPECT_NE(limit_error("p99_ms=+10%%").find("expected a limit like"), std::string::npos);
  EXPECT_NE(limit_error("error_rate=1%").find("needs a sign"), std::string::npos);
  EXPECT_NE(limit_error("read.p99=+1%").find("unknown metric"), std::string::npos);
  // It names the per-endpoint form and its metrics.
  EXPECT_NE(limit_error("read.p99=+1%").find("<endpoint>.<metric> for an endpoint of the scenario (read, write, …) and a "
                                             "metric of p50_ms"),
            std::string::npos);
}

// Endpoint names are the scenario's (issue 9): any name parses; a result without it is an error
// naming the endpoints it has.
TEST(Compare, AnyEndpointNameParsesAndAMissingOneIsNamed) {
  EXPECT_EQ(parse_limit("search.p99_ms=+10%").metric, "search.p99_ms");
  Result base = test::sample_result();
  try {
    compare(base, base, {parse_limit("search.p99_ms=+10%")});
    ADD_FAILURE() << "no error for an endpoint the results lack";
  } catch (const InputError& e) {
    EXPECT_NE(e.issues().at(0).message.find(R"(expected an endpoint of the result (read, write), found "search")"),
              std::string::npos)
        << e.issues().at(0).message;
  }
  Result with = base;
  with.classes.push_back(base.classes.front());
  with.classes.back().name = "search";
  EXPECT_DOUBLE_EQ(metric_value(with, "search.p99_ms"), base.classes.front().latency_ms.p99);
}

TEST(Compare, MetricValues) {
  Result r = test::sample_result();
  EXPECT_DOUBLE_EQ(metric_value(r, "p99_ms"), 312.9);
  EXPECT_DOUBLE_EQ(metric_value(r, "p999_ms"), 1023.4);
  EXPECT_DOUBLE_EQ(metric_value(r, "mean_ms"), 41.7);
  EXPECT_DOUBLE_EQ(metric_value(r, "throughput_rps"), 494.725);
  EXPECT_DOUBLE_EQ(metric_value(r, "monthly_usd"), 70.08);
  EXPECT_DOUBLE_EQ(metric_value(r, "per_1k_dau_usd"), 7.008);
  EXPECT_DOUBLE_EQ(metric_value(r, "write.p99_ms"), 480.7);
  EXPECT_THROW(metric_value(r, "login.p99_ms"), std::out_of_range);
  EXPECT_THROW(metric_value(r, "nope"), std::out_of_range);
  for (const auto& m : comparable_metrics()) {
    // The sample result has read and write classes only.
    if (m.find('.') == std::string::npos || m.rfind("read.", 0) == 0 || m.rfind("write.", 0) == 0) {
      EXPECT_NO_THROW(metric_value(r, m)) << m;
    }
  }
}

TEST(Compare, DeltasAndGate) {
  Result base = test::sample_result();
  Result next = base;
  next.latency_ms.p99 = base.latency_ms.p99 * 1.12;  // +12%
  next.requests.throughput_rps = base.requests.throughput_rps * 0.97;  // -3%
  next.requests.error_rate = 0.02;
  auto c = compare(base, next,
                   {parse_limit("p99_ms=+10%"), parse_limit("throughput_rps=-5%"), parse_limit("error_rate=0.01"),
                    parse_limit("p50_ms=+5"), parse_limit("read.p90_ms=+1%")});
  EXPECT_TRUE(c.regressed());
  const auto& p99 = row(c, "p99_ms");
  EXPECT_NEAR(p99.delta_pct, 12, 1e-9);
  EXPECT_NEAR(p99.delta, 312.9 * 0.12, 1e-9);
  EXPECT_EQ(p99.limit, "+10%");
  EXPECT_TRUE(p99.violated);
  EXPECT_FALSE(row(c, "throughput_rps").violated);  // dropped 3%, 5% allowed
  EXPECT_TRUE(row(c, "error_rate").violated);        // 0.02 > cap 0.01
  EXPECT_FALSE(row(c, "p50_ms").violated);
  EXPECT_FALSE(row(c, "read.p90_ms").violated);      // added because a limit names it
  EXPECT_TRUE(row(c, "mean_ms").limit.empty());
  EXPECT_EQ(row(c, "read.p99_ms").base, 250.2);      // per-class default rows

  next.requests.throughput_rps = base.requests.throughput_rps * 0.90;  // -10%
  EXPECT_TRUE(row(compare(base, next, {parse_limit("throughput_rps=-5%")}), "throughput_rps").violated);
  EXPECT_FALSE(compare(base, base, {parse_limit("p99_ms=+0%")}).regressed());
}

TEST(Compare, ZeroBase) {
  Result base, next;
  next.requests.error_rate = 0.001;
  auto c = compare(base, next, {parse_limit("error_rate=+50%")});
  EXPECT_TRUE(row(c, "error_rate").violated);  // any increase from 0 breaks a relative limit
  EXPECT_EQ(row(c, "error_rate").delta_pct, 0);
  EXPECT_FALSE(compare(base, next, {parse_limit("error_rate=+0.01")}).regressed());
}

TEST(Compare, LimitOnMissingClassIsInputError) {
  Result base = test::sample_result();
  EXPECT_THROW(compare(base, base, {parse_limit("login.p99_ms=+1%")}), InputError);
}

TEST(Compare, Renderings) {
  Result base = test::sample_result();
  Result next = base;
  next.latency_ms.p99 = 400;
  auto c = compare(base, next, {parse_limit("p99_ms=+10%")});
  std::string t = render_comparison(c, OutputFormat::table);
  EXPECT_NE(t.find("REGRESSION: p99_ms (base 313, new 400, limit +10%)"), std::string::npos) << t;
  EXPECT_NE(t.find("+27.8%"), std::string::npos) << t;
  auto j = nlohmann::json::parse(render_comparison(c, OutputFormat::json));
  EXPECT_EQ(j["regressed"], true);
  EXPECT_EQ(j["rows"][3]["metric"], "p99_ms");
  EXPECT_EQ(j["rows"][3]["status"], "REGRESSION");
  EXPECT_EQ(j["rows"][3]["new"], 400.0);
  std::string csv = render_comparison(c, OutputFormat::csv);
  EXPECT_EQ(csv.rfind("metric,base,new,delta,delta_pct,limit,status\n", 0), 0u);
  EXPECT_NE(csv.find("\np99_ms,312.9,400,"), std::string::npos) << csv;
  std::string md = render_comparison(c, OutputFormat::markdown);
  EXPECT_NE(md.find("| metric | base | new | delta | delta % | limit | status |"), std::string::npos);
  std::string ok = render_comparison(compare(base, base, {parse_limit("p99_ms=+10%")}), OutputFormat::table);
  EXPECT_NE(ok.find("ok: 1 limit checked, none exceeded"), std::string::npos) << ok;
}

namespace {

/// A result whose only content is replicated p99 and error-rate values.
Result replicated(const std::vector<double>& p99, const std::vector<double>& errors) {
  Result r;
  std::vector<Result> runs(p99.size());
  std::vector<std::uint64_t> seeds;
  for (std::size_t i = 0; i < p99.size(); ++i) {
    runs[i].latency_ms.p99 = p99[i];
    runs[i].requests.error_rate = errors[i];
    seeds.push_back(i + 1);
  }
  r.latency_ms.p99 = p99.front();
  r.requests.error_rate = errors.front();
  r.replications = summarize_replications(runs, seeds);
  return r;
}

}  // namespace

TEST(CompareSeeds, PastTheLimitButWithinNoiseIsNotARegression) {
  // Means 100 → 115 (+15% > +10%), but the seeds spread ±20: Welch's t = 15 / √(400/3 + 625/3)
  // = 0.81, under t(0.95, ~3.8) ≈ 2.15.
  Result base = replicated({80, 100, 120}, {0, 0, 0});
  Result noisy = replicated({90, 115, 140}, {0, 0, 0});
  Comparison c = compare(base, noisy, {parse_limit("p99_ms=+10%")});
  const CompareRow& r = row(c, "p99_ms");
  EXPECT_DOUBLE_EQ(r.base, 100);
  EXPECT_DOUBLE_EQ(r.next, 115);
  EXPECT_TRUE(r.past_limit);
  EXPECT_TRUE(r.tested);
  EXPECT_FALSE(r.test.significant);
  EXPECT_FALSE(r.violated);
  EXPECT_FALSE(c.regressed());
  EXPECT_TRUE(c.statistical);
  EXPECT_TRUE(c.note.empty());
  EXPECT_NE(render_comparison(c, OutputFormat::table).find("ok (not significant)"), std::string::npos);
  // The same +15% with tight seeds is significant: a regression.
  Comparison tight = compare(replicated({99, 100, 101}, {0, 0, 0}), replicated({114, 115, 116}, {0, 0, 0}),
                             {parse_limit("p99_ms=+10%")});
  EXPECT_TRUE(row(tight, "p99_ms").violated);
  EXPECT_TRUE(tight.regressed());
}

TEST(CompareSeeds, ACapIsTestedAgainstItsValueAndASingleSeedSideGetsTheNote) {
  // Error rates 0.011, 0.012, 0.013 against a cap of 0.01: t = 0.002 / (0.001/√3) = 3.46 > 2.92.
  Result base = replicated({100, 100, 100}, {0, 0, 0});
  Comparison c = compare(base, replicated({100, 100, 100}, {0.011, 0.012, 0.013}), {parse_limit("error_rate=0.01")});
  EXPECT_EQ(row(c, "error_rate").test_kind, "one-sample");
  EXPECT_TRUE(row(c, "error_rate").violated);
  // 0.009, 0.011, 0.013: mean 0.011 over the cap, t = 0.001 / (0.002/√3) = 0.87: not significant.
  Comparison near = compare(base, replicated({100, 100, 100}, {0.009, 0.011, 0.013}), {parse_limit("error_rate=0.01")});
  EXPECT_FALSE(row(near, "error_rate").violated);
  Result single;
  single.latency_ms.p99 = 100;
  Comparison mixed = compare(single, base, {});
  EXPECT_FALSE(mixed.statistical);
  EXPECT_NE(mixed.note.find("single-seed differences include run-to-run noise"), std::string::npos);
}
