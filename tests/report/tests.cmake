# tests for src/report (see tests/CMakeLists.txt: ladder_test)
