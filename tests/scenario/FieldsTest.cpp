// The field table is consistent, and the checked-in docs and JSON Schema are exactly what the
// table generates (no drift). DISABLED_Regenerate rewrites both files when run explicitly:
//   scenario_tests --gtest_also_run_disabled_tests --gtest_filter='*Regenerate*'
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "ladder/scenario/Fields.hpp"
#include "ladder/scenario/Loader.hpp"
#include "ladder/scenario/StoreKinds.hpp"

namespace ladder {
namespace {

const std::string kRoot = std::string(LADDER_SOURCE_DIR) + "/";
const std::string kDocs = "docs/scenario-fields.md";
const std::string kSchema = "schema/ladder-scenario.schema.json";

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(ScenarioFields, PathsUniqueAndDefaultsValid) {
  std::set<std::string> seen;
  for (const Field& f : scenario_fields()) {
    EXPECT_TRUE(seen.insert(f.path + "|" + f.kind).second) << "duplicate " << f.path;
    EXPECT_FALSE(f.description.empty()) << f.path;
    if (f.def.is_null()) continue;
    switch (f.type) {
      case FieldType::integer:
      case FieldType::number:
        ASSERT_TRUE(f.def.is_number()) << f.path;
        EXPECT_TRUE(f.range.contains(f.def.get<double>())) << f.path;
        break;
      case FieldType::boolean: EXPECT_TRUE(f.def.is_boolean()) << f.path; break;
      case FieldType::list: EXPECT_TRUE(f.def.is_array()) << f.path; break;
      case FieldType::endpoints: EXPECT_TRUE(f.def.is_object()) << f.path; break;
      case FieldType::string: EXPECT_TRUE(f.def.is_string()) << f.path; break;
      case FieldType::enumeration:
        ASSERT_TRUE(f.def.is_string()) << f.path;
        EXPECT_NE(std::find(f.choices.begin(), f.choices.end(), f.def.get<std::string>()), f.choices.end());
        break;
    }
  }
  EXPECT_NE(find_field("services.*.count"), nullptr);
  EXPECT_EQ(find_field("services.*.cont"), nullptr);
  EXPECT_EQ(find_field("tiers.app.count"), nullptr);  // the old shape is gone
  EXPECT_EQ(table_path("services.app.count"), "services.*.count");
  EXPECT_EQ(table_path("lbs.lb.health.interval_s"), "lbs.*.health.interval_s");
  EXPECT_EQ(table_path("workload.mix.read"), "workload.mix.read");
  // One key, two kinds of store: each kind's row has its own default.
  EXPECT_EQ(find_field("stores.*.instance", "sql")->def, "db.m5.large");
  EXPECT_EQ(find_field("stores.*.instance", "kv")->def, "cache.m5.large");
  EXPECT_EQ(find_field("stores.*.op_cpu_ms", "sql"), nullptr);
}

TEST(ScenarioFields, EveryFieldBelongsToADeclaredSection) {
  std::set<std::string> keys;
  for (const Section& s : scenario_sections()) EXPECT_TRUE(keys.insert(s.key).second) << "duplicate " << s.key;
  for (const Field& f : scenario_fields()) {
    auto dot = f.path.find('.');
    EXPECT_TRUE(keys.count(dot == std::string::npos ? "" : f.path.substr(0, dot))) << f.path;
  }
  // Every section holds fields (directly or through subsections) and its parent is a section.
  for (const std::string& k : keys) {
    if (k.empty()) continue;
    const std::string prefix = k.substr(0, k.find(" ("));  // "stores.* (sql)": the sql rows of stores.*
    EXPECT_TRUE(std::any_of(scenario_fields().begin(), scenario_fields().end(),
                            [&](const Field& f) { return f.path.starts_with(prefix + "."); }))
        << k;
    if (auto dot = prefix.rfind('.'); dot != std::string::npos) {
      EXPECT_TRUE(keys.count(prefix.substr(0, dot))) << k;
    }
  }
}

// A store kind is declared once (StoreKinds.cpp): its rows, its section and its name in the kind
// field's choices all come from that entry.
TEST(ScenarioFields, StoreKindsComeFromTheirDescriptors) {
  const Field* kind = find_field("stores.*.kind");
  ASSERT_NE(kind, nullptr);
  EXPECT_EQ(kind->choices, store_kinds());
  for (const StoreKind& k : store_kind_table()) {
    EXPECT_NE(std::find(kind->choices.begin(), kind->choices.end(), k.name), kind->choices.end()) << k.name;
    EXPECT_NE(kind->description.find(k.name + ": " + k.help), std::string::npos) << k.name;
    for (const Field& row : k.fields) {
      const Field* f = find_field(row.path, k.name);
      ASSERT_NE(f, nullptr) << k.name << " " << row.path;
      EXPECT_EQ(f->kind, k.name) << row.path;
      EXPECT_EQ(f->def, row.def) << row.path;
    }
    const auto& secs = scenario_sections();
    EXPECT_TRUE(std::any_of(secs.begin(), secs.end(), [&](const Section& s) { return s.kind == k.name; })) << k.name;
    EXPECT_EQ(conventional_name("stores", k.name), k.default_name);
    EXPECT_EQ(find_store_kind(k.name), &k);
  }
  EXPECT_EQ(find_store_kind("nosuch"), nullptr);
}

// A bound row's default is its member's initialiser (Scenario.hpp): the table, the docs, the
// schema and the merged document say what a default-constructed scenario holds.
TEST(ScenarioFields, BoundRowsDefaultToTheirMembersInitialiser) {
  const Scenario fresh{};
  int bound = 0;
  for (const Field& f : scenario_fields()) {
    EXPECT_EQ(static_cast<bool>(f.assign), static_cast<bool>(f.read)) << f.path;
    if (!f.read) continue;
    ++bound;
    EXPECT_EQ(f.read(fresh), f.def) << f.path << " (" << f.kind << ")";
  }
  EXPECT_GE(bound, 80);  // every scalar of the config structs; unbound are references, the mix and list items
  // List items take theirs from their struct too, though they are built by hand.
  EXPECT_EQ(find_field("faults[].factor")->def, Fault{}.factor);
  EXPECT_EQ(find_field("faults[].count")->def, Fault{}.count);
  EXPECT_EQ(find_field("services.*.endpoints.*[].io_kb")->def, StepSpec{}.io_kb);
  EXPECT_EQ(find_field("workload.user_zipf_s")->def.dump(), "1.0");  // as the files write it
  EXPECT_EQ(find_field("sim.duration_s")->def.dump(), "60");
}

/// The value at a dotted path of a document, or null.
nlohmann::json at_dotted(const nlohmann::json& doc, const std::string& dotted) {
  const nlohmann::json* node = &doc;
  std::size_t from = 0;
  while (true) {
    const auto dot = dotted.find('.', from);
    const std::string key = dotted.substr(from, dot == std::string::npos ? std::string::npos : dot - from);
    if (!node->is_object() || !node->contains(key)) return nullptr;
    node = &(*node)[key];
    if (dot == std::string::npos) return *node;
    from = dot + 1;
  }
}

/// Rows the loader resolves after the generic pass (their typed value is derived, not read).
bool resolved_row(const Field& f, const Scenario& s) {
  if (f.path == "services.*.vcpus" || (f.path == "stores.*.vcpus" && f.kind == "sql")) return true;
  if (f.path == "workload.rate_rps") return s.workload.model == ArrivalModel::open;
  if (f.path == "stores.*.replica_instance") return true;  // "" = the primary's
  return f.path == "name";  // "" = the file's stem
}

/// Every bound row of a loaded scenario holds what its merged document says.
void expect_built_as_written(const Scenario& s, const std::string& what) {
  for (const Field& f : scenario_fields()) {
    if (!f.read || resolved_row(f, s)) continue;
    const nlohmann::json written = at_dotted(s.resolved, conventional_path(f));
    if (written.is_null()) continue;  // an entity the scenario does not have
    EXPECT_EQ(f.read(s), written) << what << ": " << conventional_path(f);
  }
}

// A scenario with every entity, then each bound row set in turn to a value other than its
// default: the typed build holds it (the generic pass reads each row from its entity's place).
TEST(ScenarioFields, BuildAssignsEveryBoundRow) {
  const std::string base = R"({
    "sim": {"duration_s": 30, "warmup_s": 5},
    "workload": {"mix": {"read": 0.5, "write": 0.1, "static": 0.1, "login": 0.1, "upload": 0.1, "download": 0.1}},
    "services": {"app": {"count": 2}},
    "caches": {"cache": {}},
    "lbs": {"lb": {"to": "app"}},
    "sessions": {"mode": "redis", "store": "session-store"},
    "stores": {"db": {"kind": "sql", "cache_aside": "cache"}, "session-store": {"kind": "kv"},
               "objects": {"kind": "object"}},
    "uploads": {"store": "objects"}})";
  // Other values of the strings (catalog names of the same kind), and what a few changes need.
  const std::map<std::string, std::string> strings = {
      {"name", "other"}, {"description", "other"}, {"services.app.instance", "m5.xlarge"},
      {"stores.db.instance", "db.m5.xlarge"}, {"stores.db.replica_instance", "db.m5.xlarge"},
      {"stores.session-store.instance", "cache.m5.xlarge"}, {"caches.cache.instance", "cache.m5.xlarge"}};
  const std::map<std::string, std::vector<std::string>> needs = {
      {"workload.model", {"workload.rate_rps=50"}}, {"sessions.mode", {"sessions.deny_list=true"}}};
  int changed = 0;
  for (const Field& f : scenario_fields()) {
    if (!f.read) continue;
    const std::string path = conventional_path(f);
    nlohmann::json value;
    switch (f.type) {
      case FieldType::boolean: value = !f.def.get<bool>(); break;
      case FieldType::string:
        if (strings.count(path)) value = strings.at(path);
        break;
      case FieldType::enumeration:
        for (const std::string& c : f.choices)
          if (c != f.def) value = c;
        break;
      default: {
        const double d = f.def.get<double>();
        const double mid = f.range.has_max() ? (std::max(d, f.range.min) + f.range.max) / 2 : d + 1;
        for (double v : {d + 1, d * 2, d / 2, mid}) {
          if (v == d || !f.range.contains(v)) continue;
          if (f.type == FieldType::integer && v != std::floor(v)) continue;
          value = f.type == FieldType::integer ? nlohmann::json(static_cast<std::int64_t>(v)) : nlohmann::json(v);
          break;
        }
      }
    }
    if (value.is_null()) continue;  // no other valid value (the catalog has one load balancer type)
    std::vector<std::string> overrides = {path + "=" + value.dump()};
    if (auto it = needs.find(f.path); it != needs.end())
      overrides.insert(overrides.end(), it->second.begin(), it->second.end());
    try {
      const Scenario s = load_scenario_text(base, "all.json", overrides);
      if (!resolved_row(f, s)) {
        EXPECT_EQ(f.read(s), value) << path;
      }
      expect_built_as_written(s, path + "=" + value.dump());
      ++changed;
    } catch (const InputError& e) {
      ADD_FAILURE() << path << "=" << value.dump() << ": " << e.what();
    }
  }
  EXPECT_GE(changed, 75);
}

// The same over every scenario file: what the file (and its bases) say is what the run gets.
TEST(ScenarioFields, ScenarioFilesBuildAsWritten) {
  int files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(kRoot + "scenarios")) {
    if (entry.path().extension() != ".json") continue;
    const std::string file = entry.path().string();
    try {
      expect_built_as_written(load_scenario(file, {}, LoadOptions{.force = true}), file);
      ++files;
    } catch (const InputError& e) {
      ADD_FAILURE() << file << ": " << e.what();
    }
  }
  EXPECT_GE(files, 20);
}

TEST(ScenarioFields, EditDistanceAndNearest) {
  EXPECT_EQ(edit_distance("cont", "count"), 1u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(nearest_name("cont", {"count", "instance"}), "count");
  EXPECT_EQ(nearest_name("zzzzzz", {"count", "instance"}), "");
  // The length prune keeps the nearest: "services.app.cont" is 1 edit from one candidate only.
  EXPECT_EQ(nearest_name("services.app.cont", {"services.app.count", "services.app.instance", "x"}), "services.app.count");
}

std::vector<std::string> settable_like(std::vector<std::string> v) {
  for (const auto& f : scenario_fields()) v.push_back(f.path);
  return v;
}

TEST(ScenarioFields, NearestNameIsBoundedForHugeInput) {
  // Issue 17 item 5: a 100,000-character --set path took 1.9 s (30 s under ASan). A name far
  // longer than any candidate is no typo: no suggestion, and no quadratic edit distance. Unbounded,
  // this 1,000,000-character name against a candidate of the same length is ~1e12 steps.
  const std::string huge(1'000'000, 'a');
  const std::vector<std::string> candidates = {"services.app.count", std::string(1'000'000, 'b')};
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(nearest_name(huge, candidates), "");
  EXPECT_EQ(nearest_name(huge, settable_like(candidates)), "");
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 1.0);
  // At the length bound, suggestions still work.
  const std::string long_name(kMaxSuggestedNameLength, 'c');
  EXPECT_EQ(nearest_name(long_name, {long_name + "d"}), long_name + "d");
  EXPECT_EQ(nearest_name(long_name + "c", {long_name + "cd"}), "");
}

void expect_closed_objects(const nlohmann::json& node, const std::string& where) {
  if (node.value("type", "") != "object") return;
  const auto& extra = node.at("additionalProperties");
  if (extra.is_object()) {  // a map of named entities (or of endpoints, or mix weights): any name
    expect_closed_objects(extra, where + "/*");
    const nlohmann::json props = node.value("properties", nlohmann::json::object());
    for (const auto& [k, v] : props.items()) expect_closed_objects(v, where + "/" + k);
    return;
  }
  EXPECT_EQ(extra, false) << where;
  for (const auto& [k, v] : node.at("properties").items()) expect_closed_objects(v, where + "/" + k);
}

TEST(ScenarioFields, SchemaIsDraft2020AndClosed) {
  auto schema = nlohmann::json::parse(scenario_json_schema());  // no comments: plain parse
  EXPECT_EQ(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
  expect_closed_objects(schema, "");
  const auto& services = schema["properties"]["services"];
  EXPECT_EQ(services["type"], "object");
  EXPECT_EQ(services["additionalProperties"]["description"], "One service.");
  const auto& count = services["additionalProperties"]["properties"]["count"];
  const auto& step = services["additionalProperties"]["properties"]["endpoints"]["additionalProperties"]["items"];
  EXPECT_EQ(step["minProperties"], 1);
  EXPECT_EQ(step["properties"]["session"]["enum"], nlohmann::json::array({"check", "create"}));
  EXPECT_FALSE(step.contains("required"));  // one head key of four, checked by the loader
  EXPECT_EQ(count["type"], "integer");
  EXPECT_EQ(count["minimum"], 1);
  EXPECT_EQ(count["maximum"], 1000);
  EXPECT_EQ(count["default"], 1);
  EXPECT_EQ(schema["properties"]["sim"]["properties"]["duration_s"]["exclusiveMinimum"], 0);
  const auto& lb = schema["properties"]["lbs"]["additionalProperties"];
  EXPECT_EQ(lb["properties"]["policy"]["enum"].size(), 5u);
  EXPECT_EQ(lb["required"], nlohmann::json::array({"to"}));
  const auto& store = schema["properties"]["stores"]["additionalProperties"];
  EXPECT_EQ(store["required"], nlohmann::json::array({"kind"}));
  EXPECT_EQ(store["properties"]["kind"]["enum"], nlohmann::json::array({"sql", "kv", "object"}));
  for (const char* old : {"tiers", "service", "classes_", "app", "db", "lb"}) EXPECT_FALSE(schema["properties"].contains(old)) << old;
  EXPECT_TRUE(schema["properties"].contains("extends"));
}

TEST(ScenarioFields, MarkdownHasOneTablePerSection) {
  std::string md = scenario_fields_markdown();
  for (const char* s : {"sim", "workload", "demand", "services", "stores", "caches", "lbs", "network",
                        "slo", "cost"})
    EXPECT_NE(md.find(std::string("\n## `") + s + "`\n"), std::string::npos) << s;
  // A map's entries are a subsection, a store kind's fields one more.
  for (const char* s : {"services.*", "stores.*", "stores.* (sql)", "stores.* (kv)", "lbs.*"})
    EXPECT_NE(md.find(std::string("\n### `") + s + "`\n"), std::string::npos) << s;
  EXPECT_NE(md.find("| `services.*.count` | integer | `1` | [1, 1000] | servers |"), std::string::npos);
  EXPECT_NE(md.find("| Field | Type | Default | Range | Unit | Meaning |"), std::string::npos);
  EXPECT_NE(md.find("## Scenario shape"), std::string::npos);
}

TEST(ScenarioFields, DocsMatchTheTable) {
  EXPECT_EQ(read_all(kRoot + kDocs), scenario_fields_markdown())
      << kDocs << " is out of date with src/scenario/Fields.cpp; regenerate it with\n"
      << "  ladder schema --markdown > " << kDocs;
}

TEST(ScenarioFields, SchemaMatchesTheTable) {
  EXPECT_EQ(read_all(kRoot + kSchema), scenario_json_schema())
      << kSchema << " is out of date with src/scenario/Fields.cpp; regenerate it with\n"
      << "  ladder schema > " << kSchema;
}

TEST(ScenarioFields, DISABLED_Regenerate) {
  std::ofstream(kRoot + kDocs, std::ios::binary) << scenario_fields_markdown();
  std::ofstream(kRoot + kSchema, std::ios::binary) << scenario_json_schema();
}

}  // namespace
}  // namespace ladder
