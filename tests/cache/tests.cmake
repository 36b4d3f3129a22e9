# tests for src/cache (see tests/CMakeLists.txt: ladder_test)
# Unit tests of the key cache's policies, a differential test against a naive reference, and
# fidelity tests against Che's approximation and the TTL-cache formula (support/Analytic.hpp).
ladder_test(ladder_cache_tests SOURCES cache/KeyCacheTest.cpp PREFIX cache.
            LIBS ladder_cache ladder_workload ladder_test_support)
