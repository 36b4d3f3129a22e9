// The architecture diagram. `diagram_of` is the one walk over the scenario's topology (stages
// 0-5: users → optional LB → app tier → database with replicas, cache, session store, object
// store); everything else draws from its nodes and edges. A node is "changed" when the file the
// scenario extends has no node with that id or one with another signature (its kind, instance,
// count and the settings that define it; not the workload, which every rung changes).
#include "ladder/report/Diagram.hpp"

#include <cctype>
#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "ladder/scenario/Loader.hpp"

namespace ladder {
namespace {

std::string thousands(double v) {
  auto n = static_cast<long long>(v + 0.5);
  std::string digits = std::to_string(n < 0 ? -n : n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::string compact(double v) {  // 800000 → 800k, 1500000 → 1.5M
  if (v >= 1e6) return fmt::format("{:g}M", v / 1e6);
  if (v >= 1e4) return fmt::format("{:g}k", v / 1e3);
  return thousands(v);
}

std::string policy_words(const char* name) {
  std::string s = name;
  for (auto& c : s)
    if (c == '_') c = ' ';
  return s;
}

/// Mermaid label text: quotes and angle brackets as entities (labels are quoted strings).
std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"') out += "#quot;";
    else if (c == '<') out += "#lt;";
    else if (c == '>') out += "#gt;";
    else out += c;
  }
  return out;
}

}  // namespace

const DiagramNode* Diagram::find(const std::string& id) const {
  for (const auto& n : nodes)
    if (n.id == id) return &n;
  return nullptr;
}

namespace {
/// A node's title with the entity's own name in front when the scenario renamed it ("web: App
/// servers × 4"); under the conventional name the title says it all.
std::string titled(const std::string& title, const std::string& name, const char* conventional) {
  return name == conventional ? title : name + ": " + title;
}
}  // namespace

Diagram diagram_of(const Scenario& s, const Scenario* base) {
  Diagram d;
  d.title = s.stage >= 0 ? fmt::format("Stage {} — {}", s.stage, s.name) : s.name;
  auto add = [&](DiagramNode n) { d.nodes.push_back(std::move(n)); };
  auto edge = [&](std::string from, std::string to, std::string label, bool dashed = false) {
    d.edges.push_back({std::move(from), std::move(to), std::move(label), dashed});
  };

  const WorkloadConfig& w = s.workload;
  std::string load = w.model == ArrivalModel::closed ? thousands(static_cast<double>(w.users)) + " concurrent"
                                                     : thousands(w.rate_rps) + " req/s";
  if (w.dau > 0) load += " · " + compact(w.dau) + " DAU";
  add({"users", "users", "Users", load, 1, "", false, "users"});

  const std::string host = s.db.enabled && s.db.colocated ? s.app.instance : "";
  std::string entry = "app";
  if (s.lb.enabled) {
    add({"lb", "lb", titled("Load balancer", s.lb.name, "lb"), s.lb.instance + " · " + policy_words(to_string(s.lb.policy)), 1, "", false,
         fmt::format("lb {} {}", s.lb.instance, to_string(s.lb.policy))});
    edge("users", "lb", "HTTPS");
    entry = "lb";
  }
  const int n_app = s.app.count;
  add({"app", "app", titled(n_app == 1 ? "App server" : fmt::format("App servers × {}", n_app), s.app.name, "app"),
       fmt::format("{} · {} workers", s.app.instance, s.app.workers), n_app, host, false,
       fmt::format("app {} {} {} {}", n_app, s.app.instance, s.app.vcpus, s.app.workers)});
  edge(entry == "lb" ? "lb" : "users", "app", entry == "lb" ? "" : "HTTPS");

  if (s.sessions.store != SessionStoreKind::none && s.session_store.enabled) {
    std::string what = s.sessions.store == SessionStoreKind::redis ? "sessions" : "JWT deny-list";
    add({"sessions", "session_store", titled("Session store (Redis)", s.session_store.name, "session-store"),
         s.session_store.instance, 1, "", false,
         fmt::format("sessions {} {}", to_string(s.sessions.store), s.session_store.instance)});
    edge("app", "sessions", what);
  }
  if (s.cache.enabled) {
    std::string size = s.cache.capacity_mb > 0 ? compact(s.cache.capacity_mb) + " MB"
                                                : compact(static_cast<double>(s.cache.capacity_items)) + " keys";
    std::string pol = to_string(s.cache.policy);
    for (auto& c : pol) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    add({"cache", "cache", titled("Cache (Redis)", s.cache.name, "cache"), fmt::format("{} · {} · {}", s.cache.instance, pol, size), 1, "", false,
         fmt::format("cache {} {} {} {} {} {}", s.cache.instance, pol, size, s.cache.ttl_s, s.cache.coalesce,
                     s.cache.early_refresh)});
    edge("app", "cache", "cache-aside reads");
  }
  if (s.db.enabled) {
    bool replicated = s.db.replicas > 0;
    add({"db", "db", titled(replicated ? "Primary database" : "Database", s.db.name, "db"),
         s.db.colocated ? "on the app host" : s.db.instance, 1, host, false,
         fmt::format("db {} {} {}", s.db.colocated ? "colocated" : s.db.instance, s.db.vcpus, s.db.connections)});
    edge("app", "db", replicated ? "writes" : "queries");
    if (replicated) {
      add({"replicas", "replica",
           s.db.replicas == 1 ? "Read replica" : fmt::format("Read replicas × {}", s.db.replicas),
           s.db.replica_instance + " · " + policy_words(to_string(s.db.read_policy)), s.db.replicas, "", false,
           fmt::format("replicas {} {} {} {}", s.db.replicas, s.db.replica_instance, to_string(s.db.read_policy),
                       s.db.max_lag_ms)});
      edge("app", "replicas", "reads");
      edge("db", "replicas", "async replication", true);
    }
  }
  if (s.uploads.store == UploadStoreKind::object_store && (w.classes[static_cast<int>(RequestClass::upload)].weight > 0 ||
                                                           w.classes[static_cast<int>(RequestClass::download)].weight > 0)) {
    add({"objects", "object_store", titled("Object store", s.object_store.name, "objects"), "S3-like · files", 1, "",
         false, "objects"});
    edge("app", "objects", "uploads");
  }

  if (base) {
    Diagram b = diagram_of(*base);
    for (auto& n : d.nodes) {
      const DiagramNode* old = b.find(n.id);
      n.changed = !old || old->signature != n.signature;
    }
  }
  return d;
}

Diagram diagram_of_file(const std::string& path) { return diagram_of_scenario(load_scenario(path)); }

Diagram diagram_of_scenario(const Scenario& s) {
  namespace fs = std::filesystem;
  const std::string& path = s.file;
  std::string why;
  auto text = read_input_file(path, why);
  std::string base_file;
  if (text) {
    auto doc = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
    if (doc.is_object() && doc.contains("extends") && doc["extends"].is_string())
      base_file = (fs::path(path).parent_path() / doc["extends"].get<std::string>()).lexically_normal().string();
  }
  if (base_file.empty()) return diagram_of(s);
  const Scenario base = load_scenario(base_file);
  return diagram_of(s, &base);
}

std::string markdown_diagram(const Scenario& s) {
  return "```mermaid\n" + render_mermaid(diagram_of_scenario(s)) + "```\n";
}

std::string render_mermaid(const Diagram& d) {
  std::string out = "---\ntitle: \"" + escape(d.title) + "\"\n---\nflowchart TD\n";
  auto shape = [](const DiagramNode& n) {
    std::string text = "\"" + escape(n.label) + (n.detail.empty() ? "" : "<br/>" + escape(n.detail)) + "\"";
    if (n.kind == "users") return "([" + text + "])";
    if (n.kind == "lb") return "{{" + text + "}}";
    if (n.kind == "db" || n.kind == "replica" || n.kind == "object_store" || n.kind == "session_store")
      return "[(" + text + ")]";
    if (n.kind == "cache") return "[[" + text + "]]";
    return "[" + text + "]";
  };
  std::string host;
  for (const auto& n : d.nodes)
    if (!n.host.empty()) host = n.host;
  for (const auto& n : d.nodes)
    if (n.host.empty()) out += "  " + n.id + shape(n) + "\n";
  if (!host.empty()) {
    out += "  subgraph host[\"one host: " + escape(host) + "\"]\n";
    for (const auto& n : d.nodes)
      if (!n.host.empty()) out += "    " + n.id + shape(n) + "\n";
    out += "  end\n";
  }
  for (const auto& e : d.edges) {
    std::string arrow = e.dashed ? "-.->" : "-->";
    out += "  " + e.from + " " + arrow + (e.label.empty() ? "" : "|" + escape(e.label) + "|") + " " + e.to + "\n";
  }
  out += "  classDef box fill:#f8fafc,stroke:#334155,stroke-width:1.5px,color:#0f172a\n"
         "  classDef people fill:#e0f2fe,stroke:#0369a1,stroke-width:1.5px,color:#0c4a6e\n"
         "  classDef changed fill:#fde68a,stroke:#b45309,stroke-width:3px,color:#451a03\n";
  std::string boxes, changed;
  for (const auto& n : d.nodes) {
    if (n.changed) changed += (changed.empty() ? "" : ",") + n.id;
    else if (n.kind != "users") boxes += (boxes.empty() ? "" : ",") + n.id;
  }
  const DiagramNode* users = d.find("users");
  if (users && !users->changed) out += "  class users people\n";
  if (!boxes.empty()) out += "  class " + boxes + " box\n";
  if (!changed.empty()) out += "  class " + changed + " changed\n";
  if (!host.empty()) out += "  style host fill:#ffffff,stroke:#64748b,stroke-dasharray:4 3\n";
  return out;
}

}  // namespace ladder
