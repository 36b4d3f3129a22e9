// See include/ladder/platform/Platform.hpp.
#include "ladder/platform/Platform.hpp"

#include <simgrid/s4u.hpp>

#include "ladder/cost/Catalog.hpp"

namespace sg4 = simgrid::s4u;

namespace ladder {

namespace {
constexpr double kReferenceSpeed = 1e9;  // flop/s of a speed-1.0 vCPU
constexpr double kNicBandwidth = 1.25e9;  // 10 Gbit/s, bytes/s
constexpr double kMBps = 1e6;

double cpu_speed(const std::string& instance) {
  auto t = Catalog::builtin().find(instance);
  return t ? t->cpu_speed : 1.0;
}

sg4::Host* add_host(sg4::NetZone* zone, const std::string& name, int cores, double speed,
                    double nic_latency_s) {
  sg4::Host* h = zone->create_host(name, kReferenceSpeed * speed)->set_core_count(cores)->seal();
  sg4::Link* nic = zone->create_split_duplex_link(name + "-nic", kNicBandwidth)
                       ->set_latency(nic_latency_s)
                       ->seal();
  zone->add_route(h->get_netpoint(), nullptr, nullptr, nullptr,
                  {{nic, sg4::LinkInRoute::Direction::UP}}, true);
  return h;
}
}  // namespace

void configure_network_model(sg4::Engine& engine) {
  engine.set_config("network/model:CM02");
  engine.set_config("network/crosstraffic:0");
  engine.set_config("network/TCP-gamma:0");
}

std::string app_host_name(const Scenario& s, int i) {
  return s.db.enabled && s.db.colocated ? "box" : "app-" + std::to_string(i);
}

Platform build_platform(const Scenario& s) {
  Platform p;
  auto* dc = sg4::create_star_zone("dc");
  double nic_latency = s.network.hop_ms / 1e3 / 2;
  p.client_host = add_host(dc, "clients", 1, 1.0, s.network.client_latency_ms / 1e3);
  // Servers a scale_out fault adds exist from the start, idle until they boot.
  for (int i = 0; i < s.app.max_count; ++i)
    p.app_hosts.push_back(
        add_host(dc, app_host_name(s, i), s.app.vcpus, cpu_speed(s.app.instance), nic_latency));
  if (s.db.enabled) {
    p.db_host = s.db.colocated
                    ? p.app_hosts.front()
                    : add_host(dc, "db", s.db.vcpus, cpu_speed(s.db.instance), nic_latency);
    p.db_storage = add_host(dc, "db-disk", 1, s.db.disk_read_mbps * kMBps / kReferenceSpeed, 0.0);
    for (int r = 1; r <= s.db.replicas; ++r) {
      std::string name = "db-replica-" + std::to_string(r);
      p.replica_hosts.push_back(add_host(dc, name, s.db.replica_vcpus, cpu_speed(s.db.replica_instance), nic_latency));
      p.replica_storage.push_back(add_host(dc, name + "-disk", 1, s.db.disk_read_mbps * kMBps / kReferenceSpeed, 0.0));
    }
  }
  if (s.cache.enabled)
    p.cache_host = add_host(dc, "cache", 1, cpu_speed(s.cache.instance), nic_latency);  // Redis: one core
  if (s.session_store.enabled)
    p.session_store_host = add_host(dc, "session-store", 1,  // Redis: one core
                                    cpu_speed(s.session_store.instance), nic_latency);
  dc->seal();
  return p;
}

}  // namespace ladder
