ladder_area(cache SOURCES src/cache/KeyCache.cpp)
