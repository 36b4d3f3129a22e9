// Instance catalog: vCPUs, memory and on-demand price of the instance types a scenario may
// name. The data lives in data/catalog.json (with its source and price date) and is compiled in.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace ladder {

struct InstanceType {
  std::string name;     ///< "m5.large", "db.m5.large", "cache.r6g.large", "alb"
  std::string kind;     ///< "compute", "database", "cache", "load_balancer"
  int vcpus = 0;        ///< 0 for managed services without a CPU model (load balancer)
  double memory_gib = 0;
  double hourly_usd = 0;
  double cpu_speed = 1.0;  ///< relative to the reference vCPU (m5 = 1.0)
};

class Catalog {
 public:
  /// The compiled-in catalog.
  static const Catalog& builtin();
  /// Parse a catalog document (throws std::runtime_error with a clear message if malformed).
  static Catalog parse(const std::string& json_text);

  std::optional<InstanceType> find(const std::string& name) const;
  const std::vector<InstanceType>& all() const { return types_; }
  const std::string& source() const { return source_; }
  const std::string& price_date() const { return price_date_; }
  /// Names ordered by edit distance to `name`, closest first (for "did you mean").
  std::vector<std::string> nearest(const std::string& name, std::size_t limit = 3) const;

 private:
  std::vector<InstanceType> types_;
  std::string source_;
  std::string price_date_;
};

}  // namespace ladder
