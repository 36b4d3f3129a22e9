// The kinds of store (`stores.*.kind`), each declared once: what it is, its fields, the name a
// store of the kind has when the scenario has none, and, for a kind built through this table, how
// its entry becomes typed configuration and how it expands into instances. The field table
// (Fields.cpp) takes its rows, sections and choices from here, the loader its checks and its
// build, and expand_instances (Instances.cpp) its instances, so the platform and the bill walk
// them too: adding a kind is an entry here, its config struct (Scenario.hpp) and its use.
//
// sql and kv are still built from the loader's working copy at their fixed places (their
// instances keep their places in the list: SimGrid orders simultaneous completions by host
// creation order); a kind with `build` and `expand` (object, the store of uploads) needs no such
// place: its rows are assigned from its entry, and it appends its own instance.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "ladder/scenario/Fields.hpp"
#include "ladder/scenario/Instances.hpp"
#include "ladder/scenario/Scenario.hpp"

namespace ladder {

struct StoreKind {
  std::string name;          ///< the value of `stores.*.kind`: "sql", "kv", …
  std::string help;          ///< what a store of the kind is (the kind field's description, its section)
  std::string default_name;  ///< the name used for it in messages and --set paths when the scenario has none
  std::vector<Field> fields;  ///< its keys, as "stores.*.<key>" rows (their `kind` is filled in)
  /// A field that must name the store (e.g. "uploads.store"): a store of the kind nothing uses is
  /// an error. "" = no such rule.
  std::string used_by = {};
  /// Values of `used_by` that name no store ("local": the app servers' own disks).
  std::vector<std::string> used_by_also = {};
  /// Appended to the error when `used_by` names no store of the kind (e.g. where an old value went).
  std::string used_by_hint = {};
  /// The validated, defaulted entry of the store `name` into the typed scenario; nullptr for a
  /// kind built from the loader's working copy. A kind with `build` has at most one store today.
  void (*build)(const std::string& name, const nlohmann::json& entry, Scenario& s) = nullptr;
  /// Its instances, appended after the fixed ones (managed services: no host, usage-priced lines).
  void (*expand)(const Scenario& s, std::vector<Instance>& out) = nullptr;
};

/// Every kind, in the order docs, schema and messages list them.
const std::vector<StoreKind>& store_kind_table();
/// The kind of this name, or nullptr.
const StoreKind* find_store_kind(std::string_view name);

}  // namespace ladder
