// The scenario field table: every field of a scenario file declared once (path, type, range,
// unit, meaning, and the member of the typed scenario it fills). The loader's validator and its
// typed build, the markdown reference (docs/scenario-fields.md) and the JSON Schema
// (schema/ladder-scenario.schema.json) are all generated from it; a bound row's default is its
// member's initialiser (Scenario.hpp), read from a default-constructed struct.
// Include only where the table itself is needed (the loader, the generators, tests).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace ladder {

struct Scenario;

/// `list` is an array of objects whose item fields are declared as "path[].key" rows;
/// `endpoints` maps endpoint names to programs, arrays of step objects whose keys are declared as
/// "path.*[].key" rows (kStepPrefix).
enum class FieldType { integer, number, boolean, string, enumeration, list, endpoints };

/// Inclusive or exclusive bounds; a missing bound is ±infinity.
struct Range {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_exclusive = false;
  bool max_exclusive = false;

  bool has_min() const { return min != -std::numeric_limits<double>::infinity(); }
  bool has_max() const { return max != std::numeric_limits<double>::infinity(); }
  bool contains(double v) const {
    return (min_exclusive ? v > min : v >= min) && (max_exclusive ? v < max : v <= max);
  }
};

/// Range helpers for readable table rows: at_least(0) is [0, ∞), above(0) is (0, ∞).
inline Range any_value() { return {}; }
inline Range at_least(double lo) { return {lo, std::numeric_limits<double>::infinity(), false, false}; }
inline Range above(double lo) { return {lo, std::numeric_limits<double>::infinity(), true, false}; }
inline Range between(double lo, double hi) { return {lo, hi, false, false}; }          // [lo, hi]
inline Range above_up_to(double lo, double hi) { return {lo, hi, true, false}; }      // (lo, hi]

struct Field {
  /// dotted path, e.g. "workload.users"; "faults[].at_s" for a list item's key; "services.*.count" for
  /// a key of every entry of a map of named entities (services, stores, caches, lbs)
  std::string path;
  FieldType type;
  nlohmann::json def;       ///< default value; null = no default (the field is not filled in)
  Range range;              ///< numeric fields only
  std::string unit;         ///< "ms", "s", "rps", "" …
  std::string description;  ///< one line
  std::vector<std::string> choices = {};  ///< enumeration only
  /// A field of one kind of entry only ("sql" or "kv" for `stores.*`); "" = every entry.
  std::string kind = {};
  /// Stores the field's validated, defaulted value in its member of the typed scenario (the
  /// loader's generic build). Empty for a row with no member to fill: a field the loader resolves
  /// (a reference, the mix) or a key of a list's items (built with their list).
  std::function<void(const nlohmann::json&, Scenario&)> assign = {};
  /// The member's value as JSON (an enum by its name); empty exactly when `assign` is.
  std::function<nlohmann::json(const Scenario&)> read = {};
};

/// An enum's names, from its one declaration (Scenario.hpp's value list and to_string).
template <class E, std::size_t N>
std::vector<std::string> names_of(const std::array<E, N>& values) {
  std::vector<std::string> out;
  for (E e : values) out.emplace_back(to_string(e));
  return out;
}

/// A default as JSON: integral numbers as integers (`60`, not `60.0`), as the scenario files write them.
template <class M>
nlohmann::json default_json(const M& v) {
  if constexpr (std::is_same_v<M, bool> || std::is_same_v<M, std::string>) {
    return v;
  } else if constexpr (std::is_integral_v<M>) {
    return static_cast<std::int64_t>(v);
  } else {
    static_assert(std::is_floating_point_v<M>, "a field's member is a bool, an integer, a number or a string");
    if (v == static_cast<double>(static_cast<std::int64_t>(v))) return static_cast<std::int64_t>(v);
    return v;
  }
}

/// The rows of one config struct: `prefix` is the table path its members sit under ("stores.*",
/// "lbs.*.health", "" for the top level); `of` finds the struct in the typed scenario, nullptr for
/// the item struct of a list (its rows then give only their defaults: the list is built by hand).
/// A row's type follows its member's C++ type, its default is the member's initialiser, and an
/// enum's choices are the names declared once with it (Scenario.hpp).
template <class S>
struct FieldGroup {
  std::string prefix;
  S& (*of)(Scenario&) = nullptr;  // const access through it too: it only selects a member
  std::string kind = {};  ///< a store kind's rows ("sql"); "" = every entry

  template <class M>
  Field field(std::string key, M S::*member, Range range, std::string unit, std::string help) const {
    FieldType type = FieldType::number;
    if constexpr (std::is_same_v<M, bool>) type = FieldType::boolean;
    else if constexpr (std::is_same_v<M, std::string>) type = FieldType::string;
    else if constexpr (std::is_integral_v<M>) type = FieldType::integer;
    Field f{path(key), type, default_json(S{}.*member), range, std::move(unit), std::move(help)};
    f.kind = kind;
    if (of) {
      f.assign = [at = of, member](const nlohmann::json& v, Scenario& s) {
        if constexpr (std::is_same_v<M, bool> || std::is_same_v<M, std::string> || std::is_floating_point_v<M>)
          at(s).*member = v.get<M>();
        else if (v.is_number_float())  // an integral number written 1e6
          at(s).*member = static_cast<M>(v.get<double>());
        else
          at(s).*member = static_cast<M>(v.get<std::int64_t>());
      };
      f.read = [at = of, member](const Scenario& s) {
        return nlohmann::json(at(const_cast<Scenario&>(s)).*member);
      };
    }
    return f;
  }
  template <class E, std::size_t N>
  Field field(std::string key, E S::*member, const std::array<E, N>& values, std::string help) const {
    Field f{path(key), FieldType::enumeration, to_string(S{}.*member), any_value(), "", std::move(help),
            names_of(values)};
    f.kind = kind;
    if (of) {
      f.assign = [at = of, member, values](const nlohmann::json& v, Scenario& s) {
        for (E e : values)
          if (v == to_string(e)) at(s).*member = e;  // validated against the choices
      };
      f.read = [at = of, member](const Scenario& s) {
        return nlohmann::json(to_string(at(const_cast<Scenario&>(s)).*member));
      };
    }
    return f;
  }

 private:
  std::string path(const std::string& key) const { return prefix.empty() ? key : prefix + "." + key; }
};

/// An object of the scenario file and a one-line description (docs and schema). A field belongs to
/// the longest section key that is a parent of its path (and, for a kind's section, of that kind);
/// a nested key ("lbs.*.health") is a subsection of its parent ("lbs.*").
struct Section {
  std::string key;  ///< "" for the top-level scalar fields; dotted for a nested object ("services.*")
  std::string title;
  std::string kind = {};  ///< the entry kind its fields are of ("sql"), or ""
};

/// The maps of named entities: each key of the object is an entity's name, each value an object
/// whose fields are declared as "<map>.*.<key>" rows.
inline const std::vector<std::string>& map_sections() {
  static const std::vector<std::string> maps = {"services", "stores", "caches", "lbs"};
  return maps;
}
/// The value of a map absent from the scenario (JSON text): one service and one sql store, the
/// simplest runnable architecture; the other maps are empty. `"stores": {}` has no store.
inline const std::vector<std::pair<std::string, std::string>>& map_defaults() {
  static const std::vector<std::pair<std::string, std::string>> defs = {
      {"services", R"({"app": {}})"}, {"stores", R"({"db": {"kind": "sql"}})"}, {"caches", "{}"}, {"lbs", "{}"}};
  return defs;
}
/// The store kinds' names (`stores.*.kind`), from their one declaration (StoreKinds.hpp).
const std::vector<std::string>& store_kinds();
/// A dotted path with the entity name of a map replaced by "*": "services.app.count" ->
/// "services.*.count" (the table's path). Other paths are returned as they are.
std::string table_path(std::string_view dotted);
/// The name today's engine gives the entity of a map (services: app, stores: db or session-store by
/// kind, caches: cache, lbs: lb), and a field's path with it in place of "*" ("services.app.count").
std::string conventional_name(std::string_view map, std::string_view kind = "");
std::string conventional_path(const struct Field& f);
/// The rows of a program step's keys start with this.
inline constexpr std::string_view kStepPrefix = "services.*.endpoints.*[]";
/// Whether the field is a key of a map's entries ("services.*.count").
inline bool is_map_field(const Field& f) {
  const auto dot = f.path.find('.');
  return f.path.find(".*") != std::string::npos && dot != std::string::npos &&
         std::find(map_sections().begin(), map_sections().end(), f.path.substr(0, dot)) != map_sections().end();
}
inline bool is_step_field(const Field& f) { return f.path.starts_with(std::string(kStepPrefix) + "."); }
/// A key of a map's entries with no default that is not required either (a service's `consumes`).
inline bool is_optional_field(const Field& f) { return f.path == "services.*.consumes"; }
/// The keys that make a step what it is; a query step's cpu_ms is its parameter, not a head.
inline const std::vector<std::string>& step_heads() {
  static const std::vector<std::string> heads = {"cpu_ms", "query",   "session", "file", "call",
                                                 "parallel", "respond", "publish", "fail"};
  return heads;
}
/// The default endpoints of a service (JSON text): today's six request classes, spelt out the way
/// scenarios/00-single-box.json writes them.
std::string_view default_endpoints_json();

/// Every field, in documentation order.
const std::vector<Field>& scenario_fields();
/// The sections, in documentation order.
const std::vector<Section>& scenario_sections();
/// Whether the field is a key of a list's items ("faults[].at_s").
inline bool is_item_field(const Field& f) { return f.path.find("[]") != std::string::npos; }
/// The field with this dotted (table) path, or nullptr; with a kind, the row of that kind (or of
/// every kind).
const Field* find_field(std::string_view dotted_path);
const Field* find_field(std::string_view dotted_path, std::string_view kind);

/// Limits on the size of a run that are not a single field's range (checked by the loader,
/// documented in the markdown).
inline constexpr double kMaxOpenRateRps = 1e7;
inline constexpr double kMaxArrivals = 1e8;
inline constexpr double kMixTolerance = 1e-6;
/// App servers in a run, counting those a fault timeline's scale-outs add.
inline constexpr int kMaxAppServers = 1000;
/// Cache entries in a run (each costs the simulator ~100 bytes; prewarm inserts them all).
inline constexpr double kMaxCacheEntries = 1e7;

/// Levenshtein distance (for "did you mean").
std::size_t edit_distance(std::string_view a, std::string_view b);
/// The closest candidate if it is close enough to be a plausible typo, else "" (always "" for a
/// name longer than kMaxSuggestedNameLength).
inline constexpr std::size_t kMaxSuggestedNameLength = 256;
std::string nearest_name(std::string_view name, const std::vector<std::string>& candidates);

const char* to_string(FieldType t);
/// A number as people write it: integers without a fraction (10000000), others shortest (0.25, 1e-06).
std::string format_number(double v);

}  // namespace ladder
