ladder_area(shard SOURCES src/shard/Partitioner.cpp DEPS ladder_workload)
