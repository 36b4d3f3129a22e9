# tests for src/scenario (see tests/CMakeLists.txt: ladder_test)
ladder_test(scenario_tests
  SOURCES scenario/LoaderTest.cpp scenario/LoaderErrorTest.cpp scenario/FieldsTest.cpp scenario/TopologyTest.cpp
          scenario/InstancesTest.cpp scenario/ServicesTest.cpp
  LIBS ladder_scenario)
