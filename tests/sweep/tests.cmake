# tests for src/sweep (see tests/CMakeLists.txt: ladder_test)
# sweep_tests: pure logic (Student t, SHA-256, plan validation, metric paths, the process pool).
# sweep_cli_tests: `ladder sweep` end to end on the real binary (LADDER_BIN).
ladder_test(sweep_tests
  SOURCES sweep/StatsTest.cpp sweep/PlanTest.cpp sweep/ProcessPoolTest.cpp
  LIBS ladder_sweep ladder_stats ladder_scenario ladder_report)
ladder_test(sweep_cli_tests SOURCES sweep/SweepCliTest.cpp LIBS ladder_sweep nlohmann_json::nlohmann_json)
add_dependencies(sweep_cli_tests ladder)
