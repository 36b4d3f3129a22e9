// The SimGrid platform of a scenario, created in code: one data-centre zone with a host per
// server instance (cores = the instance's vCPUs, speed = 1 Gflop/s × the instance's relative
// CPU speed) and a storage device for the database.
//
// The database's disk is a one-core host whose speed is the disk's read bandwidth in bytes/s:
// concurrent I/Os share its bandwidth fairly, as SimGrid's Disk would. SimGrid 3.32's own
// Disk/Io cannot be used from a long-lived actor: IoImpl adds itself to the issuing actor's
// activity list and never removes itself, so the list (and memory) grows with every I/O and
// every later activity pays a linear scan of it (measured on stage 3 with a disk write per
// read: 6x slower for 30 simulated seconds, 54x for 120 — 122 s instead of 2.3 s — and growing;
// see IoImpl::IoImpl in SimGrid 3.32's src/kernel/activity/IoImpl.cpp).
//
// Network model: CM02 with TCP-gamma, cross-traffic and LV08's latency/bandwidth factors off,
// so a link's latency is exactly what the scenario says (LV08's defaults inflate the latency of
// small messages about 13×). Each host hangs off the zone by a NIC link of half the intra-DC
// hop latency, so host-to-host is one hop. Request/response hops in stages 0–3 carry small
// messages whose bandwidth does not matter: the kernel times them as latency-only events.
// The links exist for flows where bytes matter (replication, CDN, cross-region) in later stages.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include <simgrid/forward.h>

#include "ladder/scenario/Scenario.hpp"

namespace ladder {

/// Reference-vCPU milliseconds to flops: a vCPU of speed 1.0 runs 1e9 flop/s.
inline constexpr double kFlopsPerMs = 1e6;

/// Hosts by instance path (scenario/Instances.hpp): "app-0", "db", "db-replica-1", "cache", ….
struct Platform {
  simgrid::s4u::Host* client_host = nullptr;  ///< where the clients are (no CPU model)
  std::map<std::string, simgrid::s4u::Host*, std::less<>> hosts;  ///< every instance with a host
  std::map<std::string, simgrid::s4u::Host*, std::less<>> disks;  ///< speed = disk read bandwidth, bytes/s

  /// The instance's host (a colocated database: the box's); throws std::logic_error when absent.
  simgrid::s4u::Host* host(std::string_view path) const;
  /// The instance's disk; throws std::logic_error when absent.
  simgrid::s4u::Host* disk(std::string_view path) const;
};

/// Network-model settings; must run before the first zone is created.
void configure_network_model(simgrid::s4u::Engine& engine);
/// Builds the zone and a host (and disk) for every instance of the scenario, in their order.
/// Instance types must exist in the catalog.
Platform build_platform(const Scenario& s);

}  // namespace ladder
