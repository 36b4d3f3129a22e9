// See include/ladder/platform/Platform.hpp.
#include "ladder/platform/Platform.hpp"

#include <simgrid/s4u.hpp>

#include <map>
#include <stdexcept>

#include "ladder/cost/Catalog.hpp"
#include "ladder/scenario/Instances.hpp"

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

simgrid::s4u::Host* Platform::host(std::string_view path) const {
  auto it = hosts.find(path);
  if (it == hosts.end()) throw std::logic_error("platform: no host for instance " + std::string(path));
  return it->second;
}

simgrid::s4u::Host* Platform::disk(std::string_view path) const {
  auto it = disks.find(path);
  if (it == disks.end()) throw std::logic_error("platform: no disk for instance " + std::string(path));
  return it->second;
}

Platform build_platform(const Scenario& s) {
  Platform p;
  auto* dc = sg4::create_star_zone("dc");
  double nic_latency = s.network.hop_ms / 1e3 / 2;
  p.client_host = add_host(dc, "clients", 1, 1.0, s.network.client_latency_ms / 1e3);
  // One host per instance that has one, in the instances' order (servers a scale_out fault adds
  // exist from the start, idle until they boot); a colocated instance runs on its host's.
  std::map<std::string, sg4::Host*, std::less<>> by_name;
  for (const Instance& in : expand_instances(s)) {
    if (in.host.empty())
      continue;
    sg4::Host* h = nullptr;
    if (in.shares_host) {
      h = by_name.at(in.host);
    } else {
      h = add_host(dc, in.host, in.cores, cpu_speed(in.type), nic_latency);
      by_name.emplace(in.host, h);
    }
    p.hosts.emplace(in.path, h);
    if (in.disk_read_mbps > 0)
      p.disks.emplace(in.path, add_host(dc, in.path + "-disk", 1, in.disk_read_mbps * kMBps / kReferenceSpeed, 0.0));
  }
  dc->seal();
  return p;
}

}  // namespace ladder
