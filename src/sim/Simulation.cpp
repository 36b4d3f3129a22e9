// See include/ladder/sim/Simulation.hpp.
#include "ladder/sim/Simulation.hpp"

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <simgrid/s4u.hpp>
#include <xbt/log.h>

#include "ladder/components/StatsViews.hpp"
#include "ladder/cost/Cost.hpp"
#include "ladder/metrics/Metrics.hpp"
#include "ladder/platform/Platform.hpp"
#include "ladder/sim/Builder.hpp"
#include "ladder/sim/Kernel.hpp"

namespace sg4 = simgrid::s4u;

namespace ladder {

namespace {

void check_slo(const Scenario& s, Result& r) {
  r.slo = {};
  r.slo.checked = true;
  if (s.slo.p99_ms > 0 && r.latency_ms.p99 > s.slo.p99_ms)
    r.slo.violations.push_back(
        fmt::format("p99 {:.1f} ms exceeds the objective of {:.1f} ms", r.latency_ms.p99, s.slo.p99_ms));
  if (r.requests.error_rate > s.slo.error_rate)
    r.slo.violations.push_back(fmt::format("error rate {:.2f}% exceeds the objective of {:.2f}%",
                                           r.requests.error_rate * 100, s.slo.error_rate * 100));
  if (r.requests.completed == 0)
    r.slo.violations.push_back("no request completed in the measured window");
  r.slo.met = r.slo.violations.empty();
}

/// The SLO of a `--seeds` run, judged on the across-seed means; each verdict shows the interval,
/// and says so when the objective lies inside it (the verdict is then within seed noise).
void check_slo_on_means(const Scenario& s, const std::vector<Result>& runs, Result& r) {
  r.slo = {};
  r.slo.checked = true;
  const std::size_t k = r.replications.seeds.size();
  auto noise = [](const ReplicatedFigure& f, double objective) {
    return std::abs(f.mean - objective) <= f.ci95 ? " (the objective is inside the 95% interval: within seed noise)"
                                                  : "";
  };
  if (const ReplicatedFigure* p99 = r.replications.find("p99_ms"); p99 && s.slo.p99_ms > 0 && p99->mean > s.slo.p99_ms)
    r.slo.violations.push_back(fmt::format("p99 {:.1f} ± {:.1f} ms over {} seeds exceeds the objective of {:.1f} ms{}",
                                           p99->mean, p99->ci95, k, s.slo.p99_ms, noise(*p99, s.slo.p99_ms)));
  if (const ReplicatedFigure* e = r.replications.find("error_rate"); e && e->mean > s.slo.error_rate)
    r.slo.violations.push_back(fmt::format("error rate {:.2f} ± {:.2f}% over {} seeds exceeds the objective of {:.2f}%{}",
                                           e->mean * 100, e->ci95 * 100, k, s.slo.error_rate * 100,
                                           noise(*e, s.slo.error_rate)));
  for (std::size_t i = 0; i < runs.size(); ++i)
    if (runs[i].requests.completed == 0)
      r.slo.violations.push_back(fmt::format("no request completed in the measured window of seed {}",
                                             r.replications.seeds[i]));
  r.slo.met = r.slo.violations.empty();
}

}  // namespace

Result run_simulation(const Scenario& s, const RunOptions& opt) {
  auto wall_start = std::chrono::steady_clock::now();
  // SimGrid logs each configuration change at INFO; keep stderr for our own messages.
  xbt_log_control_set("root.thres:warning");
  int argc = 1;
  char arg0[] = "ladder";
  char* argv[] = {arg0, nullptr};
  sg4::Engine engine(&argc, argv);
  configure_network_model(engine);
  Platform platform = build_platform(s);

  Metrics metrics(s.sim.warmup_s, s.sim.duration_s, s.sim.timeline_interval_s);
  Kernel kernel(s.sim.duration_s);
  Model model(s, platform, kernel, metrics);

  if (opt.progress) {
    kernel.set_progress([&s, wall_start](double now) {
      double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
      if (wall < 1.0)
        return;
      std::fprintf(stderr, "\r  %s: simulated %.0f of %.0f s (%3.0f%%), %.1f s elapsed  ",
                   s.name.c_str(), now, s.sim.duration_s, 100 * now / s.sim.duration_s, wall);
    });
  }

  model.start();
  kernel.run();  // drives the engine from maestro: no actor
  if (opt.progress && kernel.events() >= (1u << 16))
    std::fprintf(stderr, "\r\033[K");

  Result r;
  r.scenario = {s.name, s.file, s.sim.seed, s.stage, s.description};
  r.workload.model = to_string(s.workload.model);
  r.workload.offered_rps = s.workload.model == ArrivalModel::open ? s.workload.rate_rps : 0;
  r.workload.users = s.workload.model == ArrivalModel::closed ? s.workload.users : 0;
  r.workload.dau = s.workload.dau;
  metrics.fill(r);
  // The stage sections: what the scenario configured, then the views of the components' stats.
  r.sessions.store = to_string(s.sessions.store);
  r.uploads.store = to_string(s.uploads.store);
  if (s.db.enabled && s.db.replicas > 0) {
    r.replication.replicas = s.db.replicas;
    r.replication.read_policy = to_string(s.db.read_policy);
  }
  if (s.cache.enabled) {
    r.cache.enabled = true;
    r.cache.policy = to_string(s.cache.policy);
  }
  fill_views(metrics.stats(), metrics.class_names(), r);
  r.cost = compute_cost(s);
  add_usage_cost(s, r.uploads, s.sim.duration_s - s.sim.warmup_s, r.cost);
  check_slo(s, r);
  r.sim.duration_s = s.sim.duration_s;
  r.sim.warmup_s = s.sim.warmup_s;
  r.sim.events = kernel.events();
  r.sim.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return r;
}

namespace {

/// A forked child running one scenario: it writes its result as JSON to `fd`, then exits.
struct Child {
  pid_t pid = -1;
  int fd = -1;
  std::string text;
};

Child start_child(const Scenario& s, const RunOptions& opt) {
  int fds[2];
  if (pipe(fds) != 0)
    throw std::runtime_error("cannot create a pipe for the child run");
  std::fflush(nullptr);
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    throw std::runtime_error("cannot fork a child run");
  }
  if (pid == 0) {
    close(fds[0]);
    int rc = 0;
    try {
      nlohmann::ordered_json j = run_simulation(s, opt);
      std::string out = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      std::size_t off = 0;
      while (off < out.size()) {
        ssize_t n = write(fds[1], out.data() + off, out.size() - off);
        if (n <= 0) {
          rc = 3;
          break;
        }
        off += static_cast<std::size_t>(n);
      }
    } catch (const std::exception& e) {
      std::fprintf(stderr, "ladder: %s: %s\n", s.file.c_str(), e.what());
      rc = 3;
    }
    close(fds[1]);
    _exit(rc);
  }
  close(fds[1]);
  return Child{pid, fds[0], {}};
}

/// Reads what the child wrote so far; false at end of file.
bool read_some(Child& c) {
  char buf[65536];
  ssize_t n = read(c.fd, buf, sizeof buf);
  if (n < 0 && errno == EINTR)
    return true;
  if (n <= 0)
    return false;
  c.text.append(buf, static_cast<std::size_t>(n));
  return true;
}

/// The child's output is complete: reap it and parse its result.
Result finish_child(Child& c, const Scenario& s) {
  close(c.fd);
  c.fd = -1;
  int status = 0;
  while (waitpid(c.pid, &status, 0) < 0 && errno == EINTR) {
  }
  c.pid = -1;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || c.text.empty())
    throw std::runtime_error("the simulation of " + s.file + " failed in its child process");
  Result r;
  from_json(nlohmann::ordered_json::parse(c.text), r);
  return r;
}

}  // namespace

Result run_in_child(const Scenario& s, const RunOptions& opt) {
  Child c = start_child(s, opt);
  while (read_some(c)) {
  }
  return finish_child(c, s);
}

std::vector<Result> run_in_children(const std::vector<Scenario>& scenarios, int jobs, const RunOptions& opt,
                                    const std::function<void(std::size_t)>& on_start) {
  if (jobs < 1)
    throw std::invalid_argument("run_in_children: jobs must be >= 1");
  std::vector<std::optional<Result>> results(scenarios.size());
  std::vector<std::pair<std::size_t, Child>> running;  // (scenario index, child)
  std::string failure;
  std::size_t next = 0;
  auto stop_all = [&running] {
    for (auto& [i, c] : running) {
      kill(c.pid, SIGTERM);
      close(c.fd);
      int status = 0;
      waitpid(c.pid, &status, 0);
    }
    running.clear();
  };
  while (failure.empty() && (next < scenarios.size() || !running.empty())) {
    while (next < scenarios.size() && running.size() < static_cast<std::size_t>(jobs)) {
      if (on_start)
        on_start(next);
      try {
        running.emplace_back(next, start_child(scenarios[next], opt));
      } catch (const std::exception&) {
        stop_all();
        throw;
      }
      ++next;
    }
    std::vector<pollfd> fds;
    for (const auto& [i, c] : running)
      fds.push_back(pollfd{c.fd, POLLIN, 0});
    if (poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR)
        continue;
      stop_all();
      throw std::runtime_error("cannot wait for the child runs");
    }
    for (std::size_t k = fds.size(); k-- > 0;) {
      if (fds[k].revents == 0)
        continue;
      auto& [i, c] = running[k];
      if (read_some(c))
        continue;
      try {
        results[i] = finish_child(c, scenarios[i]);
      } catch (const std::exception& e) {
        failure = e.what();
      }
      running.erase(running.begin() + static_cast<std::ptrdiff_t>(k));
    }
  }
  if (!failure.empty()) {
    stop_all();
    throw std::runtime_error(failure);
  }
  std::vector<Result> out;
  out.reserve(results.size());
  for (auto& r : results)
    out.push_back(std::move(*r));
  return out;
}

Result run_replications(const std::vector<Scenario>& replications, int jobs, const RunOptions& opt,
                        const std::function<void(std::size_t)>& on_start) {
  if (replications.size() < 2)
    throw std::invalid_argument("run_replications: needs at least 2 replications");
  std::vector<Result> runs = run_in_children(replications, jobs, opt, on_start);
  std::vector<std::uint64_t> seeds;
  for (const auto& s : replications) seeds.push_back(s.sim.seed);
  Result r = runs.front();
  r.replications = summarize_replications(runs, seeds);
  check_slo_on_means(replications.front(), runs, r);
  return r;
}

}  // namespace ladder
