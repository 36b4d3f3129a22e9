// Scenario loader: reads JSON with comments, follows `extends` chains (objects merge, the
// extending file wins, arrays and scalars replace), applies `--set` overrides, then validates
// against the field table (Fields.cpp) collecting every problem before throwing InputError.
// Each value remembers which file (or --set) last wrote it, so an issue names that file.
// Defaults come only from the field table; cross-field rules and size limits are checked here.
#include "ladder/scenario/Loader.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "ladder/cost/Catalog.hpp"
#include "ladder/scenario/Fields.hpp"
#include "ladder/scenario/StoreKinds.hpp"
#include "ladder/scenario/Topology.hpp"

namespace ladder {

std::string InputIssue::to_string() const {
  if (json_path.empty()) return file + ": " + message;
  return file + ": " + json_path + ": " + message;
}

namespace {

std::string join_issues(const std::vector<InputIssue>& issues) {
  std::string out;
  // Appended piece by piece: GCC 12 warns (-Wrestrict, a false positive) on "literal" + string&&.
  for (const auto& i : issues) {
    if (!out.empty()) out += '\n';
    out += i.to_string();
  }
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
  for (const auto& p : split_dotted(dotted)) {
    ptr += '/';  // not "/" + string&&: GCC 12's -Wrestrict false positive
    ptr += escape_token(p);
  }
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
  /// Services a merge patch deleted (null) that had endpoint programs of their own, by name.
  std::vector<std::string> dropped_programs;
  /// The value at `ptr` was deleted (a merge patch's null): nothing there was written by anyone.
  void erase(const std::string& ptr) {
    set(ptr, "");
    map_.erase(ptr);
  }
  /// Every value at or below `ptr` was written by `file` (and something was).
  bool written_only_by(const std::string& ptr, const std::string& file) const {
    bool any = false;
    for (auto it = map_.lower_bound(ptr); it != map_.end(); ++it) {
      if (!it->first.starts_with(ptr)) break;  // past every key with this prefix
      if (it->first != ptr && !it->first.starts_with(ptr + "/")) continue;  // "/services/app-2" under "/services/app"
      if (it->second != file) return false;
      any = true;
    }
    return any;
  }
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

/// The cross-field rules read a working copy of the document in which the one entity of each
/// kind the engine runs sits at a fixed internal place ("tiers.app" for the service `app`, …;
/// absent entities defaulted there). Issues found there are reported at the entity's place in the
/// file: these are the pairs (internal dotted prefix, the scenario's dotted prefix).
/// The pairs start as today's conventional names; resolve_topology puts the scenario's own names
/// in (a sql store named "postgres": "tiers.db" -> "stores.postgres").
using EntityAliases = std::vector<std::pair<std::string, std::string>>;
const EntityAliases& conventional_aliases() {
  static const EntityAliases aliases = {{"tiers.app", "services.app"},
                                        {"tiers.db", "stores.db"},
                                        {"tiers.cache", "caches.cache"},
                                        {"tiers.lb", "lbs.lb"},
                                        {"tiers.session_store", "stores.session-store"}};
  return aliases;
}

/// The scenario's dotted path for an internal one ("tiers.db.replicas" -> "stores.db.replicas").
std::string external_dotted(std::string dotted, const EntityAliases& aliases) {
  for (const auto& [in, out] : aliases)
    if (dotted == in || dotted.starts_with(std::string(in) + "."))
      return std::string(out) + dotted.substr(std::string_view(in).size());
  return dotted;
}

/// The same for a JSON pointer ("/tiers/db/replicas" -> "/stores/db/replicas").
std::string external_pointer(std::string ptr, const EntityAliases& aliases) {
  for (const auto& [in, out] : aliases) {
    std::string pin(1, '/'), pout(1, '/');  // not "/" + string&&: GCC 12's -Wrestrict false positive
    pin += in;
    pout += out;
    std::replace(pin.begin(), pin.end(), '.', '/');
    std::replace(pout.begin(), pout.end(), '.', '/');
    if (ptr == pin || ptr.starts_with(pin + "/")) return pout + ptr.substr(pin.size());
  }
  return ptr;
}

/// Internal dotted paths named in a message, rewritten to the scenario's.
std::string external_text(std::string text, const EntityAliases& aliases) {
  for (const auto& [in, out] : aliases) {
    const std::string from = std::string(in) + ".";
    const std::string to = std::string(out) + ".";
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
      text.replace(at, from.size(), to);
  }
  return text;
}

struct Context {
  std::vector<InputIssue> issues;
  Provenance prov;
  std::vector<std::string> files;  // every file read, the scenario first
  EntityAliases aliases = conventional_aliases();  // internal places -> the scenario's entities
  std::vector<std::string> warnings;               // allowed, but probably not meant
  void add(std::string file, std::string ptr, std::string message) {
    issues.push_back({std::move(file), std::move(ptr), std::move(message)});
  }
  /// An issue about the value at `ptr` (internal places translated), attributed to the file that wrote it.
  void at(const std::string& ptr, const std::string& message) {
    std::string p = external_pointer(ptr, aliases);
    std::string file = prov.file_of(p);
    add(std::move(file), std::move(p), external_text(message, aliases));
  }
};

std::optional<std::string> read_text_file(const std::string& path, std::string& why) {
  return read_input_file(path, why);
}

}  // namespace

namespace {

/// A position in a text, 1-based, for messages.
struct TextPos {
  std::size_t line = 1, column = 1;
};

std::string where(const TextPos& p) { return fmt::format("line {}, column {}", p.line, p.column); }

/// One pass over a JSON text keeping the pointer of the value being read: the frames are a
/// vector, not recursion, so no input can exhaust the stack.
class JsonScan {
 public:
  JsonScan(const std::string& text, const std::string& file) : t_(text), file_(file) {}

  std::vector<InputIssue> run() {
    while (i_ < t_.size()) {
      const char c = t_[i_];
      if (c == '\n') {
        ++i_;
        ++line_;
        line_start_ = i_;
      } else if (c == ' ' || c == '\t' || c == '\r' || c == ':') {
        ++i_;
      } else if (c == '/' && i_ + 1 < t_.size() && (t_[i_ + 1] == '/' || t_[i_ + 1] == '*')) {
        skip_comment();
      } else if (c == '"') {
        string_token();
      } else if (c == '{' || c == '[') {
        frames_.push_back({c == '{', {}, {}, 0, c == '{'});
        ++i_;
      } else if (c == '}' || c == ']') {
        if (!frames_.empty()) frames_.pop_back();
        ++i_;
      } else if (c == ',') {
        if (!frames_.empty()) {
          Frame& f = frames_.back();
          if (f.object) f.want_key = true;
          else ++f.index;
        }
        ++i_;
      } else if (c == '-' || c == '+' || (c >= '0' && c <= '9')) {
        number_token();
      } else {
        ++i_;  // true, false, null or a character the parser already refused
      }
    }
    return std::move(issues_);
  }

 private:
  struct Frame {
    bool object;
    std::map<std::string, TextPos> keys;  // key -> where it first appeared
    std::string key;                      // the current member's key
    std::size_t index;                    // the current element's index
    bool want_key;
  };

  TextPos pos() const { return {line_, i_ - line_start_ + 1}; }

  /// The pointer of the value the innermost frame is reading.
  std::string pointer() const {
    std::string p;
    for (const auto& f : frames_) {
      p += '/';
      p += f.object ? escape_token(f.key) : std::to_string(f.index);
    }
    return p;
  }

  void skip_comment() {
    if (t_[i_ + 1] == '/') {
      while (i_ < t_.size() && t_[i_] != '\n') ++i_;
      return;
    }
    for (i_ += 2; i_ < t_.size(); ++i_) {
      if (t_[i_] == '*' && i_ + 1 < t_.size() && t_[i_ + 1] == '/') {
        i_ += 2;
        return;
      }
      if (t_[i_] == '\n') {
        ++line_;
        line_start_ = i_ + 1;
      }
    }
  }

  void string_token() {
    const TextPos at = pos();
    const std::size_t start = i_;
    for (++i_; i_ < t_.size() && t_[i_] != '"' && t_[i_] != '\n'; ++i_)
      if (t_[i_] == '\\') ++i_;
    if (i_ < t_.size() && t_[i_] == '"') ++i_;
    if (frames_.empty() || !frames_.back().object || !frames_.back().want_key) return;  // a string value
    // A key: decoded as the parser does, so "a" and "\u0061" are the same key.
    const std::string raw = t_.substr(start, std::min(i_, t_.size()) - start);
    std::string key;
    try {
      key = json::parse(raw).get<std::string>();
    } catch (const json::exception&) {
      key = raw;
    }
    Frame& f = frames_.back();
    f.want_key = false;
    f.key = key;
    if (auto [it, fresh] = f.keys.emplace(key, at); !fresh)
      issues_.push_back({file_, pointer(),
                         fmt::format("expected each key once in an object, found {} twice: at {} and at {} "
                                     "(the last would silently replace the first)",
                                     show(json(key)), where(it->second), where(at))});
  }

  void number_token() {
    const TextPos at = pos();
    const std::size_t start = i_;
    while (i_ < t_.size() && (std::isdigit(static_cast<unsigned char>(t_[i_])) || t_[i_] == '-' ||
                              t_[i_] == '+' || t_[i_] == '.' || t_[i_] == 'e' || t_[i_] == 'E'))
      ++i_;
    const std::string token = t_.substr(start, i_ - start);
    errno = 0;
    const double v = std::strtod(token.c_str(), nullptr);
    if (std::isinf(v))
      issues_.push_back({file_, pointer(),
                         fmt::format("expected a number that fits in a double (at most ~1.8e308), found a number "
                                     "too large: {} at {}",
                                     show(json(token)), where(at))});
  }

  const std::string& t_;
  const std::string& file_;
  std::size_t i_ = 0, line_ = 1, line_start_ = 0;
  std::vector<Frame> frames_;
  std::vector<InputIssue> issues_;
};

}  // namespace

std::vector<InputIssue> json_text_issues(const std::string& text, const std::string& file) {
  return JsonScan(text, file).run();
}

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
    json doc = json::parse(text, nullptr, /*allow_exceptions=*/true, /*ignore_comments=*/true);
    // Valid JSON, but a key given twice would silently keep only the last.
    if (auto found = json_text_issues(text, file); !found.empty()) {
      ctx.issues.insert(ctx.issues.end(), found.begin(), found.end());
      return std::nullopt;
    }
    return doc;
  } catch (const json::out_of_range&) {
    // A number too large for a double (1e400): the parser names no place, the scan does.
    auto found = json_text_issues(text, file);
    if (found.empty()) found.push_back({file, "", "expected numbers that fit in a double, found a number too large"});
    ctx.issues.insert(ctx.issues.end(), found.begin(), found.end());
    return std::nullopt;
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

/// Which file wrote each value of a merge patch: every key it names, objects and their keys.
void note_provenance(const json& patch, const std::string& ptr, const std::string& file, Provenance& prov) {
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    std::string p = ptr + "/" + escape_token(it.key());
    if (it->is_null()) {
      prov.erase(p);
      continue;
    }
    prov.set(p, file);
    if (it->is_object()) note_provenance(*it, p, file, prov);
  }
}

/// `over` applied to `base` as a JSON Merge Patch (RFC 7386): objects merge, arrays and scalars
/// replace, null deletes the key.
void merge_into(json& base, const json& over, const std::string& ptr, const std::string& file, Provenance& prov) {
  if (ptr.empty() && over.is_object() && over.contains("services") && over["services"].is_object() &&
      base.is_object() && base.contains("services") && base["services"].is_object())
    for (auto it = over["services"].begin(); it != over["services"].end(); ++it)
      if (it->is_null() && base["services"].contains(it.key()) && base["services"][it.key()].is_object() &&
          base["services"][it.key()].contains("endpoints"))
        prov.dropped_programs.push_back(it.key());
  base.merge_patch(over);
  note_provenance(over, ptr, file, prov);
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
  ctx.files.push_back(file);
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

/// The keys allowed directly under the object at dotted table `prefix`, in table order ("*" for a
/// map's entries); under `stores.*`, those of the store `kind` ("" = every kind).
std::vector<std::string> child_keys(const std::string& prefix, std::string_view kind = "") {
  std::vector<std::string> keys;
  const std::string lead = prefix.empty() ? "" : prefix + ".";
  for (const auto& f : scenario_fields()) {
    if (f.path == "extends" || !f.path.starts_with(lead)) continue;
    if (!kind.empty() && !f.kind.empty() && f.kind != kind) continue;
    std::string rest = f.path.substr(lead.size());
    std::string key = rest.substr(0, rest.find('.'));
    if (key.ends_with("[]")) continue;  // a list's item keys, reached through the list
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
  }
  return keys;
}

bool is_map_section(std::string_view key) {
  return std::find(map_sections().begin(), map_sections().end(), key) != map_sections().end();
}

/// Every dotted path a user may set (the fields minus the loader-only `extends`), a map's rows once
/// per entity of `doc` ("services.app.count"), or with "*" when the map is empty.
std::vector<std::string> settable_paths(const json& doc = json::object()) {
  std::vector<std::string> out;
  for (const auto& f : scenario_fields()) {
    if (f.path == "extends" || is_item_field(f) || f.path.ends_with(".*")) continue;
    if (!is_map_field(f)) {
      out.push_back(f.path);
      continue;
    }
    const std::string map = f.path.substr(0, f.path.find('.'));
    const std::string rest = f.path.substr(map.size() + 2);
    auto m = doc.find(map);
    bool any = false;
    if (m != doc.end() && m->is_object())
      for (auto it = m->begin(); it != m->end(); ++it) {
        if (!f.kind.empty() && !(it->is_object() && it->value("kind", json()) == f.kind)) continue;
        std::string p = map + "." + it.key() + rest;
        if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
        any = true;
      }
    // No such entity yet: the name today's engine gives it (services.app.count, caches.cache.ttl_s).
    std::string p = conventional_path(f);
    if (!any && std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
  }
  return out;
}

/// The old shape's sections and where they went.
constexpr std::pair<const char*, const char*> kOldShape[] = {
    {"tiers.app", "services.app"},       {"tiers.db", "stores.db"},
    {"tiers.cache", "caches.cache"},     {"tiers.lb", "lbs.lb"},
    {"tiers.session_store", "stores.session-store"}, {"tiers.object_store", "stores.objects"},
    {"service", "demand"},
    // The layout before `tiers`: the tiers were top-level sections.
    {"app", "services.app"}, {"db", "stores.db"}, {"lb", "lbs.lb"}, {"cache", "caches.cache"},
};

constexpr const char* kTiersReplaced =
    "`tiers` was replaced by the maps of named entities `services`, `stores`, `caches` and `lbs` "
    "(tiers.app -> services.app, tiers.db -> stores.db with \"kind\": \"sql\", tiers.cache -> caches.cache, "
    "tiers.lb -> lbs.lb with \"to\": \"app\", tiers.session_store -> stores.session-store with \"kind\": "
    "\"kv\", tiers.object_store -> stores.objects with \"kind\": \"object\"; `enabled` flags became the entity's "
    "presence); see "
    "docs/scenario-fields.md";

/// For a path of the old shape (tiers.app.count, service.cv): a hint naming the new path, else "".
std::string old_shape_hint(const std::string& dotted) {
  // The object store of uploads became a store of its own (kind object) that uploads.store names.
  if (dotted == "uploads.object_store" || dotted.starts_with("uploads.object_store.")) {
    const std::string key = dotted.substr(std::string_view("uploads.object_store").size());
    return "; the object store is a store of its own now: \"stores\": {\"objects\": {\"kind\": \"object\"" +
           (key.empty() ? std::string() : ", \"" + key.substr(1) + "\": …") +
           "}} with \"uploads\": {\"store\": \"objects\"} (uploads.object_store" + key + " -> stores.objects" + key +
           ")";
  }
  for (const auto& [from, to] : kOldShape) {
    const std::string f = from;
    if (dotted != f && !dotted.starts_with(f + ".")) continue;
    std::string moved = std::string(to) + dotted.substr(f.size());
    if (moved.ends_with(".enabled")) return std::string("; ") + kTiersReplaced;
    if (moved == "stores.db.colocated") moved = "stores.db.colocated_with";
    if (!find_field(table_path(moved)) && child_keys(table_path(moved)).empty()) {
      std::string near = nearest_name(moved, settable_paths());
      moved = near.empty() ? std::string(to) : near;
    }
    return "; the scenario shape changed: did you mean '" + moved + "'? (" +
           (f == "service" ? std::string("`service` was renamed `demand`") : std::string(kTiersReplaced)) + ")";
  }
  if (dotted == "tiers" || dotted.starts_with("tiers.")) return std::string("; ") + kTiersReplaced;
  if (dotted == "classes" || dotted.starts_with("classes."))
    return "; a request class's demand is now its endpoint's program: services.app.endpoints.<name>, a list of "
           "steps such as [{\"cpu_ms\": 6}, {\"query\": \"db\", \"cpu_ms\": 3}] (see scenarios/00-single-box.json "
           "and docs/scenario-fields.md)";
  return "";
}

/// The endpoints of a service that names none: today's six programs, querying the scenario's sql
/// store (whatever its name), without their queries when it has none.
json default_endpoints(const json& doc) {
  json def = json::parse(default_endpoints_json());
  std::string sql = doc.contains("stores") ? "" : "db";  // the default stores hold the sql store db
  if (auto st = doc.find("stores"); st != doc.end() && st->is_object())
    for (auto it = st->begin(); it != st->end(); ++it)
      if (it->is_object() && it->value("kind", json()) == "sql" && sql.empty()) sql = it.key();
  for (auto& [name, program] : def.items()) {
    json kept = json::array();
    for (json step : program) {
      if (step.contains("query")) {
        if (sql.empty()) continue;
        step["query"] = sql;
      }
      kept.push_back(std::move(step));
    }
    program = std::move(kept);
  }
  return def;
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
    const std::string tpath = table_path(path);
    const Field* f = find_field(tpath);
    if (path == "extends") {
      ctx.add(kSetFile, "/extends", "expected a field, found 'extends' (only a file can extend another)");
      continue;
    }
    const auto parts = split_dotted(path);
    // An absent map has its default (one service `app`, one sql store `db`): a --set changes that.
    if (parts.size() >= 2 && is_map_section(parts[0]) && !doc.contains(parts[0]))
      for (const auto& [map, def] : map_defaults())
        if (map == parts[0]) doc[map] = json::parse(def);
    // An entity (services.app): `=null` deletes it, as a merge patch's null does.
    if (parts.size() == 2 && is_map_section(parts[0]) && !parts[1].empty()) {
      if (text == "null") {
        if (doc[parts[0]].is_object()) doc[parts[0]].erase(parts[1]);
        ctx.prov.set(pointer_of(path), kSetFile);
      } else {
        ctx.add(kSetFile, pointer_of(path),
                fmt::format("expected a field of the entity '{}' (e.g. {}.{}), or null to delete it; found {}",
                            path, path, child_keys(tpath).front(), show(json(text))));
      }
      continue;
    }
    // Another endpoint's weight: workload.mix.search=0.1.
    if (!f && parts.size() == 3 && parts[0] == "workload" && parts[1] == "mix" && valid_entity_name(parts[2]))
      f = find_field("workload.mix.*");
    // One endpoint's program: services.app.endpoints.read=[…].
    if (!f && parts.size() == 4 && parts[0] == "services" && parts[2] == "endpoints") {
      f = find_field(table_path(path.substr(0, path.rfind('.'))));
      // An absent `endpoints` has its default (resolve_endpoints): the --set changes that one.
      json& svc = doc["services"][parts[1]];
      if (f && svc.is_object() && !svc.contains("endpoints")) svc["endpoints"] = default_endpoints(doc);
    }
    if (!f && !path.empty() && !child_keys(tpath).empty()) {
      // The example is a leaf field even for a section of sections (lbs.lb -> lbs.lb.policy).
      const auto paths = settable_paths(doc);
      auto leaf = std::find_if(paths.begin(), paths.end(), [&](const auto& p) { return p.starts_with(path + "."); });
      std::string example = leaf != paths.end() ? *leaf : tpath + "." + child_keys(tpath).front();
      ctx.add(kSetFile, pointer_of(path),
              fmt::format("expected a field, found the section '{}'; set one of its fields, e.g. {}", path, example));
      continue;
    }
    if (!f) {
      std::string msg = fmt::format("unknown field '{}'", path);
      if (auto hint = old_shape_hint(path); !hint.empty())
        msg += hint;
      else if (auto near = nearest_name(path, settable_paths(doc)); !near.empty())
        msg += ", did you mean '" + near + "'?";
      ctx.add(kSetFile, path.empty() ? "" : pointer_of(path), msg);
      continue;
    }
    if (json_nesting_depth(text) > kMaxJsonDepth) {
      ctx.add(kSetFile, pointer_of(path),
              fmt::format("expected a value nested at most {} deep, found deeper nesting", kMaxJsonDepth));
      continue;
    }
    const bool is_json = json::accept(text);
    if (!is_json && !text.empty() && text.find_first_not_of("0123456789+-.eE") == std::string::npos &&
        std::isinf(std::strtod(text.c_str(), nullptr))) {
      ctx.add(kSetFile, pointer_of(path),
              fmt::format("expected a number that fits in a double (at most ~1.8e308), found a number too large: {}",
                          show(json(text))));
      continue;
    }
    json value = is_json ? json::parse(text) : json(text);
    json* node = &doc;
    for (const auto& part : parts) {
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

  /// Checks `obj`, the object at table path `prefix` (with "*" for a map entry) and pointer `ptr`;
  /// `kind` is a store entry's kind.
  void validate_object(const json& obj, const std::string& prefix, const std::string& ptr,
                       const std::string& kind = "") {
    const auto keys = child_keys(prefix, kind);
    if (keys.size() == 1 && keys.front() == "*") {
      validate_map(obj, prefix, ptr);
      return;
    }
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      const std::string full = join_dotted(prefix, it.key());
      const std::string p = ptr + "/" + escape_token(it.key());
      const bool open = std::find(keys.begin(), keys.end(), "*") != keys.end();  // workload.mix: any name
      if (open && std::find(keys.begin(), keys.end(), it.key()) == keys.end()) {
        if (!valid_entity_name(it.key())) {
          ctx_.at(p, fmt::format("expected an endpoint name of 1 to 64 letters, digits, '-' or '_', found {}",
                                 show(json(it.key()))));
          bad_.insert(dotted_of(p));
        } else if (!check_leaf(*find_field(join_dotted(prefix, "*")), *it, p))
          bad_.insert(dotted_of(p));
        continue;
      }
      if (std::find(keys.begin(), keys.end(), it.key()) == keys.end()) {
        std::string msg = fmt::format("unknown field '{}'", it.key());
        if (auto hint = old_shape_hint(full); !hint.empty()) {
          msg += hint;
        } else if (auto near = nearest_name(it.key(), keys); !near.empty()) {
          msg += ", did you mean '" + near + "'?";
        } else {
          std::string list;
          for (const auto& k : keys) list += (list.empty() ? "" : ", ") + k;
          msg += "; expected one of " + list;
        }
        const auto any_kind = kind.empty() ? std::vector<std::string>() : child_keys(prefix);
        if (std::find(any_kind.begin(), any_kind.end(), it.key()) != any_kind.end())
          msg = fmt::format("expected the fields of a {} store, found '{}' (a field of another kind of store)", kind,
                            it.key());
        ctx_.at(p, msg);
      } else if (const Field* f = find_field(full, kind)) {
        if (!check_leaf(*f, *it, p)) bad_.insert(dotted_of(p));
      } else if (!it->is_object()) {
        ctx_.at(p, "expected an object, found " + show(*it));
        bad_.insert(dotted_of(p));
      } else {
        validate_object(*it, full, p, kind);
      }
    }
  }

  /// A map of named entities: each key a usable name, each value an object of the entry fields;
  /// a store's fields are those of its kind; fields without a default are required.
  void validate_map(const json& obj, const std::string& prefix, const std::string& ptr) {
    const std::string entry = prefix + ".*";
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      const std::string p = ptr + "/" + escape_token(it.key());
      if (!valid_entity_name(it.key())) {
        ctx_.at(p, fmt::format("expected a name of 1 to 64 letters, digits, '-' or '_', found {}",
                               show(json(it.key()))));
        bad_.insert(dotted_of(p));
        continue;
      }
      if (!it->is_object()) {
        ctx_.at(p, "expected an object, found " + show(*it));
        bad_.insert(dotted_of(p));
        continue;
      }
      std::string kind;
      if (const Field* kf = find_field(entry + ".kind")) {
        if (!it->contains("kind")) {
          ctx_.at(p, fmt::format("expected a field 'kind' (required in every {} entry: {}), found none", prefix,
                                 fmt::join(kf->choices, ", ")));
          bad_.insert(dotted_of(p));
          continue;
        }
        if (!check_leaf(*kf, (*it)["kind"], p + "/kind")) {
          bad_.insert(dotted_of(p));
          continue;
        }
        kind = (*it)["kind"].get<std::string>();
      }
      validate_object(*it, entry, p, kind);
      for (const auto& key : child_keys(entry, kind)) {
        const Field* kf = find_field(entry + "." + key, kind);
        if (kf && kf->def.is_null() && kf->type != FieldType::endpoints && !is_optional_field(*kf) &&
            !it->contains(key)) {
          ctx_.at(p, fmt::format("expected a field '{}' (required in every {} entry), found none", key, prefix));
          bad_.insert(dotted_of(p));
        }
      }
    }
  }

  /// "/services/app/count" -> "services.app.count" (names and keys hold no '.').
  static std::string dotted_of(const std::string& ptr) {
    std::string out;
    for (std::size_t i = 1; i < ptr.size(); ++i) {
      if (ptr[i] == '/') out += '.';
      else if (ptr[i] == '~' && i + 1 < ptr.size()) out += ptr[++i] == '1' ? '/' : '~';
      else out += ptr[i];
    }
    return out;
  }

  /// The field (and every object above it) passed validation.
  bool ok(std::string_view dotted) const {
    std::string path = external_dotted(std::string(dotted), ctx_.aliases);
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
      case FieldType::list:
        // A step's lists (fallback, parallel) hold steps: check_step_heads checks them in place.
        if (is_step_field(f)) return v.is_array() || fail(ptr, "expected a list of steps, found " + show(v));
        return check_list(f, v, ptr);
      case FieldType::endpoints:
        return check_endpoints(v, ptr);
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
    // A denormal (1e-320) passes "> 0" but is no usable size: dividing by it overflows.
    if (r.min_exclusive && r.min == 0 && x > 0 && x < std::numeric_limits<double>::min())
      return fail(ptr, fmt::format("expected {} > 0 (at least {:.3g}, the smallest normal double), found {} (a "
                                   "denormal)",
                                   article, std::numeric_limits<double>::min(), show(v)));
    if (r.has_min() && !(r.min_exclusive ? x > r.min : x >= r.min))
      return fail(ptr, fmt::format("expected {} {} {}, found {}", article, r.min_exclusive ? ">" : ">=",
                                   format_number(r.min), show(v)));
    if (r.has_max() && !(r.max_exclusive ? x < r.max : x <= r.max))
      return fail(ptr, fmt::format("expected {} {} {}, found {}", article, r.max_exclusive ? "<" : "<=",
                                   format_number(r.max), show(v)));
    return true;
  }

  /// An array of objects, each checked against the "path[]." item fields; item keys without a
  /// default are required.
  bool check_list(const Field& f, const json& v, const std::string& ptr) {
    if (!v.is_array()) return fail(ptr, "expected an array of objects, found " + show(v));
    const std::string item = f.path + "[]";
    const std::size_t before = ctx_.issues.size();
    for (std::size_t i = 0; i < v.size(); ++i) {
      const std::string p = ptr + "/" + std::to_string(i);
      if (!v[i].is_object()) {
        ctx_.at(p, "expected an object, found " + show(v[i]));
        continue;
      }
      validate_object(v[i], item, p);
      for (const auto& key : child_keys(item)) {
        const Field* kf = find_field(item + "." + key);
        if (kf && kf->def.is_null() && !v[i].contains(key))
          ctx_.at(p, fmt::format("expected a field '{}' (required in every {} entry), found none", key, f.path));
      }
    }
    return ctx_.issues.size() == before;
  }

  /// Endpoint name -> a non-empty list of steps; each step's keys are checked against the step
  /// rows, and it has exactly one head (cpu_ms, query, session, file) with only that head's keys.
  bool check_endpoints(const json& v, const std::string& ptr) {
    if (!v.is_object()) return fail(ptr, "expected an object (endpoint name -> list of steps), found " + show(v));
    const std::size_t before = ctx_.issues.size();
    for (auto e = v.begin(); e != v.end(); ++e) {
      const std::string ep = ptr + "/" + escape_token(e.key());
      if (!valid_entity_name(e.key())) {
        ctx_.at(ep, fmt::format("expected an endpoint name of 1 to 64 letters, digits, '-' or '_', found {}",
                                show(json(e.key()))));
        continue;
      }
      if (!e->is_array() || e->empty()) {
        ctx_.at(ep, "expected a non-empty list of steps, found " + show(*e));
        continue;
      }
      int responds = 0;
      for (std::size_t i = 0; i < e->size(); ++i) {
        const json& st = (*e)[i];
        const std::string p = ep + "/" + std::to_string(i);
        if (!st.is_object()) {
          ctx_.at(p, "expected a step object ({\"cpu_ms\": 6}, {\"query\": \"db\", …}), found " + show(st));
          continue;
        }
        validate_object(st, std::string(kStepPrefix), p);
        if (check_step_heads(st, p) == "respond" && ++responds == 2)
          ctx_.at(p, "expected at most one respond step in an endpoint, found a second");
      }
    }
    return ctx_.issues.size() == before;
  }

  /// Where a step sits: at the top of a program, in a call's fallback, or in a parallel step.
  enum class Nest { top, fallback, parallel };

  /// The keys each head takes (a query's cpu_ms is its parameter).
  static const std::vector<std::string>& keys_of(const std::string& head) {
    static const std::map<std::string, std::vector<std::string>> keys = {
        {"query", {"query", "cpu_ms", "io_kb", "write", "primary", "cacheable"}},
        {"call", {"call", "timeout_ms", "retries", "backoff_ms", "jitter", "on_error", "fallback", "fan_out", "quorum",
                  "breaker"}},
        {"parallel", {"parallel", "quorum", "on_error"}}};
    static const std::vector<std::string> none;
    auto it = keys.find(head);
    return it == keys.end() ? none : it->second;
  }

  /// One step: exactly one head with only its keys, the heads its place allows, and a call's or a
  /// parallel's own rules; recurses into fallback and parallel steps. Returns its head ("" if none).
  std::string check_step_heads(const json& st, const std::string& p, Nest nest = Nest::top) {
    std::vector<std::string> heads;
    for (const auto& h : step_heads())
      if (st.contains(h) && !(h == "cpu_ms" && st.contains("query"))) heads.push_back(h);
    if (heads.size() != 1) {
      std::string found = heads.empty() ? "none" : fmt::format("{}: {}", heads.size(), fmt::join(heads, " and "));
      ctx_.at(p, fmt::format("expected exactly one head key in a step (cpu_ms, query, session, file, call, parallel, "
                             "respond, publish or fail), found {}",
                             found));
      return "";
    }
    const std::string& head = heads[0];
    const std::vector<std::string>& own = keys_of(head);
    for (auto it = st.begin(); it != st.end(); ++it) {
      const bool allowed = own.empty() ? it.key() == head : std::find(own.begin(), own.end(), it.key()) != own.end();
      if (!allowed && find_field(std::string(kStepPrefix) + "." + it.key()))
        ctx_.at(p + "/" + escape_token(it.key()),
                fmt::format("expected only the keys of a {} step ({}), found '{}'", head == "cpu_ms" ? "cpu" : head,
                            own.empty() ? head : fmt::format("{}", fmt::join(own, ", ")), it.key()));
    }
    if (nest == Nest::fallback && head != "cpu_ms" && head != "query" && head != "fail" && head != "call")
      ctx_.at(p, fmt::format("expected a cpu, query, fail or call step in a fallback, found a {} step", head));
    if (nest == Nest::parallel && head != "call")
      ctx_.at(p, fmt::format("expected a call step in a parallel step, found a {} step", head == "cpu_ms" ? "cpu" : head));
    auto int_at = [&](const char* key, std::int64_t def) {
      return st.contains(key) && is_integral(st[key]) ? to_i64(st[key]) : def;
    };
    if (head == "call") {
      const bool named = st["call"].is_string();
      const std::string target = named ? st["call"].get<std::string>() : "";
      const auto dot = target.find('.');
      if (named && (dot == std::string::npos || dot == 0 || dot + 1 == target.size() ||
                    target.find('.', dot + 1) != std::string::npos))
        ctx_.at(p + "/call", fmt::format("expected \"service.endpoint\" (e.g. \"users.get\"), found {}", show(st["call"])));
      const bool on_error_ok = !st.contains("on_error") || st["on_error"].is_string();
      const bool wants_fallback = on_error_ok && st.value("on_error", json("fail")) == "fallback";
      if (wants_fallback && nest != Nest::top)
        ctx_.at(p + "/on_error",
                fmt::format("expected on_error fail or skip in a call inside a {} (a fallback has no fallback of its "
                            "own), found \"fallback\"",
                            nest == Nest::fallback ? "fallback" : "parallel step"));
      if (wants_fallback && nest == Nest::top && !st.contains("fallback"))
        ctx_.at(p, "expected a field 'fallback' (the steps to run instead, required with on_error \"fallback\"), "
                   "found none");
      if (st.contains("fallback") && on_error_ok && !wants_fallback)
        ctx_.at(p + "/fallback",
                fmt::format("expected no fallback without on_error \"fallback\", found on_error {}",
                            show(st.value("on_error", json("fail")))));
      if (st.contains("fallback") && wants_fallback && nest == Nest::top) {
        const json& fb = st["fallback"];
        if (!fb.is_array() || fb.empty()) {
          ctx_.at(p + "/fallback", "expected a non-empty list of steps, found " + show(fb));
        } else {
          for (std::size_t i = 0; i < fb.size(); ++i) check_nested(fb[i], p + "/fallback/" + std::to_string(i),
                                                                   Nest::fallback);
        }
      }
      const std::int64_t fan_out = int_at("fan_out", 1), quorum = int_at("quorum", 0);
      if (quorum > fan_out)
        ctx_.at(p + "/quorum", fmt::format("expected a quorum <= fan_out ({}), found {}", fan_out, quorum));
    } else if (head == "parallel") {
      const json& calls = st["parallel"];
      if (!calls.is_array() || calls.size() < 2 || calls.size() > 64) {
        ctx_.at(p + "/parallel", "expected a list of 2 to 64 call steps, found " + show(calls));
      } else {
        for (std::size_t i = 0; i < calls.size(); ++i)
          check_nested(calls[i], p + "/parallel/" + std::to_string(i), Nest::parallel);
        const std::int64_t quorum = int_at("quorum", 0);
        if (quorum > static_cast<std::int64_t>(calls.size()))
          ctx_.at(p + "/quorum",
                  fmt::format("expected a quorum <= the number of calls ({}), found {}", calls.size(), quorum));
      }
      if (st.contains("on_error") && st["on_error"] == "fallback")
        ctx_.at(p + "/on_error", "expected on_error fail or skip in a parallel step (it has no fallback), found "
                                 "\"fallback\"");
    } else if (head == "publish") {
      if (st["publish"].is_string() && st["publish"].get<std::string>().empty())
        ctx_.at(p + "/publish", "expected a topic name, found \"\"");
    }
    return head;
  }

  void check_nested(const json& st, const std::string& p, Nest nest) {
    if (!st.is_object()) {
      ctx_.at(p, "expected a step object ({\"cpu_ms\": 6}, {\"call\": \"users.get\"}, …), found " + show(st));
      return;
    }
    validate_object(st, std::string(kStepPrefix), p);
    check_step_heads(st, p, nest);
  }

  bool fail(const std::string& ptr, std::string message) {
    ctx_.at(ptr, std::move(message));
    return false;
  }

  Context& ctx_;
  std::set<std::string> bad_;
};

/// Sets `value` at dotted `rest` under `node` unless present; objects on the way are created, a
/// non-object on the way (already reported) stops it.
void default_at(json& node_in, const std::string& rest, const json& value) {
  auto parts = split_dotted(rest);
  json* node = &node_in;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    if (!node->contains(parts[i])) (*node)[parts[i]] = json::object();
    node = &(*node)[parts[i]];
    if (!node->is_object()) return;
  }
  if (!node->contains(parts.back())) (*node)[parts.back()] = value;
}

/// Adds every absent field with a default, in every entry of the maps too (a store's by its
/// kind); objects that are not objects (already reported) are skipped. An absent map gets its
/// default (map_defaults: one service `app` and one sql store `db`, as the simplest scenario has).
void fill_defaults(json& doc) {
  for (const auto& [map, def] : map_defaults())
    if (!doc.contains(map)) doc[map] = json::parse(def);
  for (const auto& f : scenario_fields()) {
    if (f.def.is_null() || is_item_field(f)) continue;  // list items are defaulted by build_scenario
    if (!is_map_field(f)) {
      default_at(doc, f.path, f.def);
      continue;
    }
    const std::string map = f.path.substr(0, f.path.find('.'));
    auto m = doc.find(map);
    if (m == doc.end() || !m->is_object()) continue;
    for (auto it = m->begin(); it != m->end(); ++it) {
      if (!it->is_object()) continue;
      if (!f.kind.empty() && it->value("kind", json()) != f.kind) continue;
      if (map == "stores" && !it->contains("kind")) continue;
      default_at(*it, f.path.substr(map.size() + 3), f.def);
    }
  }
}

/// An entry of map `map` holding only defaults (of `kind` for a store): the engine's settings for
/// an entity the scenario does not have.
json defaults_of(const std::string& map, const std::string& kind = "") {
  json out = json::object();
  for (const auto& f : scenario_fields()) {
    if (!is_map_field(f) || f.def.is_null() || !f.path.starts_with(map + ".*.")) continue;
    if (!f.kind.empty() && f.kind != kind) continue;
    default_at(out, f.path.substr(map.size() + 3), f.def);
  }
  return out;
}

const json& value_at(const json& doc, std::string_view dotted) {
  const json* node = &doc;
  for (const auto& p : split_dotted(dotted)) node = &node->at(p);
  return *node;
}

/// The entities of the maps that passed validation, in map then file order.
std::vector<Entity> entities_of(const json& doc, const Validator& v) {
  std::vector<Entity> out;
  const std::pair<const char*, EntityKind> maps[] = {{"services", EntityKind::service},
                                                     {"stores", EntityKind::store},
                                                     {"caches", EntityKind::cache},
                                                     {"lbs", EntityKind::lb}};
  for (const auto& [map, kind] : maps) {
    auto m = doc.find(map);
    if (m == doc.end() || !m->is_object()) continue;
    for (auto it = m->begin(); it != m->end(); ++it) {
      if (!v.ok(std::string(map) + "." + it.key())) continue;
      Entity e{it.key(), kind, "", 1, 0};
      if (kind == EntityKind::store) e.store_kind = (*it)["kind"].get<std::string>();
      if (kind == EntityKind::service && v.ok(std::string(map) + "." + it.key() + ".count"))
        e.count = static_cast<int>(to_i64((*it)["count"]));
      if (e.store_kind == "sql" && v.ok(std::string(map) + "." + it.key() + ".replicas"))
        e.replicas = static_cast<int>(to_i64((*it)["replicas"]));
      out.push_back(std::move(e));
    }
  }
  return out;
}

const char* map_of(EntityKind k) {
  switch (k) {
    case EntityKind::service: return "services";
    case EntityKind::store: return "stores";
    case EntityKind::cache: return "caches";
    case EntityKind::lb: return "lbs";
  }
  return "";
}

std::string entity_pointer(const Entity& e) { return std::string("/") + map_of(e.kind) + "/" + escape_token(e.name); }

/// The names weighed in `workload.mix`: today's six first, in their order, then any other key.
std::vector<std::string> mix_names(const json& doc) {
  std::vector<std::string> out(kClassNames.begin(), kClassNames.end());
  auto w = doc.find("workload");
  if (w == doc.end() || !w->is_object() || !w->contains("mix") || !(*w)["mix"].is_object()) return out;
  for (auto it = (*w)["mix"].begin(); it != (*w)["mix"].end(); ++it)
    if (std::find(out.begin(), out.end(), it.key()) == out.end()) out.push_back(it.key());
  return out;
}

/// The request classes by index: today's six (kClassNames), then the service's other endpoints.
std::vector<std::string> class_names_of(const json& endpoints) {
  std::vector<std::string> out(kClassNames.begin(), kClassNames.end());
  for (auto it = endpoints.begin(); it != endpoints.end(); ++it)
    if (std::find(out.begin(), out.end(), it.key()) == out.end()) out.push_back(it.key());
  return out;
}

/// Calls `fn(step, pointer, nested)` on every step object of a program, those in fallbacks and
/// parallel steps too (after the step that holds them); `nested` is false at the program's top.
template <class J, class F>
void walk_steps(J& program, const std::string& ptr, F&& fn, bool nested = false) {
  if (!program.is_array()) return;
  for (std::size_t i = 0; i < program.size(); ++i) {
    auto& st = program[i];
    const std::string p = ptr + "/" + std::to_string(i);
    if (!st.is_object()) continue;
    fn(st, p, nested);
    for (const char* inner : {"fallback", "parallel"})
      if (st.contains(inner)) walk_steps(st[inner], p + "/" + inner, fn, true);
  }
}

/// The step keys a head takes (keys_of in the validator) that have a default: a query step's and a
/// call step's keys are defaulted in those steps only, so other programs' documents stay as written.
void default_step_keys(json& st) {
  static const std::vector<std::string> query = {"cpu_ms", "io_kb", "write", "primary", "cacheable"};
  static const std::vector<std::string> call = {"timeout_ms", "retries", "backoff_ms", "jitter",
                                                "on_error",   "fan_out", "quorum",     "breaker"};
  static const std::vector<std::string> parallel = {"quorum", "on_error"};
  const std::vector<std::string>* keys = st.contains("query")      ? &query
                                         : st.contains("call")     ? &call
                                         : st.contains("parallel") ? &parallel
                                                                   : nullptr;
  if (!keys) return;
  for (const auto& key : *keys)
    if (const Field* f = find_field(std::string(kStepPrefix) + "." + key); f && !f->def.is_null() && !st.contains(key))
      st[key] = f->def;
}

/// A service's endpoints: for the entry service the default ones when it names none (without their
/// queries when there is no sql store), every mix weight > 0 naming an endpoint and a login endpoint
/// when sessions are modelled (a 401 sends the user there); another service must state its own, and
/// runs no session or file steps. In both, query and call steps' keys defaulted and stores resolved.
void resolve_endpoints(json& doc, const std::string& app, const Validator& v, const std::vector<Entity>& all,
                       Context& ctx, bool entry = true) {
  if (!v.ok("services." + app) || !doc["services"][app].is_object()) return;
  json& svc = doc["services"][app];
  if (!svc.contains("endpoints") && !entry) {
    ctx.at("/services/" + escape_token(app),
           "expected a field 'endpoints' (a service other than the entry service has no default endpoints: "
           "\"endpoints\": {\"get\": [{\"cpu_ms\": 2}]}), found none");
    return;
  }
  if (!svc.contains("endpoints")) {
    svc["endpoints"] = default_endpoints(doc);
    for (const std::string& gone : ctx.prov.dropped_programs)
      if (gone != app)
        ctx.warnings.push_back(fmt::format(
            "services.{} states no endpoints, so it runs the default programs (light demands: read 6 ms of CPU "
            "and a 3 ms query), not the programs of the service \"{}\" the patch deleted; copy those into "
            "services.{}.endpoints to keep its demands",
            app, gone, app));
  }
  if (!v.ok("services." + app + ".endpoints")) return;
  json& endpoints = svc["endpoints"];
  for (auto& [name, program] : endpoints.items())
    walk_steps(program, fmt::format("/services/{}/endpoints/{}", escape_token(app), escape_token(name)),
               [&](json& st, const std::string& p, bool) {
                 default_step_keys(st);
                 if (!entry && (st.contains("session") || st.contains("file")))
                   ctx.at(p, fmt::format("expected no {} step in services.{} ({} steps run only in the entry "
                                         "service's endpoints, where the user's request arrives), found one",
                                         st.contains("session") ? "session" : "file", app,
                                         st.contains("session") ? "session" : "file"));
                 if (!st.contains("query")) return;
                 std::string err = reference_error(st["query"].get<std::string>(), {EntityKind::store, "sql"}, all);
                 if (!err.empty()) ctx.at(p + "/query", err);
               });
  if (!entry) return;
  std::vector<std::string> names;
  for (auto it = endpoints.begin(); it != endpoints.end(); ++it) names.push_back(it.key());
  for (const std::string& c : mix_names(doc)) {
    const std::string mix = "workload.mix." + c;
    const bool known = std::find(kClassNames.begin(), kClassNames.end(), c) != kClassNames.end();
    // Today's six are weighed even when 0 (their defaults); another key must name an endpoint.
    if (!v.ok(mix) || endpoints.contains(c) || (known && value_at(doc, mix).get<double>() <= 0)) continue;
    std::string msg = fmt::format("expected the name of an endpoint of services.{} ({}), found \"{}\" with weight {}",
                                  app, fmt::join(names, ", "), c, format_number(value_at(doc, mix).get<double>()));
    if (auto near = nearest_name(c, names); !near.empty()) msg += fmt::format(" (did you mean \"{}\"?)", near);
    ctx.at(pointer_of(mix), msg);
  }
  if (v.ok("sessions.mode") && value_at(doc, "sessions.mode") != "none" && !endpoints.contains("login"))
    ctx.at("/services/" + escape_token(app) + "/endpoints",
           fmt::format("expected a \"login\" endpoint with sessions.mode \"{}\" (a user whose session check fails "
                       "logs in again), found none",
                       value_at(doc, "sessions.mode").get<std::string>()));
}

/// The call graph of the services (rung 9): each call names an endpoint of a service, each publish
/// a topic exactly one service consumes (with an endpoint of the topic's name); every service other
/// than the entry is called or consumes a published topic; no cycle through calls, fallbacks,
/// parallel steps and publishes; calls at most kMaxCallDepth deep. `order` is Scenario::services'.
constexpr int kMaxCallDepth = 8;

/// An endpoint's names by service: for the entry its request classes (those it defines), for the
/// others their endpoints (a json object iterates in name order).
std::vector<std::string> defined_endpoints(const json& svc) {
  std::vector<std::string> out;
  if (svc.contains("endpoints") && svc["endpoints"].is_object())
    for (auto it = svc["endpoints"].begin(); it != svc["endpoints"].end(); ++it) out.push_back(it.key());
  return out;
}

void resolve_calls(const json& doc, const std::vector<std::string>& order, const Validator& v,
                   const std::vector<Entity>& all, Context& ctx) {
  const std::size_t before = ctx.issues.size();
  const json& services = doc["services"];
  std::map<std::string, std::vector<std::string>> endpoints;  // service -> its endpoint names
  for (const std::string& name : order)
    if (v.ok("services." + name + ".endpoints")) endpoints[name] = defined_endpoints(services[name]);
  // Topics: who consumes each, and that the consumer can run its jobs.
  std::map<std::string, std::vector<std::string>> consumers;
  for (const std::string& name : order) {
    if (!v.ok("services." + name + ".consumes") || !services[name].contains("consumes")) continue;
    const std::string topic = services[name]["consumes"].get<std::string>();
    if (topic.empty()) continue;
    consumers[topic].push_back(name);
    const auto& eps = endpoints[name];
    if (endpoints.count(name) && std::find(eps.begin(), eps.end(), topic) == eps.end())
      ctx.at("/services/" + escape_token(name) + "/consumes",
             fmt::format("expected an endpoint \"{}\" in services.{} (the program each job of the topic runs), "
                         "found {}",
                         topic, name, eps.empty() ? "none" : fmt::format("{}", fmt::join(eps, ", "))));
  }
  for (const auto& [topic, names] : consumers)
    if (names.size() > 1)
      ctx.at("/services/" + escape_token(names[1]) + "/consumes",
             fmt::format("expected one service consuming topic \"{}\", found {} ({})", topic, names.size(),
                         fmt::join(names, ", ")));

  struct Edge {
    std::string to;  ///< "service.endpoint"
    bool call = true;  ///< false: a publish (a new job, not a deeper call)
    std::string ptr;
  };
  std::map<std::string, std::vector<Edge>> graph;  // "service.endpoint" -> its edges, in step order
  std::set<std::string> reached;
  for (const std::string& name : order) {
    if (!endpoints.count(name)) continue;
    const json& eps = services[name]["endpoints"];
    for (auto ep = eps.begin(); ep != eps.end(); ++ep) {
      const std::string from = name + "." + ep.key();
      graph[from];
      walk_steps(*ep, fmt::format("/services/{}/endpoints/{}", escape_token(name), escape_token(ep.key())),
                 [&](const json& st, const std::string& p, bool) {
                   if (st.contains("call")) {
                     const std::string target = st["call"].get<std::string>();
                     const auto dot = target.find('.');
                     const std::string callee = target.substr(0, dot), endpoint = target.substr(dot + 1);
                     if (std::string err = reference_error(callee, {EntityKind::service, ""}, all); !err.empty()) {
                       ctx.at(p + "/call", err);
                       return;
                     }
                     if (!endpoints.count(callee)) return;  // its endpoints failed: already reported
                     const auto& names = endpoints[callee];
                     if (std::find(names.begin(), names.end(), endpoint) == names.end()) {
                       std::string msg = fmt::format("expected an endpoint of services.{} ({}), found \"{}\"", callee,
                                                     fmt::join(names, ", "), endpoint);
                       if (auto near = nearest_name(endpoint, names); !near.empty())
                         msg += fmt::format(" (did you mean \"{}.{}\"?)", callee, near);
                       ctx.at(p + "/call", msg);
                       return;
                     }
                     reached.insert(callee);
                     graph[from].push_back({target, true, p + "/call"});
                   } else if (st.contains("publish")) {
                     const std::string topic = st["publish"].get<std::string>();
                     auto c = consumers.find(topic);
                     if (c == consumers.end()) {
                       std::vector<std::string> topics;
                       for (const auto& [t, _] : consumers) topics.push_back(t);
                       std::string msg = fmt::format("expected a service with \"consumes\": \"{}\" (the one that runs "
                                                     "this topic's jobs), found none",
                                                     topic);
                       if (auto near = nearest_name(topic, topics); !near.empty())
                         msg += fmt::format(" (did you mean \"{}\"?)", near);
                       ctx.at(p + "/publish", msg);
                       return;
                     }
                     if (c->second.size() != 1) return;  // reported above
                     reached.insert(c->second.front());
                     graph[from].push_back({c->second.front() + "." + topic, false, p + "/publish"});
                   }
                 });
    }
  }
  for (std::size_t i = 1; i < order.size(); ++i)
    if (endpoints.count(order[i]) && !reached.count(order[i])) {
      const auto& eps = endpoints[order[i]];
      ctx.at("/services/" + escape_token(order[i]),
             fmt::format("expected a call to one of its endpoints (a step {{\"call\": \"{}.{}\"}} in another "
                         "service) or consumes naming a topic some publish step uses, found neither: only the entry "
                         "service \"{}\" receives the users' requests, so nothing would run services.{}",
                         order[i], eps.empty() ? "…" : eps.front(), order[0], order[i]));
    }
  if (ctx.issues.size() > before) return;

  // A cycle: depth-first, the path on the stack printed when an edge goes back into it.
  std::map<std::string, int> state;  // 0 unseen, 1 on the stack, 2 done
  std::vector<std::string> stack;
  bool cycle = false;
  std::function<void(const std::string&)> visit = [&](const std::string& n) {
    state[n] = 1;
    stack.push_back(n);
    for (const Edge& e : graph[n]) {
      if (cycle) break;
      if (state[e.to] == 1) {
        auto from = std::find(stack.begin(), stack.end(), e.to);
        std::vector<std::string> loop(from, stack.end());
        loop.push_back(e.to);
        ctx.at(e.ptr, fmt::format("expected no call cycle (a request would call itself forever), found {}",
                                  fmt::join(loop, " → ")));
        cycle = true;
      } else if (state[e.to] == 0) {
        visit(e.to);
      }
    }
    stack.pop_back();
    state[n] = 2;
  };
  for (const auto& [n, _] : graph)
    if (!cycle && state[n] == 0) visit(n);
  if (cycle) return;

  // The deepest chain of calls (a publish starts a new job: no deeper).
  std::map<std::string, std::pair<int, const Edge*>> deepest;
  std::function<int(const std::string&)> depth = [&](const std::string& n) -> int {
    if (auto it = deepest.find(n); it != deepest.end()) return it->second.first;
    std::pair<int, const Edge*> best{0, nullptr};
    for (const Edge& e : graph[n]) {
      const int d = depth(e.to) + (e.call ? 1 : 0);
      if (d > best.first) best = {d, &e};
    }
    deepest[n] = best;
    return best.first;
  };
  for (const auto& [n, _] : graph) {
    if (depth(n) <= kMaxCallDepth) continue;
    std::vector<std::string> chain = {n};
    const Edge* first = deepest[n].second;
    for (const Edge* e = first; e; e = deepest[e->to].second) chain.push_back(e->to);
    ctx.at(first->ptr, fmt::format("expected calls at most {} deep, found {}: {}", kMaxCallDepth, depth(n),
                                   fmt::join(chain, " → ")));
    return;
  }
}

/// The one entity of a kind the engine runs today (under any name); "" when there is none (or an
/// issue was reported). `rung` says what brings more than one.
std::string the_one(const std::vector<Entity>& all, EntityKind kind, const std::string& store_kind, const char* what,
                    const char* rung, Context& ctx) {
  std::vector<const Entity*> found;
  for (const Entity& e : all)
    if (e.kind == kind && (store_kind.empty() || e.store_kind == store_kind)) found.push_back(&e);
  if (found.empty()) return "";
  if (found.size() > 1) {
    std::string names, hint;
    for (const Entity* e : found) names += (names.empty() ? "" : ", ") + e->name;
    // A --set that names an entity the files do not have creates it: say which name it meant.
    std::vector<std::string> from_files, from_sets;
    for (const Entity* e : found)
      (ctx.prov.written_only_by(entity_pointer(*e), "--set") ? from_sets : from_files).push_back(e->name);
    if (from_files.size() == 1 && !from_sets.empty())
      hint = fmt::format(" (--set created \"{}\"; the scenario's {} is \"{}\": write {}.{}.…)", from_sets.front(), what,
                         from_files.front(), map_of(kind), from_files.front());
    ctx.at(std::string("/") + map_of(kind),
           fmt::format("expected at most one {}, found {} ({}): {}{}", what, found.size(), names, rung, hint));
    return "";
  }
  return found.front()->name;
}

/// The named topology: unique names, the entities today's engine can run (one of each), the
/// references between them. Fills in `entry` when absent. Returns the working document the
/// cross-field rules read (each entity at its internal place, conventional_aliases), or nullopt after
/// an issue.
std::optional<json> resolve_topology(json& doc, const Validator& v, Context& ctx) {
  const std::size_t before = ctx.issues.size();
  const std::vector<Entity> all = entities_of(doc, v);
  for (const auto& dup : duplicate_names(all)) {
    const Entity* owner = nullptr;  // the last entity named so, else the one expanding to it
    for (const Entity& e : all)
      if (e.name == dup) owner = &e;
    if (!owner)
      for (const Entity& e : all)
        for (const auto& n : instance_names(e))
          if (n == dup && !owner) owner = &e;
    ctx.at(owner ? entity_pointer(*owner) : "",
           fmt::format("expected names unique across services, stores, caches and lbs (their instances "
                       "included: app-0, db-replica-1, …), found \"{}\" twice",
                       dup));
  }
  if (ctx.issues.size() > before) return std::nullopt;

  const char* kServicesRung = "rung 9 (issue 10, services)";
  const char* kStoresRung = "rung 8 (issue 12, sharding and several stores)";
  const std::string lb = the_one(all, EntityKind::lb, "", "load balancer", kServicesRung, ctx);
  // The entry service: the one the load balancer fronts, else the one `entry` names, else the only one.
  std::vector<std::string> service_names;
  for (const Entity& e : all)
    if (e.kind == EntityKind::service) service_names.push_back(e.name);
  auto is_service = [&](const std::string& n) {
    return std::find(service_names.begin(), service_names.end(), n) != service_names.end();
  };
  // A --set that names a service the files do not have creates it: say which name it meant (one
  // with endpoints of its own is meant as a new service).
  std::vector<std::string> from_files, from_sets;
  for (const Entity& e : all)
    if (e.kind == EntityKind::service)
      (ctx.prov.written_only_by(entity_pointer(e), "--set") && doc["services"][e.name].is_object() &&
               !doc["services"][e.name].contains("endpoints")
           ? from_sets
           : from_files)
          .push_back(e.name);
  std::string app;
  if (service_names.size() == 1) {
    app = service_names.front();
  } else if (from_files.size() == 1 && !from_sets.empty()) {
    ctx.at("/services", fmt::format("expected the scenario's service, found \"{}\" only in --set (--set created "
                                    "\"{}\"; the scenario's service is \"{}\": write services.{}.…)",
                                    from_sets.front(), from_sets.front(), from_files.front(), from_files.front()));
  } else if (service_names.size() > 1) {
    const std::string to = !lb.empty() && v.ok("lbs." + lb + ".to") ? value_at(doc, "lbs." + lb + ".to").get<std::string>()
                                                                     : std::string();
    const std::string entry = v.ok("entry") ? value_at(doc, "entry").get<std::string>() : std::string();
    if (is_service(to)) {
      app = to;
    } else if (!lb.empty()) {
      if (v.ok("lbs." + lb + ".to"))
        ctx.at(pointer_of("lbs." + lb + ".to"),
               to.empty() ? fmt::format("expected the name of the service it fronts ({}), found \"\"",
                                        fmt::join(service_names, ", "))
                          : reference_error(to, {EntityKind::service, ""}, all));
    } else if (lb.empty() && is_service(entry)) {
      app = entry;
    } else if (lb.empty() && entry.empty()) {
      ctx.at("/entry", fmt::format("expected the entry service (the one the users' requests reach) with several "
                                   "services ({}): set \"entry\" to one of them, found none",
                                   fmt::join(service_names, ", ")));
    } else if (lb.empty()) {
      ctx.at("/entry", reference_error(entry, {EntityKind::service, ""}, all));
    }
  }
  std::vector<std::string> others;  // Scenario::services[1…]: the other services in name order
  for (const std::string& n : service_names)
    if (n != app) others.push_back(n);
  std::sort(others.begin(), others.end());
  const std::string db = the_one(all, EntityKind::store, "sql", "sql store", kStoresRung, ctx);
  const std::string kv = the_one(all, EntityKind::store, "kv", "kv store", kStoresRung, ctx);
  const std::string cache = the_one(all, EntityKind::cache, "", "cache", kStoresRung, ctx);
  // Issues at the internal places are reported at these entities' places from now on.
  const std::map<std::string, std::string> entity_at = {
      {"tiers.app", app}, {"tiers.db", db}, {"tiers.cache", cache}, {"tiers.lb", lb}, {"tiers.session_store", kv}};
  for (auto& [in, out] : ctx.aliases)
    if (auto it = entity_at.find(in); it != entity_at.end() && !it->second.empty())
      out = out.substr(0, out.find('.') + 1) + it->second;
  // A kind built through its descriptor (StoreKinds.hpp): the field that uses it names a store of
  // the kind (or one of its other values), at most one store of it today, under any name, and a
  // store nothing uses is an error.
  for (const StoreKind& k : store_kind_table()) {
    if (!k.build) continue;
    if (!k.used_by.empty() && v.ok(k.used_by)) {
      const std::string named = value_at(doc, k.used_by).get<std::string>();
      if (std::find(k.used_by_also.begin(), k.used_by_also.end(), named) == k.used_by_also.end())
        if (std::string err = reference_error(named, {EntityKind::store, k.name}, all); !err.empty())
          ctx.at(pointer_of(k.used_by), err + k.used_by_hint);
    }
    std::vector<std::string> names;
    for (const Entity& e : all)
      if (e.kind == EntityKind::store && e.store_kind == k.name) names.push_back(e.name);
    if (names.size() > 1) {
      ctx.at("/stores", fmt::format("expected at most one {} store, found {} ({}): {}", k.name, names.size(),
                                    fmt::join(names, ", "), kStoresRung));
    } else if (names.size() == 1 && !k.used_by.empty() && v.ok(k.used_by) &&
               value_at(doc, k.used_by) != names.front()) {
      ctx.at("/stores/" + escape_token(names.front()),
             fmt::format("expected a use for this {} store: {} naming it, found {} {}", k.name, k.used_by,
                         k.used_by, show(value_at(doc, k.used_by))));
    }
  }
  if (std::none_of(all.begin(), all.end(), [](const Entity& e) { return e.kind == EntityKind::service; }) &&
      v.ok("services"))
    ctx.at(doc.contains("services") ? "/services" : "",
           "expected one service (the app servers: \"services\": {\"app\": {…}}), found none");
  // Without the service (an invalid `services`, already reported) nothing below can be read.
  if (ctx.issues.size() > before || app.empty()) return std::nullopt;

  auto ref = [&](const std::string& dotted, const RefTarget& want) {
    const json& value = value_at(doc, dotted);
    if (!v.ok(dotted) || value.get<std::string>().empty()) return false;
    std::string err = reference_error(value.get<std::string>(), want, all);
    if (err.empty()) return true;
    ctx.at(pointer_of(dotted), err);
    return false;
  };
  if (!lb.empty()) ref("lbs." + lb + ".to", {EntityKind::service, ""});
  bool cached = false;
  if (!db.empty()) {
    ref("stores." + db + ".colocated_with", {EntityKind::service, ""});
    cached = ref("stores." + db + ".cache_aside", {EntityKind::cache, ""});
  }
  if (!cache.empty() && !cached && ctx.issues.size() == before)
    ctx.at("/caches/" + cache, "expected a sql store whose cache_aside names this cache (a cache serves one store's "
                            "reads: \"stores\": {\"db\": {\"cache_aside\": \"cache\"}}), found none");
  if (v.ok("sessions.store") && v.ok("sessions.mode") && v.ok("sessions.deny_list")) {
    const std::string mode = value_at(doc, "sessions.mode").get<std::string>();
    const std::string store = value_at(doc, "sessions.store").get<std::string>();
    const bool needs = mode == "redis" || (mode == "jwt" && value_at(doc, "sessions.deny_list").get<bool>());
    if (!store.empty()) {
      std::string err = reference_error(store, {EntityKind::store, "kv"}, all);
      for (const char* m : {"none", "local", "redis", "jwt"})
        if (!err.empty() && store == m) err += " (where sessions live is now sessions.mode)";
      if (!err.empty()) ctx.at("/sessions/store", err);
    } else if (needs) {
      ctx.at("/sessions/store",
             fmt::format("expected the name of the kv store holding {} (sessions.mode \"{}\"), found \"\"",
                         mode == "redis" ? "the sessions" : "the deny-list", mode));
    }
    if (!kv.empty() && !(needs && store == kv))
      ctx.at("/stores/" + kv,
             fmt::format("expected a use for this kv store: sessions.store naming it with sessions.mode \"redis\" "
                         "(or \"jwt\" with deny_list); today's engine runs a kv store only as the session store "
                         "(more uses come with {}); found sessions.mode \"{}\"{}",
                         kServicesRung, mode, store.empty() ? " and no sessions.store" : ""));
  }
  resolve_endpoints(doc, app, v, all, ctx);
  for (const std::string& other : others) resolve_endpoints(doc, other, v, all, ctx, false);
  if (ctx.issues.size() == before) {
    std::vector<std::string> order = {app};
    order.insert(order.end(), others.begin(), others.end());
    resolve_calls(doc, order, v, all, ctx);
  }
  if (v.ok("entry")) {
    const std::string entry = value_at(doc, "entry").get<std::string>();
    const std::string want = lb.empty() ? app : lb;
    if (entry.empty()) {
      doc["entry"] = want;
    } else if (entry != want) {
      auto found = std::find_if(all.begin(), all.end(), [&](const Entity& e) { return e.name == entry; });
      std::string msg;
      if (found == all.end())
        msg = reference_error(entry, {lb.empty() ? EntityKind::service : EntityKind::lb, ""}, all);
      else if (found->kind == EntityKind::service && !lb.empty())
        msg = fmt::format("expected the load balancer \"{}\" (with a load balancer every request goes through it), "
                          "found service \"{}\"", lb, entry);
      else
        msg = fmt::format("expected a load balancer or a service, found {} \"{}\"",
                          found->kind == EntityKind::store ? found->store_kind + " store"
                                                           : std::string(to_string(found->kind)),
                          entry);
      ctx.at("/entry", msg);
    }
  }
  if (ctx.issues.size() > before) return std::nullopt;

  // The working document: each entity at its internal place, absent ones defaulted and disabled.
  json work = doc;
  json& tiers = work["tiers"];
  tiers = json::object();
  tiers["app"] = doc["services"][app];
  tiers["app"]["name"] = app;
  // The other services (Scenario::services[1…]), by name: an object iterates in name order.
  work["others"] = json::object();
  for (const std::string& other : others) {
    work["others"][other] = doc["services"][other];
    work["others"][other]["name"] = other;
  }
  if (!db.empty()) {
    json d = doc["stores"][db];
    d["colocated"] = d["colocated_with"].is_string() && !d["colocated_with"].get<std::string>().empty();
    for (const char* k : {"kind", "colocated_with", "cache_aside"}) d.erase(k);
    d["enabled"] = true;
    d["name"] = db;
    tiers["db"] = std::move(d);
  } else {
    tiers["db"] = defaults_of("stores", "sql");
    for (const char* k : {"colocated_with", "cache_aside"}) tiers["db"].erase(k);
    tiers["db"]["colocated"] = false;
    tiers["db"]["enabled"] = false;
    tiers["db"]["name"] = "db";
  }
  tiers["cache"] = cache.empty() ? defaults_of("caches") : doc["caches"][cache];
  tiers["cache"]["enabled"] = !cache.empty();
  tiers["cache"]["name"] = cache.empty() ? "cache" : cache;
  tiers["lb"] = lb.empty() ? defaults_of("lbs") : doc["lbs"][lb];
  tiers["lb"].erase("to");
  tiers["lb"]["enabled"] = !lb.empty();
  tiers["lb"]["name"] = lb.empty() ? "lb" : lb;
  tiers["session_store"] = kv.empty() ? defaults_of("stores", "kv") : doc["stores"][kv];
  tiers["session_store"]["name"] = kv.empty() ? "session-store" : kv;
  tiers["session_store"].erase("kind");
  for (const char* map : {"services", "stores", "caches", "lbs"}) work.erase(map);
  return work;
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
  int replica_vcpus = 0;
  double replica_memory_gib = 0;
  int cache_vcpus = 0;
  double db_memory_gib = 0;
  double open_rate = 0;
  bool session_store = false;
  int session_store_vcpus = 0;
  int max_app_count = 0;
  std::map<std::string, int> service_vcpus;  ///< the other services' (work["others"]), by name
  RunEstimate estimate;
};

/// Names as people read them: runs of three or more numbered instances of one name compressed
/// ("web-0 … web-33, pg, pg-replica-1 … pg-replica-3, redis").
std::string compact_names(const std::vector<std::string>& names) {
  auto split_number = [](const std::string& n, std::string& stem, long& k) {
    const auto dash = n.rfind('-');
    if (dash == std::string::npos || dash + 1 == n.size() ||
        n.find_first_not_of("0123456789", dash + 1) != std::string::npos || n.size() - dash > 10)
      return false;
    stem = n.substr(0, dash + 1);
    k = std::stol(n.substr(dash + 1));
    return true;
  };
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < names.size();) {
    std::string stem, next_stem;
    long k = 0, next_k = 0;
    std::size_t j = i + 1;
    if (split_number(names[i], stem, k))
      while (j < names.size() && split_number(names[j], next_stem, next_k) && next_stem == stem &&
             next_k == k + static_cast<long>(j - i))
        ++j;
    if (j - i >= 3) {
      parts.push_back(names[i] + " … " + names[j - 1]);
    } else {
      for (std::size_t m = i; m < j; ++m) parts.push_back(names[m]);
    }
    i = j;
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

/// A target written under a conventional name the scenario renamed ("app-1" with the service
/// "web", "cache" with the cache "redis"): what it is called here, or "".
std::string renamed_target(const std::string& target, const Scenario& sketch) {
  const std::pair<const char*, const std::string*> conventional[] = {
      {"app", &sketch.app.name},    {"db", &sketch.db.name},  {"cache", &sketch.cache.name},
      {"lb", &sketch.lb.name},      {"session-store", &sketch.session_store.name}};
  for (const auto& [old, now] : conventional) {
    if (*now == old) continue;
    const std::string o = old;
    if (target == o || target.starts_with(o + "-"))
      return fmt::format("the scenario names it \"{}\": did you mean '{}'?", *now, *now + target.substr(o.size()));
  }
  return "";
}

/// The fault timeline: times within the run, actions with targets that exist, scale-ins that leave
/// a server. Also resolves the most app servers the scale-outs reach (r.max_app_count).
void check_faults(const json& doc, const Validator& v, Context& ctx, Resolved& r) {
  if (!v.ok("tiers.app.count")) return;
  const int initial = static_cast<int>(to_i64(value_at(doc, "tiers.app.count")));
  r.max_app_count = initial;
  if (!value_at(doc, "faults").is_array() || !v.ok("sim.duration_s") || !v.ok("tiers.app.zones") ||
      !v.ok("tiers.lb.enabled") || !v.ok("tiers.db.enabled"))
    return;
  // Entries whose own fields failed are already reported; the rules below check the others.
  const json& all = value_at(doc, "faults");
  const Field& action_field = *find_field("faults[].action");
  auto usable = [&](const json& f) {
    if (!f.is_object() || !f.contains("at_s") || !f["at_s"].is_number() || !f.contains("target") ||
        !f["target"].is_string() || !f.contains("action") || !f["action"].is_string())
      return false;
    if (f.contains("count") && !is_integral(f["count"])) return false;
    const auto& c = action_field.choices;
    return std::find(c.begin(), c.end(), f["action"].get<std::string>()) != c.end();
  };
  json faults = json::array();
  std::vector<std::size_t> index;  // position in the file, for the JSON pointer
  for (std::size_t i = 0; i < all.size(); ++i)
    if (usable(all[i])) {
      faults.push_back(all[i]);
      index.push_back(i);
    }
  const double duration = value_at(doc, "sim.duration_s").get<double>();
  const int zones = static_cast<int>(to_i64(value_at(doc, "tiers.app.zones")));
  const bool lb = value_at(doc, "tiers.lb.enabled").get<bool>();

  // Scale actions first, in time order (ties keep file order), to know which app-N can exist.
  std::vector<std::size_t> order(faults.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return faults[a]["at_s"].get<double>() < faults[b]["at_s"].get<double>();
  });
  int live = initial, created = initial;
  for (std::size_t i : order) {
    const json& f = faults[i];
    const std::string ptr = "/faults/" + std::to_string(index[i]);
    const std::string action = f["action"].get<std::string>();
    if (action != "scale_out" && action != "scale_in") continue;
    const int count = f.contains("count") ? static_cast<int>(to_i64(f["count"])) : 1;
    if (!lb) {
      ctx.at(ptr + "/action", fmt::format("expected a load balancer (lbs) for {} (the load balancer adds and "
                                          "removes servers), found none", action));
      continue;
    }
    if (action == "scale_out") {
      live += count;
      created += count;
      if (created > kMaxAppServers)
        ctx.at(ptr + "/count", fmt::format("expected at most {} app servers over the run, found {} after this "
                                           "scale_out", kMaxAppServers, created));
    } else if (live - count < 1) {
      ctx.at(ptr + "/count", fmt::format("expected a scale_in that leaves at least one server, found {} of the {} "
                                         "in service at {} s", count, live, format_number(f["at_s"].get<double>())));
    } else {
      live -= count;
    }
  }
  r.max_app_count = std::min(created, kMaxAppServers);

  // The targets come from the instance list (the one the platform, the bill and the run's registry
  // are built from) of the topology as far as it decides names: counts and which entities exist.
  Scenario sketch{};
  sketch.app.name = value_at(doc, "tiers.app.name").get<std::string>();
  sketch.db.name = value_at(doc, "tiers.db.name").get<std::string>();
  sketch.cache.name = value_at(doc, "tiers.cache.name").get<std::string>();
  sketch.lb.name = value_at(doc, "tiers.lb.name").get<std::string>();
  sketch.session_store.name = value_at(doc, "tiers.session_store.name").get<std::string>();
  sketch.app.count = initial;
  sketch.app.max_count = r.max_app_count;
  sketch.app.zones = zones;
  sketch.db.enabled = value_at(doc, "tiers.db.enabled").get<bool>();
  sketch.db.colocated = value_at(doc, "tiers.db.colocated").get<bool>();
  sketch.db.disk_read_mbps = 1;  // a database has a disk (its range is > 0)
  sketch.db.replicas = v.ok("tiers.db.replicas") ? static_cast<int>(to_i64(value_at(doc, "tiers.db.replicas"))) : 0;
  sketch.cache.enabled = value_at(doc, "tiers.cache.enabled").get<bool>();
  sketch.lb.enabled = lb;
  sketch.session_store.enabled = r.session_store;
  sketch.services = {sketch.app};
  for (auto it = doc["others"].begin(); it != doc["others"].end(); ++it) {
    AppConfig other;
    other.name = it.key();
    const std::string at = "services." + it.key();
    if (v.ok(at + ".count")) other.count = static_cast<int>(to_i64((*it)["count"]));
    if (v.ok(at + ".zones")) other.zones = static_cast<int>(to_i64((*it)["zones"]));
    sketch.services.push_back(std::move(other));
  }
  const std::vector<Instance> instances = expand_instances(sketch);
  // Free names may expand to the same instance or host name: refuse what SimGrid cannot build.
  for (const std::string& clash : name_clashes(instances)) {
    std::string ptr;
    for (const char* tier : {"tiers.app", "tiers.db", "tiers.cache", "tiers.lb", "tiers.session_store"})
      if (value_at(doc, std::string(tier) + ".name") == clash) ptr = pointer_of(tier);
    std::string why;
    if (clash == "clients") why = "the users' host is called clients";
    else if (clash == "box") why = "a colocated app server and database share the host box";
    else if (clash.ends_with("-disk")) why = "a sql store's disk is the host <store>-disk";
    else if (clash.starts_with("zone-")) why = "zone-a, zone-b, … name the service's zones (fault targets)";
    else why = "it is also an instance the run has: <service>-N, counting the servers scale-outs add, or "
               "<sql store>-replica-N";
    ctx.at(ptr, fmt::format("expected names whose instances and hosts are unique, found \"{}\" twice: {}", clash, why));
  }
  for (std::size_t i = 0; i < faults.size(); ++i) {
    const json& f = faults[i];
    const std::string ptr = "/faults/" + std::to_string(index[i]);
    const double at = f["at_s"].get<double>();
    if (at >= duration)
      ctx.at(ptr + "/at_s", fmt::format("expected a time < sim.duration_s ({}), found {}", format_number(duration),
                                        show(f["at_s"])));
    const std::string target = f["target"].get<std::string>();
    FaultAction action = FaultAction::crash;  // one of the choices: `usable` checked it
    for (FaultAction a : kFaultActions)
      if (f["action"] == to_string(a)) action = a;
    if ((action == FaultAction::scale_out || action == FaultAction::scale_in) && !lb) continue;  // reported above
    const std::vector<std::string> allowed = fault_targets(instances, action);
    if (std::find(allowed.begin(), allowed.end(), target) != allowed.end()) continue;
    std::string msg = fmt::format("expected a target of {}: {}; found {}", to_string(action), compact_names(allowed),
                                  show(f["target"]));
    const std::string prefix = sketch.app.name + "-";
    const bool numbered = target.starts_with(prefix) && target.size() > prefix.size() &&
                          target.find_first_not_of("0123456789", prefix.size()) == std::string::npos;
    const bool zone = target.size() == 6 && target.starts_with("zone-") && target[5] >= 'a' &&
                      target[5] < static_cast<char>('a' + zones);
    const auto instance = std::find_if(instances.begin(), instances.end(), [&](const Instance& in) {
      return in.path == target;
    });
    if (numbered) {
      msg += fmt::format(" (this run has {} app servers, counting scale-outs)", r.max_app_count);
    } else if (instance != instances.end()) {  // it exists, but cannot take this action
      const Capabilities can = capabilities_of(instance->role);
      std::vector<std::string> takes;
      if (can.crash) takes.push_back("crash, recover");
      if (can.slow) takes.push_back("slow");
      if (can.cut) takes.push_back("cut, heal");
      msg += takes.empty() ? fmt::format(" ({} takes no fault)", target)
                           : fmt::format(" ({} takes {} only)", target, fmt::join(takes, ", "));
    } else if (zone && action != FaultAction::cut && action != FaultAction::heal) {
      msg += " (a zone is a target of cut and heal only)";
    } else if (zone) {
      msg += fmt::format(" ({} has no app server: {}-i runs in zone i mod {})", target, sketch.app.name, zones);
    } else if (std::string renamed = renamed_target(target, sketch); !renamed.empty()) {
      msg += " (" + renamed + ")";
    } else if (auto near = nearest_name(target, allowed); !near.empty()) {
      msg += " (did you mean '" + near + "'?)";
    }
    ctx.at(ptr + "/target", msg);
  }
}

/// The run's wall-time estimate (RunEstimate.hpp): each term is a count of what costs time times
/// its measured cost; the largest term names the knob. Fields that failed validation count 0.
/// One request's CPU from its endpoint's program: on the service (CPU steps) and on the store
/// (query steps); 0 for an endpoint the service lacks or programs that failed validation.
struct ProgramCpu {
  double app_ms = 0, db_ms = 0;
  double calls_ms = 0;  ///< on the services its calls reach (one attempt each, × fan_out), recursively
};
void add_program_cpu(const json& work, const json& program, ProgramCpu& out, double times, int depth) {
  // A fallback's steps run only when a call has failed: not counted.
  std::function<void(const json&)> step = [&](const json& st) {
    if (st.contains("query")) {
      out.db_ms += times * st["cpu_ms"].get<double>();
    } else if (st.contains("cpu_ms")) {
      (depth == 0 ? out.app_ms : out.calls_ms) += times * st["cpu_ms"].get<double>();
    } else if (st.contains("parallel")) {
      for (const json& call : st["parallel"]) step(call);
    } else if (st.contains("call") && depth < kMaxCallDepth) {
      const std::string target = st["call"].get<std::string>();
      const auto dot = target.find('.');
      const std::string callee = target.substr(0, dot), endpoint = target.substr(dot + 1);
      const json* svc = work["tiers"]["app"]["name"] == callee ? &work["tiers"]["app"]
                        : work["others"].contains(callee)      ? &work["others"][callee]
                                                               : nullptr;
      if (!svc || !svc->contains("endpoints") || !(*svc)["endpoints"].contains(endpoint)) return;
      const double fan_out = st.contains("fan_out") ? st["fan_out"].get<double>() : 1.0;
      ProgramCpu inner;
      add_program_cpu(work, (*svc)["endpoints"][endpoint], inner, times * fan_out, depth + 1);
      out.calls_ms += inner.app_ms + inner.calls_ms;
      out.db_ms += inner.db_ms;
    }
  };
  if (program.is_array())
    for (const json& st : program)
      if (st.is_object()) step(st);
}
ProgramCpu program_cpu(const json& work, const Validator& v, const std::string& endpoint) {
  ProgramCpu out;
  if (!v.ok("tiers.app.endpoints")) return out;
  const json& endpoints = value_at(work, "tiers.app.endpoints");
  if (!endpoints.contains(endpoint)) return out;
  add_program_cpu(work, endpoints[endpoint], out, 1.0, 0);
  return out;
}

RunEstimate estimate_run(const json& doc, const Validator& v, const Resolved& r, double rate, double duration,
                         const std::string& arrivals_knob) {
  auto num = [&](std::string_view p) { return v.ok(p) ? value_at(doc, p).get<double>() : 0.0; };
  auto flag = [&](std::string_view p) { return v.ok(p) && value_at(doc, p).get<bool>(); };
  RunEstimate e;
  e.arrivals = rate * duration;
  const bool closed = value_at(doc, "workload.model") == "closed";

  // Executions in flight on one host: the cores' worth while a server keeps up, else every
  // worker (or connection) busy, shared by processor sharing.
  double app_cpu_ms = 0, db_cpu_ms = 0;
  for (const std::string& c : mix_names(doc)) {
    const double w = num("workload.mix." + c);
    const ProgramCpu cpu = program_cpu(doc, v, c);
    app_cpu_ms += w * (cpu.app_ms + cpu.calls_ms);  // the entry's workers wait out the calls
    db_cpu_ms += w * cpu.db_ms;
  }
  auto in_flight = [&](double per_host_rate, double cpu_ms, int vcpus, double slots, double clients) {
    const double busy = per_host_rate * cpu_ms / 1e3;
    if (vcpus > 0 && busy < vcpus) return busy;
    return closed ? std::min(slots, clients) : slots;
  };
  const double count = std::max(1.0, num("tiers.app.count"));
  const double users = closed ? num("workload.users") : std::numeric_limits<double>::infinity();
  const double app_execs =
      in_flight(rate / count, app_cpu_ms, r.app_vcpus, num("tiers.app.workers"), users / count);
  const double db_execs = flag("tiers.db.enabled") && !flag("tiers.db.colocated")
                              ? in_flight(rate, db_cpu_ms, r.db_vcpus, num("tiers.db.connections"), users)
                              : 0.0;
  e.shared_execs = std::max(app_execs, db_execs);
  const bool db_is_busiest = db_execs > app_execs;

  // Health checks run only with faults (without them every server stays healthy), every
  // interval, over every server a scale-out may add.
  const double interval = num("tiers.lb.health.interval_s");
  const bool faults = value_at(doc, "faults").is_array() && !value_at(doc, "faults").empty();
  const double servers = r.max_app_count;
  if (flag("tiers.lb.enabled") && faults && interval > 0) e.health_checks = servers * duration / interval;
  const double replicas = num("tiers.db.replicas"), lag_every = num("tiers.db.lag_check_s");
  if (flag("tiers.db.enabled") && replicas > 0 && num("tiers.db.max_lag_ms") > 0 && lag_every > 0)
    e.lag_checks = replicas * duration / lag_every;

  struct Term {
    double wall_s;
    std::string knob, detail;
  };
  const Term terms[] = {
      {e.arrivals * RunCosts::kPerRequestS, arrivals_knob,
       fmt::format("~{} requests ({} s at ~{} req/s) at ~{} s each", sci(e.arrivals), format_number(duration),
                   sci(rate), sci(RunCosts::kPerRequestS))},
      {e.arrivals * e.shared_execs * e.shared_execs * RunCosts::kPerRequestPerSharedExecSquaredS,
       db_is_busiest ? "/tiers/db/connections" : "/tiers/app/workers",
       fmt::format("~{} requests, each sharing its host with ~{} executions in flight ({} busy on one host; "
                   "SimGrid's cost per event grows with them) at ~{} s × {}² each",
                   sci(e.arrivals), sci(e.shared_execs),
                   db_is_busiest ? "tiers.db.connections" : "tiers.app.workers",
                   sci(RunCosts::kPerRequestPerSharedExecSquaredS), sci(e.shared_execs))},
      {e.health_checks * RunCosts::kPerHealthCheckS, "/tiers/lb/health/interval_s",
       fmt::format("{} servers × {} s / {} s = ~{} health checks at ~{} s each", format_number(servers),
                   format_number(duration), format_number(interval), sci(e.health_checks),
                   sci(RunCosts::kPerHealthCheckS))},
      {e.lag_checks * RunCosts::kPerLagCheckS, "/tiers/db/lag_check_s",
       fmt::format("{} replicas × {} s / {} s = ~{} lag checks at ~{} s each", format_number(replicas),
                   format_number(duration), format_number(lag_every), sci(e.lag_checks),
                   sci(RunCosts::kPerLagCheckS))},
  };
  const Term* top = &terms[0];
  for (const Term& t : terms) {
    e.wall_s += t.wall_s;
    if (t.wall_s > top->wall_s) top = &t;
  }
  e.knob = top->knob;
  e.detail = top->detail;
  return e;
}

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

  const auto mixed = mix_names(doc);
  if (std::all_of(mixed.begin(), mixed.end(), [&](const std::string& c) { return v.ok("workload.mix." + c); })) {
    double sum = 0;
    std::string terms;
    for (const std::string& c : mixed) {
      double w = num("workload.mix." + c);
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
  for (auto it = doc["others"].begin(); it != doc["others"].end(); ++it) {
    const std::string at = "services." + it.key();
    if (!ok({at + ".instance", at + ".vcpus"})) continue;
    int inst = check_instance(at + ".instance", (*it)["instance"].get<std::string>(), {"compute"}, ctx);
    int given = static_cast<int>(to_i64((*it)["vcpus"]));
    r.service_vcpus[it.key()] = given > 0 ? given : inst;
  }
  if (ok({"tiers.db.instance", "tiers.db.vcpus"})) {
    int inst = check_instance("tiers.db.instance", value_at(doc, "tiers.db.instance").get<std::string>(),
                              {"database", "compute"}, ctx);
    int given = static_cast<int>(to_i64(value_at(doc, "tiers.db.vcpus")));
    r.db_vcpus = given > 0 ? given : inst;
  }
  if (ok({"tiers.db.instance"}))
    if (auto t = Catalog::builtin().find(value_at(doc, "tiers.db.instance").get<std::string>()))
      r.db_memory_gib = t->memory_gib;
  if (ok({"tiers.db.replicas", "tiers.db.replica_instance", "tiers.db.instance"}) &&
      to_i64(value_at(doc, "tiers.db.replicas")) > 0) {
    std::string inst = value_at(doc, "tiers.db.replica_instance").get<std::string>();
    if (inst.empty()) r.replica_vcpus = r.db_vcpus;
    else r.replica_vcpus = check_instance("tiers.db.replica_instance", inst, {"database", "compute"}, ctx);
    if (auto t = Catalog::builtin().find(inst.empty() ? value_at(doc, "tiers.db.instance").get<std::string>() : inst))
      r.replica_memory_gib = t->memory_gib;
    if (ok({"tiers.db.max_lag_ms", "tiers.db.replication_ms"}) && num("tiers.db.max_lag_ms") > 0 &&
        num("tiers.db.max_lag_ms") <= num("tiers.db.replication_ms"))
      ctx.at("/tiers/db/max_lag_ms",
             fmt::format("expected 0 or more than tiers.db.replication_ms ({} ms: every replica lags at least that "
                         "much while writes flow), found {}",
                         format_number(num("tiers.db.replication_ms")), show(value_at(doc, "tiers.db.max_lag_ms"))));
    if (ok({"tiers.db.colocated"}) && value_at(doc, "tiers.db.colocated").get<bool>())
      ctx.at("/tiers/db/replicas", fmt::format("expected 0 when tiers.db.colocated_with names the service (replicas need the database on its own host), found {}",
                                               show(value_at(doc, "tiers.db.replicas"))));
  }
  if (ok({"tiers.cache.enabled", "tiers.cache.instance", "tiers.cache.capacity_items", "tiers.cache.capacity_mb",
          "tiers.cache.value_kb"}) &&
      value_at(doc, "tiers.cache.enabled").get<bool>()) {
    const std::string inst = value_at(doc, "tiers.cache.instance").get<std::string>();
    r.cache_vcpus = check_instance("tiers.cache.instance", inst, {"cache"}, ctx);
    auto t = Catalog::builtin().find(inst);
    const double value_kb = num("tiers.cache.value_kb"), mb = num("tiers.cache.capacity_mb");
    if (mb > 0) {
      if (t && t->kind == "cache" && mb / 1024.0 > t->memory_gib)
        ctx.at("/tiers/cache/capacity_mb", fmt::format("expected a capacity that fits in {}'s {} GiB, found {} MiB", inst,
                                                       format_number(t->memory_gib), format_number(mb)));
      else if (mb * 1024.0 / value_kb > kMaxCacheEntries)
        ctx.at("/tiers/cache/capacity_mb",
               fmt::format("expected at most {} entries ({} KiB values), found {} MiB = {:.3g} entries",
                           format_number(kMaxCacheEntries), format_number(value_kb), format_number(mb),
                           mb * 1024.0 / value_kb));
    } else {
      const double need_gib = num("tiers.cache.capacity_items") * value_kb / (1024.0 * 1024.0);
      if (t && t->kind == "cache" && need_gib > t->memory_gib)
        ctx.at("/tiers/cache/capacity_items",
               fmt::format("expected a capacity whose values fit in {}'s {} GiB, found {} items × {} KiB = {:.3g} GiB",
                           inst, format_number(t->memory_gib), show(value_at(doc, "tiers.cache.capacity_items")),
                           format_number(value_kb), need_gib));
    }
    if (ok({"tiers.db.enabled"}) && !value_at(doc, "tiers.db.enabled").get<bool>())
      ctx.at("/tiers/cache", "expected a sql store with a cache (it caches database reads), found none");
  }
  if (ok({"tiers.lb.instance"}))
    check_instance("tiers.lb.instance", value_at(doc, "tiers.lb.instance").get<std::string>(), {"load_balancer"},
                   ctx);
  if (ok({"sessions.mode", "sessions.deny_list", "tiers.session_store.instance"})) {
    const std::string store = value_at(doc, "sessions.mode").get<std::string>();
    r.session_store = store == "redis" || (store == "jwt" && value_at(doc, "sessions.deny_list").get<bool>());
    if (r.session_store)
      r.session_store_vcpus = check_instance(
          "tiers.session_store.instance", value_at(doc, "tiers.session_store.instance").get<std::string>(),
          {"cache"}, ctx);
  }
  check_faults(doc, v, ctx, r);

  if (ok({"tiers.db.colocated", "tiers.db.enabled"}) && value_at(doc, "tiers.db.colocated").get<bool>() &&
      value_at(doc, "tiers.db.enabled").get<bool>()) {
    if (ok({"tiers.app.count"}) && to_i64(value_at(doc, "tiers.app.count")) != 1)
      ctx.at("/tiers/app/count", fmt::format("expected 1 when tiers.db.colocated_with names the service (the database shares its one host), found {}",
                                             show(value_at(doc, "tiers.app.count"))));
    if (ok({"tiers.lb.enabled"}) && value_at(doc, "tiers.lb.enabled").get<bool>())
      ctx.at("/tiers/lb", "expected no load balancer when tiers.db.colocated_with names the service (one host "
                          "runs both), found one");
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
    for (const std::string& c : mix_names(doc)) {
      std::string w = "workload.mix." + c;
      if (!ok({w, "tiers.app.endpoints"})) have_demands = false;
      else mean_cpu_ms += num(w) * program_cpu(doc, v, c).app_ms;
    }
    // The app tier's CPU caps the rate only while no request is refused: refusals cost no CPU,
    // so users beyond what the workers and queues hold come back at the full rate.
    if (have_demands && mean_cpu_ms > 0 && r.app_vcpus > 0 &&
        ok({"tiers.app.count", "tiers.app.workers", "tiers.app.queue_limit"}) &&
        num("workload.users") <= num("tiers.app.count") * (num("tiers.app.workers") + num("tiers.app.queue_limit")))
      arrivals_rate = std::min(arrivals_rate, num("tiers.app.count") * r.app_vcpus * 1000.0 / mean_cpu_ms);
  }
  const double arrivals = arrivals_rate * duration;
  if (arrivals > kMaxArrivals) {
    ctx.at("/sim/duration_s", fmt::format("this run would simulate ~{} requests; the limit is {} (tens of "
                                          "minutes at ~100k simulated requests per second): lower "
                                          "sim.duration_s or the load",
                                          sci(arrivals), sci(kMaxArrivals)));
    return r;
  }
  std::string arrivals_knob = "/workload/users";
  if (value_at(doc, "workload.model") == "open")
    arrivals_knob = num("workload.rate_rps") > 0 ? "/workload/rate_rps" : "/workload/dau";
  r.estimate = estimate_run(doc, v, r, arrivals_rate, duration, arrivals_knob);
  return r;
}

/// Where the working document holds a table row's value: the entity's internal place
/// (conventional_aliases: the places are fixed whatever the entities' names) for a key of a map's entries ("stores.*.connections" of kind sql ->
/// "tiers.db.connections"), the row's path otherwise.
std::string working_place(const Field& f) {
  std::string dotted = conventional_path(f);
  for (const auto& [in, out] : conventional_aliases())
    if (dotted.starts_with(out + "."))
      return in + dotted.substr(out.size());
  return dotted;
}

Scenario build_scenario(const json& doc, const std::string& file, const Resolved& r) {
  auto get = [&](std::string_view p) -> const json& { return value_at(doc, p); };

  Scenario s;
  s.file = file;
  // The generic pass: every row bound to a member (Fields.hpp) assigns its validated, defaulted
  // value. The kinds that build themselves (StoreKinds.hpp) are built by finish_load.
  for (const Field& f : scenario_fields()) {
    if (!f.assign) continue;
    if (const StoreKind* k = find_store_kind(f.kind); k && k->build) continue;
    f.assign(get(working_place(f)), s);
  }

  // Resolved rather than read (hand-written): the name's fallback, the derived rate, the cores and
  // memory from the catalog, the most servers the scale-outs reach, the replicas' instance
  // fallback, which entities exist, the mix by endpoint, the programs and the fault list.
  if (s.name.empty()) s.name = fs::path(file).stem().string();

  auto& w = s.workload;
  if (w.model == ArrivalModel::open) w.rate_rps = r.open_rate;
  w.class_names = class_names_of(get("tiers.app.endpoints"));
  for (const std::string& c : w.class_names) {
    const json& mix = get("workload.mix");
    w.classes.push_back({mix.contains(c) ? mix[c].get<double>() : 0.0});
  }

  s.app.name = get("tiers.app.name").get<std::string>();
  s.db.name = get("tiers.db.name").get<std::string>();
  s.cache.name = get("tiers.cache.name").get<std::string>();
  s.lb.name = get("tiers.lb.name").get<std::string>();
  s.session_store.name = get("tiers.session_store.name").get<std::string>();
  s.app.vcpus = r.app_vcpus;
  s.app.max_count = std::max(r.max_app_count, s.app.count);
  // Scenario::services' order: the entry, then the others by name (work["others"] iterates so).
  const json& others = get("others");
  std::vector<const json*> service_docs = {&get("tiers.app")};
  std::vector<std::vector<std::string>> endpoint_names = {w.class_names};
  for (auto it = others.begin(); it != others.end(); ++it) {
    service_docs.push_back(&*it);
    endpoint_names.push_back(defined_endpoints(*it));
  }
  auto service_index = [&](const std::string& name) {
    for (std::size_t i = 0; i < service_docs.size(); ++i)
      if ((*service_docs[i])["name"] == name) return static_cast<int>(i);
    return -1;  // resolve_calls refused it
  };
  auto endpoint_index = [&](int service, const std::string& name) {
    const auto& names = endpoint_names[static_cast<std::size_t>(service)];
    return static_cast<int>(std::find(names.begin(), names.end(), name) - names.begin());
  };
  std::function<StepSpec(const json&)> build_step = [&](const json& st) {
    StepSpec spec;
    auto number = [&](const char* key, double& to) {
      if (st.contains(key)) to = st[key].get<double>();
    };
    auto integer = [&](const char* key, int& to) {
      if (st.contains(key)) to = static_cast<int>(to_i64(st[key]));
    };
    if (st.contains("query")) {
      spec.head = StepSpec::Head::query;
      spec.store = st["query"].get<std::string>();
      spec.cpu_ms = st["cpu_ms"].get<double>();
      spec.io_kb = st["io_kb"].get<double>();
      spec.write = st["write"].get<bool>();
      spec.primary = st["primary"].get<bool>();
      spec.cacheable = st["cacheable"].get<bool>();
    } else if (st.contains("cpu_ms")) {
      spec.head = StepSpec::Head::cpu;
      spec.cpu_ms = st["cpu_ms"].get<double>();
    } else if (st.contains("session")) {
      spec.head = StepSpec::Head::session;
      spec.op = st["session"] == "check" ? 0 : 1;
    } else if (st.contains("file")) {
      spec.head = StepSpec::Head::file;
      spec.op = st["file"] == "check" ? 0 : st["file"] == "read" ? 1 : 2;
    } else if (st.contains("call")) {
      spec.head = StepSpec::Head::call;
      spec.target = st["call"].get<std::string>();
      const auto dot = spec.target.find('.');
      spec.service = service_index(spec.target.substr(0, dot));
      spec.endpoint = endpoint_index(spec.service, spec.target.substr(dot + 1));
      number("timeout_ms", spec.timeout_ms);
      integer("retries", spec.retries);
      number("backoff_ms", spec.backoff_ms);
      number("jitter", spec.jitter);
      integer("fan_out", spec.fan_out);
      integer("quorum", spec.quorum);
      if (st.contains("breaker")) spec.breaker = st["breaker"].get<bool>();
      for (OnError e : kOnErrors)
        if (st.value("on_error", json("fail")) == to_string(e)) spec.on_error = e;
      if (st.contains("fallback"))
        for (const json& inner : st["fallback"]) spec.fallback.push_back(build_step(inner));
    } else if (st.contains("parallel")) {
      spec.head = StepSpec::Head::parallel;
      integer("quorum", spec.quorum);
      for (OnError e : kOnErrors)
        if (st.value("on_error", json("fail")) == to_string(e)) spec.on_error = e;
      for (const json& inner : st["parallel"]) spec.calls.push_back(build_step(inner));
    } else if (st.contains("respond")) {
      spec.head = StepSpec::Head::respond;
      integer("respond", spec.status);
    } else if (st.contains("publish")) {
      spec.head = StepSpec::Head::publish;
      spec.target = st["publish"].get<std::string>();
      for (std::size_t i = 0; i < service_docs.size(); ++i)
        if (service_docs[i]->value("consumes", "") == spec.target) spec.consumer = static_cast<int>(i);
      spec.endpoint = endpoint_index(spec.consumer, spec.target);
    } else {
      spec.head = StepSpec::Head::fail;
      number("fail", spec.p);
    }
    return spec;
  };
  auto build_endpoints = [&](const json& endpoints, const std::vector<std::string>& names, AppConfig& into) {
    into.endpoint_names = names;
    into.endpoints.resize(names.size());
    for (std::size_t c = 0; c < names.size(); ++c) {
      if (!endpoints.contains(names[c])) continue;
      EndpointSpec& ep = into.endpoints[c];
      ep.defined = true;
      for (const json& st : endpoints[names[c]]) ep.steps.push_back(build_step(st));
    }
  };
  build_endpoints(get("tiers.app.endpoints"), w.class_names, s.app);
  s.app.consumes = get("tiers.app").value("consumes", "");
  s.services = {s.app};
  // The others through the same bound rows as the entry's (services.*.<key>), each into a scratch
  // scenario's app; scale faults grow only the entry service, so max_count is count.
  for (std::size_t i = 1; i < service_docs.size(); ++i) {
    const json& svc = *service_docs[i];
    Scenario scratch;
    for (const Field& f : scenario_fields())
      if (f.assign && f.path.starts_with("services.*.") && svc.contains(f.path.substr(11)))
        f.assign(svc[f.path.substr(11)], scratch);
    AppConfig& other = scratch.app;
    other.name = svc["name"].get<std::string>();
    other.max_count = other.count;
    if (auto v = r.service_vcpus.find(other.name); v != r.service_vcpus.end()) other.vcpus = v->second;
    other.consumes = svc.value("consumes", "");
    build_endpoints(svc["endpoints"], endpoint_names[i], other);
    s.services.push_back(std::move(other));
  }

  s.db.enabled = get("tiers.db.enabled").get<bool>();
  s.db.colocated = get("tiers.db.colocated").get<bool>();
  s.db.vcpus = r.db_vcpus;
  s.db.memory_gib = r.db_memory_gib;
  if (s.db.replica_instance.empty()) s.db.replica_instance = s.db.instance;
  s.db.replica_vcpus = r.replica_vcpus;
  s.db.replica_memory_gib = r.replica_memory_gib;

  s.cache.enabled = get("tiers.cache.enabled").get<bool>();
  s.cache.vcpus = r.cache_vcpus;
  s.lb.enabled = get("tiers.lb.enabled").get<bool>();
  s.session_store.enabled = r.session_store;
  s.session_store.vcpus = r.session_store_vcpus;

  for (const json& f : get("faults")) {  // an item's absent keys keep Fault's defaults
    Fault fault;
    fault.at_s = f["at_s"].get<double>();
    for (FaultAction a : kFaultActions)
      if (f["action"] == to_string(a)) fault.action = a;
    fault.target = f["target"].get<std::string>();
    if (f.contains("factor")) fault.factor = f["factor"].get<double>();
    if (f.contains("count")) fault.count = static_cast<int>(to_i64(f["count"]));
    s.faults.push_back(std::move(fault));
  }
  std::stable_sort(s.faults.begin(), s.faults.end(), [](const Fault& a, const Fault& b) { return a.at_s < b.at_s; });
  return s;
}

}  // namespace

std::string format_wall_time(double seconds) {
  if (!std::isfinite(seconds)) return "forever";
  if (seconds < 90) return fmt::format("{:.0f} s", seconds);
  if (seconds < 90 * 60) return fmt::format("{:.0f} min", seconds / 60);
  if (seconds < 48 * 3600) return fmt::format("{:.2g} h", seconds / 3600);
  return fmt::format("{:.2g} days", seconds / 86400);
}

std::string scenario_document(const Scenario& s) { return s.resolved.dump(2) + "\n"; }

std::string run_size_message(const RunEstimate& e) {
  std::string knob = e.knob.substr(1);
  std::replace(knob.begin(), knob.end(), '/', '.');
  return fmt::format("expected a run estimated at most {} of wall time, found ~{}: {}; change {} (or "
                     "sim.duration_s), or pass --force to run it anyway",
                     format_wall_time(kMaxRunWallS), format_wall_time(e.wall_s), e.detail, knob);
}

namespace {

/// What the scenario itself states of its load, before the defaults fill the rest in.
struct StatedLoad {
  bool users = false;  ///< workload.users is given
  bool rate = false;   ///< workload.rate_rps is given and > 0
};

StatedLoad stated_load(const json& doc) {
  StatedLoad st;
  auto w = doc.find("workload");
  if (w == doc.end() || !w->is_object()) return st;
  st.users = w->contains("users");
  auto rate = w->find("rate_rps");
  st.rate = rate != w->end() && rate->is_number() && rate->get<double>() > 0;
  return st;
}

/// Load from users: a scenario that states workload.dau derives its load from it, through the
/// request profile (requests_per_user_per_day, peak_factor, think_time_s). Open loop: the rate,
/// dau × requests_per_user_per_day × peak_factor / 86400 (resolved in check_rules). Closed loop:
/// the concurrent users N by Little's law on the whole loop, N = λ_peak × (Z + R), with R taken as
/// the round trip of a request that does not queue (2 × client_latency_ms): while the system keeps
/// up, the loop then offers λ_peak (less the few ms of service, ~1% at Z = 5 s); when it cannot,
/// the users wait and offer less, which is what a closed loop is for. The users are written into
/// the document, so everything after this sees one number. A load typed as well as dau (users, or
/// a rate_rps > 0) is refused: one load, from one source, so a cost per 1k DAU is never priced at
/// a DAU the run did not carry.
/// Returns whether it wrote the users (then they are not part of the scenario's own document).
bool derive_load_from_dau(json& doc, const StatedLoad& stated, const Validator& v, Context& ctx) {
  auto num = [&](std::string_view p) { return value_at(doc, p).get<double>(); };
  if (!v.ok("workload.dau") || !v.ok("workload.model") || num("workload.dau") <= 0) return false;
  const bool closed = value_at(doc, "workload.model") == "closed";
  const char* fix = "; state the load once: change workload.dau, or set workload.dau to 0 to type the load directly";
  if (stated.rate)
    ctx.at("/workload/rate_rps", fmt::format("expected no workload.rate_rps > 0 when workload.dau is stated (the "
                                             "rate is derived from dau), found {}{}",
                                             show(value_at(doc, "workload.rate_rps")), fix));
  if (!closed) return false;
  if (stated.users) {
    ctx.at("/workload/users", fmt::format("expected no workload.users when workload.dau is stated (the closed "
                                          "loop's users are derived from dau), found {}{}",
                                          show(value_at(doc, "workload.users")), fix));
    return false;
  }
  if (!v.ok("workload.requests_per_user_per_day") || !v.ok("workload.peak_factor") ||
      !v.ok("workload.think_time_s") || !v.ok("network.client_latency_ms"))
    return false;
  const double rate =
      num("workload.dau") * num("workload.requests_per_user_per_day") * num("workload.peak_factor") / 86400.0;
  const double users = std::max(1.0, std::round(rate * (num("workload.think_time_s") +
                                                        2 * num("network.client_latency_ms") / 1e3)));
  const Field& f = *find_field("workload.users");
  if (users > f.range.max) {
    ctx.at("/workload/dau", fmt::format("expected a dau whose derived concurrent users are at most {}, found ~{} "
                                        "users (dau × requests_per_user_per_day × peak_factor / 86400 × "
                                        "(think_time_s + 2 × client_latency_ms))",
                                        format_number(f.range.max), sci(users)));
    return false;
  }
  doc["workload"]["users"] = static_cast<std::int64_t>(users);
  return true;
}

Scenario finish_load(std::optional<json> loaded, Context& ctx, const std::string& file,
                     const std::vector<std::string>& overrides, LoadOptions options) {
  json doc = loaded ? std::move(*loaded) : json::object();
  apply_overrides(doc, overrides, ctx);
  // A file that could not be read or merged would only produce misleading follow-on errors.
  if (!loaded) throw InputError(std::move(ctx.issues));

  const StatedLoad stated = stated_load(doc);
  Validator validator(ctx);
  validator.validate_object(doc, "", "");
  fill_defaults(doc);
  const bool derived_users = derive_load_from_dau(doc, stated, validator, ctx);
  auto work = resolve_topology(doc, validator, ctx);
  if (!work) throw InputError(std::move(ctx.issues));
  Resolved r = check_rules(*work, validator, ctx);
  r.estimate.knob = external_pointer(r.estimate.knob, ctx.aliases);
  r.estimate.detail = external_text(r.estimate.detail, ctx.aliases);
  if (!options.force && r.estimate.wall_s > kMaxRunWallS) ctx.at(r.estimate.knob, run_size_message(r.estimate));
  if (!ctx.issues.empty()) throw InputError(std::move(ctx.issues));
  Scenario s = build_scenario(*work, file, r);
  for (auto it = doc["stores"].begin(); it != doc["stores"].end(); ++it)  // the kinds that build themselves
    if (const StoreKind* k = find_store_kind((*it)["kind"].get<std::string>()); k && k->build)
      k->build(it.key(), *it, s);
  doc["name"] = s.name;  // the file's stem when not given: the same name wherever the document goes
  s.resolved = doc;
  // The merged document must load again as it is (run --from, validate --print): users derived
  // from dau are an output (the result's workload section), not part of it.
  if (derived_users) s.resolved["workload"].erase("users");
  s.sources = std::move(ctx.files);
  s.warnings = std::move(ctx.warnings);
  s.estimate = r.estimate;
  return s;
}

std::optional<json> read_document(const std::string& path, Context& ctx) {
  std::string why;
  auto text = read_text_file(path, why);
  if (!text) throw InputError({{path, "", "expected a readable scenario file, found " + why}});
  std::vector<std::pair<std::string, fs::path>> chain{{path, identity_of(path)}};
  return load_document(*text, path, chain, ctx);
}

}  // namespace

Scenario load_scenario_text(const std::string& text, const std::string& file,
                            const std::vector<std::string>& overrides, LoadOptions options) {
  Context ctx;
  std::vector<std::pair<std::string, fs::path>> chain{{file, identity_of(file)}};
  return finish_load(load_document(text, file, chain, ctx), ctx, file, overrides, options);
}

Scenario load_scenario_at_load_of(const std::string& path, const std::string& load_from,
                                  const std::vector<std::string>& overrides, LoadOptions options) {
  Context ctx;
  auto doc = read_document(path, ctx);
  Context load_ctx;
  auto load = read_document(load_from, load_ctx);
  if (!load) throw InputError(std::move(load_ctx.issues));
  ctx.files.insert(ctx.files.end(), load_ctx.files.begin(), load_ctx.files.end());
  if (doc) {
    if (auto w = load->find("workload"); w != load->end()) (*doc)["workload"] = *w;
    else doc->erase("workload");
  }
  return finish_load(std::move(doc), ctx, path, overrides, options);
}

Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides, LoadOptions options) {
  std::string why;
  auto text = read_text_file(path, why);
  if (!text) throw InputError({{path, "", "expected a readable scenario file, found " + why}});
  return load_scenario_text(*text, path, overrides, options);
}

}  // namespace ladder
