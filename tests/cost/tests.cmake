# tests for src/cost (see tests/CMakeLists.txt: ladder_test)
ladder_test(cost_tests
  SOURCES cost/CatalogTest.cpp cost/CostTest.cpp
  LIBS ladder_catalog ladder_cost)
