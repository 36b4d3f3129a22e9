# tests for src/cost (see tests/CMakeLists.txt: ladder_test)
