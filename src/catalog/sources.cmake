ladder_area(catalog
  SOURCES src/cost/Catalog.cpp ${CMAKE_CURRENT_BINARY_DIR}/generated/CatalogData.cpp)
