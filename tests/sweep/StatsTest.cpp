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

TEST(WelchT, HandDerivedExample) {
  // a = 1..5: mean 3, s² = 10/4 = 5/2, s²/n = 1/2.  b = 2, 4, …, 12: mean 7, s² = 70/5 = 14,
  // s²/n = 7/3.  se² = 1/2 + 7/3 = 17/6, so t = 4 / √(17/6).
  // Welch–Satterthwaite: df = (17/6)² / ((1/2)²/4 + (7/3)²/5) = (289/36) / (829/720) = 5780/829.
  TTest w = welch_greater({1, 2, 3, 4, 5}, {2, 4, 6, 8, 10, 12});
  EXPECT_DOUBLE_EQ(w.mean_a, 3);
  EXPECT_DOUBLE_EQ(w.mean_b, 7);
  EXPECT_NEAR(w.se, std::sqrt(17.0 / 6.0), 1e-14);
  EXPECT_NEAR(w.t, 4 / std::sqrt(17.0 / 6.0), 1e-12);
  EXPECT_NEAR(w.df, 5780.0 / 829.0, 1e-12);
  EXPECT_NEAR(w.critical, student_t_quantile(0.95, 5780.0 / 829.0), 1e-12);
  EXPECT_NEAR(w.p, 1 - student_t_cdf(4 / std::sqrt(17.0 / 6.0), 5780.0 / 829.0), 1e-14);
  // t = 2.376 > t(0.95, 6.97) ≈ 1.895: significant one-sided; reversed, it is not.
  EXPECT_TRUE(w.significant);
  EXPECT_FALSE(welch_greater({2, 4, 6, 8, 10, 12}, {1, 2, 3, 4, 5}).significant);
}

TEST(WelchT, EqualSamplesAndZeroVariance) {
  TTest same = welch_greater({1, 2, 3}, {1, 2, 3});
  EXPECT_EQ(same.t, 0);
  EXPECT_FALSE(same.significant);
  TTest flat = welch_greater({5, 5}, {6, 6, 6});
  EXPECT_TRUE(std::isinf(flat.t));
  EXPECT_EQ(flat.df, 3);
  EXPECT_TRUE(flat.significant);
  EXPECT_FALSE(welch_greater({5, 5}, {5, 5}).significant);
  EXPECT_THROW(welch_greater({1}, {1, 2}), std::invalid_argument);
}

TEST(OneSampleT, AgainstABound) {
  // 1..5 against 1: t = 2 / (√2.5 / √5) = 2√2, df 4.
  TTest o = one_sample_greater(1, {1, 2, 3, 4, 5});
  EXPECT_NEAR(o.t, 2 * std::sqrt(2.0), 1e-12);
  EXPECT_EQ(o.df, 4);
  EXPECT_TRUE(o.significant);  // 2.83 > t(0.95, 4) = 2.132
  EXPECT_FALSE(one_sample_greater(2.5, {1, 2, 3, 4, 5}).significant);
}
