ladder_area(metrics SOURCES src/metrics/Histogram.cpp src/metrics/Metrics.cpp DEPS ladder_report)
