// Student t quantiles against published values (and the closed forms for df = 1 and 2), the
// 95% interval, and SHA-256 against the FIPS 180-4 test vectors.
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ladder/sweep/Stats.hpp"

using namespace ladder;

namespace {

// Published two-sided 95% critical values t(0.975, df), to the digits tables give (and R's
// qt(0.975, df)); the computed quantile must match to 1e-9.
constexpr double kTableTol = 1e-9;

}  // namespace

TEST(StudentT, MatchesPublishedQuantiles) {
  const std::vector<std::pair<double, double>> known = {
      {1, 12.706204736174698}, {2, 4.302652729696142}, {3, 3.182446305284263}, {4, 2.776445105197799},
      {5, 2.570581835636314},  {9, 2.262157162798205}, {10, 2.228138851986274}, {30, 2.042272456301238},
      {100, 1.983971518523551}};
  for (auto [df, t] : known) EXPECT_NEAR(student_t_quantile(0.975, df), t, kTableTol) << "df " << df;
  EXPECT_NEAR(student_t_quantile(0.95, 1), 6.313751514675043, kTableTol);
  EXPECT_NEAR(student_t_quantile(0.95, 10), 1.812461122811676, kTableTol);
  EXPECT_NEAR(student_t_quantile(0.995, 3), 5.840909309733351, kTableTol);
}

TEST(StudentT, ClosedFormsForOneAndTwoDegrees) {
  // df = 1 is Cauchy: t = tan(π(p − ½)); df = 2: t = (2p − 1) / √(2p(1 − p)).
  for (double p : {0.6, 0.75, 0.9, 0.975, 0.999}) {
    EXPECT_NEAR(student_t_quantile(p, 1), std::tan(M_PI * (p - 0.5)), 1e-9 * std::tan(M_PI * (p - 0.5))) << p;
    EXPECT_NEAR(student_t_quantile(p, 2), (2 * p - 1) / std::sqrt(2 * p * (1 - p)), 1e-10) << p;
  }
}

TEST(StudentT, TendsToTheNormalAndIsSymmetric) {
  EXPECT_NEAR(student_t_quantile(0.975, 1e7), 1.959963984540054, 1e-6);
  EXPECT_DOUBLE_EQ(student_t_quantile(0.025, 4), -student_t_quantile(0.975, 4));
  EXPECT_EQ(student_t_quantile(0.5, 7), 0.0);
  EXPECT_NEAR(student_t_cdf(student_t_quantile(0.975, 6), 6), 0.975, 1e-12);
  EXPECT_THROW(student_t_quantile(1.0, 3), std::invalid_argument);
  EXPECT_THROW(student_t_quantile(0.9, 0), std::invalid_argument);
}

TEST(MeanInterval, StudentTHalfWidth) {
  // 1..5: mean 3, s = √2.5, half-width t(0.975, 4) · s / √5.
  MeanInterval m = mean_interval95({1, 2, 3, 4, 5});
  EXPECT_EQ(m.n, 5u);
  EXPECT_DOUBLE_EQ(m.mean, 3);
  EXPECT_NEAR(m.stddev, std::sqrt(2.5), 1e-15);
  EXPECT_NEAR(m.half_width, 2.776445105197799 * std::sqrt(2.5) / std::sqrt(5.0), 1e-9);
  MeanInterval one = mean_interval95({7});
  EXPECT_EQ(one.n, 1u);
  EXPECT_FALSE(one.has_interval());
  EXPECT_EQ(one.half_width, 0);
  EXPECT_EQ(mean_interval95({}).n, 0u);
}

TEST(Sha256, FipsVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}
