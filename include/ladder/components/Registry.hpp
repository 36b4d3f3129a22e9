// The registry of a run's instances: every component a fault (and later cost and the platform)
// can address, by its path name ("app-2", "db", "db-replica-1", "session-store", "cache"), with
// the capabilities it has. A fault resolves its target here and applies to what the target can
// do; nothing else parses target strings. A group ("zone-b": the app servers in zone b) names
// several instances at once. Pure: no Engine, unit-tested in tests/components/RegistryTest.cpp.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ladder {

/// Can crash (losing what it holds) and restart.
class Crashable {
 public:
  virtual ~Crashable() = default;
  /// The requests lost, or -1 when it was not running.
  virtual int crash() = 0;
  /// False when it was not down.
  virtual bool recover() = 0;
};

/// Can be slowed down: every new demand × factor (1 = normal speed).
class Slowable {
 public:
  virtual ~Slowable() = default;
  virtual void set_slow(double factor) = 0;
};

/// Can be cut off from the network and healed.
class Cuttable {
 public:
  virtual ~Cuttable() = default;
  virtual void set_reachable(bool reachable) = 0;
};

/// A tier that can grow and shrink by whole instances.
class Scalable {
 public:
  virtual ~Scalable() = default;
  virtual void scale_out(int count) = 0;
  virtual void scale_in(int count) = 0;
};

struct Registered {
  std::string path;   ///< unique in the run
  std::string group;  ///< a name several instances share ("zone-b"); empty: none
  Crashable* crashable = nullptr;
  Slowable* slowable = nullptr;
  Cuttable* cuttable = nullptr;
  Scalable* scalable = nullptr;
};

class Registry {
 public:
  /// Registration order is kept: it is the order a group resolves in.
  void add(Registered r) { entries_.push_back(std::move(r)); }
  /// The instance with this path, or null.
  const Registered* find(std::string_view path) const {
    for (const Registered& e : entries_)
      if (e.path == path)
        return &e;
    return nullptr;
  }
  /// A path (that instance) or a group (its members, in registration order); empty when nothing
  /// has that name. Pointers stay valid while nothing is added.
  std::vector<const Registered*> resolve(std::string_view target) const {
    if (const Registered* e = find(target))
      return {e};
    std::vector<const Registered*> out;
    for (const Registered& e : entries_)
      if (!e.group.empty() && e.group == target)
        out.push_back(&e);
    return out;
  }
  const std::vector<Registered>& entries() const { return entries_; }

 private:
  std::vector<Registered> entries_;
};

}  // namespace ladder
