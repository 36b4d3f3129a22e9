// The fault timeline: the scenario's `faults` entries applied to the components at their times
// (crash and recover an app server, slow a server down, cut and heal a server or a zone, scale
// the app tier out or in). Each applied fault is logged in the result's events; what follows
// from it (health-check verdicts, drains) is logged by the component that notices.
#pragma once

#include <vector>

#include "ladder/components/AppServer.hpp"
#include "ladder/components/Database.hpp"
#include "ladder/components/LoadBalancer.hpp"
#include "ladder/components/SessionStore.hpp"
#include "ladder/metrics/Metrics.hpp"
#include "ladder/scenario/Scenario.hpp"
#include "ladder/sim/Kernel.hpp"

namespace ladder {

class FaultTimeline : public Component {
 public:
  struct Targets {
    std::vector<AppServer*> apps;  ///< every server that can exist, by index
    Database* db = nullptr;
    std::vector<Database*> replicas;  ///< db-replica-1 is replicas[0]
    SessionStore* store = nullptr;
    LoadBalancer* lb = nullptr;
    int zones = 1;
    bool local_sessions = false;
  };
  /// `faults` in time order (the loader sorts them and checks every target exists).
  FaultTimeline(std::vector<Fault> faults, Kernel& kernel, Metrics& metrics, Targets targets);
  void start();
  void on_event(int kind, RequestId req) override;
  void on_done(int, RequestId) override {}

 private:
  void apply(const Fault& f);
  std::vector<AppServer*> apps_named(const std::string& target) const;

  std::vector<Fault> faults_;
  Kernel& kernel_;
  Metrics& metrics_;
  Targets t_;
};

}  // namespace ladder
