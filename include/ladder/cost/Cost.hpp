// Monthly cost of a scenario's architecture: instance-hours from the catalog.
#pragma once

#include "ladder/report/Result.hpp"
#include "ladder/scenario/Scenario.hpp"

namespace ladder {

/// Items for every billed component (app servers, database, load balancer), their sum, and
/// the cost per 1,000 DAU when the scenario states its DAU.
CostResult compute_cost(const Scenario& scenario);

}  // namespace ladder
