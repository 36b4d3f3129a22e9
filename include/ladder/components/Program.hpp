// Endpoint programs: what a request does inside the service that runs it, as a list of steps
// run in order by one generic interpreter (AppServer::advance). A step is plain data (a
// std::variant alternative); the service holds its worker for the whole program.
//
// The programs are written in the scenario (`services.app.endpoints`; today's six request
// classes in scenarios/00-single-box.json) and lowered here with the gates that depend only on
// the scenario, decided once:
//   - a session step is dropped when sessions are not modelled;
//   - a file check is dropped unless the files are on the app servers' disks;
//   - a CPU step stays even at 0 ms (it starts an execution all the same), and so does a query.
// (The fixed pipeline these replace also dropped a query whose class had 0 ms of database CPU:
// a program simply has no query step there.) What depends on the run (is the session on this
// server, did the cache hit, which replica) is decided by the step.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "ladder/scenario/Scenario.hpp"

namespace ladder {

/// A store the service queries, by index into the service's store drivers (0: the database).
using StoreId = std::uint16_t;

namespace step {

/// CPU on the service's host: a draw with this mean from the service-time distribution, × the
/// factor of a `slow` fault. 0 ms still starts a (zero-length) execution.
struct Cpu {
  double ms = 0;
  friend bool operator==(const Cpu&, const Cpu&) = default;
};

/// One query to a store, the worker waiting for the answer. A write goes to the primary, a read
/// where the store's read router sends it (`primary`: always the primary). The store's
/// cache-aside behaviour: with a cache in front of the store, a `cacheable` query asks the cache
/// first and skips the store on a hit; after the store's answer a miss fills the cache and a
/// write invalidates (or updates) the key.
struct Query {
  StoreId store = 0;
  bool write = false;
  bool primary = false;
  bool cacheable = false;
  double cpu_ms = 0;  ///< on the store's cores
  double io_kb = 0;   ///< on the store's disk (read, or written for a write)
  friend bool operator==(const Query&, const Query&) = default;
};

/// Check the user's session (fails as unauthorized without one) or create it (a login).
struct Session {
  enum Op : std::uint8_t { check, create };
  /// local: the service instance's memory; store: one command to the shared session store;
  /// token: the request carries it (jwt), nothing to look up.
  enum Where : std::uint8_t { local, store, token };
  Op op = check;
  Where where = local;
  friend bool operator==(const Session&, const Session&) = default;
};

/// check: the file must be on this instance's disk (fails as not_found); read / write: move
/// one file, taking `delay_s` (local disk or object store), then count it.
struct File {
  enum Op : std::uint8_t { check, read, write };
  Op op = check;
  bool local = true;  ///< the app servers' disks (else the object store)
  double delay_s = 0;
  friend bool operator==(const File&, const File&) = default;
};

/// A synchronous call to another service's endpoint (`{"call": "users.get"}`): the worker waits
/// for the reply. `fan_out` identical calls go out at once (round robin over the callee's
/// servers) and the step completes on the `quorum`-th success (all by default): its latency is
/// the slowest needed reply's. Each call has its own attempts: one that fails or gets no reply
/// within `timeout_s` is retried after backoff_s × 2^(k−1) (× a uniform draw in [1 − jitter, 1])
/// up to `retries` times; a late reply is ignored (the callee still did the work). When the
/// quorum cannot be reached any more, `on_error` decides: fail the request with the last
/// call's error, skip the step, or run the `fallback_len` steps that follow it in the program
/// (on success they are jumped over).
struct Call {
  std::uint16_t service = 0;   ///< callee, index into Scenario::services
  std::uint16_t endpoint = 0;  ///< the callee's endpoint index
  std::uint16_t edge = 0;      ///< index into the run's call edges (caller service → callee.endpoint)
  std::uint16_t fallback_len = 0;
  double timeout_s = 0;  ///< per attempt; 0 = none
  int retries = 0;
  double backoff_s = 0;
  double jitter = 0;
  OnError on_error = OnError::fail;
  int fan_out = 1;
  int quorum = 0;  ///< 0 = every call
  friend bool operator==(const Call&, const Call&) = default;
};

/// Several calls sent at once and joined (fork/join): the step completes on the `quorum`-th
/// call that succeeds (0 = all of them); each call keeps its own timeout and retries.
struct Parallel {
  std::vector<Call> calls;
  int quorum = 0;
  OnError on_error = OnError::fail;
  friend bool operator==(const Parallel&, const Parallel&) = default;
};

/// Answer the caller now and go on with the rest of the program, the worker still held (LQN's
/// second phase): the caller's latency ends here, the server's work does not.
struct Respond {
  int status = 200;
  friend bool operator==(const Respond&, const Respond&) = default;
};

/// A job for the service that consumes the topic, run there as its own request (no one waits for
/// it: the publisher goes on at once). Its latency (publish → done) is counted per topic.
struct Publish {
  std::uint16_t consumer = 0;  ///< index into Scenario::services
  std::uint16_t endpoint = 0;  ///< the consumer's endpoint of the topic's name
  std::uint16_t topic = 0;     ///< index into the run's topics
  friend bool operator==(const Publish&, const Publish&) = default;
};

/// The endpoint's own error: fails the request (as `failed`) with probability p.
struct Fail {
  double p = 0;
  friend bool operator==(const Fail&, const Fail&) = default;
};

}  // namespace step

using Step = std::variant<step::Cpu, step::Query, step::Session, step::File, step::Call, step::Parallel,
                          step::Respond, step::Publish, step::Fail>;
using Program = std::vector<Step>;

/// The service's endpoint programs as the scenario writes them (`services.app.endpoints`),
/// indexed by RequestClass, with the skips above (pure: no Engine, no run). An endpoint the
/// service lacks is empty (its mix weight is 0).
std::vector<Program> lower_endpoints(const Scenario& s);

/// One call edge: calls from a service to one endpoint of another ("gateway → users.get"), the
/// unit calls are counted by (and a circuit breaker guards, when a call step asks for one).
struct CallEdge {
  int caller = 0, callee = 0, endpoint = 0;
  std::string name;  ///< "gateway → users.get"
  bool breaker = false;
};

/// Every service's programs (by service index, then endpoint index), the call edges their call
/// steps use and the topics their publish steps send to.
struct Lowered {
  std::vector<std::vector<Program>> programs;
  std::vector<CallEdge> edges;
  std::vector<std::string> topics;
};
Lowered lower_services(const Scenario& s);

/// One line per step, for tests and messages: "cpu 6 ms", "query store 0 read cacheable cpu 3 ms io 0 kB", …
std::string describe(const Step& s);
std::string describe(const Program& p);

}  // namespace ladder
