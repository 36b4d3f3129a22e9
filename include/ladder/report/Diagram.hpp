// The architecture diagram of a scenario: its topology walked once into nodes and edges (data),
// then written as a mermaid flowchart. Only `diagram_of` knows the scenario's shape, so when the
// topology becomes named entities (TOPOLOGY.md) it is the one function to re-point.
#pragma once

#include <string>
#include <vector>

#include "ladder/scenario/Scenario.hpp"

namespace ladder {

struct DiagramNode {
  std::string id;     ///< mermaid id: "users", "lb", "app", "db", "replicas", "cache", …
  std::string kind;   ///< users, lb, app, db, replica, cache, session_store, object_store
  std::string label;  ///< first line: what it is ("App servers × 4")
  std::string detail; ///< second line: instance, policy, sizes
  int count = 1;      ///< instances behind the node (app servers, replicas)
  std::string host;   ///< non-empty: drawn inside a box for this shared host (stage 0)
  bool changed = false;  ///< new or different compared with the file this one extends
  std::string signature; ///< what makes it the same component (compared with the base's)
};

struct DiagramEdge {
  std::string from, to;
  std::string label;    ///< "HTTPS", "reads", "writes", "replication", …
  bool dashed = false;  ///< asynchronous (replication) or a side path
};

struct Diagram {
  std::string title;  ///< "Stage 3: load-balancer"
  std::vector<DiagramNode> nodes;
  std::vector<DiagramEdge> edges;
  const DiagramNode* find(const std::string& id) const;
};

/// The topology of `s` as nodes and edges. With `base` (the scenario `s` extends), the nodes that
/// are new or differ from the base's are marked changed.
Diagram diagram_of(const Scenario& s, const Scenario* base = nullptr);

/// `s` (as loaded, overrides included) against the file its own file `extends` (loaded without
/// overrides): the rung's change is highlighted. Throws InputError for an invalid base file.
Diagram diagram_of_scenario(const Scenario& s);
/// Loads `path` and draws it as `diagram_of_scenario` does. Throws InputError.
Diagram diagram_of_file(const std::string& path);

/// A mermaid `flowchart TD` (no fences), styled like a textbook figure: changed nodes highlighted.
std::string render_mermaid(const Diagram& d);
/// The diagram of `s` as a fenced ```mermaid block (for markdown output).
std::string markdown_diagram(const Scenario& s);

}  // namespace ladder
