// Compiled mode: the testing code's out-of-line definitions (the out-of-process host, the
// transcript runner, child processes), in their own library, stormcpp::testing, so that
// component binaries, which link only stormcpp::stormcpp, do not carry them.
#ifndef STORMCPP_COMPILED_LIB
#error "build this file with STORMCPP_COMPILED_LIB defined"
#endif

#include "stormcpp/testing/child_process-inl.hpp"
#include "stormcpp/testing/host-inl.hpp"
#include "stormcpp/testing/transcript-inl.hpp"
