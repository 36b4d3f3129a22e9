// Scenario loader: reads JSON with comments, follows `extends` chains (objects merge, the
// extending file wins, arrays and scalars replace), applies `--set` overrides, then validates
// against the field table (Fields.cpp) collecting every problem before throwing InputError.
// Each value remembers which file (or --set) last wrote it, so an issue names that file.
// Defaults come only from the field table; cross-field rules and size limits are checked here.
#include "ladder/scenario/Loader.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "ladder/cost/Catalog.hpp"
#include "ladder/scenario/Fields.hpp"

namespace ladder {

std::string InputIssue::to_string() const {
  if (json_path.empty()) return file + ": " + message;
  return file + ": " + json_path + ": " + message;
}

namespace {

std::string join_issues(const std::vector<InputIssue>& issues) {
  std::string out;
  for (const auto& i : issues) out += (out.empty() ? "" : "\n") + i.to_string();
  return out;
}

}  // namespace

InputError::InputError(std::vector<InputIssue> issues)
    : std::runtime_error(join_issues(issues)), issues_(std::move(issues)) {}

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kSetFile = "--set";
constexpr std::size_t kShowMax = 40;

/// A found value as it appears in JSON, truncated for messages.
std::string show(const json& v) {
  std::string s = v.dump(-1, ' ', false, json::error_handler_t::replace);
  if (s.size() > kShowMax) s = s.substr(0, kShowMax - 3) + "...";
  return s;
}

/// "3.6e10" style for big estimates.
std::string sci(double v) {
  std::string s = fmt::format("{:.2g}", v);
  auto e = s.find('e');
  if (e == std::string::npos) return s;
  std::string mant = s.substr(0, e), exp = s.substr(e + 1);
  bool neg = !exp.empty() && exp[0] == '-';
  if (!exp.empty() && (exp[0] == '+' || exp[0] == '-')) exp.erase(0, 1);
  exp.erase(0, std::min(exp.find_first_not_of('0'), exp.size() - 1));
  return mant + "e" + (neg ? "-" : "") + exp;
}

std::string escape_token(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

std::vector<std::string> split_dotted(std::string_view dotted) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    auto dot = dotted.find('.', start);
    parts.emplace_back(dotted.substr(start, dot == std::string_view::npos ? dotted.npos : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return parts;
}

std::string pointer_of(std::string_view dotted) {
  std::string ptr;
  for (const auto& p : split_dotted(dotted)) ptr += "/" + escape_token(p);
  return ptr;
}

std::string join_dotted(const std::string& prefix, const std::string& key) {
  return prefix.empty() ? key : prefix + "." + key;
}

/// JSON pointer → the file that last wrote the value there; lookups take the longest prefix.
class Provenance {
 public:
  void set(const std::string& ptr, const std::string& file) {
    const std::string below = ptr + "/";
    for (auto it = map_.lower_bound(below); it != map_.end() && it->first.starts_with(below);)
      it = map_.erase(it);
    map_[ptr] = file;
  }
  void set_root(const std::string& file) { map_[""] = file; }
  std::string file_of(std::string ptr) const {
    while (true) {
      if (auto it = map_.find(ptr); it != map_.end()) return it->second;
      if (ptr.empty()) return "";
      ptr.erase(ptr.rfind('/'));
    }
  }

 private:
  std::map<std::string, std::string> map_;
};

struct Context {
  std::vector<InputIssue> issues;
  Provenance prov;
  void add(std::string file, std::string ptr, std::string message) {
    issues.push_back({std::move(file), std::move(ptr), std::move(message)});
  }
  /// An issue about the value at `ptr`, attributed to the file that wrote it.
  void at(const std::string& ptr, std::string message) { add(prov.file_of(ptr), ptr, std::move(message)); }
};

std::optional<std::string> read_text_file(const std::string& path, std::string& why) {
  return read_input_file(path, why);
}

}  // namespace

std::optional<std::string> read_input_file(const std::string& path, std::string& why) {
  std::error_code ec;
  auto st = fs::status(path, ec);
  if (ec || !fs::exists(st)) {
    why = "no such file";
    return std::nullopt;
  }
  if (fs::is_directory(st)) {
    why = "it is a directory";
    return std::nullopt;
  }
  if (!fs::is_regular_file(st)) {
    why = "it is not a regular file";
    return std::nullopt;
  }
  if (auto size = fs::file_size(path, ec); !ec && size > kMaxInputBytes) {
    why = fmt::format("it has {} bytes; the limit is {} MiB", size, kMaxInputBytes >> 20);
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    why = std::strerror(errno);
    return std::nullopt;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) {
    why = "read error";
    return std::nullopt;
  }
  return ss.str();
}

std::size_t json_nesting_depth(const std::string& text) {
  std::size_t depth = 0, deepest = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {  // skip a string, honouring escapes
      for (++i; i < text.size() && text[i] != '"'; ++i)
        if (text[i] == '\\') ++i;
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      auto end = text.find("*/", i + 2);
      i = end == std::string::npos ? text.size() : end + 1;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

namespace {

std::optional<json> parse_text(const std::string& text, const std::string& file, Context& ctx) {
  if (std::size_t depth = json_nesting_depth(text); depth > kMaxJsonDepth) {
    ctx.add(file, "", fmt::format("expected objects and arrays nested at most {} deep, found {} levels",
                                  kMaxJsonDepth, depth));
    return std::nullopt;
  }
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    ctx.add(file, "", "expected a JSON object, found an empty file");
    return std::nullopt;
  }
  try {
    return json::parse(text, nullptr, /*allow_exceptions=*/true, /*ignore_comments=*/true);
  } catch (const json::parse_error& e) {
    // e.byte is the 1-based position of the offending character.
    std::size_t pos = std::min<std::size_t>(e.byte == 0 ? 0 : e.byte - 1, text.size());
    std::size_t line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + pos, '\n'));
    auto nl = text.rfind('\n', pos == 0 ? 0 : pos - 1);
    std::size_t col = (nl == std::string::npos || pos == 0) ? pos + 1 : pos - nl;
    std::string what = e.what();
    auto colon = what.find(": ");
    std::string detail = colon == std::string::npos ? what : what.substr(colon + 2);
    ctx.add(file, "", fmt::format("expected valid JSON, found a syntax error at line {}, column {}: {}", line, col,
                                  detail));
    return std::nullopt;
  }
}

void merge_into(json& base, const json& over, const std::string& ptr, const std::string& file, Provenance& prov) {
  for (auto it = over.begin(); it != over.end(); ++it) {
    std::string p = ptr + "/" + escape_token(it.key());
    auto b = base.find(it.key());
    if (it->is_object() && b != base.end() && b->is_object()) {
      merge_into(*b, *it, p, file, prov);
    } else {
      base[it.key()] = *it;
      prov.set(p, file);
    }
  }
}

fs::path identity_of(const std::string& file) {
  std::error_code ec;
  fs::path id = fs::weakly_canonical(fs::absolute(file, ec), ec);
  return ec ? fs::path(file).lexically_normal() : id;
}

/// Parses `text` (from `file`), follows its extends chain and returns the merged document.
/// `chain` holds the files being loaded (display names and identities) to detect cycles.
std::optional<json> load_document(const std::string& text, const std::string& file,
                                  std::vector<std::pair<std::string, fs::path>>& chain, Context& ctx) {
  auto parsed = parse_text(text, file, ctx);
  if (!parsed) return std::nullopt;
  if (!parsed->is_object()) {
    ctx.add(file, "", "expected an object at the top level, found " + show(*parsed));
    return std::nullopt;
  }
  json doc = std::move(*parsed);
  json merged = json::object();
  bool ok = true;
  if (auto it = doc.find("extends"); it != doc.end()) {
    if (!it->is_string()) {
      ctx.add(file, "/extends", "expected a string (a path relative to this file), found " + show(*it));
      ok = false;
    } else {
      std::string base_file = (fs::path(file).parent_path() / it->get<std::string>()).lexically_normal().string();
      fs::path id = identity_of(base_file);
      auto seen = std::find_if(chain.begin(), chain.end(), [&](const auto& c) { return c.second == id; });
      std::string why;
      if (seen != chain.end()) {
        std::string names;
        for (auto c = seen; c != chain.end(); ++c) names += c->first + " -> ";
        ctx.add(file, "/extends", "expected extends without a cycle, found the cycle " + names + base_file);
        ok = false;
      } else if (auto base_text = read_text_file(base_file, why)) {
        chain.emplace_back(base_file, id);
        auto base = load_document(*base_text, base_file, chain, ctx);
        chain.pop_back();
        if (base) merged = std::move(*base);
        else ok = false;
      } else {
        ctx.add(file, "/extends",
                fmt::format("expected a readable scenario file, found {} at '{}' ({})", show(*it), base_file, why));
        ok = false;
      }
    }
    doc.erase("extends");
  }
  merge_into(merged, doc, "", file, ctx.prov);
  ctx.prov.set_root(file);
  if (!ok) return std::nullopt;
  return merged;
}

/// The keys allowed directly under the object at dotted `prefix`, in table order.
std::vector<std::string> child_keys(const std::string& prefix) {
  std::vector<std::string> keys;
  const std::string lead = prefix.empty() ? "" : prefix + ".";
  for (const auto& f : scenario_fields()) {
    if (f.path == "extends" || !f.path.starts_with(lead)) continue;
    std::string rest = f.path.substr(lead.size());
    std::string key = rest.substr(0, rest.find('.'));
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
  }
  return keys;
}

/// Every dotted path a user may set (the fields minus the loader-only `extends`).
std::vector<std::string> settable_paths() {
  std::vector<std::string> out;
  for (const auto& f : scenario_fields())
    if (f.path != "extends") out.push_back(f.path);
  return out;
}

/// For a path in the old layout, where the tiers were top-level sections (app.count, db, lb.policy):
/// a hint naming the path under `tiers`, else "". The first component decides; the rest is
/// corrected as a typo if needed ("app.cont" -> "tiers.app.count").
std::string moved_to_tiers_hint(const std::string& dotted) {
  const std::string first = dotted.substr(0, dotted.find('.'));
  if (first.empty() || child_keys("tiers." + first).empty()) return "";
  std::string moved = "tiers." + dotted;
  if (!find_field(moved) && child_keys(moved).empty()) {
    std::string near = nearest_name(moved, settable_paths());
    moved = near.empty() ? "tiers." + first : near;
  }
  return "; the tier sections moved under 'tiers': did you mean '" + moved + "'?";
}

void apply_overrides(json& doc, const std::vector<std::string>& overrides, Context& ctx) {
  for (const auto& o : overrides) {
    auto eq = o.find('=');
    if (eq == std::string::npos) {
      ctx.add(kSetFile, "", fmt::format("expected PATH=VALUE, found {}", show(json(o))));
      continue;
    }
    std::string path = o.substr(0, eq);
    std::string text = o.substr(eq + 1);
    const Field* f = find_field(path);
    if (path == "extends") {
      ctx.add(kSetFile, "/extends", "expected a field, found 'extends' (only a file can extend another)");
      continue;
    }
    if (!f && !path.empty() && !child_keys(path).empty()) {
      // The example is a leaf field even for a section of sections (tiers -> tiers.app.count).
      const auto paths = settable_paths();
      auto leaf = std::find_if(paths.begin(), paths.end(), [&](const auto& p) { return p.starts_with(path + "."); });
      ctx.add(kSetFile, pointer_of(path),
              fmt::format("expected a field, found the section '{}'; set one of its fields, e.g. {}", path, *leaf));
      continue;
    }
    if (!f) {
      std::string msg = fmt::format("unknown field '{}'", path);
      if (auto hint = moved_to_tiers_hint(path); !hint.empty())
        msg += hint;
      else if (auto near = nearest_name(path, settable_paths()); !near.empty())
        msg += ", did you mean '" + near + "'?";
      ctx.add(kSetFile, path.empty() ? "" : pointer_of(path), msg);
      continue;
    }
    if (json_nesting_depth(text) > kMaxJsonDepth) {
      ctx.add(kSetFile, pointer_of(path),
              fmt::format("expected a value nested at most {} deep, found deeper nesting", kMaxJsonDepth));
      continue;
    }
    json value = json::accept(text) ? json::parse(text) : json(text);
    json* node = &doc;
    for (const auto& part : split_dotted(path)) {
      if (!node->is_object()) *node = json::object();
      node = &(*node)[part];
    }
    *node = std::move(value);
    ctx.prov.set(pointer_of(path), kSetFile);
  }
}

bool is_integral(const json& v) {
  if (v.is_number_integer()) return true;
  if (!v.is_number_float()) return false;
  double x = v.get<double>();
  return std::isfinite(x) && x == std::floor(x) && std::fabs(x) < 9.2e18;
}

std::int64_t to_i64(const json& v) {
  if (v.is_number_unsigned()) return static_cast<std::int64_t>(v.get<std::uint64_t>());
  if (v.is_number_integer()) return v.get<std::int64_t>();
  return static_cast<std::int64_t>(v.get<double>());
}

class Validator {
 public:
  explicit Validator(Context& ctx) : ctx_(ctx) {}

  void validate_object(const json& obj, const std::string& prefix, const std::string& ptr) {
    const auto keys = child_keys(prefix);
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      const std::string full = join_dotted(prefix, it.key());
      const std::string p = ptr + "/" + escape_token(it.key());
      if (std::find(keys.begin(), keys.end(), it.key()) == keys.end()) {
        std::string msg = fmt::format("unknown field '{}'", it.key());
        if (auto hint = prefix.empty() ? moved_to_tiers_hint(it.key()) : ""; !hint.empty()) {
          msg += hint;
        } else if (auto near = nearest_name(it.key(), keys); !near.empty()) {
          msg += ", did you mean '" + near + "'?";
        } else {
          std::string list;
          for (const auto& k : keys) list += (list.empty() ? "" : ", ") + k;
          msg += "; expected one of " + list;
        }
        ctx_.at(p, msg);
      } else if (const Field* f = find_field(full)) {
        if (!check_leaf(*f, *it, p)) bad_.insert(full);
      } else if (!it->is_object()) {
        ctx_.at(p, "expected an object, found " + show(*it));
        bad_.insert(full);
      } else {
        validate_object(*it, full, p);
      }
    }
  }

  /// The field (and every object above it) passed validation.
  bool ok(std::string_view dotted) const {
    std::string path(dotted);
    while (true) {
      if (bad_.count(path)) return false;
      auto dot = path.rfind('.');
      if (dot == std::string::npos) return true;
      path.erase(dot);
    }
  }

 private:
  bool check_leaf(const Field& f, const json& v, const std::string& ptr) {
    const char* article = f.type == FieldType::integer ? "an integer" : "a number";
    switch (f.type) {
      case FieldType::integer:
        if (!is_integral(v)) return fail(ptr, "expected an integer, found " + show(v));
        break;
      case FieldType::number:
        if (!v.is_number()) return fail(ptr, "expected a number, found " + show(v));
        break;
      case FieldType::boolean:
        if (!v.is_boolean()) return fail(ptr, "expected a boolean (true or false), found " + show(v));
        return true;
      case FieldType::string:
        if (!v.is_string()) return fail(ptr, "expected a string, found " + show(v));
        return true;
      case FieldType::enumeration: {
        if (v.is_string() && std::find(f.choices.begin(), f.choices.end(), v.get<std::string>()) != f.choices.end())
          return true;
        std::string list;
        for (const auto& c : f.choices) list += (list.empty() ? "" : ", ") + c;
        std::string msg = fmt::format("expected one of {}; found {}", list, show(v));
        if (v.is_string())
          if (auto near = nearest_name(v.get<std::string>(), f.choices); !near.empty())
            msg += " (did you mean '" + near + "'?)";
        return fail(ptr, msg);
      }
    }
    const double x = v.get<double>();
    const Range& r = f.range;
    if (r.has_min() && !(r.min_exclusive ? x > r.min : x >= r.min))
      return fail(ptr, fmt::format("expected {} {} {}, found {}", article, r.min_exclusive ? ">" : ">=",
                                   format_number(r.min), show(v)));
    if (r.has_max() && !(r.max_exclusive ? x < r.max : x <= r.max))
      return fail(ptr, fmt::format("expected {} {} {}, found {}", article, r.max_exclusive ? "<" : "<=",
                                   format_number(r.max), show(v)));
    return true;
  }

  bool fail(const std::string& ptr, std::string message) {
    ctx_.at(ptr, std::move(message));
    return false;
  }

  Context& ctx_;
  std::set<std::string> bad_;
};

/// Adds every absent field with a default; objects that are not objects (already reported) are skipped.
void fill_defaults(json& doc) {
  for (const auto& f : scenario_fields()) {
    if (f.def.is_null()) continue;
    auto parts = split_dotted(f.path);
    json* node = &doc;
    bool reachable = true;
    for (std::size_t i = 0; i + 1 < parts.size() && reachable; ++i) {
      if (!node->contains(parts[i])) (*node)[parts[i]] = json::object();
      node = &(*node)[parts[i]];
      reachable = node->is_object();
    }
    if (reachable && !node->contains(parts.back())) (*node)[parts.back()] = f.def;
  }
}

const json& value_at(const json& doc, std::string_view dotted) {
  const json* node = &doc;
  for (const auto& p : split_dotted(dotted)) node = &node->at(p);
  return *node;
}

/// Looks an instance up in the catalog and checks its kind; returns its vCPUs (0 if unknown).
int check_instance(const std::string& field, const std::string& name, const std::vector<std::string>& kinds,
                   Context& ctx) {
  const Catalog& catalog = Catalog::builtin();
  std::string kinds_text;
  for (const auto& k : kinds) kinds_text += (kinds_text.empty() ? "" : " or ") + k;
  const std::string ptr = pointer_of(field);
  auto type = catalog.find(name);
  if (!type) {
    std::string msg =
        fmt::format("expected an instance type of kind {} from the catalog, found {}", kinds_text, show(json(name)));
    for (const auto& candidate : catalog.nearest(name, 50)) {
      auto t = catalog.find(candidate);
      if (t && std::find(kinds.begin(), kinds.end(), t->kind) != kinds.end()) {
        msg += " (did you mean '" + candidate + "'?)";
        break;
      }
    }
    ctx.at(ptr, msg);
    return 0;
  }
  if (std::find(kinds.begin(), kinds.end(), type->kind) == kinds.end()) {
    ctx.at(ptr, fmt::format("expected an instance type of kind {}, found {} (kind {})", kinds_text, show(json(name)),
                            type->kind));
    return 0;
  }
  return type->vcpus;
}

struct Resolved {
  int app_vcpus = 0;
  int db_vcpus = 0;
  double open_rate = 0;
};

/// Rules across fields and size limits. Rules touching a field that already failed are skipped.
Resolved check_rules(const json& doc, const Validator& v, Context& ctx) {
  Resolved r;
  auto num = [&](std::string_view p) { return value_at(doc, p).get<double>(); };
  auto ok = [&](std::initializer_list<std::string_view> paths) {
    return std::all_of(paths.begin(), paths.end(), [&](std::string_view p) { return v.ok(p); });
  };

  if (ok({"sim.duration_s", "sim.warmup_s"}) && num("sim.warmup_s") >= num("sim.duration_s"))
    ctx.at("/sim/warmup_s", fmt::format("expected a number < sim.duration_s ({}), found {}",
                                        format_number(num("sim.duration_s")), show(value_at(doc, "sim.warmup_s"))));

  if (ok({"workload.mix.read", "workload.mix.write", "workload.mix.static", "workload.mix.login"})) {
    double sum = 0;
    std::string terms;
    for (const char* c : kClassNames) {
      double w = num(std::string("workload.mix.") + c);
      sum += w;
      terms += fmt::format("{}{} {}", terms.empty() ? "" : " + ", c, format_number(w));
    }
    if (std::fabs(sum - 1.0) > kMixTolerance)
      ctx.at("/workload/mix", fmt::format("expected the fractions to sum to 1, found {:.10g} ({})", sum, terms));
  }

  if (ok({"tiers.app.instance", "tiers.app.vcpus"})) {
    int inst = check_instance("tiers.app.instance", value_at(doc, "tiers.app.instance").get<std::string>(),
                              {"compute"}, ctx);
    int given = static_cast<int>(to_i64(value_at(doc, "tiers.app.vcpus")));
    r.app_vcpus = given > 0 ? given : inst;
  }
  if (ok({"tiers.db.instance", "tiers.db.vcpus"})) {
    int inst = check_instance("tiers.db.instance", value_at(doc, "tiers.db.instance").get<std::string>(),
                              {"database", "compute"}, ctx);
    int given = static_cast<int>(to_i64(value_at(doc, "tiers.db.vcpus")));
    r.db_vcpus = given > 0 ? given : inst;
  }
  if (ok({"tiers.lb.instance"}))
    check_instance("tiers.lb.instance", value_at(doc, "tiers.lb.instance").get<std::string>(), {"load_balancer"},
                   ctx);

  if (ok({"tiers.db.colocated", "tiers.db.enabled"}) && value_at(doc, "tiers.db.colocated").get<bool>() &&
      value_at(doc, "tiers.db.enabled").get<bool>()) {
    if (ok({"tiers.app.count"}) && to_i64(value_at(doc, "tiers.app.count")) != 1)
      ctx.at("/tiers/app/count", fmt::format("expected 1 when tiers.db.colocated is true, found {}",
                                             show(value_at(doc, "tiers.app.count"))));
    if (ok({"tiers.lb.enabled"}) && value_at(doc, "tiers.lb.enabled").get<bool>())
      ctx.at("/tiers/lb/enabled", "expected false when tiers.db.colocated is true, found true");
  }

  // Size of the run: the resolved open rate, then the estimated number of arrivals.
  if (!ok({"workload.model", "sim.duration_s"})) return r;
  const double duration = num("sim.duration_s");
  double arrivals_rate = 0;
  if (value_at(doc, "workload.model") == "open") {
    if (!ok({"workload.rate_rps", "workload.dau", "workload.requests_per_user_per_day", "workload.peak_factor"}))
      return r;
    const double given = num("workload.rate_rps"), dau = num("workload.dau");
    if (given <= 0 && dau <= 0) {
      ctx.at("/workload/rate_rps",
             "expected workload.rate_rps > 0 or workload.dau > 0 with the open model, found both 0");
      return r;
    }
    r.open_rate =
        given > 0 ? given : dau * num("workload.requests_per_user_per_day") * num("workload.peak_factor") / 86400.0;
    if (r.open_rate > kMaxOpenRateRps) {
      ctx.at(given > 0 ? "/workload/rate_rps" : "/workload/dau",
             fmt::format("expected a resolved arrival rate <= {} req/s, found ~{} req/s{}",
                         format_number(kMaxOpenRateRps), sci(r.open_rate),
                         given > 0 ? "" : " (dau × requests_per_user_per_day × peak_factor / 86400)"));
      return r;
    }
    arrivals_rate = r.open_rate;
  } else {
    if (!ok({"workload.users", "workload.think_time_s", "network.client_latency_ms"})) return r;
    // Closed loop: each user sends one request per think time plus round trip. With both 0, a
    // refused request (which takes no time) would be retried at the same instant forever.
    const double cycle = num("workload.think_time_s") + 2 * num("network.client_latency_ms") / 1e3;
    if (cycle <= 0) {
      ctx.at("/workload/think_time_s",
             "expected workload.think_time_s > 0 or network.client_latency_ms > 0 in a closed loop, found both "
             "0 (a refused request would come back at the same instant, forever)");
      return r;
    }
    arrivals_rate = num("workload.users") / cycle;
    bool have_demands = true;
    double mean_cpu_ms = 0;
    for (const char* c : kClassNames) {
      std::string w = std::string("workload.mix.") + c, d = std::string("classes.") + c + ".app_cpu_ms";
      if (!ok({w, d})) have_demands = false;
      else mean_cpu_ms += num(w) * num(d);
    }
    // The app tier's CPU caps the rate only while no request is refused: refusals cost no CPU,
    // so users beyond what the workers and queues hold come back at the full rate.
    if (have_demands && mean_cpu_ms > 0 && r.app_vcpus > 0 &&
        ok({"tiers.app.count", "tiers.app.workers", "tiers.app.queue_limit"}) &&
        num("workload.users") <= num("tiers.app.count") * (num("tiers.app.workers") + num("tiers.app.queue_limit")))
      arrivals_rate = std::min(arrivals_rate, num("tiers.app.count") * r.app_vcpus * 1000.0 / mean_cpu_ms);
  }
  const double arrivals = arrivals_rate * duration;
  if (arrivals > kMaxArrivals)
    ctx.at("/sim/duration_s", fmt::format("this run would simulate ~{} requests; the limit is {} (tens of "
                                          "minutes at ~100k simulated requests per second): lower "
                                          "sim.duration_s or the load",
                                          sci(arrivals), sci(kMaxArrivals)));
  return r;
}

template <class E, std::size_t N>
E parse_enum(const json& v, const std::array<E, N>& all) {
  for (E e : all)
    if (v == to_string(e)) return e;
  return all[0];  // unreachable: validated against the table's choices
}

Scenario build_scenario(const json& doc, const std::string& file, const Resolved& r) {
  auto get = [&](std::string_view p) -> const json& { return value_at(doc, p); };
  auto num = [&](std::string_view p) { return get(p).get<double>(); };
  auto i64 = [&](std::string_view p) { return to_i64(get(p)); };
  auto i32 = [&](std::string_view p) { return static_cast<int>(to_i64(get(p))); };
  auto str = [&](std::string_view p) { return get(p).get<std::string>(); };
  auto flag = [&](std::string_view p) { return get(p).get<bool>(); };

  Scenario s;
  s.file = file;
  s.name = str("name");
  if (s.name.empty()) s.name = fs::path(file).stem().string();
  s.description = str("description");
  s.stage = i32("stage");

  s.sim.duration_s = num("sim.duration_s");
  s.sim.warmup_s = num("sim.warmup_s");
  s.sim.seed = static_cast<std::uint64_t>(i64("seed"));
  s.sim.timeline_interval_s = num("sim.timeline_interval_s");

  auto& w = s.workload;
  w.model = parse_enum(get("workload.model"), std::array{ArrivalModel::open, ArrivalModel::closed});
  w.rate_rps = w.model == ArrivalModel::open ? r.open_rate : num("workload.rate_rps");
  w.dau = num("workload.dau");
  w.requests_per_user_per_day = num("workload.requests_per_user_per_day");
  w.peak_factor = num("workload.peak_factor");
  w.users = i64("workload.users");
  w.think_time_s = num("workload.think_time_s");
  w.population = i64("workload.population");
  w.user_zipf_s = num("workload.user_zipf_s");
  w.keys = i64("workload.keys");
  w.key_zipf_s = num("workload.key_zipf_s");
  w.client_timeout_ms = num("workload.client_timeout_ms");
  for (int i = 0; i < kClassCount; ++i) {
    const std::string c = kClassNames[static_cast<std::size_t>(i)];
    auto& d = w.classes[static_cast<std::size_t>(i)];
    d.weight = num("workload.mix." + c);
    d.app_cpu_ms = num("classes." + c + ".app_cpu_ms");
    d.db_cpu_ms = num("classes." + c + ".db_cpu_ms");
    d.db_io_kb = num("classes." + c + ".db_io_kb");
    d.db_write = static_cast<RequestClass>(i) == RequestClass::write;
  }

  s.service.distribution = parse_enum(
      get("service.distribution"),
      std::array{Distribution::exponential, Distribution::deterministic, Distribution::lognormal});
  s.service.cv = num("service.cv");

  s.app.count = i32("tiers.app.count");
  s.app.instance = str("tiers.app.instance");
  s.app.vcpus = r.app_vcpus;
  s.app.workers = i32("tiers.app.workers");
  s.app.queue_limit = i32("tiers.app.queue_limit");
  s.app.queue_timeout_ms = num("tiers.app.queue_timeout_ms");

  s.db.enabled = flag("tiers.db.enabled");
  s.db.colocated = flag("tiers.db.colocated");
  s.db.instance = str("tiers.db.instance");
  s.db.vcpus = r.db_vcpus;
  s.db.connections = i32("tiers.db.connections");
  s.db.queue_limit = i32("tiers.db.queue_limit");
  s.db.queue_timeout_ms = num("tiers.db.queue_timeout_ms");
  s.db.disk_read_mbps = num("tiers.db.disk_read_mbps");
  s.db.disk_write_mbps = num("tiers.db.disk_write_mbps");

  s.lb.enabled = flag("tiers.lb.enabled");
  s.lb.policy = parse_enum(get("tiers.lb.policy"), std::array{LbPolicy::round_robin, LbPolicy::least_connections,
                                                              LbPolicy::random, LbPolicy::sticky});
  s.lb.instance = str("tiers.lb.instance");

  s.network.client_latency_ms = num("network.client_latency_ms");
  s.network.hop_ms = num("network.hop_ms");

  s.slo.p99_ms = num("slo.p99_ms");
  s.slo.error_rate = num("slo.error_rate");

  s.cost.hours_per_month = num("cost.hours_per_month");

  s.resolved = doc;
  return s;
}

}  // namespace

Scenario load_scenario_text(const std::string& text, const std::string& file,
                            const std::vector<std::string>& overrides) {
  Context ctx;
  std::vector<std::pair<std::string, fs::path>> chain{{file, identity_of(file)}};
  auto loaded = load_document(text, file, chain, ctx);
  json doc = loaded ? std::move(*loaded) : json::object();
  apply_overrides(doc, overrides, ctx);
  // A file that could not be read or merged would only produce misleading follow-on errors.
  if (!loaded) throw InputError(std::move(ctx.issues));

  Validator validator(ctx);
  validator.validate_object(doc, "", "");
  fill_defaults(doc);
  Resolved r = check_rules(doc, validator, ctx);
  if (!ctx.issues.empty()) throw InputError(std::move(ctx.issues));
  return build_scenario(doc, file, r);
}

Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides) {
  std::string why;
  auto text = read_text_file(path, why);
  if (!text) throw InputError({{path, "", "expected a readable scenario file, found " + why}});
  return load_scenario_text(*text, path, overrides);
}

}  // namespace ladder
