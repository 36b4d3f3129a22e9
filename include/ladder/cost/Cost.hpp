// Monthly cost of a scenario's architecture: instance-hours from the catalog.
#pragma once

#include "ladder/report/Result.hpp"
#include "ladder/scenario/Scenario.hpp"

namespace ladder {

/// One item per bill line of the scenario's instances (scenario/Instances.hpp), their sum, and
/// the cost per 1,000 DAU when the scenario states its DAU.
CostResult compute_cost(const Scenario& scenario);

/// Adds the usage-priced lines of the scenario's instances (an object store's requests and
/// storage) from a run's measured upload and download rates, extrapolated to a month:
/// requests/s × seconds billed × price, plus one month of uploaded bytes stored for a month.
/// No item when nothing was uploaded or downloaded.
void add_usage_cost(const Scenario& scenario, const UploadResult& measured, double window_s, CostResult& cost);

}  // namespace ladder
