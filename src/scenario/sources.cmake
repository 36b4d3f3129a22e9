ladder_area(scenario
  SOURCES src/scenario/Scenario.cpp src/scenario/Fields.cpp src/scenario/Topology.cpp src/scenario/Loader.cpp
          src/scenario/Instances.cpp src/scenario/StoreKinds.cpp
  DEPS ladder_catalog)
