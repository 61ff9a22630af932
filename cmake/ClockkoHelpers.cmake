# clockko_add_library(NAME <short> SRCS <files...> DEPS <targets...>)
#   Creates the static library clockko_<short> from one src/ folder. DEPS is the layering table of
#   docs/architecture.md written down: a library may only link what its layer may include.
function(clockko_add_library)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS" ${ARGN})
  add_library(clockko_${ARG_NAME} STATIC ${ARG_SRCS})
  target_include_directories(clockko_${ARG_NAME} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(clockko_${ARG_NAME} PUBLIC ${ARG_DEPS})
  target_compile_options(clockko_${ARG_NAME} PRIVATE ${CLOCKKO_WARNINGS})
endfunction()

# clockko_add_test(NAME <name> SRCS <files...> DEPS <targets...> [LABELS <labels...>])
#   One GoogleTest executable, registered with ctest through gtest_discover_tests.
function(clockko_add_test)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS;LABELS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SRCS})
  target_include_directories(${ARG_NAME} PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/tests)
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  target_compile_options(${ARG_NAME} PRIVATE ${CLOCKKO_WARNINGS})
  target_compile_definitions(${ARG_NAME} PRIVATE
    CLOCKKO_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data")
  gtest_discover_tests(${ARG_NAME} DISCOVERY_TIMEOUT 60 PROPERTIES LABELS "unit\\;${ARG_LABELS}")
endfunction()
