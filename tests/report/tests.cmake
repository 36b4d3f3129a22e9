# tests for src/report (see tests/CMakeLists.txt: ladder_test)
ladder_test(report_tests
  SOURCES report/ResultTest.cpp report/FormatTest.cpp report/CompareTest.cpp report/DiagramTest.cpp
  LIBS ladder_report)
