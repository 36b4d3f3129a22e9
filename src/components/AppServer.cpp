// See include/ladder/components/AppServer.hpp.
#include "ladder/components/AppServer.hpp"

#include <fmt/format.h>

#include "ladder/components/Database.hpp"
#include "ladder/components/SessionStore.hpp"

namespace ladder {

namespace {
constexpr double kBytesPerKiB = 1024;
constexpr double kBytesPerMB = 1e6;
}  // namespace

AppServer::AppServer(int index, std::string name, const Scenario& s, bool running, Wiring wiring)
    : index_(index), name_(std::move(name)), cfg_(s.app), workload_(s.workload), sessions_(s.sessions.store),
      deny_list_(s.sessions.deny_list), uploads_(s.uploads), object_store_(s.object_store), service_(s.service),
      w_(wiring), rng_(s.sim.seed, "app-" + std::to_string(index)), host_slot_(w_.host_meter.add(&w_.meter)),
      workers_(s.app.workers, s.app.queue_limit, s.app.queue_timeout_ms / 1e3, w_.meter), up_(running),
      booted_(running) {}

void AppServer::accept(RequestId req, double t) {
  if (t > w_.kernel.now())
    w_.kernel.at(t, this, kArrive, req);
  else
    admit(req);
}

void AppServer::on_event(int kind, RequestId req) {
  switch (kind) {
    case kArrive:
      admit(req);
      return;
    case kBoot:
      if (!removed_) {
        booted_ = true;
        up_ = true;
        down_since_ = -1;
        w_.metrics.event(w_.kernel.now(), name_, "booted", "");
      }
      return;
    case kDrainEnd:
      if (!removed_)
        remove();
      return;
    default:
      break;
  }
  // A reply to work this server sent away (database, cache, session store, file I/O).
  Request& r = w_.pool[req];
  if (r.orphan) {  // this server crashed meanwhile; the client was answered then
    // A miss this request was to refill (its cache answer, or its database read, came back
    // after the crash): requests waiting for that refill must not wait forever.
    if ((kind == kCacheReply || kind == kDbReply) && r.cache_missed && w_.cache)
      w_.cache->abandon(req);
    w_.pool.release(req);
    return;
  }
  r.at_app = 1;
  if (kind == kCacheReply && r.cache_hit)
    r.step = kDbDone;  // the cache had it: no query
  if (kind == kDbReply && r.error != ErrorKind::none && r.cache_missed && w_.cache)
    w_.cache->abandon(req);
  if (kind == kFileDone) {
    double now = w_.kernel.now();
    bool upload = r.cls == RequestClass::upload;
    if (upload && uploads_.store == UploadStoreKind::local)
      w_.directory.stored(r.key, index_);
    if (w_.metrics.measured(now))
      ++(upload ? w_.metrics.uploads().uploads : w_.metrics.uploads().downloads);
  }
  if (r.error != ErrorKind::none) {  // the database refused or timed the query out
    finish(req);
    return;
  }
  advance(req);
}

void AppServer::admit(RequestId req) {
  double now = w_.kernel.now();
  Request& r = w_.pool[req];
  if (!serving() || removed_) {  // down, cut off, not booted yet or gone: the connection fails
    r.error = ErrorKind::backend_down;
    respond(req);
    return;
  }
  r.entered = now;
  w_.meter.arrive(now);
  switch (workers_.admit(req, now)) {
    case SlotQueue::Admission::started:
      r.at_app = 1;
      ++held_;
      start(req);
      break;
    case SlotQueue::Admission::refused:
      w_.meter.reject(now);
      r.error = ErrorKind::queue_full;
      respond(req);  // refused at once: no worker was held
      break;
    case SlotQueue::Admission::queued:
      r.at_app = 1;
      ++held_;
      break;
  }
}

void AppServer::start(RequestId req) {
  w_.pool[req].step = kAuth;
  advance(req);
}

void AppServer::away(RequestId req, Component* to, int event, double delay, int reply) {
  Request& r = w_.pool[req];
  r.at_app = 2;
  r.reply = {this, reply};
  w_.kernel.after(delay, to, event, req);
}

void AppServer::advance(RequestId req) {
  // No reference into the pool is kept across a call that can answer a client: an answer may
  // create a request (a re-login) and move the pool's storage.
  const double now = w_.kernel.now();
  const bool measured = w_.metrics.measured(now);
  for (;;) {
    Request& r = w_.pool[req];
    const ClassDemand& d = workload_.classes[static_cast<std::size_t>(r.cls)];
    switch (r.step) {
      case kAuth:
        r.step = kFileCheck;
        if (sessions_ == SessionStoreKind::none || !d.needs_session)
          continue;
        if (measured)
          ++w_.metrics.sessions().checked;
        if (sessions_ == SessionStoreKind::local) {
          auto found = w_.directory.session_at(r.user, index_);
          if (found == StateDirectory::Found::here)
            continue;
          if (measured)
            ++(found == StateDirectory::Found::lost ? w_.metrics.sessions().unauthorized_lost
                                                    : w_.metrics.sessions().unauthorized_other_server);
          fail(req, ErrorKind::unauthorized);
          return;
        }
        if (sessions_ == SessionStoreKind::redis || deny_list_) {  // one lookup in the shared store
          if (measured)
            ++w_.metrics.sessions().store_lookups;
          away(req, w_.store, SessionStore::kCommand, w_.to_store_s, kStoreReply);
          return;
        }
        continue;  // jwt: the token carries the session
      case kFileCheck:
        r.step = kCpu;
        if (r.cls == RequestClass::download && uploads_.store == UploadStoreKind::local &&
            w_.directory.file_at(r.key, index_) != StateDirectory::Found::here) {
          if (measured)
            ++w_.metrics.uploads().not_found;
          fail(req, ErrorKind::not_found);
          return;
        }
        continue;
      case kCpu: {
        r.step = kFile;
        double ms = service_.draw(rng_, d.app_cpu_ms) * slow_;
        w_.host_meter.change(now, host_slot_, +1);
        ++on_cpu_;
        w_.kernel.start_exec(w_.host, ms * w_.flops_per_ms, this, 0, req);
        return;
      }
      case kFile:
        r.step = kCache;
        if (r.cls == RequestClass::upload || r.cls == RequestClass::download) {
          double delay = uploads_.store == UploadStoreKind::local
                             ? uploads_.file_kb * kBytesPerKiB / (uploads_.local_disk_mbps * kBytesPerMB)
                             : (r.cls == RequestClass::upload ? object_store_.put_ms : object_store_.get_ms) / 1e3;
          away(req, this, kFileDone, delay, kFileDone);
          return;
        }
        continue;
      case kCache:
        r.step = kDb;
        if (w_.cache && d.cacheable && !w_.dbs.empty() && d.db_cpu_ms > 0) {
          away(req, w_.cache, CacheServer::kGet, w_.to_cache_s, kCacheReply);
          return;
        }
        continue;
      case kDb:
        r.step = kDbDone;
        if (!w_.dbs.empty() && d.db_cpu_ms > 0) {  // the worker waits for the query
          int target = d.db_write || !w_.router ? 0 : w_.router->route(d, r.user, now, r.token);
          away(req, w_.dbs[static_cast<std::size_t>(target)], Database::kQuery, w_.to_db_s, kDbReply);
          return;
        }
        continue;
      case kDbDone:
        r.step = kLogin;
        if (w_.cache && !w_.dbs.empty() && d.db_cpu_ms > 0) {
          if (r.cache_missed) {
            w_.cache->fill(req);
            r.cache_missed = false;  // the refill is done
          }
          else if (d.db_write)
            w_.cache->written(r.key, 0);
        }
        continue;
      case kLogin:
        r.step = kDone;
        if (r.cls != RequestClass::login || sessions_ == SessionStoreKind::none)
          continue;
        if (measured)
          ++w_.metrics.sessions().logins;
        if (sessions_ == SessionStoreKind::local) {
          w_.directory.login(r.user, index_);
        } else if (sessions_ == SessionStoreKind::redis) {  // SET session
          if (measured)
            ++w_.metrics.sessions().store_lookups;
          away(req, w_.store, SessionStore::kCommand, w_.to_store_s, kStoreReply);
          return;
        }
        continue;
      default:  // kDone
        finish(req);
        return;
    }
  }
}

void AppServer::on_done(int /*kind*/, RequestId req) {
  w_.host_meter.change(w_.kernel.now(), host_slot_, -1);
  --on_cpu_;
  advance(req);
}

void AppServer::fail(RequestId req, ErrorKind e) {
  w_.pool[req].error = e;
  finish(req);
}

void AppServer::finish(RequestId req) {
  double now = w_.kernel.now();
  w_.meter.depart(now, now - w_.pool[req].entered);
  release_worker();
  respond(req);
}

void AppServer::respond(RequestId req) {
  Request& r = w_.pool[req];
  bool orphan = r.orphan;
  if (r.at_app != 0) {
    r.at_app = 0;
    --held_;
  }
  if (!reachable_ && r.error != ErrorKind::backend_down)
    r.error = ErrorKind::unreachable;  // the response cannot get out
  if (w_.lb)
    w_.lb->answered(r.backend);
  w_.client->respond(req, w_.to_client_s, /*release=*/!orphan);
  if (draining_ && idle() && !removed_ && up_)
    remove();
}

void AppServer::release_worker() {
  double now = w_.kernel.now();
  auto next = workers_.release(now, [&](RequestId expired) {
    w_.meter.reject(now);
    w_.pool[expired].error = ErrorKind::queue_timeout;
    respond(expired);
  });
  if (!next)
    return;
  // A started request can fail at once (401, 404) and free its worker for the next one: run
  // those starts in a loop, not nested, so a long queue of instant failures cannot overflow
  // the stack.
  to_start_.push_back(*next);
  if (starting_)
    return;
  starting_ = true;
  while (!to_start_.empty()) {
    RequestId id = to_start_.front();
    to_start_.pop_front();
    start(id);
  }
  starting_ = false;
}

int AppServer::drop_all(ErrorKind e) {
  double now = w_.kernel.now();
  w_.kernel.cancel_owned(this);
  if (on_cpu_ > 0)
    w_.host_meter.change(now, host_slot_, -on_cpu_);
  on_cpu_ = 0;
  int dropped = 0;
  for (RequestId q : workers_.clear(now)) {
    w_.meter.drop(now);
    w_.pool[q].error = e;
    respond(q);
    ++dropped;
  }
  for (std::size_t i = 0; i < w_.pool.slots(); ++i) {
    auto id = static_cast<RequestId>(i);
    Request& r = w_.pool[id];
    if (!r.in_use || r.orphan || r.at_app == 0 || r.backend != index_)
      continue;
    r.orphan = r.at_app == 2;  // the reply is still coming: the slot is freed then
    r.error = e;
    w_.meter.drop(now);
    respond(id);
    ++dropped;
  }
  held_ = 0;
  return dropped;
}

int AppServer::crash() {
  if (!up_ || removed_)
    return -1;
  up_ = false;
  if (down_since_ < 0)
    down_since_ = w_.kernel.now();
  w_.directory.memory_lost(index_);
  int lost = drop_all(ErrorKind::crashed);
  if (draining_ && !removed_) {  // it was leaving anyway: it is gone now
    removed_ = true;
    w_.directory.server_removed(index_);
    w_.metrics.event(w_.kernel.now(), name_, "removed", "crashed while draining");
  }
  return lost;
}

bool AppServer::recover() {
  if (up_ || removed_ || !booted_)  // only a crashed server restarts (a booting one boots)
    return false;
  up_ = true;
  if (reachable_)
    down_since_ = -1;
  return true;
}

void AppServer::set_reachable(bool reachable) {
  reachable_ = reachable;
  if (!reachable && down_since_ < 0)
    down_since_ = w_.kernel.now();
  if (reachable && up_)
    down_since_ = -1;
}

void AppServer::boot(double t) {
  if (t <= w_.kernel.now())  // boot_s 0: up now, before any health check at this instant
    on_event(kBoot, 0);
  else
    w_.kernel.at(t, this, kBoot, 0);
}

void AppServer::drain(double drain_s) {
  draining_ = true;
  drain_started_ = w_.kernel.now();
  held_at_drain_ = held_;
  if (idle() || drain_s <= 0 || !up_)
    remove();
  else
    w_.kernel.after(drain_s, this, kDrainEnd, 0);
}

void AppServer::remove() {
  double now = w_.kernel.now();
  bool idle = held_ == 0;
  removed_ = true;
  up_ = false;
  int cut = drop_all(ErrorKind::drain_cut);
  w_.directory.server_removed(index_);
  std::string detail;
  if (!draining_)
    detail = fmt::format("{} requests in flight cut", cut);
  else if (idle)
    detail = fmt::format("drained: the {} request{} in flight at deregistration finished within {:.3f} s",
                         held_at_drain_, held_at_drain_ == 1 ? "" : "s", now - drain_started_);
  else
    detail = fmt::format("drain period over: {} of the {} requests in flight at deregistration finished, {} still in "
                         "flight cut", std::max(0, held_at_drain_ - cut), held_at_drain_, cut);
  w_.metrics.event(now, name_, "removed", detail);
}

}  // namespace ladder
