# tests for src/sim (see tests/CMakeLists.txt: ladder_test)
