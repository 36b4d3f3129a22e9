# tests for src/cost (see tests/CMakeLists.txt: ladder_test)
ladder_test(cost_tests
  SOURCES cost/CatalogTest.cpp
  LIBS ladder_catalog)
