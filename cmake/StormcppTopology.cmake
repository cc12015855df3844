# stormcpp_add_topology_jar: package multilang executables and topology specs as an Apache Storm
# topology jar.
#
#   include(StormcppTopology)
#   stormcpp_add_topology_jar(
#     NAME wordcount-topology                       # target name; the jar is <NAME>.jar
#     EXECUTABLES wordcount                         # CMake targets, shipped under resources/
#     [RESOURCES path/file ...]                     # other files shipped beside them
#     [SPECS topologies/wordcount.yaml ...]         # Flux / Clojure specs, under topologies/
#     [STORM_VERSION 2.8.3]                         # default: STORMCPP_STORM_VERSION
#     [OUTPUT_DIRECTORY dir]                        # default: CMAKE_CURRENT_BINARY_DIR
#     [ALL])                                        # build it with the default target
#
# The jar is what `storm jar` / StormSubmitter upload: stormcpp's Storm glue with Flux and the
# Clojure DSL, the executables under resources/ (Storm starts them there, as working directory)
# and the specs. Specs start the executables with stormcpp.storm.CppSpout / CppBolt (see
# topologies/wordcount.yaml). Link them so that a worker needs no extra shared library
# (stormcpp_static_runtime).
#
# Needs bash, a JDK (`jar`) and Maven (Storm comes from Maven Central on first use): the work is
# done by tools/package-topology (also behind `stormcpp jar`), which installs them with apt-get
# when run as root.

set(STORMCPP_STORM_VERSION "2.8.3" CACHE STRING "Apache Storm release for topology jars")
# Where tools/package-topology and the Java glue are: the source tree (this file in cmake/), or
# an installed package (this file in lib/cmake/stormcpp/, the rest in share/stormcpp/).
if(EXISTS "${CMAKE_CURRENT_LIST_DIR}/../tools/package-topology")
  get_filename_component(_root "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
else()
  get_filename_component(_root "${CMAKE_CURRENT_LIST_DIR}/../../../share/stormcpp" ABSOLUTE)
endif()
if(NOT EXISTS "${_root}/tools/package-topology")
  message(FATAL_ERROR "stormcpp: no tools/package-topology under ${_root}: the installation is incomplete (reinstall stormcpp with cmake --install)")
endif()
# in the cache, so that the function sees it from any directory (add_subdirectory included)
set(_STORMCPP_TOPOLOGY_ROOT "${_root}" CACHE INTERNAL "")

function(stormcpp_add_topology_jar)
  cmake_parse_arguments(ARG "ALL" "NAME;STORM_VERSION;OUTPUT_DIRECTORY" "EXECUTABLES;RESOURCES;SPECS" ${ARGN})
  if(NOT ARG_NAME)
    message(FATAL_ERROR "stormcpp_add_topology_jar: NAME is required")
  endif()
  if(NOT ARG_EXECUTABLES AND NOT ARG_RESOURCES)
    message(FATAL_ERROR "stormcpp_add_topology_jar(${ARG_NAME}): give EXECUTABLES or RESOURCES")
  endif()
  if(NOT ARG_STORM_VERSION)
    set(ARG_STORM_VERSION "${STORMCPP_STORM_VERSION}")
  endif()
  if(NOT ARG_OUTPUT_DIRECTORY)
    set(ARG_OUTPUT_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}")
  endif()
  find_program(STORMCPP_BASH bash REQUIRED)

  set(root "${_STORMCPP_TOPOLOGY_ROOT}")
  set(jar "${ARG_OUTPUT_DIRECTORY}/${ARG_NAME}.jar")
  set(args --storm-version "${ARG_STORM_VERSION}" --output "${jar}")
  set(depends "")
  foreach(exe IN LISTS ARG_EXECUTABLES)
    if(TARGET ${exe})
      list(APPEND args --exe "$<TARGET_FILE:${exe}>")
      list(APPEND depends ${exe} "$<TARGET_FILE:${exe}>")
    else()
      get_filename_component(path "${exe}" ABSOLUTE)
      list(APPEND args --exe "${path}")
      list(APPEND depends "${path}")
    endif()
  endforeach()
  foreach(res IN LISTS ARG_RESOURCES)
    get_filename_component(path "${res}" ABSOLUTE)
    list(APPEND args --resource "${path}")
    list(APPEND depends "${path}")
  endforeach()
  foreach(spec IN LISTS ARG_SPECS)
    get_filename_component(path "${spec}" ABSOLUTE)
    list(APPEND args --spec "${path}")
    list(APPEND depends "${path}")
  endforeach()
  file(GLOB_RECURSE glue_sources CONFIGURE_DEPENDS "${root}/storm/runtime/src/*.java")
  list(APPEND depends "${root}/storm/pom.xml" "${root}/storm/runtime/pom.xml" ${glue_sources}
    "${root}/tools/package-topology")

  add_custom_command(
    OUTPUT "${jar}"
    COMMAND "${STORMCPP_BASH}" "${root}/tools/package-topology" ${args}
    DEPENDS ${depends}
    COMMENT "Packaging Storm topology jar ${ARG_NAME}.jar (Storm ${ARG_STORM_VERSION})"
    VERBATIM)
  if(ARG_ALL)
    add_custom_target(${ARG_NAME} ALL DEPENDS "${jar}")
  else()
    add_custom_target(${ARG_NAME} DEPENDS "${jar}")
  endif()
  set_target_properties(${ARG_NAME} PROPERTIES STORMCPP_TOPOLOGY_JAR "${jar}")
endfunction()
