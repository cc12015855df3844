# Finds nlohmann/json, spdlog and fmt, and links them to a target.
#
# spdlog and fmt are used header-only: a component binary then needs no shared library
# beyond libc and libstdc++ (which stormcpp_static_runtime() links statically), so it runs on
# any worker. Debian's spdlog is built against an external fmt, whose header-only target we
# use in place of the shared libfmt.
include(CMakeFindDependencyMacro)
find_package(Threads REQUIRED)
if(NOT TARGET nlohmann_json::nlohmann_json)
  find_package(nlohmann_json 3.9 REQUIRED)
endif()
if(NOT TARGET spdlog::spdlog_header_only)
  find_package(spdlog 1.8 REQUIRED)
endif()
get_target_property(_stormcpp_spdlog_defs spdlog::spdlog_header_only INTERFACE_COMPILE_DEFINITIONS)
if(_stormcpp_spdlog_defs MATCHES "SPDLOG_FMT_EXTERNAL" AND NOT TARGET fmt::fmt-header-only)
  find_package(fmt REQUIRED)
endif()

# stormcpp_link_dependencies(target scope [COMPILED]): with COMPILED (the compiled mode), spdlog's
# definitions come from the stormcpp library (src/spdlog.cpp) and users' translation units see
# only its declarations (SPDLOG_COMPILED_LIB); otherwise spdlog is header-only.
function(stormcpp_link_dependencies target scope)
  target_link_libraries(${target} ${scope} nlohmann_json::nlohmann_json Threads::Threads)
  get_target_property(_spdlog_includes spdlog::spdlog_header_only INTERFACE_INCLUDE_DIRECTORIES)
  target_include_directories(${target} SYSTEM ${scope} ${_spdlog_includes})
  if("COMPILED" IN_LIST ARGN)
    target_compile_definitions(${target} ${scope} SPDLOG_COMPILED_LIB)
  else()
    target_compile_definitions(${target} ${scope} SPDLOG_HEADER_ONLY)
  endif()
  if(_stormcpp_spdlog_defs MATCHES "SPDLOG_FMT_EXTERNAL")
    target_compile_definitions(${target} ${scope} SPDLOG_FMT_EXTERNAL)
    target_link_libraries(${target} ${scope} fmt::fmt-header-only)
  else()
    target_compile_definitions(${target} ${scope} FMT_HEADER_ONLY)  # spdlog's bundled fmt
  endif()
endfunction()

# Links libstdc++ and libgcc statically into an executable, so that it runs on a Storm worker
# that lacks this compiler's runtime.
function(stormcpp_static_runtime target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_link_options(${target} PRIVATE -static-libstdc++ -static-libgcc)
  endif()
endfunction()
