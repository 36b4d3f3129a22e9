# tests for src/cli (see tests/CMakeLists.txt: ladder_test)
# Runs the real `ladder` binary (LADDER_BIN) from the repository root.
ladder_test(ladder_cli_tests SOURCES cli/CliTest.cpp LIBS nlohmann_json::nlohmann_json)
add_dependencies(ladder_cli_tests ladder)
