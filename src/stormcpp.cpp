// Compiled mode (STORMCPP_COMPILED=ON): the runtime's out-of-line definitions, compiled once
// (the testing code's are in testing.cpp, spdlog's in spdlog.cpp).
#ifndef STORMCPP_COMPILED_LIB
#error "build this file with STORMCPP_COMPILED_LIB defined"
#endif

#include "stormcpp/components/bolt-inl.hpp"
#include "stormcpp/components/component-inl.hpp"
#include "stormcpp/components/spout-inl.hpp"
#include "stormcpp/core/context-inl.hpp"
#include "stormcpp/core/options-inl.hpp"
#include "stormcpp/core/rules-inl.hpp"
#include "stormcpp/error-inl.hpp"
#include "stormcpp/runtime/channel-inl.hpp"
#include "stormcpp/runtime/handshake-inl.hpp"
#include "stormcpp/runtime/process-inl.hpp"
#include "stormcpp/runtime/run-inl.hpp"
#include "stormcpp/runtime/runner-inl.hpp"
#include "stormcpp/wire/codec-inl.hpp"
#include "stormcpp/wire/frame_reader-inl.hpp"
#include "stormcpp/wire/frame_writer-inl.hpp"
#include "stormcpp/wire/io-inl.hpp"
#include "stormcpp/wire/json_text-inl.hpp"
#include "stormcpp/wire/msgpack-inl.hpp"
