// See include/ladder/scenario/Topology.hpp.
#include "ladder/scenario/Topology.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "ladder/scenario/Fields.hpp"

namespace ladder {

const char* to_string(EntityKind k) {
  switch (k) {
    case EntityKind::service: return "service";
    case EntityKind::store: return "store";
    case EntityKind::cache: return "cache";
    case EntityKind::lb: return "load balancer";
  }
  return "?";
}

std::vector<std::string> instance_names(const Entity& e) {
  std::vector<std::string> out;
  if (e.kind == EntityKind::service) {
    for (int i = 0; i < e.count; ++i) out.push_back(e.name + "-" + std::to_string(i));
    return out;
  }
  out.push_back(e.name);
  if (e.kind == EntityKind::store && e.store_kind == "sql")
    for (int r = 1; r <= e.replicas; ++r) out.push_back(e.name + "-replica-" + std::to_string(r));
  return out;
}

std::vector<std::string> duplicate_names(const std::vector<Entity>& entities) {
  std::map<std::string, int> seen;
  std::vector<std::string> dups;
  auto note = [&](const std::string& n) {
    if (++seen[n] == 2) dups.push_back(n);
  };
  for (const Entity& e : entities) note(e.name);
  // An instance named like its own blueprint (a store's primary) is the same thing, not a duplicate.
  for (const Entity& e : entities)
    for (const auto& n : instance_names(e))
      if (n != e.name) note(n);
  return dups;
}

namespace {

/// "sql store", "service": what a reference must name.
std::string want_noun(const RefTarget& want) {
  if (want.kind == EntityKind::store && !want.store_kind.empty()) return want.store_kind + " store";
  return to_string(want.kind);
}

/// The same with its article: "a sql store", "an object store".
std::string describe_want(const RefTarget& want) {
  const std::string noun = want_noun(want);
  return (std::string_view("aeiou").find(noun[0]) == std::string_view::npos ? "a " : "an ") + noun;
}

}  // namespace

std::string reference_error(std::string_view name, const RefTarget& want, const std::vector<Entity>& entities) {
  auto found = std::find_if(entities.begin(), entities.end(), [&](const Entity& e) { return e.name == name; });
  if (found != entities.end()) {
    const bool kind_ok = found->kind == want.kind &&
                         (want.store_kind.empty() || found->store_kind == want.store_kind);
    if (kind_ok) return "";
    const std::string what = found->kind == EntityKind::store ? found->store_kind + " store"
                                                              : std::string(to_string(found->kind));
    return fmt::format("expected {}, found {} \"{}\"", describe_want(want), what, name);
  }
  std::vector<std::string> candidates;
  for (const Entity& e : entities)
    if (e.kind == want.kind && (want.store_kind.empty() || e.store_kind == want.store_kind))
      candidates.push_back(e.name);
  std::string msg = fmt::format("expected {}, found \"{}\", which names no entity", describe_want(want), name);
  if (auto near = nearest_name(name, candidates); !near.empty())
    msg += fmt::format(" (did you mean \"{}\"?)", near);
  else if (candidates.empty())
    msg += fmt::format(" (the scenario has no {})", want_noun(want));
  else
    msg += fmt::format(" (the scenario has: {})", fmt::join(candidates, ", "));
  return msg;
}

bool valid_entity_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

}  // namespace ladder
