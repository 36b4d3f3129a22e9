// Output formats: flag parsing, the human table's content, CSV layout and quoting,
// markdown tables, and the climb progression table.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "ladder/report/Format.hpp"
#include "ladder/scenario/Loader.hpp"
#include "report/SampleResult.hpp"

using namespace ladder;

namespace {

bool contains(const std::string& s, const std::string& needle) { return s.find(needle) != std::string::npos; }

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < s.size()) {
    auto end = s.find('\n', start);
    if (end == std::string::npos) end = s.size();
    out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace

TEST(Format, ParseOutputFormat) {
  EXPECT_EQ(parse_output_format("table"), OutputFormat::table);
  EXPECT_EQ(parse_output_format("json"), OutputFormat::json);
  EXPECT_EQ(parse_output_format("csv"), OutputFormat::csv);
  EXPECT_EQ(parse_output_format("markdown"), OutputFormat::markdown);
  try {
    parse_output_format("xml");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    ASSERT_EQ(e.issues().size(), 1u);
    EXPECT_EQ(e.issues()[0].file, "--format");
    EXPECT_EQ(e.issues()[0].json_path, "");
    EXPECT_EQ(e.issues()[0].message, "expected one of table, json, csv, markdown; found \"xml\"");
  }
}

TEST(Format, TableShowsEverySection) {
  std::string t = render_table(test::sample_result());
  EXPECT_TRUE(contains(t, "single-box (stage 0)")) << t;
  EXPECT_TRUE(contains(t, "seed 42"));
  EXPECT_TRUE(contains(t, "1,000 concurrent users"));
  EXPECT_TRUE(contains(t, "completed 118,734"));
  EXPECT_TRUE(contains(t, "error rate 1.05%"));
  EXPECT_TRUE(contains(t, "throughput 495 rps"));
  EXPECT_TRUE(contains(t, "p50 12.3  p90 88.1  p95 120  p99 313  p99.9 1,023  max 2,048  mean 41.7"));
  EXPECT_TRUE(contains(t, "queue_full 1,000, timeout 266"));
  EXPECT_TRUE(contains(t, "bottleneck: db cpu at 97.0%"));
  EXPECT_TRUE(contains(t, "WARNING saturated at db"));
  EXPECT_TRUE(contains(t, "SLO: NOT MET: p99 312.9 ms > 200 ms; error rate 1.06% > 1%"));
  EXPECT_TRUE(contains(t, "$70.08/month, $7.01 per 1k DAU"));
  EXPECT_TRUE(contains(t, "simulated 300 s (60 s warm-up)"));
  EXPECT_EQ(t.back(), '\n');
}

TEST(Format, TableColumnsAreAligned) {
  auto lines = lines_of(render_table(test::sample_result()));
  // The component rows line up under their header: the "util%" column ends at the same column.
  std::size_t header_end = 0, app_end = 0, db_end = 0;
  for (const auto& l : lines) {
    if (contains(l, "util%")) header_end = l.find("util%") + 5;
    if (contains(l, "app-0")) app_end = l.find("83.0") + 4;
    if (contains(l, "  db  ")) db_end = l.find("97.0") + 4;
  }
  EXPECT_GT(header_end, 0u);
  EXPECT_EQ(app_end, header_end);
  EXPECT_EQ(db_end, header_end);
}

TEST(Format, SignificantDigits) {
  Result r;
  r.latency_ms.p50 = 1.234;
  r.latency_ms.p90 = 0.01234;
  r.latency_ms.p99 = 123.4;
  r.latency_ms.max = 12345.6;
  std::string t = render_table(r);
  EXPECT_TRUE(contains(t, "p50 1.23  p90 0.0123  p95 0  p99 123  p99.9 0  max 12,346")) << t;
}

TEST(Format, CsvHasOneRowPerMetricWithQuoting) {
  Result r = test::sample_result();
  r.cost.items[0].name = "app servers, \"web\"";
  std::string csv = render_csv(r);
  auto lines = lines_of(csv);
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0], "section,name,metric,value");
  EXPECT_TRUE(contains(csv, "\nrequests,,completed,118734\n"));
  EXPECT_TRUE(contains(csv, "\nlatency,,p99_ms,312.9\n"));
  EXPECT_TRUE(contains(csv, "\nclass,write,p99_ms,480.7\n"));
  EXPECT_TRUE(contains(csv, "\ncomponent,db,utilization,0.97\n"));
  EXPECT_TRUE(contains(csv, "\ncost,\"app servers, \"\"web\"\"\",monthly_usd,70.08\n")) << csv;
  EXPECT_TRUE(contains(csv, "\ncost,total,per_1k_dau_usd,7.008\n"));
  EXPECT_TRUE(contains(csv, "\nsim,,duration_s,300\n"));
  for (const auto& l : lines) {
    // Four fields per row (commas inside quotes do not count).
    int fields = 1;
    bool quoted = false;
    for (char c : l) {
      if (c == '"') quoted = !quoted;
      if (c == ',' && !quoted) ++fields;
    }
    EXPECT_EQ(fields, 4) << l;
  }
}

TEST(Format, MarkdownUsesTables) {
  std::string md = render_markdown(test::sample_result());
  EXPECT_EQ(md.rfind("## Scale Ladder: single-box (stage 0)", 0), 0u) << md;
  EXPECT_TRUE(contains(md, "| class | completed | failed | err% | rps | p50 ms | p99 ms |"));
  EXPECT_TRUE(contains(md, "| --- | ---: |"));
  EXPECT_TRUE(contains(md, "| db | db | m5.large |"));
  EXPECT_TRUE(contains(md, "bottleneck: db cpu at 97.0%"));
}

TEST(Format, RenderDispatches) {
  Result r = test::sample_result();
  EXPECT_EQ(render(r, OutputFormat::json), render_json(r));
  EXPECT_EQ(render(r, OutputFormat::csv), render_csv(r));
  EXPECT_EQ(render(r, OutputFormat::markdown), render_markdown(r));
  EXPECT_EQ(render(r, OutputFormat::table), render_table(r));
}

namespace {

std::vector<Result> two_stages() {
  Result a = test::sample_result();
  Result b = test::sample_result();
  b.scenario = {"separate-db", "scenarios/01-separate-db.json", 42, 1, ""};
  b.workload = {"open", 350, 0, 10000};
  b.bottleneck = {"app-0", "cpu", 0.88};
  b.saturation = {};
  b.requests.error_rate = 0;
  b.slo = {};
  b.cost.monthly_usd = 194.91;
  b.cost.per_1k_dau_usd = 19.491;
  return {a, b};
}

}  // namespace

TEST(Format, ClimbTable) {
  std::string t = render_climb(two_stages(), OutputFormat::table);
  EXPECT_TRUE(contains(t, "1,000 users")) << t;
  EXPECT_TRUE(contains(t, "350 rps"));
  EXPECT_TRUE(contains(t, "db cpu 97.0%"));
  EXPECT_TRUE(contains(t, "What forces the next step"));
  // The sample's app-0 and db share host box-0, so the hint shows each one's share of it.
  EXPECT_TRUE(contains(t, "stage 0 single-box: db cpu at 97.0% (db uses 56.0% of host box-0, app-0 41.0%); "
                          "saturated at db")) << t;
  EXPECT_TRUE(contains(t, "stage 1 separate-db: app-0 cpu at 88.0%"));
  std::string md = render_climb(two_stages(), OutputFormat::markdown);
  EXPECT_TRUE(contains(md, "| stage | architecture | DAU | load |"));
}

// A rung with the previous architecture at its load: both rows, the verdicts, and a why line
// naming the objective broken, what saturated, and what the rung measures.
TEST(Format, ClimbRowsBeforeAndWhy) {
  std::vector<Result> s = two_stages();
  Result before = s[0];  // single-box, carrying stage 1's load
  before.workload.dau = 10000;
  before.slo = {true, false, {"p99 900.0 ms exceeds the objective of 500.0 ms"}};
  std::vector<ClimbRung> rungs = {{s[0], std::nullopt}, {s[1], before}};
  std::string why = climb_why(rungs[1]);
  EXPECT_EQ(why.rfind("single-box at 10,000 DAU fails: p99 900.0 ms exceeds the objective of 500.0 ms; saturated: ",
                      0),
            0u)
      << why;
  EXPECT_TRUE(contains(why, "db cpu 97.0%")) << why;
  EXPECT_TRUE(contains(why, ". separate-db meets it: p99 ")) << why;
  EXPECT_EQ(climb_why(rungs[0]), "");
  std::string t = render_climb(rungs, OutputFormat::table);
  EXPECT_TRUE(contains(t, "(before) single-box")) << t;
  EXPECT_TRUE(contains(t, "FAIL p99")) << t;
  EXPECT_TRUE(contains(t, "Why each rung: the rung before it, at its load")) << t;
  EXPECT_TRUE(contains(t, "stage 1: " + why)) << t;
  auto j = nlohmann::ordered_json::parse(render_climb(rungs, OutputFormat::json));
  EXPECT_FALSE(j[0].contains("before"));
  EXPECT_EQ(j[1]["before"]["name"], "single-box");
  EXPECT_EQ(j[1]["before"]["slo_met"], false);
  EXPECT_EQ(j[1]["why"], why);
  std::string csv = render_climb(rungs, OutputFormat::csv);
  EXPECT_TRUE(contains(csv, "\n1,before,single-box,")) << csv;
  EXPECT_TRUE(contains(csv, "\n1,own,separate-db,")) << csv;
}

TEST(Format, ClimbJsonAndCsv) {
  auto j = nlohmann::ordered_json::parse(render_climb(two_stages(), OutputFormat::json));
  ASSERT_TRUE(j.is_array());
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["stage"], 0);
  EXPECT_EQ(j[0]["load"], "1,000 users");
  EXPECT_EQ(j[1]["load"], "350 rps");
  EXPECT_EQ(j[0]["bottleneck"], "db");
  EXPECT_EQ(j[0]["bottleneck_utilization"], 0.97);
  EXPECT_EQ(j[1]["monthly_usd"], 194.91);
  for (const char* k : {"stage", "name", "file", "load", "throughput_rps", "p50_ms", "p99_ms", "error_rate",
                        "bottleneck", "bottleneck_utilization", "monthly_usd", "per_1k_dau_usd"})
    EXPECT_TRUE(j[0].contains(k)) << k;
  std::string csv = render_climb(two_stages(), OutputFormat::csv);
  EXPECT_EQ(csv.rfind("stage,row,name,file,load,dau,throughput_rps,", 0), 0u);
  EXPECT_TRUE(contains(csv, "\n1,own,separate-db,scenarios/01-separate-db.json,350 rps,"));
  EXPECT_TRUE(contains(csv, "\n0,own,single-box,scenarios/00-single-box.json,\"1,000 users\","));
}

TEST(Format, TimelineMergesIntervalsIntoAtMostMaxRows) {
  Result r = test::sample_result();
  r.timeline.clear();
  for (int i = 0; i < 100; ++i) {
    TimelinePoint p;
    p.t_s = i;
    p.throughput_rps = i < 50 ? 100 : 200;
    p.p50_ms = 10;
    p.p99_ms = i == 42 ? 500 : 50;
    p.errors = 1;
    p.utilization = {{"app-0", 0.5}, {"db", i < 50 ? 0.2 : 0.4}};
    r.timeline.push_back(p);
  }
  std::string t = render_timeline(r, OutputFormat::table, 25);  // 4 intervals per row
  EXPECT_TRUE(contains(t, "4 s per row")) << t;
  EXPECT_TRUE(contains(t, "app-0 %"));
  EXPECT_TRUE(contains(t, "db %"));
  // Row starting at t = 40 holds interval 42: p99 is the worst interval's, errors add up.
  EXPECT_TRUE(contains(t, "40   100    10.0     500       4                  50.0  20.0")) << t;
  EXPECT_TRUE(contains(t, "96   200    10.0    50.0       4                  50.0  40.0")) << t;
  std::size_t rows = 0;
  for (std::size_t pos = 0; (pos = t.find('\n', pos)) != std::string::npos; ++pos) ++rows;
  EXPECT_LE(rows, 25u + 5u);  // title, note, header, rule and the rows
}
