ladder_area(sweep
  SOURCES src/sweep/Plan.cpp src/sweep/Stats.cpp src/sweep/ProcessPool.cpp src/sweep/Sweep.cpp
  DEPS ladder_scenario ladder_report)
