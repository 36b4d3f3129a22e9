# tests for src/shard (see tests/CMakeLists.txt: ladder_test)
ladder_test(shard_tests
  SOURCES shard/PartitionerTest.cpp
  LIBS ladder_shard)
