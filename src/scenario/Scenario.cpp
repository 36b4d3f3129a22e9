// Names of the scenario enums, as written in scenario files and results.
#include "ladder/scenario/Scenario.hpp"

namespace ladder {

const char* to_string(Distribution d) {
  switch (d) {
    case Distribution::exponential: return "exponential";
    case Distribution::deterministic: return "deterministic";
    case Distribution::lognormal: return "lognormal";
  }
  return "?";
}

const char* to_string(ArrivalModel m) {
  switch (m) {
    case ArrivalModel::open: return "open";
    case ArrivalModel::closed: return "closed";
  }
  return "?";
}

const char* to_string(LbPolicy p) {
  switch (p) {
    case LbPolicy::round_robin: return "round_robin";
    case LbPolicy::least_connections: return "least_connections";
    case LbPolicy::random: return "random";
    case LbPolicy::sticky: return "sticky";
    case LbPolicy::sticky_cookie: return "sticky_cookie";
  }
  return "?";
}

const char* to_string(SessionStoreKind k) {
  switch (k) {
    case SessionStoreKind::none: return "none";
    case SessionStoreKind::local: return "local";
    case SessionStoreKind::redis: return "redis";
    case SessionStoreKind::jwt: return "jwt";
  }
  return "?";
}

const char* to_string(UploadStoreKind k) {
  switch (k) {
    case UploadStoreKind::local: return "local";
    case UploadStoreKind::object_store: return "object_store";
  }
  return "?";
}

const char* to_string(FaultAction a) {
  switch (a) {
    case FaultAction::crash: return "crash";
    case FaultAction::recover: return "recover";
    case FaultAction::slow: return "slow";
    case FaultAction::cut: return "cut";
    case FaultAction::heal: return "heal";
    case FaultAction::scale_out: return "scale_out";
    case FaultAction::scale_in: return "scale_in";
  }
  return "?";
}

const char* to_string(ReadPolicy p) {
  switch (p) {
    case ReadPolicy::any_replica: return "any_replica";
    case ReadPolicy::primary_window: return "primary_window";
    case ReadPolicy::write_token: return "write_token";
  }
  return "?";
}

const char* to_string(CachePolicy p) { return p == CachePolicy::lru ? "lru" : "lfu"; }

const char* to_string(CacheWrite w) { return w == CacheWrite::invalidate ? "invalidate" : "update"; }
const char* to_string(OnError e) {
  switch (e) {
    case OnError::fail: return "fail";
    case OnError::skip: return "skip";
    case OnError::fallback: return "fallback";
  }
  return "?";
}

}  // namespace ladder
