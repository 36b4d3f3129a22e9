ladder_test(ladder_components_tests
  SOURCES components/LbPolicyTest.cpp components/TimeIntegralTest.cpp
  LIBS ladder_sim)
