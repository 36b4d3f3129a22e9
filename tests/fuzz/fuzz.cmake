# libFuzzer target for the scenario loader (-DLADDER_FUZZ=ON, clang only; see docs/testing.md).
# Every target of this build directory is instrumented (see CMakeLists.txt); build only this one:
#   cmake -S . -B build/fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DLADDER_FUZZ=ON -DLADDER_TESTS=OFF
#   cmake --build build/fuzz -j2 --target ladder_fuzz_loader && (cd build/fuzz && ctest -R fuzz)
add_executable(ladder_fuzz_loader ${PROJECT_SOURCE_DIR}/tests/fuzz/LoaderFuzz.cpp)
target_link_libraries(ladder_fuzz_loader PRIVATE ladder_scenario)
target_link_options(ladder_fuzz_loader PRIVATE -fsanitize=fuzzer)
ladder_warnings(ladder_fuzz_loader)

# The scenario files are the seed corpus (read recursively, never written); new inputs go to a
# corpus in the build directory. A bounded run: LADDER_FUZZ_SECONDS of fuzzing, then exit 0 unless
# something was found (libFuzzer exits non-zero and writes the input as crash-*/leak-*/timeout-*).
set(LADDER_FUZZ_SECONDS 60 CACHE STRING "How long the fuzz.loader ctest fuzzes, in seconds")
set(LADDER_FUZZ_CORPUS ${CMAKE_BINARY_DIR}/fuzz-corpus)
file(MAKE_DIRECTORY ${LADDER_FUZZ_CORPUS} ${CMAKE_BINARY_DIR}/fuzz-findings)
enable_testing()
add_test(NAME fuzz.loader
         COMMAND ladder_fuzz_loader -max_total_time=${LADDER_FUZZ_SECONDS} -timeout=10 -rss_limit_mb=2048
                 -max_len=65536 -artifact_prefix=${CMAKE_BINARY_DIR}/fuzz-findings/
                 ${LADDER_FUZZ_CORPUS} ${PROJECT_SOURCE_DIR}/scenarios ${PROJECT_SOURCE_DIR}/tests/scenario/data)
set_tests_properties(fuzz.loader PROPERTIES TIMEOUT 600 LABELS fuzz)
