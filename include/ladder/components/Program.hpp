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

}  // namespace step

using Step = std::variant<step::Cpu, step::Query, step::Session, step::File>;
using Program = std::vector<Step>;

/// The service's endpoint programs as the scenario writes them (`services.app.endpoints`),
/// indexed by RequestClass, with the skips above (pure: no Engine, no run). An endpoint the
/// service lacks is empty (its mix weight is 0).
std::vector<Program> lower_endpoints(const Scenario& s);

/// One line per step, for tests and messages: "cpu 6 ms", "query store 0 read cacheable cpu 3 ms io 0 kB", …
std::string describe(const Step& s);
std::string describe(const Program& p);

}  // namespace ladder
