# tests for src/cli (see tests/CMakeLists.txt: ladder_test)
