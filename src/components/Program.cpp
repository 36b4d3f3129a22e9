// See include/ladder/components/Program.hpp.
#include "ladder/components/Program.hpp"

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

std::vector<Program> lower_endpoints(const Scenario& s) {
  const bool sessions = s.sessions.store != SessionStoreKind::none;
  const bool local_files = s.uploads.store == UploadStoreKind::local;
  const SessionPlaces at = session_places(s);
  std::vector<Program> out(s.app.endpoints.size());
  for (std::size_t c = 0; c < out.size(); ++c) {
    Program& p = out[c];
    for (const StepSpec& st : s.app.endpoints[c].steps) {
      switch (st.head) {
        case StepSpec::Head::cpu:
          p.emplace_back(step::Cpu{st.cpu_ms});
          break;
        case StepSpec::Head::query:
          // Store 0 is the database; the loader refuses a query naming anything else.
          if (s.db.enabled) p.emplace_back(step::Query{0, st.write, st.primary, st.cacheable, st.cpu_ms, st.io_kb});
          break;
        case StepSpec::Head::session:
          if (sessions)
            p.emplace_back(st.op == 0 ? step::Session{step::Session::check, at.check}
                                      : step::Session{step::Session::create, at.create});
          break;
        case StepSpec::Head::file:
          if (st.op == 0) {
            if (local_files) p.emplace_back(step::File{step::File::check, true, 0});
          } else {
            const bool upload = st.op == 2;
            p.emplace_back(step::File{upload ? step::File::write : step::File::read, local_files,
                                      file_delay_s(s, upload)});
          }
          break;
        default:
          break;
      }
    }
  }
  return out;
}

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
