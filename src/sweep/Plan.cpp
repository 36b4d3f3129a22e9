// See include/ladder/sweep/Plan.hpp. The plan is validated in one pass (every issue collected,
// as the scenario loader does); then each point's scenario is loaded with its overrides, so an
// axis value the scenario refuses (services.app.count = 0) is reported at the plan's
// /axes/N/values/K with the loader's message.
#include "ladder/sweep/Plan.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "ladder/report/Result.hpp"
#include "ladder/scenario/Fields.hpp"
#include "ladder/scenario/Instances.hpp"
#include "ladder/scenario/Loader.hpp"
#include "ladder/sweep/Stats.hpp"

namespace ladder {

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

const std::vector<std::string> kPlanKeys = {"name", "description", "base", "set", "axes", "combine", "seeds", "metrics"};
const std::vector<std::string> kAxisKeys = {"path", "name", "values", "range"};
const std::vector<std::string> kRangeKeys = {"from", "to", "step"};
constexpr std::size_t kShowMax = 40;

std::string show(const ojson& v) {
  std::string s = v.dump(-1, ' ', false, json::error_handler_t::replace);
  if (s.size() > kShowMax) s = s.substr(0, kShowMax - 3) + "...";
  return s;
}

std::string escape_token(const std::string& key) {
  std::string out;
  for (char c : key) out += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
  return out;
}

std::string pointer_of_dotted(const std::string& dotted) {
  std::string ptr;
  std::size_t start = 0;
  while (true) {
    auto dot = dotted.find('.', start);
    ptr += "/" + escape_token(dotted.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return ptr;
}

struct Issues {
  std::string file;
  std::vector<InputIssue> list;
  void add(const std::string& ptr, std::string message) { list.push_back({file, ptr, std::move(message)}); }
};

void check_keys(const ojson& obj, const std::vector<std::string>& allowed, const std::string& ptr, const char* what,
                Issues& is) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    if (std::find(allowed.begin(), allowed.end(), it.key()) != allowed.end()) continue;
    std::string msg = fmt::format("unknown key '{}' in {}", it.key(), what);
    if (auto near = nearest_name(it.key(), allowed); !near.empty()) {
      msg += ", did you mean '" + near + "'?";
    } else {
      std::string list;
      for (const auto& k : allowed) list += (list.empty() ? "" : ", ") + k;
      msg += "; expected one of " + list;
    }
    is.add(ptr + "/" + escape_token(it.key()), msg);
  }
}

std::vector<std::string> settable_scenario_paths() {
  std::vector<std::string> out;
  for (const auto& f : scenario_fields())
    if (f.path != "extends" && !is_item_field(f) &&
        std::find(out.begin(), out.end(), conventional_path(f)) == out.end())
      out.push_back(conventional_path(f));  // services.app.count: the entity names the engine runs
  return out;
}

/// A scenario path an axis or `set` may override: a field of the table other than `extends`
/// and `seed` (seeds come from the plan's own list).
bool check_set_path(const std::string& path, const std::string& ptr, Issues& is) {
  if (path == "seed") {
    is.add(ptr, "expected a scenario field other than 'seed', found 'seed' (the plan's /seeds gives the seeds)");
    return false;
  }
  if (path == "extends") {
    is.add(ptr, "expected a scenario field, found 'extends' (the base scenario is /base)");
    return false;
  }
  const Field* f = find_field(table_path(path));
  if (f && !is_item_field(*f)) return true;
  // A key of an open map, as --set takes it: the mix weight of any endpoint (workload.mix.*), one
  // endpoint's program (services.app.endpoints.search). The scenario's loader checks the value.
  if (const auto dot = path.rfind('.'); dot != std::string::npos && dot + 1 < path.size()) {
    const std::string parent = table_path(path.substr(0, dot));
    if (find_field(parent + ".*")) return true;
    if (const Field* pf = find_field(parent); pf && pf->type == FieldType::endpoints) return true;
  }
  std::string msg = fmt::format("expected a scenario field path (as for --set), found unknown field '{}'", path);
  if (auto near = nearest_name(path, settable_scenario_paths()); !near.empty()) msg += ", did you mean '" + near + "'?";
  is.add(ptr, msg);
  return false;
}

bool is_whole(double x) { return std::floor(x) == x && std::fabs(x) < 9e15; }

/// The values of a `range` axis: from, from+step, … up to `to` (included when reached, within
/// a millionth of a step, so 0.1 steps land on 1.0).
std::vector<ojson> expand_range(const ojson& r, const std::string& ptr, Issues& is) {
  std::vector<ojson> out;
  if (!r.is_object()) {
    is.add(ptr, "expected an object {\"from\": A, \"to\": B, \"step\": S}, found " + show(r));
    return out;
  }
  check_keys(r, kRangeKeys, ptr, "a range", is);
  bool ok = true;
  for (const auto& k : kRangeKeys) {
    if (!r.contains(k)) {
      is.add(ptr, fmt::format("expected a key '{}' (a range needs from, to and step), found none", k));
      ok = false;
    } else if (!r[k].is_number()) {
      is.add(ptr + "/" + k, "expected a number, found " + show(r[k]));
      ok = false;
    }
  }
  if (!ok) return out;
  const double from = r["from"].get<double>(), to = r["to"].get<double>(), step = r["step"].get<double>();
  if (!(step > 0)) {
    is.add(ptr + "/step", "expected a number > 0, found " + show(r["step"]));
    return out;
  }
  if (to < from) {
    is.add(ptr + "/to", fmt::format("expected a number >= from ({}), found {}", format_number(from), show(r["to"])));
    return out;
  }
  const double n = std::floor((to - from) / step + 1e-6) + 1;
  if (n > static_cast<double>(kMaxAxisValues)) {
    is.add(ptr, fmt::format("expected at most {} values, found a range of {}", kMaxAxisValues, format_number(n)));
    return out;
  }
  const bool integral = r["from"].is_number_integer() && r["step"].is_number_integer();
  for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i) {
    if (integral) {
      out.emplace_back(r["from"].get<std::int64_t>() + static_cast<std::int64_t>(i) * r["step"].get<std::int64_t>());
    } else {
      double v = from + static_cast<double>(i) * step;
      // Print 0.30000000000000004 as 0.3: round to 12 significant digits.
      v = std::stod(fmt::format("{:.12g}", v));
      out.emplace_back(is_whole(v) ? ojson(static_cast<std::int64_t>(v)) : ojson(v));
    }
  }
  return out;
}

/// A metric path's template: the result layout with one entry per known name and `*` where the
/// names depend on the run (components, error kinds, cost items). `endpoints`: the scenario's
/// endpoint names (the entries of `classes`); empty: today's six and `*` for any other.
ojson make_result_template(const std::vector<std::string>& endpoints) {
  Result r;
  r.requests.errors_by_kind["*"] = 0;
  std::vector<std::string> names = endpoints;
  if (names.empty()) {
    names.assign(kClassNames.begin(), kClassNames.end());
    names.emplace_back("*");
  }
  for (const std::string& c : names) {
    ClassResult cr;
    cr.name = c;
    cr.requests.errors_by_kind["*"] = 0;
    r.classes.push_back(cr);
  }
  ComponentResult comp;
  comp.name = "*";
  r.components.push_back(comp);
  CostItem item;
  item.name = "*";
  r.cost.items.push_back(item);
  r.replication.by_class["*"] = {};
  ojson j = r;
  for (const char* k : {"schema", "events", "timeline"}) j.erase(k);
  j["sim"].erase("wall_s");
  return j;
}

const ojson& result_template() {
  static const ojson t = make_result_template({});
  return t;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    auto p = s.find(sep, start);
    parts.push_back(s.substr(start, p == std::string::npos ? std::string::npos : p - start));
    if (p == std::string::npos) break;
    start = p + 1;
  }
  return parts;
}

/// A metric path's parts; a replica's apply thread is one component name with a dot in it
/// ("components.db-replica-1.apply.utilization": components, db-replica-1.apply, utilization).
std::vector<std::string> metric_parts(const std::string& dotted) {
  auto parts = split(dotted, '.');
  if (parts.size() >= 4 && parts[0] == "components" && parts[2] == "apply") {
    parts[1] += ".apply";
    parts.erase(parts.begin() + 2);
  }
  return parts;
}

void collect_paths(const ojson& node, const std::string& prefix, std::vector<std::string>& out) {
  if (node.is_object()) {
    for (auto it = node.begin(); it != node.end(); ++it)
      collect_paths(it.value(), prefix.empty() ? it.key() : prefix + "." + it.key(), out);
  } else if (node.is_array()) {
    for (const auto& e : node)
      if (e.is_object() && e.contains("name")) {
        ojson copy = e;
        copy.erase("name");
        collect_paths(copy, prefix + "." + e["name"].get<std::string>(), out);
      }
  } else if (node.is_number() || node.is_boolean()) {
    out.push_back(prefix);
  }
}

}  // namespace

std::vector<std::string> metric_paths() {
  std::vector<std::string> out;
  collect_paths(result_template(), "", out);
  return out;
}

std::string check_metric_path(const std::string& dotted, const std::vector<std::string>& endpoints) {
  if (dotted == "sim.wall_s") return "sim.wall_s is the one field that varies between identical runs; it cannot be a metric";
  const auto parts = metric_parts(dotted);
  const ojson own = endpoints.empty() ? ojson() : make_result_template(endpoints);
  const ojson* node = endpoints.empty() ? &result_template() : &own;
  std::string walked;
  for (const auto& p : parts) {
    const std::string here = walked.empty() ? p : walked + "." + p;
    std::vector<std::string> names;
    const ojson* next = nullptr;
    if (node->is_object()) {
      if (auto it = node->find(p); it != node->end()) next = &*it;
      else if (auto star = node->find("*"); star != node->end() && !p.empty()) next = &*star;
      for (auto it = node->begin(); it != node->end(); ++it) names.push_back(it.key());
    } else if (node->is_array()) {
      for (const auto& e : *node) {
        if (!e.is_object() || !e.contains("name")) continue;
        const std::string n = e["name"].get<std::string>();
        names.push_back(n);
        if (n == p || (n == "*" && !p.empty())) next = &e;
      }
    } else {
      return fmt::format("'{}' is a number; nothing is below it", walked);
    }
    if (!next || p == "name") {
      std::string msg = fmt::format("no '{}' in the result", here);
      if (auto near = nearest_name(p, names); !near.empty() && near != "*")
        msg += fmt::format(", did you mean '{}'?", walked.empty() ? near : walked + "." + near);
      else if (!names.empty() && names.size() <= 12) {
        std::string list;
        for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
        msg += "; expected one of " + list;
      }
      return msg;
    }
    node = next;
    walked = here;
  }
  if (node->is_object() || node->is_array())
    return fmt::format("'{}' is a section; name one of its numbers (e.g. {})", dotted, [&] {
      std::vector<std::string> sub;
      collect_paths(*node, dotted, sub);
      return sub.empty() ? dotted : sub.front();
    }());
  if (!node->is_number() && !node->is_boolean())
    return fmt::format("'{}' is a {} in the result, not a number", dotted, node->type_name());
  return "";
}

std::optional<double> metric_value(const ojson& result, const std::string& dotted, std::string& why) {
  const ojson* node = &result;
  const auto parts = metric_parts(dotted);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& p = parts[i];
    const ojson* next = nullptr;
    if (node->is_object()) {
      if (auto it = node->find(p); it != node->end()) next = &*it;
    } else if (node->is_array()) {
      for (const auto& e : *node)
        if (e.is_object() && e.contains("name") && e["name"] == p) next = &e;
    }
    if (!next) {
      // A count map (errors_by_kind) lists only the kinds that occurred.
      if (node->is_object() && i + 1 == parts.size() && i > 0 && parts[i - 1] == "errors_by_kind") return 0.0;
      why = fmt::format("no '{}' in this result", dotted);
      return std::nullopt;
    }
    node = next;
  }
  if (node->is_boolean()) return node->get<bool>() ? 1.0 : 0.0;
  if (node->is_number()) return node->get<double>();
  why = fmt::format("'{}' is {} in this result, not a number", dotted, node->dump());
  return std::nullopt;
}

std::string sweep_run_id(const json& resolved_scenario, const std::vector<std::string>& overrides, std::uint64_t seed) {
  std::string text = "ladder-run/1\n" + resolved_scenario.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
  for (const auto& o : overrides) text += o + "\n";
  text += "seed=" + std::to_string(seed) + "\n";
  return sha256_hex(text).substr(0, 32);
}

SweepManifest load_sweep_plan_text(const std::string& text, const std::string& file) {
  Issues is{file, {}};
  if (std::size_t depth = json_nesting_depth(text); depth > kMaxJsonDepth)
    throw InputError({{file, "", fmt::format("expected a sweep plan nested at most {} deep, found {} levels",
                                             kMaxJsonDepth, depth)}});
  ojson plan;
  try {
    plan = ojson::parse(text, nullptr, true, /*ignore_comments=*/true);
  } catch (const json::parse_error& e) {
    std::size_t pos = std::min<std::size_t>(e.byte == 0 ? 0 : e.byte - 1, text.size());
    std::size_t line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<long>(pos), '\n'));
    std::string what = e.what();
    auto colon = what.find(": ");
    throw InputError({{file, "", fmt::format("expected valid JSON (comments allowed), found a syntax error at line {}: {}",
                                             line, colon == std::string::npos ? what : what.substr(colon + 2))}});
  }
  if (!plan.is_object()) throw InputError({{file, "", "expected a sweep plan object, found " + show(plan)}});
  check_keys(plan, kPlanKeys, "", "a sweep plan", is);

  SweepManifest m;
  m.plan_file = file;
  auto str_field = [&](const char* key, std::string& out) {
    if (!plan.contains(key)) return;
    if (plan[key].is_string()) out = plan[key].get<std::string>();
    else is.add(std::string("/") + key, "expected a string, found " + show(plan[key]));
  };
  str_field("name", m.name);
  if (m.name.empty()) m.name = fs::path(file).stem().string();
  str_field("description", m.description);

  // base
  std::string base;
  if (!plan.contains("base")) is.add("", "expected a key 'base' (the scenario file to sweep, relative to this plan), found none");
  else if (!plan["base"].is_string() || plan["base"].get<std::string>().empty())
    is.add("/base", "expected a scenario file path (relative to this plan), found " + show(plan["base"]));
  else {
    base = (fs::path(file).parent_path() / plan["base"].get<std::string>()).lexically_normal().string();
    std::error_code ec;
    fs::path abs = fs::absolute(base, ec);
    m.scenario = (ec ? fs::path(base) : abs).lexically_normal().string();
    if (!fs::is_regular_file(m.scenario, ec)) {
      is.add("/base", fmt::format("expected a readable scenario file, found {} at '{}' ({})", show(plan["base"]), base,
                                  fs::exists(m.scenario, ec) ? "not a regular file" : "no such file"));
      m.scenario.clear();
    }
  }

  // set: fixed overrides for every point
  std::vector<std::string> fixed;
  std::vector<std::string> fixed_ptrs;
  if (plan.contains("set")) {
    if (!plan["set"].is_object()) is.add("/set", "expected an object of scenario paths and values, found " + show(plan["set"]));
    else
      for (auto it = plan["set"].begin(); it != plan["set"].end(); ++it) {
        const std::string ptr = "/set/" + escape_token(it.key());
        if (check_set_path(it.key(), ptr, is)) {
          fixed.push_back(it.key() + "=" + it.value().dump());
          fixed_ptrs.push_back(ptr);
        }
      }
  }

  // axes
  std::vector<std::vector<ojson>> axis_values;
  if (plan.contains("axes")) {
    if (!plan["axes"].is_array()) is.add("/axes", "expected an array of axes, found " + show(plan["axes"]));
    else
      for (std::size_t i = 0; i < plan["axes"].size(); ++i) {
        const ojson& a = plan["axes"][i];
        const std::string ptr = "/axes/" + std::to_string(i);
        SweepAxis axis;
        std::vector<ojson> values;
        if (!a.is_object()) {
          is.add(ptr, "expected an object {\"path\": …, \"values\": […]} or {\"path\": …, \"range\": {…}}, found " + show(a));
        } else {
          check_keys(a, kAxisKeys, ptr, "an axis", is);
          if (!a.contains("path")) is.add(ptr, "expected a key 'path' (a scenario field, as for --set), found none");
          else if (!a["path"].is_string()) is.add(ptr + "/path", "expected a string, found " + show(a["path"]));
          else {
            axis.path = a["path"].get<std::string>();
            check_set_path(axis.path, ptr + "/path", is);
            for (std::size_t k = 0; k < m.axes.size(); ++k)
              if (m.axes[k].path == axis.path)
                is.add(ptr + "/path", fmt::format("expected each path on one axis, found '{}' again (also /axes/{})",
                                                  axis.path, k));
            if (std::find_if(fixed.begin(), fixed.end(), [&](const auto& f) { return f.starts_with(axis.path + "="); }) !=
                fixed.end())
              is.add(ptr + "/path", fmt::format("expected a path not also in /set, found '{}' in both", axis.path));
          }
          axis.name = axis.path;
          if (a.contains("name")) {
            if (a["name"].is_string() && !a["name"].get<std::string>().empty()) axis.name = a["name"].get<std::string>();
            else is.add(ptr + "/name", "expected a non-empty string (the column header), found " + show(a["name"]));
          }
          const bool has_values = a.contains("values"), has_range = a.contains("range");
          if (has_values == has_range) {
            is.add(ptr, has_values ? "expected either 'values' or 'range', found both"
                                   : "expected 'values' (a list) or 'range' ({from, to, step}), found neither");
          } else if (has_values) {
            const ojson& v = a["values"];
            if (!v.is_array() || v.empty()) is.add(ptr + "/values", "expected a non-empty array of values, found " + show(v));
            else if (v.size() > kMaxAxisValues)
              is.add(ptr + "/values", fmt::format("expected at most {} values, found {}", kMaxAxisValues, v.size()));
            else {
              std::set<std::string> seen;
              for (std::size_t k = 0; k < v.size(); ++k) {
                if (v[k].is_object() || v[k].is_array() || v[k].is_null())
                  is.add(ptr + "/values/" + std::to_string(k), "expected a number, string or boolean, found " + show(v[k]));
                else if (!seen.insert(v[k].dump()).second)
                  is.add(ptr + "/values/" + std::to_string(k), "expected distinct values, found " + show(v[k]) + " twice");
                values.push_back(v[k]);
              }
            }
          } else {
            values = expand_range(a["range"], ptr + "/range", is);
          }
        }
        m.axes.push_back(axis);
        axis_values.push_back(values);
      }
  }

  m.combine = "cross";
  if (plan.contains("combine")) {
    if (plan["combine"] == "cross" || plan["combine"] == "zip") m.combine = plan["combine"].get<std::string>();
    else {
      std::string msg = "expected one of cross, zip; found " + show(plan["combine"]);
      if (plan["combine"].is_string())
        if (auto near = nearest_name(plan["combine"].get<std::string>(), {"cross", "zip"}); !near.empty())
          msg += " (did you mean '" + near + "'?)";
      is.add("/combine", msg);
    }
  }
  if (m.combine == "zip" && !axis_values.empty())
    for (std::size_t i = 1; i < axis_values.size(); ++i)
      if (!axis_values[i].empty() && !axis_values[0].empty() && axis_values[i].size() != axis_values[0].size())
        is.add("/axes/" + std::to_string(i),
               fmt::format("expected {} values (zip pairs the axes value by value, and /axes/0 has {}), found {}",
                           axis_values[0].size(), axis_values[0].size(), axis_values[i].size()));

  // seeds: a count (1..N) or a list
  if (!plan.contains("seeds")) is.add("", "expected a key 'seeds' (a count, or a list of seeds), found none");
  else if (const ojson& s = plan["seeds"]; s.is_number_integer()) {
    const auto n = s.get<std::int64_t>();
    if (n < 1 || n > 10000) is.add("/seeds", "expected a count from 1 to 10000 (seeds 1..N), found " + show(s));
    else for (std::int64_t k = 1; k <= n; ++k) m.seeds.push_back(static_cast<std::uint64_t>(k));
  } else if (s.is_array() && !s.empty()) {
    for (std::size_t k = 0; k < s.size(); ++k) {
      if (!s[k].is_number_integer() || s[k].get<std::int64_t>() < 0)
        is.add("/seeds/" + std::to_string(k), "expected a whole number >= 0, found " + show(s[k]));
      else if (std::find(m.seeds.begin(), m.seeds.end(), s[k].get<std::uint64_t>()) != m.seeds.end())
        is.add("/seeds/" + std::to_string(k), "expected distinct seeds, found " + show(s[k]) + " twice");
      else m.seeds.push_back(s[k].get<std::uint64_t>());
    }
  } else {
    is.add("/seeds", "expected a count (seeds 1..N) or a non-empty list of seeds, found " + show(s));
  }

  // metrics
  if (!plan.contains("metrics")) is.add("", "expected a key 'metrics' (result paths such as \"latency_ms.p99\"), found none");
  else if (!plan["metrics"].is_array() || plan["metrics"].empty())
    is.add("/metrics", "expected a non-empty array of result paths (e.g. \"latency_ms.p99\"), found " + show(plan["metrics"]));
  else {
    // The layout only here (any endpoint or component name); the names are checked against the
    // points' scenarios once they are loaded, below.
    for (std::size_t k = 0; k < plan["metrics"].size(); ++k) {
      const ojson& v = plan["metrics"][k];
      const std::string ptr = "/metrics/" + std::to_string(k);
      if (!v.is_string()) {
        is.add(ptr, "expected a string (a dotted result path), found " + show(v));
        continue;
      }
      const std::string path = v.get<std::string>();
      if (std::string why = check_metric_path(path); !why.empty())
        is.add(ptr, "expected a number in ladder-result/1 (docs/sweeps.md#metrics), found " + show(v) + ": " + why);
      else if (std::find(m.metrics.begin(), m.metrics.end(), path) != m.metrics.end())
        is.add(ptr, "expected distinct metrics, found " + show(v) + " twice");
      else m.metrics.push_back(path);
    }
  }
  if (!is.list.empty()) throw InputError(is.list);

  // Points: the cross product (last axis fastest) or the zip.
  std::vector<std::vector<std::size_t>> combos;
  if (m.axes.empty()) combos.push_back({});
  else if (m.combine == "zip")
    for (std::size_t k = 0; k < axis_values[0].size(); ++k) combos.push_back(std::vector<std::size_t>(m.axes.size(), k));
  else {
    double total = 1;
    for (const auto& v : axis_values) total *= static_cast<double>(v.size());
    if (total * static_cast<double>(m.seeds.size()) > static_cast<double>(kMaxSweepRuns))
      throw InputError({{file, "/axes", fmt::format("expected at most {} runs, found {} points x {} seeds", kMaxSweepRuns,
                                                    format_number(total), m.seeds.size())}});
    std::vector<std::size_t> idx(m.axes.size(), 0);
    while (true) {
      combos.push_back(idx);
      std::size_t a = m.axes.size();
      while (a > 0 && ++idx[a - 1] == axis_values[a - 1].size()) idx[--a] = 0;
      if (a == 0) break;
    }
  }
  if (combos.size() * m.seeds.size() > kMaxSweepRuns)
    throw InputError({{file, "/axes", fmt::format("expected at most {} runs, found {} points x {} seeds", kMaxSweepRuns,
                                                  combos.size(), m.seeds.size())}});

  // Load each point's scenario; attribute the loader's complaints to the plan where possible.
  std::set<std::string> reported;
  std::vector<std::string> endpoints, components;  // every point's, for the metrics that name one
  for (std::size_t p = 0; p < combos.size(); ++p) {
    SweepPoint point{p, {}};
    std::vector<std::string> overrides = fixed;
    std::vector<std::string> ptr_of = fixed_ptrs;
    for (std::size_t a = 0; a < m.axes.size(); ++a) {
      const ojson& v = axis_values[a][combos[p][a]];
      point.values.push_back(v.dump());
      overrides.push_back(m.axes[a].path + "=" + v.dump());
      ptr_of.push_back("/axes/" + std::to_string(a) + (plan["axes"][a].contains("values")
                                                           ? "/values/" + std::to_string(combos[p][a])
                                                           : "/range"));
    }
    std::vector<std::string> with_seed = overrides;
    with_seed.push_back("seed=" + std::to_string(m.seeds.front()));
    try {
      Scenario s = load_scenario(m.scenario, with_seed);
      auto add_new = [](std::vector<std::string>& to, std::vector<std::string> names) {
        for (std::string& n : names)
          if (std::find(to.begin(), to.end(), n) == to.end()) to.push_back(std::move(n));
      };
      add_new(endpoints, s.workload.class_names);
      add_new(components, result_components(expand_instances(s)));
      for (std::uint64_t seed : m.seeds) {
        json doc = s.resolved;
        doc["seed"] = seed;
        std::vector<std::string> run_overrides = overrides;
        run_overrides.push_back("seed=" + std::to_string(seed));
        m.runs.push_back({sweep_run_id(doc, run_overrides, seed), p, seed, run_overrides});
      }
    } catch (const InputError& e) {
      std::string where;
      for (std::size_t a = 0; a < m.axes.size(); ++a)
        where += (where.empty() ? "" : ", ") + m.axes[a].path + "=" + point.values[a];
      for (const auto& issue : e.issues()) {
        std::string ptr = "/base", msg, field;
        for (std::size_t k = 0; k < overrides.size(); ++k) {
          const std::string path = overrides[k].substr(0, overrides[k].find('='));
          if (issue.file == "--set" && issue.json_path == pointer_of_dotted(path)) {
            ptr = ptr_of[k];
            field = path;
          }
        }
        if (!field.empty()) msg = field + ": " + issue.message;
        else if (issue.file == "--set") { ptr = "/set"; msg = issue.to_string(); }
        else msg = (where.empty() ? "" : "at the point " + where + ": ") + issue.to_string();
        if (reported.insert(ptr + "\n" + msg).second) is.add(ptr, msg);
      }
    }
    m.points.push_back(std::move(point));
  }
  // An endpoint or a component no point has is a typo (or another scenario's name): say so before
  // anything runs. A component only some points have (an axis on the server count) is reported
  // per run, when the results are collected.
  if (is.list.empty())
    for (std::size_t k = 0; k < m.metrics.size(); ++k) {
      if (std::string why = check_metric_path(m.metrics[k], endpoints); !why.empty()) {
        is.add("/metrics/" + std::to_string(k), "expected a number in ladder-result/1 (docs/sweeps.md#metrics), found \"" +
                                                    m.metrics[k] + "\": " + why);
        continue;
      }
      const auto parts = metric_parts(m.metrics[k]);
      if (parts.size() < 3 || parts[0] != "components" ||
          std::find(components.begin(), components.end(), parts[1]) != components.end())
        continue;
      std::string msg = fmt::format("expected a component of the scenario's runs, found '{}' in \"{}\"", parts[1],
                                    m.metrics[k]);
      if (auto near = nearest_name(parts[1], components); !near.empty()) msg += fmt::format(" (did you mean '{}'?)", near);
      else msg += fmt::format(" (the runs have: {})", fmt::join(components, ", "));
      is.add("/metrics/" + std::to_string(k), msg);
    }
  if (!is.list.empty()) throw InputError(is.list);
  return m;
}

SweepManifest load_sweep_plan(const std::string& path) {
  std::string why;
  auto text = read_input_file(path, why);
  if (!text) throw InputError({{path, "", "expected a readable sweep plan, found " + why}});
  return load_sweep_plan_text(*text, path);
}

std::string manifest_to_text(const SweepManifest& m) {
  ojson j;
  j["schema"] = kSweepManifestSchema;
  j["name"] = m.name;
  j["description"] = m.description;
  j["plan"] = m.plan_file;
  j["scenario"] = m.scenario;
  j["combine"] = m.combine;
  j["axes"] = ojson::array();
  for (const auto& a : m.axes) j["axes"].push_back({{"name", a.name}, {"path", a.path}});
  j["seeds"] = m.seeds;
  j["metrics"] = m.metrics;
  j["points"] = ojson::array();
  for (const auto& p : m.points) {
    ojson values = ojson::array();
    for (const auto& v : p.values) values.push_back(ojson::parse(v));
    j["points"].push_back({{"point", p.index}, {"values", values}});
  }
  j["runs"] = ojson::array();
  for (const auto& r : m.runs)
    j["runs"].push_back({{"id", r.id}, {"point", r.point}, {"seed", r.seed}, {"set", r.overrides}});
  return j.dump(1, ' ', false, json::error_handler_t::replace) + "\n";
}

SweepManifest manifest_from_text(const std::string& text, const std::string& file) {
  SweepManifest m;
  try {
    ojson j = ojson::parse(text);
    if (!j.is_object() || j.value("schema", "") != std::string(kSweepManifestSchema))
      throw InputError({{file, "/schema", std::string("expected \"") + kSweepManifestSchema + "\" (a manifest written by "
                                          "`ladder sweep`), found " + (j.is_object() && j.contains("schema") ? show(j["schema"]) : "none")}});
    m.name = j.at("name").get<std::string>();
    m.description = j.at("description").get<std::string>();
    m.plan_file = j.at("plan").get<std::string>();
    m.scenario = j.at("scenario").get<std::string>();
    m.combine = j.at("combine").get<std::string>();
    for (const auto& a : j.at("axes")) m.axes.push_back({a.at("name").get<std::string>(), a.at("path").get<std::string>()});
    m.seeds = j.at("seeds").get<std::vector<std::uint64_t>>();
    m.metrics = j.at("metrics").get<std::vector<std::string>>();
    for (const auto& p : j.at("points")) {
      SweepPoint point{p.at("point").get<std::size_t>(), {}};
      for (const auto& v : p.at("values")) point.values.push_back(v.dump());
      if (point.index != m.points.size() || point.values.size() != m.axes.size())
        throw InputError({{file, "/points", "expected points numbered in order, one value per axis"}});
      m.points.push_back(point);
    }
    for (const auto& r : j.at("runs")) {
      SweepRun run{r.at("id").get<std::string>(), r.at("point").get<std::size_t>(), r.at("seed").get<std::uint64_t>(),
                   r.at("set").get<std::vector<std::string>>()};
      if (run.point >= m.points.size() || run.id.size() != 32 ||
          run.id.find_first_not_of("0123456789abcdef") != std::string::npos)
        throw InputError({{file, "/runs", "expected runs with a 32-digit hex id and a known point, found " + show(r)}});
      m.runs.push_back(std::move(run));
    }
  } catch (const json::exception& e) {
    throw InputError({{file, "", std::string("expected a sweep manifest, found: ") + e.what()}});
  }
  return m;
}

std::string sweep_plan_json_schema() {
  ojson value = {{"type", ojson::array({"number", "string", "boolean"})}};
  ojson s;
  s["$schema"] = "https://json-schema.org/draft/2020-12/schema";
  s["title"] = "Scale Ladder sweep plan";
  s["description"] = "A sweep: a base scenario, axes of --set values (cross product or zip), seeds per point and the "
                     "result metrics to collect (docs/sweeps.md).";
  s["type"] = "object";
  s["additionalProperties"] = false;
  s["required"] = {"base", "seeds", "metrics"};
  ojson& p = s["properties"];
  p["name"] = {{"type", "string"}, {"description", "sweep name shown in the collected table (default: the plan file's stem)"}};
  p["description"] = {{"type", "string"}, {"description", "free text"}};
  p["base"] = {{"type", "string"}, {"description", "the scenario file to sweep, relative to this plan's directory"}};
  p["set"] = {{"type", "object"},
              {"description", "overrides applied to every point: scenario field path -> value (as --set PATH=VALUE)"},
              {"additionalProperties", value}};
  ojson range = {{"type", "object"},
                 {"description", "from, from+step, ... up to and including to"},
                 {"additionalProperties", false},
                 {"required", {"from", "to", "step"}},
                 {"properties",
                  {{"from", {{"type", "number"}}}, {"to", {{"type", "number"}}}, {"step", {{"type", "number"}, {"exclusiveMinimum", 0}}}}}};
  ojson axis = {{"type", "object"},
                {"additionalProperties", false},
                {"required", {"path"}},
                {"oneOf", ojson::array({ojson{{"required", {"values"}}}, ojson{{"required", {"range"}}}})},
                {"properties",
                 {{"path", {{"type", "string"}, {"description", "scenario field path, as for --set (not seed or extends)"}}},
                  {"name", {{"type", "string"}, {"description", "column header (default: the path)"}}},
                  {"values", {{"type", "array"}, {"minItems", 1}, {"uniqueItems", true}, {"items", value}}},
                  {"range", range}}}};
  p["axes"] = {{"type", "array"}, {"description", "the swept fields; points are their cross product, or their zip"}, {"items", axis}};
  p["combine"] = {{"enum", {"cross", "zip"}}, {"default", "cross"}, {"description", "cross: every combination; zip: value k of every axis together"}};
  p["seeds"] = {{"description", "runs per point: a count N (seeds 1..N) or a list of seeds"},
                {"oneOf", ojson::array({ojson{{"type", "integer"}, {"minimum", 1}, {"maximum", 10000}},
                                        ojson{{"type", "array"}, {"minItems", 1}, {"uniqueItems", true},
                                              {"items", {{"type", "integer"}, {"minimum", 0}}}}})}};
  p["metrics"] = {{"type", "array"},
                  {"minItems", 1},
                  {"uniqueItems", true},
                  {"description", "dotted paths to numbers (or booleans, as 0/1) in the result JSON, e.g. latency_ms.p99, "
                                  "components.db.utilization"},
                  {"items", {{"type", "string"}}}};
  return s.dump(2) + "\n";
}

}  // namespace ladder
