// Wiring: reads a scenario and connects the components of one run. Components know their own
// behaviour; only this file knows which talks to which, and over how much latency.
#pragma once

#include <memory>
#include <vector>

#include "ladder/components/AppServer.hpp"
#include "ladder/components/CacheServer.hpp"
#include "ladder/components/Replication.hpp"
#include "ladder/components/Database.hpp"
#include "ladder/components/FaultTimeline.hpp"
#include "ladder/components/LoadBalancer.hpp"
#include "ladder/components/Program.hpp"
#include "ladder/components/Registry.hpp"
#include "ladder/components/Request.hpp"
#include "ladder/components/SessionStore.hpp"
#include "ladder/components/StateDirectory.hpp"
#include "ladder/components/Workload.hpp"
#include "ladder/metrics/Metrics.hpp"
#include "ladder/platform/Platform.hpp"
#include "ladder/scenario/Scenario.hpp"
#include "ladder/sim/Kernel.hpp"

namespace ladder {

/// The connected components of one run.
class Model {
 public:
  Model(const Scenario& s, const Platform& p, Kernel& kernel, Metrics& metrics);
  void start();

 private:
  RequestPool pool_;
  Lowered lowered_;  ///< every service's programs, by endpoint; the app servers point into them
  std::unique_ptr<Calls> calls_;  ///< with more than one service (or a publish step)
  StateDirectory directory_;
  std::unique_ptr<Workload> workload_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<ReplicationLog> log_;
  std::unique_ptr<ReadRouter> router_;
  std::vector<std::unique_ptr<Database>> replicas_;
  std::unique_ptr<LagMonitor> lag_monitor_;
  std::unique_ptr<CacheServer> cache_;
  std::unique_ptr<SessionStore> store_;
  std::vector<std::unique_ptr<AppServer>> apps_;
  std::unique_ptr<LoadBalancer> lb_;
  Registry registry_;  ///< every instance faults can address; after the components it points to
  std::unique_ptr<FaultTimeline> faults_;
};

}  // namespace ladder
