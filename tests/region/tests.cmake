# tests for src/region (see tests/CMakeLists.txt: ladder_test)
ladder_test(region_tests
  SOURCES region/ConflictsTest.cpp
  LIBS ladder_region ladder_workload)
