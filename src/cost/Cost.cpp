// Monthly cost of a scenario's architecture: on-demand instance-hours priced from the catalog.
// Assumes every billed component runs all month (cost.hours_per_month, typically 730 h);
// ignores storage, I/O, data transfer and reservations, except the usage lines of a managed
// service (an object store), priced from a run's measured use. A colocated database runs on the first
// app server's host, so it adds no item; the load balancer's LCU charge is the catalog's
// assumed constant (see data/catalog.json).
#include "ladder/cost/Cost.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "ladder/cost/Catalog.hpp"
#include "ladder/scenario/Instances.hpp"
#include "ladder/scenario/Loader.hpp"

namespace ladder {
namespace {

CostItem priced(const Scenario& s, const std::string& item, const std::string& json_path, const std::string& instance,
                int count) {
  auto type = Catalog::builtin().find(instance);
  if (!type) {
    auto near = Catalog::builtin().nearest(instance, 3);
    throw InputError({InputIssue{s.file, json_path,
                                 fmt::format("expected an instance type from the catalog (did you mean {}?), "
                                             "found \"{}\"",
                                             fmt::join(near, ", "), instance)}});
  }
  CostItem c;
  c.name = item;
  c.instance = instance;
  c.count = count;
  c.hourly_usd = type->hourly_usd;
  c.monthly_usd = type->hourly_usd * count * s.cost.hours_per_month;
  return c;
}

}  // namespace

CostResult compute_cost(const Scenario& s) {
  CostResult r;
  // One item per bill line, in the order its first instance comes; only what runs at the start
  // is billed (a server a scale-out adds later is not).
  for (const Instance& in : expand_instances(s)) {
    if (in.cost_item.empty() || !in.running_at_start)
      continue;
    auto same = std::find_if(r.items.begin(), r.items.end(), [&](const CostItem& c) { return c.name == in.cost_item; });
    if (same == r.items.end())
      r.items.push_back(priced(s, in.cost_item, in.type_field, in.type, 1));
    else
      *same = priced(s, in.cost_item, in.type_field, in.type, same->count + 1);
  }
  for (const auto& item : r.items) r.monthly_usd += item.monthly_usd;
  r.per_1k_dau_usd = s.workload.dau > 0 ? r.monthly_usd / (s.workload.dau / 1000.0) : 0.0;
  return r;
}

void add_usage_cost(const Scenario& s, const UploadResult& measured, double window_s, CostResult& cost) {
  if (window_s <= 0 || measured.uploads + measured.downloads == 0)
    return;
  const double seconds = s.cost.hours_per_month * 3600;
  const double puts = static_cast<double>(measured.uploads) / window_s * seconds;
  const double gets = static_cast<double>(measured.downloads) / window_s * seconds;
  const double gb = puts * s.uploads.file_kb * 1024 / 1e9;
  auto monthly = [&](UsageMeter m) { return m == UsageMeter::uploads ? puts : m == UsageMeter::downloads ? gets : gb; };
  bool billed = false;
  for (const Instance& in : expand_instances(s))
    for (const UsageLine& line : in.usage) {
      double usd = 0;
      for (const UsageTerm& t : line.terms) usd += monthly(t.meter) / t.per * t.usd;
      cost.items.push_back({line.item, line.instance, 0, 0, usd});
      cost.monthly_usd += usd;
      billed = true;
    }
  if (billed)
    cost.per_1k_dau_usd = s.workload.dau > 0 ? cost.monthly_usd / (s.workload.dau / 1000.0) : 0.0;
}

}  // namespace ladder
