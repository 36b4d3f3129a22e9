// An application server: a fixed pool of worker threads in front of the host's cores, and a
// bounded FIFO accept queue in front of the workers.
//
// A request takes a worker (or waits; a full queue refuses it as queue_full, and one that
// waited longer than the queue timeout is dropped as queue_timeout when it reaches the head),
// then runs its endpoint's program (components/Program.hpp) while holding the worker
// (thread-per-request, as in most app servers). The server is a generic interpreter: it knows
// how to run each kind of step, not which steps a request has. The programs are
// written in the scenario (services.app.endpoints, lowered by lower_endpoints); their steps:
//   - session check: local sessions are looked up in this server's memory (a miss fails as
//     unauthorized); redis sessions and a jwt deny-list are one command to the shared store;
//   - file check: a download of a locally stored file this server's disk does not hold fails
//     as not_found;
//   - CPU: the step's demand on the host (× the slow-down factor of a `slow` fault);
//   - file read / write: the local disk (file size / disk bandwidth, a fixed delay without
//     contention) or the object store (its PUT/GET latency);
//   - query: through the store's driver (below): a cacheable read asks the store's cache first
//     and skips the store on a hit (a miss fills the cache after the read); a read goes to the
//     replica the read policy picks (or the primary); a write goes to the primary and then
//     invalidates (or updates) the cached key;
//   - session create: in this server's memory (local) or in the store (redis).
// Every call carries its reply address (Request::reply): the callee answers this server.
// With workers = cores and exponential demand the server is an M/M/c FCFS queue; with more
// workers than cores the cores are shared (processor sharing) among the running requests.
//
// Faults: a crash fails every request held here (crashed), loses the sessions in its memory,
// and refuses arrivals (backend_down) until it recovers; requests away at the database or the
// store when it crashed are answered as crashed at once and freed when their reply comes back.
// A cut keeps the server running but unreachable: arrivals fail as backend_down and the
// responses it produces are lost (unreachable). A drain (scale-in) takes no new requests from the
// load balancer; the server is removed when its last request leaves or the drain period ends,
// whichever is first, cutting what is still in flight (drain_cut) and losing its memory and disk.
#pragma once

#include <cstdint>
#include <deque>
#include <string>

#include "ladder/components/CacheServer.hpp"
#include "ladder/components/Calls.hpp"
#include "ladder/components/LoadBalancer.hpp"
#include "ladder/components/Program.hpp"
#include "ladder/components/Registry.hpp"
#include "ladder/components/Replication.hpp"
#include "ladder/components/Request.hpp"
#include "ladder/components/Service.hpp"
#include "ladder/components/SlotQueue.hpp"
#include "ladder/components/StateDirectory.hpp"
#include "ladder/components/Workload.hpp"
#include "ladder/metrics/Metrics.hpp"
#include "ladder/scenario/Scenario.hpp"
#include "ladder/sim/Kernel.hpp"

namespace ladder {

/// How a service reaches one store (routing at send time, on the caller's side).
struct StoreDriver {
  std::vector<Component*> nodes;  ///< the primary, then the replicas (Database::kQuery)
  double hop_s = 0;               ///< one-way hop to a node
  ReadRouter* router = nullptr;   ///< picks a replica for reads; null without replicas
  CacheServer* cache = nullptr;   ///< the store's cache-aside tier, may be null
  double cache_hop_s = 0;
};

/// What one app server counts, from warm-up on: its session and file steps. Views: the result's
/// `sessions` and `uploads` sections sum them over the app servers (StatsViews.hpp).
struct AppServerStats {
  std::uint64_t logins = 0;   ///< session create steps
  std::uint64_t checked = 0;  ///< session check steps
  std::uint64_t unauthorized_other_server = 0, unauthorized_lost = 0;  ///< local checks that missed
  std::uint64_t store_lookups = 0;  ///< commands sent to the shared session store
  std::uint64_t uploads = 0, downloads = 0;  ///< file writes and reads done
  std::uint64_t not_found = 0;  ///< file checks that missed on this server's disk
};

class AppServer : public Component, public Backend, public Crashable, public Slowable, public Cuttable {
 public:
  enum Event : int { kArrive = 0, kDbReply = 1, kStoreReply = 2, kFileDone = 3, kBoot = 4, kDrainEnd = 5,
                     kCacheReply = 6, kCallReply = 7, kCallTimeout = 8, kCallRetry = 9 };
  struct Wiring {
    Kernel& kernel;
    RequestPool& pool;
    Metrics& metrics;
    simgrid::s4u::Host* host;
    double flops_per_ms;  ///< host speed: reference-vCPU milliseconds → flops
    HostMeter& host_meter;
    ComponentMeter& meter;
    Workload* client;    ///< told when the response leaves
    double to_client_s;  ///< one-way latency back to the client (through the load balancer)
    LoadBalancer* lb;    ///< told when a response leaves (least connections), may be null
    const std::vector<Program>* programs;  ///< by endpoint (Request::cls); outlive the server
    std::vector<StoreDriver> stores;       ///< by StoreId
    StateDirectory& directory;  ///< sessions and files on the app tier
    Component* store;    ///< the shared session store (SessionStore::kCommand), may be null
    double to_store_s;
    Calls* calls = nullptr;  ///< the call graph (calls, publish); null when the scenario has one service
  };
  /// Server `index` of service `service` (0: the entry service, the load balancer's; its servers
  /// alone hold sessions and files), configured by `cfg`. `running`: the server is up at the start
  /// (servers a scale-out adds are not).
  AppServer(int index, std::string name, const Scenario& s, const AppConfig& cfg, int service, bool running,
            Wiring wiring);

  /// The load balancer in front, told when a response leaves (least connections).
  void connect(LoadBalancer* lb) { w_.lb = lb; }
  void accept(RequestId req, double t) override;
  bool only_queues() const override { return serving() && workers_.full(); }
  /// An arrival that will certainly wait in the queue (all workers busy, room left after the
  /// arrivals deferred ahead of it) schedules nothing: it may run late. One that might be
  /// refused may not: the refusal sends the user's next request on, possibly to an idle server.
  bool deferrable(int kind, RequestId, int already) const override {
    return kind == kArrive && serving() && workers_.full() && workers_.queued() + already < cfg_.queue_limit;
  }
  void on_event(int kind, RequestId req) override;
  void on_done(int kind, RequestId req) override;

  // Backend (the load balancer's view) and faults.
  const std::string& name() const override { return name_; }
  bool passes_health_check() const override { return serving(); }
  double down_since() const override { return down_since_; }
  void boot(double t) override;
  void drain(double drain_s) override;
  /// Returns the requests lost, or -1 when it was not running.
  int crash() override;
  /// Returns false when it was not down.
  bool recover() override;
  void set_reachable(bool reachable) override;
  void set_slow(double factor) override { slow_ = factor; }
  /// Booted and not removed: a caller may send it calls (a crashed or cut one fails them).
  bool present() const { return booted_ && !removed_; }
  const AppServerStats& stats() const { return stats_; }

 private:
  bool serving() const { return up_ && reachable_; }
  /// Nothing held here and nothing on its way here from the load balancer.
  bool idle() const { return held_ == 0 && (!w_.lb || w_.lb->active(index_) == 0); }
  void admit(RequestId req);
  void start(RequestId req);
  /// Runs the request's program from its current step until it waits or is done.
  void advance(RequestId req);
  // One step each; true: go on with the next step; false: the request waits (or has ended).
  bool run(RequestId req, const step::Cpu& s);
  bool run(RequestId req, const step::Query& s);
  bool run(RequestId req, const step::Session& s);
  bool run(RequestId req, const step::File& s);
  bool run(RequestId req, const step::Call& s);
  bool run(RequestId req, const step::Parallel& s);
  bool run(RequestId req, const step::Respond& s);
  bool run(RequestId req, const step::Publish& s);
  bool run(RequestId req, const step::Fail& s);
  // Calls (a child request per call attempt; see Calls.hpp).
  /// The request starts waiting for `total` calls, `needed` of which complete the step.
  void begin_wait(RequestId req, int total, int needed);
  /// A new attempt of call `c` for `parent`, sent `delay` from now (0: now).
  void send_call(RequestId parent, const step::Call& c, int attempt, double delay);
  void dispatch(RequestId call);
  /// The attempt's outcome is known (its reply, or its timeout): retry, or count it for the join.
  void outcome(RequestId call, ErrorKind e, bool timed_out);
  /// The step's join is decided: go on (success), or apply its on_error.
  void resume(RequestId req, bool success);
  /// A call's answer goes back to its caller (one hop).
  void reply(RequestId call);
  /// One event naming this call slot has been handled; the slot is freed after the last.
  void unref(RequestId call);
  bool is_call(const Request& r) const { return r.parent != Request::kNoParent; }
  const Program& program_of(const Request& r) const { return (*w_.programs)[static_cast<std::size_t>(r.cls)]; }
  /// The cache in front of the store the request's current query step is asking, if any.
  CacheServer* cache_of(const Request& r) const;
  /// Sends `req` to `to` as `event`, `delay` from now; the callee answers this server as `reply`.
  void away(RequestId req, Component* to, int event, double delay, int reply);
  void fail(RequestId req, ErrorKind e);
  void finish(RequestId req);
  void release_worker();
  void respond(RequestId req);
  /// Fails everything held here with `e` (crash, or the end of a drain); returns how many.
  int drop_all(ErrorKind e);
  void remove();

  int index_;
  int service_;  ///< 0: the entry service
  std::string name_;
  AppConfig cfg_;
  ServiceSampler service_time_;
  Wiring w_;
  Rng rng_;
  int host_slot_;
  SlotQueue workers_;
  bool up_;
  bool booted_;  ///< has run at some point (a scaled-out server boots first)
  bool reachable_ = true;
  bool starting_ = false;           ///< release_worker is running queued starts
  std::deque<RequestId> to_start_;  ///< workers handed over, starts not run yet
  bool draining_ = false;
  bool removed_ = false;
  double down_since_ = -1;
  double slow_ = 1.0;
  int held_ = 0;         ///< requests queued here or in its pipeline (away included)
  int on_cpu_ = 0;       ///< executions running on the host for this server
  double drain_started_ = 0;
  int held_at_drain_ = 0;
  AppServerStats stats_;
};

}  // namespace ladder
