ladder_area(workload SOURCES src/workload/Random.cpp)
