# tests for src/scenario (see tests/CMakeLists.txt: ladder_test)
