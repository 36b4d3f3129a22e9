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
  }
  return "?";
}

}  // namespace ladder
