ladder_test(ladder_components_tests
  SOURCES components/LbPolicyTest.cpp components/SlotQueueTest.cpp components/TimeIntegralTest.cpp
  LIBS ladder_sim)
