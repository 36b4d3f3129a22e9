// See include/ladder/components/FaultTimeline.hpp.
#include "ladder/components/FaultTimeline.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace ladder {

FaultTimeline::FaultTimeline(std::vector<Fault> faults, Kernel& kernel, Metrics& metrics, const Registry& registry,
                             bool local_sessions)
    : faults_(std::move(faults)), kernel_(kernel), metrics_(metrics), registry_(registry),
      local_sessions_(local_sessions) {}

void FaultTimeline::start() {
  for (std::size_t i = 0; i < faults_.size(); ++i)
    kernel_.at(faults_[i].at_s, this, static_cast<int>(i), 0);
}

void FaultTimeline::on_event(int kind, RequestId /*unused*/) { apply(faults_[static_cast<std::size_t>(kind)]); }

template <typename Cap>
Cap& FaultTimeline::one(const Fault& f, Cap* Registered::*cap) const {
  auto found = registry_.resolve(f.target);
  // The loader checks targets; this guards against a builder that did not register one.
  if (found.empty() || !(found.front()->*cap))
    throw std::logic_error(fmt::format("fault {} at {} s: no registered target '{}' can take it", to_string(f.action),
                                       f.at_s, f.target));
  return *(found.front()->*cap);
}

void FaultTimeline::apply(const Fault& f) {
  const double now = kernel_.now();
  std::string detail;
  switch (f.action) {
    case FaultAction::crash: {
      int lost = one(f, &Registered::crashable).crash();
      detail = lost < 0 ? "was not running" : fmt::format("{} requests in flight failed{}", lost,
                                                          local_sessions_ ? "; the sessions in its memory are gone" : "");
      break;
    }
    case FaultAction::recover:
      detail = one(f, &Registered::crashable).recover() ? "restarted with empty memory" : "was not down";
      break;
    case FaultAction::slow:
      one(f, &Registered::slowable).set_slow(f.factor);
      detail = f.factor == 1 ? "back to normal speed" : fmt::format("every new demand × {:g}", f.factor);
      break;
    case FaultAction::cut:
    case FaultAction::heal: {
      std::size_t n = 0;
      for (const Registered* e : registry_.resolve(f.target))
        if (e->cuttable) {
          e->cuttable->set_reachable(f.action == FaultAction::heal);
          ++n;
        }
      detail = f.action == FaultAction::cut ? fmt::format("{} server(s) unreachable from the load balancer", n)
                                            : fmt::format("{} server(s) reachable again", n);
      break;
    }
    case FaultAction::scale_out:
      detail = fmt::format("+{} server(s)", f.count);
      metrics_.event(now, f.target, to_string(f.action), detail);
      one(f, &Registered::scalable).scale_out(f.count);
      return;
    case FaultAction::scale_in:
      detail = fmt::format("-{} server(s)", f.count);
      metrics_.event(now, f.target, to_string(f.action), detail);
      one(f, &Registered::scalable).scale_in(f.count);
      return;
  }
  metrics_.event(now, f.target, to_string(f.action), detail);
}

}  // namespace ladder
