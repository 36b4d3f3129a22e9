// See include/ladder/components/Calls.hpp.
#include "ladder/components/Calls.hpp"

#include "ladder/components/AppServer.hpp"

namespace ladder {

Calls::Calls(Kernel& kernel, RequestPool& pool, Metrics& metrics, const Lowered& lowered, double hop_s,
             std::uint64_t seed)
    : kernel_(kernel), pool_(pool), metrics_(metrics), lowered_(lowered), hop_s_(hop_s), rng_(seed, "calls"),
      servers_(lowered.programs.size()), next_(lowered.programs.size(), 0), edges_(lowered.edges.size()),
      topics_(lowered.topics.size()) {
  for (const CallEdge& e : lowered.edges)
    breakers_.push_back(e.breaker ? std::make_unique<CircuitBreaker>() : nullptr);
}

AppServer* Calls::pick(int service) {
  auto& list = servers_[static_cast<std::size_t>(service)];
  std::size_t& next = next_[static_cast<std::size_t>(service)];
  for (std::size_t tried = 0; tried < list.size(); ++tried) {
    AppServer* s = list[next];
    next = (next + 1) % list.size();
    if (s->present())
      return s;
  }
  return nullptr;
}

void Calls::job_done(RequestId job, bool keep) {
  const Request& r = pool_[job];
  const double now = kernel_.now();
  if (metrics_.measured(r.created) && metrics_.measured(now)) {
    TopicStats& t = topic(r.topic);
    if (r.error == ErrorKind::none) {
      ++t.done;
      t.latency.add(now - r.created);
    } else {
      ++t.failed;
    }
  }
  if (!keep)
    pool_.release(job);
}

}  // namespace ladder
