ladder_area(region SOURCES src/region/Conflicts.cpp)
