// Monthly cost of a scenario's architecture: on-demand instance-hours priced from the catalog.
// Assumes every billed component runs all month (cost.hours_per_month, typically 730 h);
// ignores storage, I/O, data transfer and reservations. A colocated database runs on the first
// app server's host, so it adds no item; the load balancer's LCU charge is the catalog's
// assumed constant (see data/catalog.json).
#include "ladder/cost/Cost.hpp"

#include <fmt/format.h>

#include "ladder/cost/Catalog.hpp"
#include "ladder/scenario/Loader.hpp"

namespace ladder {
namespace {

CostItem priced(const Scenario& s, const char* item, const char* json_path, const std::string& instance,
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
  r.items.push_back(priced(s, "app servers", "/services/app/instance", s.app.instance, s.app.count));
  if (s.db.enabled && !s.db.colocated)
    r.items.push_back(priced(s, "database", "/stores/db/instance", s.db.instance, 1));
  if (s.db.enabled && s.db.replicas > 0)
    r.items.push_back(priced(s, "read replicas", "/stores/db/replica_instance", s.db.replica_instance, s.db.replicas));
  if (s.cache.enabled) r.items.push_back(priced(s, "cache", "/caches/cache/instance", s.cache.instance, 1));
  if (s.lb.enabled) r.items.push_back(priced(s, "load balancer", "/lbs/lb/instance", s.lb.instance, 1));
  if (s.session_store.enabled)
    r.items.push_back(priced(s, "session store", "/stores/session-store/instance", s.session_store.instance, 1));
  for (const auto& item : r.items) r.monthly_usd += item.monthly_usd;
  r.per_1k_dau_usd = s.workload.dau > 0 ? r.monthly_usd / (s.workload.dau / 1000.0) : 0.0;
  return r;
}

void add_usage_cost(const Scenario& s, const UploadResult& measured, double window_s, CostResult& cost) {
  if (s.uploads.store != UploadStoreKind::object_store || window_s <= 0 || measured.uploads + measured.downloads == 0)
    return;
  const double seconds = s.cost.hours_per_month * 3600;
  const double puts = static_cast<double>(measured.uploads) / window_s * seconds;
  const double gets = static_cast<double>(measured.downloads) / window_s * seconds;
  const double gb = puts * s.uploads.file_kb * 1024 / 1e9;
  CostItem requests{"object store requests", "object_store", 0, 0,
                    puts / 1000 * s.object_store.put_usd_per_1k + gets / 1000 * s.object_store.get_usd_per_1k};
  CostItem storage{"object store storage", "object_store", 0, 0, gb * s.object_store.gb_month_usd};
  for (const CostItem& item : {requests, storage}) {
    cost.items.push_back(item);
    cost.monthly_usd += item.monthly_usd;
  }
  cost.per_1k_dau_usd = s.workload.dau > 0 ? cost.monthly_usd / (s.workload.dau / 1000.0) : 0.0;
}

}  // namespace ladder
