# tests for src/report (see tests/CMakeLists.txt: ladder_test)
ladder_test(report_tests
  SOURCES report/ResultTest.cpp report/FormatTest.cpp report/CompareTest.cpp report/OutputTest.cpp
          report/DiagramTest.cpp
  LIBS ladder_report)

# The HTML report in headless Chromium (tests/report/browser.sh): registered only when Debian's
# chromium and playwright-core (web/, npm ci) are installed; otherwise one test that reports
# itself SKIPPED with the reason (ctest counts it as skipped, never as passed).
set(LADDER_BROWSER_OUT ${CMAKE_BINARY_DIR}/report-browser)
find_program(LADDER_NODE node)
if(EXISTS /usr/bin/chromium AND LADDER_NODE AND EXISTS ${PROJECT_SOURCE_DIR}/web/node_modules/playwright-core)
  foreach(which single climb)
    add_test(NAME report/browser/${which}
             COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/report/browser.sh $<TARGET_FILE:ladder> ${LADDER_BROWSER_OUT} ${which}
             WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
    set_tests_properties(report/browser/${which} PROPERTIES TIMEOUT 240 RESOURCE_LOCK chromium)
  endforeach()
else()
  add_test(NAME report/browser
           COMMAND ${CMAKE_COMMAND} -E echo
                   "SKIPPED: needs /usr/bin/chromium (apt-get install chromium), node and web/node_modules/playwright-core (tools/install-deps.sh)")
  set_tests_properties(report/browser PROPERTIES SKIP_REGULAR_EXPRESSION "SKIPPED")
endif()
