# tests for src/calls (see tests/CMakeLists.txt: ladder_test)
ladder_test(calls_tests
  SOURCES calls/CallsTest.cpp
  LIBS ladder_calls)
