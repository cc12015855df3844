# install(EXPORT) so that find_package(stormcpp) works after `cmake --install`.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(_stormcpp_targets stormcpp stormcpp_testing)
install(TARGETS ${_stormcpp_targets} EXPORT stormcppTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/stormcpp DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
set(_config_dir ${CMAKE_INSTALL_LIBDIR}/cmake/stormcpp)
install(EXPORT stormcppTargets NAMESPACE stormcpp:: DESTINATION ${_config_dir})
configure_package_config_file(cmake/stormcppConfig.cmake.in
  ${PROJECT_BINARY_DIR}/stormcppConfig.cmake INSTALL_DESTINATION ${_config_dir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/stormcppConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/stormcppConfig.cmake
  ${PROJECT_BINARY_DIR}/stormcppConfigVersion.cmake
  cmake/StormcppDependencies.cmake
  DESTINATION ${_config_dir})

# The command-line side of the package: `stormcpp` (bin/, a wrapper for share/stormcpp/tools/
# stormcpp), stormcpp-host and stormcpp-transcript, what they need at run time under
# share/stormcpp/ (laid out as in the source tree: tools/, tools/lib/, the quickstart template,
# the Java glue's sources, built by Maven on first use into the user's cache), and
# stormcpp_add_topology_jar() for find_package users.
if(TARGET stormcpp-host)
  install(TARGETS stormcpp-host stormcpp-transcript RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
set(_share ${CMAKE_INSTALL_DATADIR}/stormcpp)
install(PROGRAMS tools/stormcpp tools/package-topology DESTINATION ${_share}/tools)
install(PROGRAMS tools/lib/cluster-daemons tools/lib/cluster-host tools/lib/kafka-broker DESTINATION ${_share}/tools/lib)
install(FILES tools/lib/common.sh tools/lib/cluster.sh tools/lib/kafka.sh DESTINATION ${_share}/tools/lib)
install(DIRECTORY tools/quickstart/template DESTINATION ${_share}/tools/quickstart)
# The Java glue users need: runtime (shipped in their jars) and tool (the command's Java side);
# the project's own test module stays behind.
install(DIRECTORY storm/ DESTINATION ${_share}/storm
  PATTERN target EXCLUDE
  PATTERN testing EXCLUDE)
file(WRITE ${PROJECT_BINARY_DIR}/stormcpp-command
  "#!/bin/sh\n# stormcpp's command, installed: runs the script beside the rest of the package.\n"
  "exec \"$(dirname \"$(readlink -f \"$0\")\")/../${_share}/tools/stormcpp\" \"$@\"\n")
install(PROGRAMS ${PROJECT_BINARY_DIR}/stormcpp-command DESTINATION ${CMAKE_INSTALL_BINDIR} RENAME stormcpp)
install(FILES cmake/StormcppTopology.cmake DESTINATION ${_config_dir})
