// See include/ladder/components/AppServer.hpp.
#include "ladder/components/AppServer.hpp"

#include <fmt/format.h>

#include "ladder/components/Database.hpp"
#include "ladder/components/SessionStore.hpp"

namespace ladder {

AppServer::AppServer(int index, std::string name, const Scenario& s, const AppConfig& cfg, int service, bool running,
                     Wiring wiring)
    : index_(index), service_(service), name_(std::move(name)), cfg_(cfg), service_time_(s.service), w_(std::move(wiring)),
      rng_(s.sim.seed, name_), host_slot_(w_.host_meter.add(&w_.meter)),
      workers_(cfg.workers, cfg.queue_limit, cfg.queue_timeout_ms / 1e3, w_.meter), up_(running), booted_(running) {
  w_.metrics.stats().add(stats_);
}

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
    case kCallReply:
      if (w_.pool[req].done) {  // it had timed out: ignored
        unref(req);
      } else {
        w_.pool[req].done = true;
        outcome(req, w_.pool[req].reply_error, false);
      }
      return;
    case kCallTimeout:
      if (w_.pool[req].done) {  // the reply came first: ignored
        unref(req);
      } else {
        w_.pool[req].done = true;
        outcome(req, ErrorKind::call_timeout, true);
      }
      return;
    case kCallRetry:
      dispatch(req);
      return;
    default:
      break;
  }
  // A reply to work this server sent away (database, cache, session store, file I/O).
  Request& r = w_.pool[req];
  const bool query_reply = kind == kCacheReply || kind == kDbReply;
  if (r.orphan) {  // this server crashed meanwhile; the client was answered then
    // A miss this request was to refill (its cache answer, or its database read, came back
    // after the crash): requests waiting for that refill must not wait forever.
    if (query_reply && r.cache_missed)
      if (CacheServer* cache = cache_of(r))
        cache->abandon(req);
    if (is_call(r))
      unref(req);
    else
      w_.pool.release(req);
    return;
  }
  r.at_app = 1;
  if (kind == kCacheReply && r.cache_hit)
    r.phase = 2;  // the cache had it: no query
  if (kind == kDbReply && r.error != ErrorKind::none && r.cache_missed)
    if (CacheServer* cache = cache_of(r))
      cache->abandon(req);
  if (kind == kFileDone) {  // the file step before the current one has moved its file
    const auto& f = std::get<step::File>(program_of(r)[r.pc - 1u]);
    const bool upload = f.op == step::File::write;
    if (upload && f.local && service_ == 0)
      w_.directory.stored(r.key, index_);
    if (w_.metrics.measured(w_.kernel.now()))
      ++(upload ? stats_.uploads : stats_.downloads);
  }
  if (r.error != ErrorKind::none) {  // the database refused or timed the query out
    finish(req);
    return;
  }
  advance(req);
}

CacheServer* AppServer::cache_of(const Request& r) const {
  const Program& p = program_of(r);
  if (r.pc >= p.size())
    return nullptr;
  const auto* q = std::get_if<step::Query>(&p[r.pc]);
  return q ? w_.stores[q->store].cache : nullptr;
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
  if (is_call(r) || r.job)  // no load balancer chose it: this server holds it
    r.backend = index_;
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
  Request& r = w_.pool[req];
  r.pc = 0;
  r.phase = 0;
  advance(req);
}

void AppServer::away(RequestId req, Component* to, int event, double delay, int reply) {
  Request& r = w_.pool[req];
  r.at_app = 2;
  r.reply = {this, reply};
  w_.kernel.after(delay, to, event, req);
}

void AppServer::advance(RequestId req) {
  // No reference into the pool is kept across a step that can answer a client: an answer may
  // create a request (a re-login) and move the pool's storage.
  for (;;) {
    const Request& r = w_.pool[req];
    const Program& p = program_of(r);
    if (r.pc >= p.size()) {
      finish(req);
      return;
    }
    if (!std::visit([&](const auto& s) { return run(req, s); }, p[r.pc]))
      return;
  }
}

bool AppServer::run(RequestId req, const step::Session& s) {
  Request& r = w_.pool[req];
  ++r.pc;
  const bool measured = w_.metrics.measured(w_.kernel.now());
  if (s.op == step::Session::check) {
    if (measured)
      ++stats_.checked;
    if (s.where == step::Session::local) {
      auto found = w_.directory.session_at(r.user, index_);
      if (found == StateDirectory::Found::here)
        return true;
      if (measured)
        ++(found == StateDirectory::Found::lost ? stats_.unauthorized_lost : stats_.unauthorized_other_server);
      fail(req, ErrorKind::unauthorized);
      return false;
    }
  } else {
    if (measured)
      ++stats_.logins;
    if (s.where == step::Session::local) {
      w_.directory.login(r.user, index_);
      return true;
    }
  }
  if (s.where == step::Session::token)  // jwt: the token carries the session
    return true;
  if (measured)  // one command to the shared store (GET, or SET on login)
    ++stats_.store_lookups;
  away(req, w_.store, SessionStore::kCommand, w_.to_store_s, kStoreReply);
  return false;
}

bool AppServer::run(RequestId req, const step::File& s) {
  Request& r = w_.pool[req];
  ++r.pc;
  if (s.op != step::File::check) {  // counted when it is done (kFileDone)
    away(req, this, kFileDone, s.delay_s, kFileDone);
    return false;
  }
  if (w_.directory.file_at(r.key, index_) == StateDirectory::Found::here)
    return true;
  if (w_.metrics.measured(w_.kernel.now()))
    ++stats_.not_found;
  fail(req, ErrorKind::not_found);
  return false;
}

bool AppServer::run(RequestId req, const step::Cpu& s) {
  ++w_.pool[req].pc;
  double ms = service_time_.draw(rng_, s.ms) * slow_;
  w_.host_meter.change(w_.kernel.now(), host_slot_, +1);
  ++on_cpu_;
  w_.kernel.start_exec(w_.host, ms * w_.flops_per_ms, this, 0, req);
  return false;
}

bool AppServer::run(RequestId req, const step::Query& s) {
  // Three phases, the step staying current throughout: 0 the cache-aside lookup, 1 the query,
  // 2 the store has answered (or the cache hit).
  Request& r = w_.pool[req];
  const StoreDriver& store = w_.stores[s.store];
  switch (r.phase) {
    case 0:
      r.phase = 1;
      if (store.cache && s.cacheable) {
        away(req, store.cache, CacheServer::kGet, store.cache_hop_s, kCacheReply);
        return false;
      }
      [[fallthrough]];
    case 1: {  // the worker waits for the query
      r.phase = 2;
      int target = s.write || !store.router ? 0 : store.router->route(s.primary, r.user, w_.kernel.now(), r.token);
      r.query = &s;
      away(req, store.nodes[static_cast<std::size_t>(target)], Database::kQuery, store.hop_s, kDbReply);
      return false;
    }
    default:
      r.phase = 0;
      ++r.pc;
      if (store.cache) {
        if (r.cache_missed) {
          store.cache->fill(req);
          r.cache_missed = false;  // the refill is done
        } else if (s.write) {
          store.cache->written(r.key, 0);
        }
      }
      return true;
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
  if (r.responded) {  // a respond step answered already: only the slot is left (an orphan's: at its reply)
    if (!orphan) {
      if (is_call(r))
        unref(req);
      else if (r.job)
        w_.calls->job_done(req, false);
      else
        w_.pool.release(req);
    }
  } else if (is_call(r)) {
    if (orphan)  // the reply from where it is away still names the slot
      ++r.refs;
    reply(req);
  } else if (r.job) {
    w_.calls->job_done(req, orphan);
  } else {
    if (w_.lb)
      w_.lb->answered(r.backend);
    w_.client->respond(req, w_.to_client_s, /*release=*/!orphan);
  }
  if (draining_ && idle() && !removed_ && up_)
    remove();
}

void AppServer::reply(RequestId call) {
  Request& r = w_.pool[call];
  r.reply_error = r.error;
  w_.kernel.after(w_.calls->hop_s(), r.caller, kCallReply, call);
}

void AppServer::unref(RequestId call) {
  Request& r = w_.pool[call];
  if (--r.refs == 0)
    w_.pool.release(call);
}

void AppServer::begin_wait(RequestId req, int total, int needed) {
  Request& r = w_.pool[req];
  r.at_app = 3;
  r.gen = w_.pool.next_gen();
  r.ok = r.bad = 0;
  r.total = static_cast<std::uint16_t>(total);
  r.needed = static_cast<std::uint16_t>(needed);
  r.join_error = ErrorKind::none;
}

bool AppServer::run(RequestId req, const step::Call& s) {
  begin_wait(req, s.fan_out, s.quorum > 0 ? s.quorum : s.fan_out);
  for (int i = 0; i < s.fan_out; ++i)
    send_call(req, s, 0, 0);
  return false;
}

bool AppServer::run(RequestId req, const step::Parallel& s) {
  int total = 0;
  for (const step::Call& c : s.calls)
    total += c.fan_out;
  begin_wait(req, total, s.quorum > 0 ? s.quorum : total);
  for (const step::Call& c : s.calls)
    for (int i = 0; i < c.fan_out; ++i)
      send_call(req, c, 0, 0);
  return false;
}

void AppServer::send_call(RequestId parent, const step::Call& c, int attempt, double delay) {
  RequestId id = w_.pool.acquire();  // may move the pool: no reference is taken before
  const Request& p = w_.pool[parent];
  Request& ch = w_.pool[id];
  ch.parent = parent;
  ch.parent_gen = p.gen;
  ch.service = c.service;
  ch.cls = static_cast<RequestClass>(c.endpoint);
  ch.user = p.user;
  ch.key = p.key;
  ch.token = p.token;
  ch.created = p.created;
  ch.edge = c.edge;
  ch.attempt = static_cast<std::uint8_t>(attempt);
  ch.caller = this;
  ch.call = &c;
  if (attempt == 0 && w_.metrics.measured(w_.kernel.now()))
    ++w_.calls->edge(c.edge).intended;
  if (delay > 0) {
    ch.refs = 1;  // the retry event
    w_.kernel.after(delay, this, kCallRetry, id);
    return;
  }
  dispatch(id);
}

void AppServer::dispatch(RequestId id) {
  const double now = w_.kernel.now();
  Request& ch = w_.pool[id];
  const Request& p = w_.pool[ch.parent];
  if (!p.in_use || p.gen != ch.parent_gen || p.at_app != 3) {  // a retry its parent no longer waits for
    w_.pool.release(id);
    return;
  }
  const step::Call& c = *ch.call;
  EdgeStats& st = w_.calls->edge(c.edge);
  const bool measured = w_.metrics.measured(now);
  ch.sent = now;
  ch.done = false;
  ch.refs = 1;  // its reply (or the refusal standing for it)
  if (CircuitBreaker* b = w_.calls->breaker(c.edge)) {
    auto admit = b->allow(now);
    ch.admit = static_cast<std::uint8_t>(admit);
    if (admit == CircuitBreaker::Admit::refused) {  // fail fast: nothing is sent
      if (measured)
        ++st.refused;
      ch.reply_error = ErrorKind::breaker_open;
      w_.kernel.after(0, this, kCallReply, id);
      return;
    }
  }
  if (measured)
    ++st.attempts;
  if (c.timeout_s > 0) {
    ++ch.refs;
    w_.kernel.after(c.timeout_s, this, kCallTimeout, id);
  }
  AppServer* to = w_.calls->pick(c.service);
  if (!to) {  // the callee has no server at all: the connection is refused
    ch.reply_error = ErrorKind::backend_down;
    w_.kernel.after(2 * w_.calls->hop_s(), this, kCallReply, id);
    return;
  }
  w_.kernel.after(w_.calls->hop_s(), to, kArrive, id);
}

void AppServer::outcome(RequestId id, ErrorKind e, bool timed_out) {
  const double now = w_.kernel.now();
  const Request& ch = w_.pool[id];
  const step::Call& c = *ch.call;
  const RequestId parent = ch.parent;
  const std::uint32_t gen = ch.parent_gen;
  const int attempt = ch.attempt;
  const auto admit = static_cast<CircuitBreaker::Admit>(ch.admit);
  const double sent = ch.sent;
  EdgeStats& st = w_.calls->edge(c.edge);
  const bool measured = w_.metrics.measured(now);
  if (measured) {
    if (e == ErrorKind::none) {
      ++st.ok;
      st.latency.add(now - sent);
    } else if (timed_out) {
      ++st.timeouts;
    } else if (e != ErrorKind::breaker_open) {
      ++st.errors[static_cast<std::size_t>(e)];
    }
  }
  if (CircuitBreaker* b = w_.calls->breaker(c.edge); b && e != ErrorKind::breaker_open) {
    const auto opens = b->opens();
    b->record(now, e == ErrorKind::none, admit);
    if (b->opens() > opens && measured)
      ++st.opens;
  }
  unref(id);
  Request& p = w_.pool[parent];
  if (!p.in_use || p.gen != gen || p.at_app != 3)
    return;  // its parent has moved on (a quorum, a crash): a straggler
  // An open breaker's refusal is not retried: the next attempt would be refused as well.
  if (e != ErrorKind::none && e != ErrorKind::breaker_open && attempt < c.retries) {
    double wait = c.backoff_s * static_cast<double>(1u << std::min(attempt, 20));
    if (c.jitter > 0)
      wait *= 1 - c.jitter * w_.calls->rng().uniform();
    if (measured)
      ++st.retries;
    send_call(parent, c, attempt + 1, wait);
    return;
  }
  if (e == ErrorKind::none) {
    ++p.ok;
  } else {
    ++p.bad;
    p.join_error = e;
    if (measured)
      ++st.gave_up;
  }
  if (p.ok >= p.needed)
    resume(parent, true);
  else if (p.bad > p.total - p.needed)
    resume(parent, false);
}

void AppServer::resume(RequestId req, bool success) {
  Request& r = w_.pool[req];
  r.gen = w_.pool.next_gen();  // the calls still out are stragglers now
  r.at_app = 1;
  const Step& st = program_of(r)[r.pc];
  int skip = 0;
  OnError on_error = OnError::fail;
  if (const auto* c = std::get_if<step::Call>(&st)) {
    skip = c->fallback_len;
    on_error = c->on_error;
  } else {
    on_error = std::get<step::Parallel>(st).on_error;
  }
  if (success || on_error == OnError::skip) {
    r.pc = static_cast<std::uint16_t>(r.pc + 1 + skip);
  } else if (on_error == OnError::fallback) {
    ++r.pc;
  } else {
    fail(req, r.join_error);
    return;
  }
  advance(req);
}

bool AppServer::run(RequestId req, const step::Respond&) {
  Request& r = w_.pool[req];
  ++r.pc;
  if (r.responded || r.job)  // a job has no one to answer
    return true;
  r.responded = true;
  if (is_call(r)) {
    ++r.refs;  // the rest of its program still holds the slot
    reply(req);
    return true;
  }
  // The answer leaves now (lost if this server is cut off); the program goes on either way.
  if (!reachable_)
    r.error = ErrorKind::unreachable;
  if (w_.lb)
    w_.lb->answered(r.backend);
  w_.client->respond(req, w_.to_client_s, /*release=*/false);
  w_.pool[req].error = ErrorKind::none;
  return true;
}

bool AppServer::run(RequestId req, const step::Publish& s) {
  ++w_.pool[req].pc;
  const double now = w_.kernel.now();
  TopicStats& t = w_.calls->topic(s.topic);
  const bool measured = w_.metrics.measured(now);
  AppServer* to = w_.calls->pick(s.consumer);
  if (!to) {
    if (measured)
      ++t.dropped;
    return true;
  }
  RequestId id = w_.pool.acquire();
  const Request& r = w_.pool[req];
  Request& job = w_.pool[id];
  job.job = true;
  job.topic = s.topic;
  job.service = s.consumer;
  job.cls = static_cast<RequestClass>(s.endpoint);
  job.user = r.user;
  job.key = r.key;
  job.created = now;
  if (measured)
    ++t.published;
  w_.kernel.after(w_.calls->hop_s(), to, kArrive, id);
  return true;
}

bool AppServer::run(RequestId req, const step::Fail& s) {
  ++w_.pool[req].pc;
  if (s.p <= 0 || rng_.uniform() >= s.p)
    return true;
  fail(req, ErrorKind::failed);
  return false;
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
    if (!r.in_use || r.orphan || r.at_app == 0 || r.backend != index_ || r.service != service_)
      continue;
    r.orphan = r.at_app == 2;  // the reply is still coming: the slot is freed then
    r.error = e;
    if (r.at_app == 3)  // waiting for its calls: their replies are stale from now on
      r.gen = w_.pool.next_gen();
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
  if (service_ == 0)
    w_.directory.memory_lost(index_);
  int lost = drop_all(ErrorKind::crashed);
  if (draining_ && !removed_) {  // it was leaving anyway: it is gone now
    removed_ = true;
    if (service_ == 0)
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
  if (service_ == 0)
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
