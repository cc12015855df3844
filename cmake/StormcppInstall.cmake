# install(EXPORT) so that find_package(stormcpp) works after `cmake --install`.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(_stormcpp_targets stormcpp)
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
