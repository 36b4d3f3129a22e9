# tests for src/workload (see tests/CMakeLists.txt: ladder_test)

# Closed-form queueing/caching results shared by the fidelity tests (also used by
# tests/sim/tests.cmake, which is included after this file). Include as "support/Analytic.hpp".
add_library(ladder_test_support STATIC support/Analytic.cpp)
target_include_directories(ladder_test_support PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
ladder_warnings(ladder_test_support)

ladder_test(ladder_workload_tests SOURCES workload/RandomTest.cpp
            LIBS ladder_workload ladder_test_support)
ladder_test(ladder_analytic_tests SOURCES support/AnalyticTest.cpp LIBS ladder_test_support)
