// See include/ladder/components/FaultTimeline.hpp.
#include "ladder/components/FaultTimeline.hpp"

#include <fmt/format.h>

namespace ladder {

FaultTimeline::FaultTimeline(std::vector<Fault> faults, Kernel& kernel, Metrics& metrics, Targets targets)
    : faults_(std::move(faults)), kernel_(kernel), metrics_(metrics), t_(std::move(targets)) {}

void FaultTimeline::start() {
  for (std::size_t i = 0; i < faults_.size(); ++i)
    kernel_.at(faults_[i].at_s, this, static_cast<int>(i), 0);
}

void FaultTimeline::on_event(int kind, RequestId /*unused*/) { apply(faults_[static_cast<std::size_t>(kind)]); }

std::vector<AppServer*> FaultTimeline::apps_named(const std::string& target) const {
  std::vector<AppServer*> out;
  if (target.starts_with("zone-")) {
    int zone = target[5] - 'a';
    for (std::size_t i = 0; i < t_.apps.size(); ++i)
      if (static_cast<int>(i) % t_.zones == zone)
        out.push_back(t_.apps[i]);
  } else if (target.starts_with("app-")) {
    out.push_back(t_.apps[std::stoul(target.substr(4))]);
  }
  return out;
}

void FaultTimeline::apply(const Fault& f) {
  const double now = kernel_.now();
  std::string detail;
  switch (f.action) {
    case FaultAction::crash: {
      int lost = apps_named(f.target).front()->crash();
      detail = lost < 0 ? "was not running" : fmt::format("{} requests in flight failed{}", lost,
                                                          t_.local_sessions ? "; the sessions in its memory are gone" : "");
      break;
    }
    case FaultAction::recover:
      detail = apps_named(f.target).front()->recover() ? "restarted with empty memory" : "was not down";
      break;
    case FaultAction::slow:
      if (f.target == "db")
        t_.db->set_slow(f.factor);
      else if (f.target.starts_with("db-replica-"))
        t_.replicas[std::stoul(f.target.substr(11)) - 1]->set_slow(f.factor);
      else if (f.target == "session-store")
        t_.store->set_slow(f.factor);
      else
        apps_named(f.target).front()->set_slow(f.factor);
      detail = f.factor == 1 ? "back to normal speed" : fmt::format("every new demand × {:g}", f.factor);
      break;
    case FaultAction::cut:
    case FaultAction::heal: {
      auto apps = apps_named(f.target);
      for (AppServer* a : apps)
        a->set_reachable(f.action == FaultAction::heal);
      detail = f.action == FaultAction::cut ? fmt::format("{} server(s) unreachable from the load balancer", apps.size())
                                            : fmt::format("{} server(s) reachable again", apps.size());
      break;
    }
    case FaultAction::scale_out:
      detail = fmt::format("+{} server(s)", f.count);
      metrics_.event(now, f.target, to_string(f.action), detail);
      t_.lb->scale_out(f.count);
      return;
    case FaultAction::scale_in:
      detail = fmt::format("-{} server(s)", f.count);
      metrics_.event(now, f.target, to_string(f.action), detail);
      t_.lb->scale_in(f.count);
      return;
  }
  metrics_.event(now, f.target, to_string(f.action), detail);
}

}  // namespace ladder
