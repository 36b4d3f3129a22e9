ladder_test(ladder_components_tests
  SOURCES components/LbPolicyTest.cpp components/SlotQueueTest.cpp components/TimeIntegralTest.cpp
          components/StateDirectoryTest.cpp components/ProgramTest.cpp
          components/RegistryTest.cpp components/StatsViewsTest.cpp
  LIBS ladder_sim)
