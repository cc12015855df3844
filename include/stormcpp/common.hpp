// Build-mode switches shared by every stormcpp header.
#pragma once

// Header-only by default: definitions live in *-inl.hpp files included by their headers.
// With STORMCPP_COMPILED_LIB they are compiled once in src/stormcpp.cpp instead.
#ifdef STORMCPP_COMPILED_LIB
#define STORMCPP_INLINE
#else
#define STORMCPP_HEADER_ONLY
#define STORMCPP_INLINE inline
#endif

#define STORMCPP_VERSION_MAJOR 0
#define STORMCPP_VERSION_MINOR 1
#define STORMCPP_VERSION_PATCH 0
