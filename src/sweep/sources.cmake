# Student t, Welch's test and SHA-256 are their own small library: `compare` (report) uses the
# tests on multi-seed results, and the sweep uses the intervals; neither pulls in the other.
ladder_area(stats SOURCES src/sweep/Stats.cpp)
ladder_area(sweep
  SOURCES src/sweep/Plan.cpp src/sweep/ProcessPool.cpp src/sweep/Sweep.cpp
  DEPS ladder_scenario ladder_report ladder_stats)
