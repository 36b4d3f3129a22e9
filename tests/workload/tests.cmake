# tests for src/workload (see tests/CMakeLists.txt: ladder_test)
