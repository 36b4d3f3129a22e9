// What every bench program shares: the random stream, the argument list and the measurement,
// so that ladder, the SimGrid floor, the hand-written heap and the SimPy peers measure the same
// thing in the same way.
//
// Measurement (the same as ladder's Metrics): a request counts when it was created at or after
// the warm-up and completed at or before the end; its response time goes into one of 20 batches
// of the measured window by completion time, and the standard error of the mean is the standard
// deviation of the 20 batch means over sqrt(20) (batch means, as ladder's mean_ci95 / t_0.975,19).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

namespace bench {

/// duration_s warmup_s seed, all optional, from argv.
struct Args {
  double duration_s;
  double warmup_s;
  std::uint64_t seed = 1;
  Args(int argc, char** argv, double default_duration, double default_warmup)
      : duration_s(default_duration), warmup_s(default_warmup) {
    if (argc > 4 || (argc > 1 && std::string(argv[1]) == "--help")) {
      std::fprintf(stderr, "usage: %s [DURATION_S [WARMUP_S [SEED]]]\n", argv[0]);
      std::exit(2);
    }
    if (argc > 1) duration_s = std::atof(argv[1]);
    if (argc > 2) warmup_s = std::atof(argv[2]);
    if (argc > 3) seed = std::strtoull(argv[3], nullptr, 10);
    if (!(duration_s > warmup_s) || warmup_s < 0) {
      std::fprintf(stderr, "%s: need DURATION_S > WARMUP_S >= 0\n", argv[0]);
      std::exit(2);
    }
  }
};

/// mt19937_64 and inversion: cheap and the same everywhere.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}
  double exponential(double mean) {
    double u = (static_cast<double>(engine_() >> 11) + 0.5) * 0x1.0p-53;
    return -mean * std::log(u);
  }

 private:
  std::mt19937_64 engine_;
};

class Stats {
 public:
  static constexpr int kBatches = 20;
  Stats(double warmup_s, double end_s)
      : warmup_(warmup_s), end_(end_s), width_((end_s - warmup_s) / kBatches), sum_(kBatches, 0.0),
        n_(kBatches, 0) {}
  void created() { ++generated_; }
  void complete(double created, double t) {
    if (created < warmup_ || t > end_)
      return;
    auto b = static_cast<std::size_t>((t - warmup_) / width_);
    if (b >= static_cast<std::size_t>(kBatches))
      b = kBatches - 1;
    double ms = (t - created) * 1e3;
    sum_[b] += ms;
    ++n_[b];
  }
  /// One line the bench script parses.
  void print(const char* impl, const char* model) const {
    double total = 0;
    std::uint64_t count = 0;
    std::vector<double> means;
    for (int i = 0; i < kBatches; ++i) {
      total += sum_[static_cast<std::size_t>(i)];
      count += n_[static_cast<std::size_t>(i)];
      if (n_[static_cast<std::size_t>(i)] > 0)
        means.push_back(sum_[static_cast<std::size_t>(i)] / static_cast<double>(n_[static_cast<std::size_t>(i)]));
    }
    double m = 0, var = 0;
    for (double x : means) m += x;
    m /= static_cast<double>(means.size());
    for (double x : means) var += (x - m) * (x - m);
    var /= static_cast<double>(means.size() - 1);
    std::printf("impl=%s model=%s requests=%llu measured=%llu mean_ms=%.6f se_ms=%.6f\n", impl, model,
                static_cast<unsigned long long>(generated_), static_cast<unsigned long long>(count),
                count ? total / static_cast<double>(count) : 0.0, std::sqrt(var / static_cast<double>(means.size())));
  }

 private:
  double warmup_, end_, width_;
  std::vector<double> sum_;
  std::vector<std::uint64_t> n_;
  std::uint64_t generated_ = 0;
};

}  // namespace bench
