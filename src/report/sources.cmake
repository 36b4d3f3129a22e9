ladder_area(report
  SOURCES src/report/Result.cpp src/report/Format.cpp src/report/Compare.cpp src/report/Diagram.cpp
  DEPS ladder_scenario)
