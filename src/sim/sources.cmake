ladder_area(sim
  SOURCES src/platform/Platform.cpp
          src/components/AppServer.cpp src/components/Database.cpp src/components/LoadBalancer.cpp
          src/components/Workload.cpp src/components/SessionStore.cpp src/components/FaultTimeline.cpp
          src/components/Replication.cpp src/components/CacheServer.cpp src/components/Program.cpp
          src/components/StatsViews.cpp src/components/Calls.cpp
          src/sim/Kernel.cpp src/sim/Builder.cpp src/sim/Simulation.cpp src/sim/Capacity.cpp
  DEPS ladder_scenario ladder_calls ladder_workload ladder_cache ladder_metrics ladder_report ladder_cost PkgConfig::SimGrid
  PRIVATE_DEPS spdlog::spdlog)
