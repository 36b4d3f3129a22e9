// See include/ladder/components/Program.hpp.
#include "ladder/components/Program.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace ladder {

namespace {
constexpr double kBytesPerKiB = 1024;
constexpr double kBytesPerMB = 1e6;
}  // namespace

namespace {

struct SessionPlaces {
  step::Session::Where check, create;
};

/// A check looks in the store for redis sessions and for a jwt deny-list; a login writes to it
/// only for redis sessions.
SessionPlaces session_places(const Scenario& s) {
  const step::Session::Where check_at = s.sessions.store == SessionStoreKind::local ? step::Session::local
                                        : s.sessions.store == SessionStoreKind::redis || s.sessions.deny_list
                                            ? step::Session::store
                                            : step::Session::token;
  const step::Session::Where create_at = s.sessions.store == SessionStoreKind::local   ? step::Session::local
                                         : s.sessions.store == SessionStoreKind::redis ? step::Session::store
                                                                                       : step::Session::token;
  return {check_at, create_at};
}

/// One file's move: local disk bandwidth, or the object store's PUT / GET latency.
double file_delay_s(const Scenario& s, bool upload) {
  if (s.uploads.store == UploadStoreKind::local)
    return s.uploads.file_kb * kBytesPerKiB / (s.uploads.local_disk_mbps * kBytesPerMB);
  return (upload ? s.object_store.put_ms : s.object_store.get_ms) / 1e3;
}

}  // namespace

namespace {

/// Lowers the programs of one service (its index `svc`), adding the edges and topics it uses.
class Lowering {
 public:
  Lowering(const Scenario& s, Lowered& out)
      : s_(s), out_(out), sessions_(s.sessions.store != SessionStoreKind::none),
        local_files_(s.uploads.store == UploadStoreKind::local), at_(session_places(s)) {}

  std::vector<Program> service(int svc, const AppConfig& a) {
    svc_ = svc;
    std::vector<Program> progs(a.endpoints.size());
    for (std::size_t c = 0; c < progs.size(); ++c)
      for (const StepSpec& st : a.endpoints[c].steps)
        add(progs[c], st);
    return progs;
  }

 private:
  step::Call call(const StepSpec& st) {
    step::Call c;
    c.service = static_cast<std::uint16_t>(st.service);
    c.endpoint = static_cast<std::uint16_t>(st.endpoint);
    c.edge = edge(st);
    c.timeout_s = st.timeout_ms / 1e3;
    c.retries = st.retries;
    c.backoff_s = st.backoff_ms / 1e3;
    c.jitter = st.jitter;
    c.on_error = st.on_error;
    c.fan_out = std::max(1, st.fan_out);
    c.quorum = st.quorum;
    return c;
  }
  std::uint16_t edge(const StepSpec& st) {
    for (std::size_t i = 0; i < out_.edges.size(); ++i) {
      CallEdge& e = out_.edges[i];
      if (e.caller == svc_ && e.callee == st.service && e.endpoint == st.endpoint) {
        e.breaker = e.breaker || st.breaker;
        return static_cast<std::uint16_t>(i);
      }
    }
    const AppConfig& callee = s_.services[static_cast<std::size_t>(st.service)];
    out_.edges.push_back({svc_, st.service, st.endpoint,
                          fmt::format("{} → {}.{}", s_.services[static_cast<std::size_t>(svc_)].name, callee.name,
                                      callee.endpoint_names[static_cast<std::size_t>(st.endpoint)]),
                          st.breaker});
    return static_cast<std::uint16_t>(out_.edges.size() - 1);
  }
  std::uint16_t topic(const std::string& name) {
    auto it = std::find(out_.topics.begin(), out_.topics.end(), name);
    if (it != out_.topics.end()) return static_cast<std::uint16_t>(it - out_.topics.begin());
    out_.topics.push_back(name);
    return static_cast<std::uint16_t>(out_.topics.size() - 1);
  }

  void add(Program& p, const StepSpec& st) {
    switch (st.head) {
      case StepSpec::Head::cpu:
        p.emplace_back(step::Cpu{st.cpu_ms});
        break;
      case StepSpec::Head::query:
        // Store 0 is the database; the loader refuses a query naming anything else.
        if (s_.db.enabled) p.emplace_back(step::Query{0, st.write, st.primary, st.cacheable, st.cpu_ms, st.io_kb});
        break;
      case StepSpec::Head::session:
        if (sessions_)
          p.emplace_back(st.op == 0 ? step::Session{step::Session::check, at_.check}
                                    : step::Session{step::Session::create, at_.create});
        break;
      case StepSpec::Head::file:
        if (st.op == 0) {
          if (local_files_) p.emplace_back(step::File{step::File::check, true, 0});
        } else {
          const bool upload = st.op == 2;
          p.emplace_back(step::File{upload ? step::File::write : step::File::read, local_files_,
                                    file_delay_s(s_, upload)});
        }
        break;
      case StepSpec::Head::call: {
        const std::size_t at = p.size();
        p.emplace_back(call(st));
        if (st.on_error == OnError::fallback) {
          for (const StepSpec& f : st.fallback) add(p, f);
          std::get<step::Call>(p[at]).fallback_len = static_cast<std::uint16_t>(p.size() - at - 1);
        }
        break;
      }
      case StepSpec::Head::parallel: {
        step::Parallel par;
        for (const StepSpec& c : st.calls) par.calls.push_back(call(c));
        par.quorum = st.quorum;
        par.on_error = st.on_error;
        p.emplace_back(std::move(par));
        break;
      }
      case StepSpec::Head::respond:
        p.emplace_back(step::Respond{st.status});
        break;
      case StepSpec::Head::publish:
        p.emplace_back(step::Publish{static_cast<std::uint16_t>(st.consumer), static_cast<std::uint16_t>(st.endpoint),
                                     topic(st.target)});
        break;
      case StepSpec::Head::fail:
        p.emplace_back(step::Fail{st.p});
        break;
    }
  }

  const Scenario& s_;
  Lowered& out_;
  bool sessions_, local_files_;
  SessionPlaces at_;
  int svc_ = 0;
};

}  // namespace

Lowered lower_services(const Scenario& s) {
  Lowered out;
  Lowering low(s, out);
  if (s.services.empty()) {  // a scenario built by hand (tests): the entry service alone
    out.programs.push_back(low.service(0, s.app));
    return out;
  }
  for (std::size_t i = 0; i < s.services.size(); ++i)
    out.programs.push_back(low.service(static_cast<int>(i), i == 0 ? s.app : s.services[i]));
  return out;
}

std::vector<Program> lower_endpoints(const Scenario& s) { return std::move(lower_services(s).programs.front()); }

std::string describe(const Step& s) {
  struct {
    std::string operator()(const step::Cpu& c) const { return fmt::format("cpu {:g} ms", c.ms); }
    std::string operator()(const step::Query& q) const {
      return fmt::format("query store {} {}{}{} cpu {:g} ms io {:g} kB", q.store, q.write ? "write" : "read",
                         q.primary ? " primary" : "", q.cacheable ? " cacheable" : "", q.cpu_ms, q.io_kb);
    }
    std::string operator()(const step::Session& x) const {
      static constexpr const char* kWhere[] = {"local", "store", "token"};
      return fmt::format("session {} {}", x.op == step::Session::check ? "check" : "create", kWhere[x.where]);
    }
    std::string operator()(const step::File& f) const {
      static constexpr const char* kOp[] = {"check", "read", "write"};
      if (f.op == step::File::check)
        return fmt::format("file check {}", f.local ? "local" : "object_store");
      return fmt::format("file {} {} {:g} s", kOp[f.op], f.local ? "local" : "object_store", f.delay_s);
    }
    std::string operator()(const step::Call& c) const {
      std::string out = fmt::format("call service {} endpoint {}", c.service, c.endpoint);
      if (c.fan_out > 1) out += fmt::format(" ×{}", c.fan_out);
      if (c.quorum > 0) out += fmt::format(" quorum {}", c.quorum);
      if (c.timeout_s > 0) out += fmt::format(" timeout {:g} ms", c.timeout_s * 1e3);
      if (c.retries > 0) out += fmt::format(" retries {}", c.retries);
      if (c.on_error != OnError::fail) out += fmt::format(" on_error {}", to_string(c.on_error));
      if (c.fallback_len > 0) out += fmt::format(" (fallback: next {} steps)", c.fallback_len);
      return out;
    }
    std::string operator()(const step::Parallel& par) const {
      std::string out = "parallel [";
      for (std::size_t i = 0; i < par.calls.size(); ++i) out += (i ? ", " : "") + (*this)(par.calls[i]);
      out += "]";
      if (par.quorum > 0) out += fmt::format(" quorum {}", par.quorum);
      return out;
    }
    std::string operator()(const step::Respond& r) const { return fmt::format("respond {}", r.status); }
    std::string operator()(const step::Publish& x) const {
      return fmt::format("publish topic {} to service {} endpoint {}", x.topic, x.consumer, x.endpoint);
    }
    std::string operator()(const step::Fail& f) const { return fmt::format("fail p {:g}", f.p); }
  } visitor;
  return std::visit(visitor, s);
}

std::string describe(const Program& p) {
  std::string out;
  for (const Step& s : p) {
    if (!out.empty())
      out += "; ";
    out += describe(s);
  }
  return out;
}

}  // namespace ladder
