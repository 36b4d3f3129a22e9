// See include/ladder/sim/Capacity.hpp. The search assumes the SLO holds below some value of the
// knob and fails above it (more load, worse latency); it brackets that value by doubling or
// halving from the scenario's own, then bisects until the bracket is `tolerance` of its low end.
// Every point is judged as `run --seeds` judges a run: on the across-seed means.
#include "ladder/sim/Capacity.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "ladder/scenario/Fields.hpp"
#include "ladder/scenario/Loader.hpp"
#include "ladder/sim/Simulation.hpp"

namespace ladder {

namespace {

constexpr int kMaxBracketSteps = 30;  // 2^30 × the starting value: far past any scenario

/// The value at a dotted path of the resolved document, or nullptr.
const nlohmann::json* value_at(const nlohmann::json& doc, const std::string& dotted) {
  const nlohmann::json* node = &doc;
  std::size_t start = 0;
  while (start <= dotted.size()) {
    std::size_t dot = dotted.find('.', start);
    std::string key = dotted.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!node->is_object() || !node->contains(key)) return nullptr;
    node = &(*node)[key];
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return node;
}

struct Evaluated {
  CapacityPoint point;
  Result result;  ///< first seed's run, with replications
};

class Search {
 public:
  Search(std::string file, std::vector<std::string> overrides, const CapacityOptions& opt, std::uint64_t first_seed)
      : file_(std::move(file)), overrides_(std::move(overrides)), opt_(opt), first_seed_(first_seed) {}

  std::string text(double v, bool integer) const {
    return integer ? fmt::format("{}", static_cast<long long>(std::llround(v))) : fmt::format("{}", v);
  }

  Evaluated run(double v, bool integer) {
    std::vector<Scenario> seeds;
    for (std::uint64_t i = 0; i < opt_.seeds; ++i) {
      std::vector<std::string> sets = overrides_;
      sets.push_back(opt_.knob + "=" + text(v, integer));
      sets.push_back("seed=" + std::to_string(first_seed_ + i));
      seeds.push_back(load_scenario(file_, sets, LoadOptions{opt_.force}));
    }
    Evaluated e;
    e.result = run_replications(seeds, opt_.jobs);
    CapacityPoint& p = e.point;
    p.value = v;
    p.pass = e.result.slo.met;
    p.violations = e.result.slo.violations;
    const Replications& r = e.result.replications;
    if (const ReplicatedFigure* f = r.find("p99_ms")) {
      p.p99_ms = f->mean;
      p.p99_ci95 = f->ci95;
      p.p99_min = *std::min_element(f->values.begin(), f->values.end());
      p.p99_max = *std::max_element(f->values.begin(), f->values.end());
    }
    if (const ReplicatedFigure* f = r.find("error_rate")) {
      p.error_rate = f->mean;
      p.error_ci95 = f->ci95;
    }
    if (const ReplicatedFigure* f = r.find("throughput_rps")) p.throughput_rps = f->mean;
    if (opt_.on_point) opt_.on_point(opt_.knob, p);
    return e;
  }

 private:
  std::string file_;
  std::vector<std::string> overrides_;
  CapacityOptions opt_;
  std::uint64_t first_seed_;
};

}  // namespace

CapacityResult find_capacity(const std::string& file, const std::vector<std::string>& overrides,
                             const CapacityOptions& options) {
  CapacityOptions opt = options;
  const Scenario base = load_scenario(file, overrides, LoadOptions{opt.force});
  if (!(base.slo.p99_ms > 0))
    throw InputError({{file, "/slo/p99_ms",
                       "expected a latency objective to search against (slo.p99_ms > 0), found none; add one to "
                       "the scenario or pass e.g. --set slo.p99_ms=250"}});
  if (opt.knob.empty()) {
    if (base.workload.model == ArrivalModel::closed) opt.knob = "workload.users";
    else {
      const nlohmann::json* rate = value_at(base.resolved, "workload.rate_rps");
      opt.knob = rate && rate->is_number() && rate->get<double>() > 0 ? "workload.rate_rps" : "workload.dau";
    }
  }
  const Field* field = find_field(opt.knob);
  if (!field || is_item_field(*field) || (field->type != FieldType::integer && field->type != FieldType::number))
    throw InputError({{"--knob", "", fmt::format("expected a numeric scenario field (e.g. workload.users, "
                                                 "workload.rate_rps, services.app.count), found '{}'{}", opt.knob,
                                                 field ? " (not a number field)" : " (no such field)")}});
  const nlohmann::json* start = value_at(base.resolved, opt.knob);
  if (!start || !start->is_number() || !(start->get<double>() > 0))
    throw InputError({{file, "/" + opt.knob,
                       fmt::format("expected {} > 0 to start the search from, found {}", opt.knob,
                                   start ? start->dump() : std::string("nothing"))}});

  CapacityResult c;
  c.name = base.name;
  c.file = file;
  c.description = overridden_description(base.description, overrides);
  c.knob = opt.knob;
  c.unit = field->unit;
  c.integer = field->type == FieldType::integer;
  for (std::uint64_t i = 0; i < opt.seeds; ++i) c.seeds.push_back(base.sim.seed + i);
  c.objective_p99_ms = base.slo.p99_ms;
  c.objective_error_rate = base.slo.error_rate;

  Search search(file, overrides, opt, base.sim.seed);
  std::optional<Evaluated> lo, hi;
  auto record = [&](Evaluated e) {
    c.points.push_back(e.point);
    return e;
  };
  const double v0 = start->get<double>();
  Evaluated first = record(search.run(v0, c.integer));
  (first.point.pass ? lo : hi) = first;
  // Bracket: double while passing, halve while failing.
  for (int step = 0; step < kMaxBracketSteps && !(lo && hi); ++step) {
    double v = lo ? lo->point.value * 2 : hi->point.value / 2;
    if (c.integer) v = lo ? std::ceil(v) : std::floor(v);
    if (hi && !lo && (c.integer ? v < 1 : v <= 0)) break;
    try {
      Evaluated e = record(search.run(v, c.integer));
      (e.point.pass ? lo : hi) = e;
    } catch (const InputError& e) {
      // Past the field's range or the run-size limit: the search cannot go further this way.
      c.stop_reason = fmt::format("{}={} was refused: {}", opt.knob, search.text(v, c.integer),
                                  e.issues().empty() ? e.what() : e.issues().front().message);
      break;
    }
  }
  if (lo && hi) {
    auto narrow = [&] {
      const double gap = hi->point.value - lo->point.value;
      return c.integer ? gap <= 1 : gap <= opt.tolerance * lo->point.value;
    };
    while (!narrow()) {
      double mid = (lo->point.value + hi->point.value) / 2;
      if (c.integer) mid = std::floor(mid);
      Evaluated e = record(search.run(mid, c.integer));
      (e.point.pass ? lo : hi) = e;
    }
    c.outcome = "bracketed";
    c.last_pass = lo->point.value;
    c.first_fail = hi->point.value;
    // Which objective broke: p99 if its mean is past the objective at first_fail, else errors.
    const bool by_p99 = hi->point.p99_ms > c.objective_p99_ms;
    c.limited_by = by_p99 ? "p99" : "error rate";
    const double y_lo = by_p99 ? lo->point.p99_ms : lo->point.error_rate;
    const double y_hi = by_p99 ? hi->point.p99_ms : hi->point.error_rate;
    const double target = by_p99 ? c.objective_p99_ms : c.objective_error_rate;
    const double ci = by_p99 ? std::max(lo->point.p99_ci95, hi->point.p99_ci95)
                             : std::max(lo->point.error_ci95, hi->point.error_ci95);
    const double gap = c.first_fail - c.last_pass;
    const double slope = (y_hi - y_lo) / gap;
    c.estimate = slope > 0 ? std::clamp(c.last_pass + (target - y_lo) / slope, c.last_pass, c.first_fail)
                           : (c.last_pass + c.first_fail) / 2;
    // The interval turns into knob units by the slope over a wider secant where the search ran one
    // (the nearest points at least 5% outside the bracket): between two points 1% apart, the
    // difference of their means is mostly noise.
    const double margin = 0.05 * c.last_pass;
    const CapacityPoint* wide_lo = nullptr;
    const CapacityPoint* wide_hi = nullptr;
    for (const auto& p : c.points) {
      if (p.pass && p.value <= c.last_pass - margin && (!wide_lo || p.value > wide_lo->value)) wide_lo = &p;
      if (!p.pass && p.value >= c.first_fail + margin && (!wide_hi || p.value < wide_hi->value)) wide_hi = &p;
    }
    double wide_slope = slope;
    if (wide_lo && wide_hi) {
      const double y0 = by_p99 ? wide_lo->p99_ms : wide_lo->error_rate;
      const double y1 = by_p99 ? wide_hi->p99_ms : wide_hi->error_rate;
      wide_slope = (y1 - y0) / (wide_hi->value - wide_lo->value);
    }
    c.uncertainty = gap / 2 + (wide_slope > 0 ? ci / wide_slope : 0);
    c.bottleneck = lo->result.bottleneck;
  } else if (lo) {
    c.outcome = "above";
    c.last_pass = c.estimate = lo->point.value;
    c.bottleneck = lo->result.bottleneck;
    if (c.stop_reason.empty())
      c.stop_reason = fmt::format("every value up to {} met the SLO", search.text(lo->point.value, c.integer));
  } else {
    c.outcome = "none";
    c.first_fail = hi->point.value;
    if (c.stop_reason.empty())
      c.stop_reason = fmt::format("even {}={} misses the SLO", opt.knob, search.text(hi->point.value, c.integer));
  }
  return c;
}

}  // namespace ladder
