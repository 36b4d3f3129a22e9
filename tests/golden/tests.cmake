# Golden result bytes (tools/golden.sh): one ctest per scenario file, named golden/<path>.
# The list is the files under scenarios/, globbed (with CONFIGURE_DEPENDS) on purpose: a new
# scenario gets a test at once, which fails until its golden is written.
file(GLOB_RECURSE ladder_golden_scenarios RELATIVE ${PROJECT_SOURCE_DIR}
     CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/scenarios/*.json)
list(SORT ladder_golden_scenarios)
foreach(scenario ${ladder_golden_scenarios})
  string(REGEX REPLACE "^scenarios/(.*)\\.json$" "golden/\\1" test_name ${scenario})
  add_test(NAME ${test_name}
           COMMAND bash ${PROJECT_SOURCE_DIR}/tools/golden.sh check $<TARGET_FILE:ladder> ${scenario}
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
endforeach()
