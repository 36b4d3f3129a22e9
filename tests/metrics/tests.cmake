# tests for src/metrics (see tests/CMakeLists.txt: ladder_test)

# Histogram.cpp is compiled in directly: it depends on nothing else in the library, and the
# test stays buildable while the rest of ladder_metrics is in progress.
ladder_test(ladder_histogram_tests SOURCES metrics/HistogramTest.cpp ../src/metrics/Histogram.cpp
            LIBS ladder_workload)  # Rng, to draw the test samples
target_include_directories(ladder_histogram_tests PRIVATE ${PROJECT_SOURCE_DIR}/include)
