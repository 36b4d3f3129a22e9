# tests for src/metrics (see tests/CMakeLists.txt: ladder_test)
