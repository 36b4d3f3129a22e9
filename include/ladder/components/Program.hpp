// Endpoint programs: what a request does inside the service that runs it, as a list of steps
// run in order by one generic interpreter (AppServer::advance). A step is plain data (a
// std::variant alternative); the service holds its worker for the whole program.
//
// Today's six request classes are generated programs (lower_classes), mirroring the fixed
// pipeline the app server used to hard-code, skip for skip:
//   1. session check      — classes that need a session, when sessions are modelled;
//   2. file check         — a download of a file kept on the app servers' disks;
//   3. app CPU            — always, even for 0 ms (it starts an execution all the same);
//   4. file read / write  — downloads and uploads (local disk or object store);
//   5. query              — when there is a database and the class has database CPU;
//   6. session create     — a login, when sessions are modelled.
// Every gate that depends only on the scenario is decided here, once; what depends on the run
// (is the session on this server, did the cache hit, which replica) is decided by the step.
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

}  // namespace step

using Step = std::variant<step::Cpu, step::Query, step::Session, step::File>;
using Program = std::vector<Step>;

/// Today's request classes as programs, indexed by RequestClass (pure: no Engine, no run).
std::vector<Program> lower_classes(const Scenario& s);

/// The service's endpoint programs as the scenario writes them (`services.app.endpoints`),
/// indexed by RequestClass, with the scenario-wide skips of lower_classes: a session step is
/// dropped when sessions are not modelled, a file check unless the files are on the app
/// servers' disks; a CPU step stays even at 0 ms. An endpoint the service lacks is empty.
std::vector<Program> lower_endpoints(const Scenario& s);

/// One line per step, for tests and messages: "cpu 6 ms", "query store 0 read cacheable cpu 3 ms io 0 kB", …
std::string describe(const Step& s);
std::string describe(const Program& p);

}  // namespace ladder
