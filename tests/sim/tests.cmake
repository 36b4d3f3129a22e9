# tests for src/sim (see tests/CMakeLists.txt: ladder_test)
# Simulation tests: each TEST runs one scenario (or forks with run_in_child) and checks it
# against theory or the stage's promise. SimTestSupport.hpp holds the shared tolerances.
ladder_test(ladder_sim_tests
  SOURCES sim/FidelityTest.cpp sim/DeterminismTest.cpp sim/StageTest.cpp sim/OverloadTest.cpp
          sim/KernelTest.cpp sim/KernelCommTest.cpp sim/FaultTest.cpp sim/ReplicaCacheTest.cpp sim/ReplyTest.cpp
          sim/ClimbTest.cpp
  LIBS ladder_core ladder_test_support)
