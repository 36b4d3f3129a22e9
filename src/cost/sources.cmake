ladder_area(cost SOURCES src/cost/Cost.cpp DEPS ladder_scenario ladder_report)
