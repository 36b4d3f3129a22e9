// The fault timeline: the scenario's `faults` entries applied to the components at their times
// (crash and recover an app server, slow a server down, cut and heal a server or a zone, scale
// the app tier out or in). Each applied fault is logged in the result's events; what follows
// from it (health-check verdicts, drains) is logged by the component that notices. Targets are
// resolved through the run's Registry (a path, or a zone's group) and act through the
// capability the target registered (Crashable, Slowable, Cuttable, Scalable).
#pragma once

#include <vector>

#include "ladder/components/Registry.hpp"
#include "ladder/metrics/Metrics.hpp"
#include "ladder/scenario/Scenario.hpp"
#include "ladder/sim/Kernel.hpp"

namespace ladder {

class FaultTimeline : public Component {
 public:
  /// `faults` in time order (the loader sorts them and checks every target exists);
  /// `local_sessions`: a crash loses the sessions in the server's memory (said in the event).
  FaultTimeline(std::vector<Fault> faults, Kernel& kernel, Metrics& metrics, const Registry& registry,
                bool local_sessions);
  void start();
  void on_event(int kind, RequestId req) override;
  void on_done(int, RequestId) override {}

 private:
  void apply(const Fault& f);
  /// The one instance `f` targets, which must have the capability `cap` selects.
  template <typename Cap>
  Cap& one(const Fault& f, Cap* Registered::*cap) const;

  std::vector<Fault> faults_;
  Kernel& kernel_;
  Metrics& metrics_;
  const Registry& registry_;
  bool local_sessions_;
};

}  // namespace ladder
