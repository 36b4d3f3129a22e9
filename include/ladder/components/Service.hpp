// Service-time draws: a class's mean demand scaled by the scenario's distribution.
#pragma once

#include "ladder/scenario/Scenario.hpp"
#include "ladder/workload/Random.hpp"

namespace ladder {

class ServiceSampler {
 public:
  explicit ServiceSampler(ServiceConfig cfg) : cfg_(cfg) {}
  /// A demand with the given mean (any unit); 0 stays 0.
  double draw(Rng& rng, double mean) const {
    if (mean <= 0)
      return 0;
    switch (cfg_.distribution) {
      case Distribution::deterministic: return mean;
      case Distribution::lognormal: return rng.lognormal(mean, cfg_.cv);
      case Distribution::exponential: break;
    }
    return rng.exponential(mean);
  }

 private:
  ServiceConfig cfg_;
};

}  // namespace ladder
