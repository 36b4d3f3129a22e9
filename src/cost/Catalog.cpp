// Instance catalog: parses and validates data/catalog.json (compiled in as
// ladder::detail::kCatalogJson). Prices are list prices, not quotes; see the file's "source".
// Validation is strict on the fields the model uses and lenient on documentation fields
// ("note", and the load balancer's LCU breakdown, which must add up to its hourly_usd).
#include "ladder/cost/Catalog.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace ladder::detail {
extern const char* const kCatalogJson;
}  // namespace ladder::detail

namespace ladder {
namespace {

using nlohmann::json;

const std::set<std::string>& known_kinds() {
  static const std::set<std::string> kinds = {"compute", "database", "cache", "load_balancer"};
  return kinds;
}

const std::set<std::string>& known_fields() {
  static const std::set<std::string> fields = {"name",       "kind",       "vcpus",
                                               "memory_gib", "hourly_usd", "cpu_speed",
                                               "note",       "base_hourly_usd",
                                               "lcu_hourly_usd", "assumed_lcus"};
  return fields;
}

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  throw std::runtime_error(fmt::format("catalog: {}: {}", where, what));
}

const json& field(const json& obj, const std::string& where, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end()) fail(where, fmt::format("missing field \"{}\"", key));
  return *it;
}

std::string get_string(const json& obj, const std::string& where, const char* key) {
  const json& v = field(obj, where, key);
  if (!v.is_string() || v.get_ref<const std::string&>().empty())
    fail(where, fmt::format("\"{}\" must be a non-empty string, found {}", key, v.dump()));
  return v.get<std::string>();
}

double get_number(const json& obj, const std::string& where, const char* key) {
  const json& v = field(obj, where, key);
  if (!v.is_number()) fail(where, fmt::format("\"{}\" must be a number, found {}", key, v.dump()));
  return v.get<double>();
}

int get_int(const json& obj, const std::string& where, const char* key) {
  const json& v = field(obj, where, key);
  if (!v.is_number_integer())
    fail(where, fmt::format("\"{}\" must be an integer, found {}", key, v.dump()));
  return v.get<int>();
}

std::size_t levenshtein(const std::string& a, const std::string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t subst = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, subst});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

InstanceType parse_instance(const json& e, std::size_t index) {
  std::string where = fmt::format("/instances/{}", index);
  if (!e.is_object()) fail(where, fmt::format("expected an object, found {}", e.dump()));
  InstanceType t;
  t.name = get_string(e, where, "name");
  where += fmt::format(" ({})", t.name);
  for (const auto& [key, value] : e.items()) {
    if (!known_fields().count(key)) fail(where, fmt::format("unknown field \"{}\"", key));
  }
  t.kind = get_string(e, where, "kind");
  if (!known_kinds().count(t.kind))
    fail(where, fmt::format("\"kind\" must be one of compute, database, cache, load_balancer; "
                            "found \"{}\"",
                            t.kind));
  t.vcpus = get_int(e, where, "vcpus");
  t.memory_gib = get_number(e, where, "memory_gib");
  t.hourly_usd = get_number(e, where, "hourly_usd");
  t.cpu_speed = get_number(e, where, "cpu_speed");
  if (t.kind == "load_balancer") {
    if (t.vcpus != 0) fail(where, fmt::format("a load balancer has \"vcpus\" 0, found {}", t.vcpus));
  } else if (t.vcpus < 1) {
    fail(where, fmt::format("\"vcpus\" must be >= 1, found {}", t.vcpus));
  }
  if (t.memory_gib < 0) fail(where, fmt::format("\"memory_gib\" must be >= 0, found {}", t.memory_gib));
  if (t.kind != "load_balancer" && t.memory_gib <= 0)
    fail(where, fmt::format("\"memory_gib\" must be > 0, found {}", t.memory_gib));
  if (!(t.hourly_usd > 0))
    fail(where, fmt::format("\"hourly_usd\" must be > 0, found {}", t.hourly_usd));
  if (!(t.cpu_speed > 0)) fail(where, fmt::format("\"cpu_speed\" must be > 0, found {}", t.cpu_speed));
  if (e.contains("note") && !e["note"].is_string()) fail(where, "\"note\" must be a string");
  bool has_lcu = e.contains("base_hourly_usd") || e.contains("lcu_hourly_usd") || e.contains("assumed_lcus");
  if (has_lcu) {
    double base = get_number(e, where, "base_hourly_usd");
    double lcu = get_number(e, where, "lcu_hourly_usd");
    double lcus = get_number(e, where, "assumed_lcus");
    if (base < 0 || lcu < 0 || lcus < 0) fail(where, "LCU price fields must be >= 0");
    if (std::abs(base + lcu * lcus - t.hourly_usd) > 1e-9)
      fail(where, fmt::format("\"hourly_usd\" {} must equal base_hourly_usd + lcu_hourly_usd x "
                              "assumed_lcus = {}",
                              t.hourly_usd, base + lcu * lcus));
  }
  return t;
}

}  // namespace

Catalog Catalog::parse(const std::string& json_text) {
  json doc;
  try {
    doc = json::parse(json_text, nullptr, true, /*ignore_comments=*/true);
  } catch (const json::parse_error& e) {
    throw std::runtime_error(fmt::format("catalog: not valid JSON: {}", e.what()));
  }
  if (!doc.is_object()) fail("/", "expected an object at the top level");
  Catalog c;
  c.source_ = get_string(doc, "/", "source");
  c.price_date_ = get_string(doc, "/", "price_date");
  const json& instances = field(doc, "/", "instances");
  if (!instances.is_array() || instances.empty())
    fail("/instances", "expected a non-empty array");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < instances.size(); ++i) {
    InstanceType t = parse_instance(instances[i], i);
    if (!seen.insert(t.name).second)
      fail(fmt::format("/instances/{}", i), fmt::format("duplicate name \"{}\"", t.name));
    c.types_.push_back(std::move(t));
  }
  return c;
}

const Catalog& Catalog::builtin() {
  static const Catalog catalog = parse(detail::kCatalogJson);
  return catalog;
}

std::optional<InstanceType> Catalog::find(const std::string& name) const {
  for (const auto& t : types_)
    if (t.name == name) return t;
  return std::nullopt;
}

std::vector<std::string> Catalog::nearest(const std::string& name, std::size_t limit) const {
  // No instance name is this long: it is no typo, and the edit distance would cost its length
  // times every name in the catalog.
  constexpr std::size_t kMaxNameLength = 256;
  if (name.size() > kMaxNameLength) return {};
  std::vector<std::pair<std::size_t, std::string>> scored;
  scored.reserve(types_.size());
  for (const auto& t : types_) scored.emplace_back(levenshtein(name, t.name), t.name);
  // Ties are broken by name so the suggestion list is deterministic.
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (std::size_t i = 0; i < scored.size() && i < limit; ++i) out.push_back(scored[i].second);
  return out;
}

}  // namespace ladder
