ladder_area(calls SOURCES src/calls/CircuitBreaker.cpp src/calls/MessageQueue.cpp)
