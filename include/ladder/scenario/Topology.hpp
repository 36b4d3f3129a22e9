// The scenario's named entities (services, stores, caches, load balancers) as plain data, and the
// pure rules on them the loader applies: how a blueprint expands into instance names, which names
// collide after expansion, and how a reference by name resolves (with its error message).
// No JSON here: the loader reads the maps and asks these functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ladder {

enum class EntityKind { service, store, cache, lb };
/// "service", "store", "cache", "load balancer" (as in messages).
const char* to_string(EntityKind k);

/// One entry of a map: `services.app`, `stores.db` (with its store kind), ….
struct Entity {
  std::string name;
  EntityKind kind = EntityKind::service;
  std::string store_kind;  ///< stores only: "sql", "kv"
  int count = 1;           ///< services: instances
  int replicas = 0;        ///< sql stores: read replicas
};

/// The instances a blueprint expands into, named as results, hosts, fault targets and random
/// streams name them: a service `app` with count 3 is app-0, app-1, app-2; a sql store `db` with 2
/// replicas is db, db-replica-1, db-replica-2; anything else is its own name.
std::vector<std::string> instance_names(const Entity& e);

/// Every name given twice: an entity name used in two maps, or an instance name that two
/// blueprints expand to (a store `app-1` next to a service `app` with count 2). In first-seen order.
std::vector<std::string> duplicate_names(const std::vector<Entity>& entities);

/// What a reference may name.
struct RefTarget {
  EntityKind kind;
  std::string store_kind;  ///< for a store: the kind it must be ("" = any)
};

/// Resolves a reference to an entity by name: "" when `name` is an entity of `want`, else the
/// message ("expected a service, found store \"db\""; "expected a service, found \"ap\", which names
/// no entity (did you mean \"app\"?)").
std::string reference_error(std::string_view name, const RefTarget& want, const std::vector<Entity>& entities);

/// Whether a name is usable as an entity name: 1–64 letters, digits, '-' or '_'.
bool valid_entity_name(std::string_view name);

}  // namespace ladder
