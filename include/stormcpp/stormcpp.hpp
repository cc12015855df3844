// stormcpp: write Apache Storm spouts and bolts in C++.
//
// The data path, one folder per step (each stands only on those above it):
//   core/        values and the emit vocabulary, Context, the collector interface, Storm's
//                output rules: what every other folder stands on
//   wire/        bytes <-> frames (frame_reader, frame_writer) <-> messages (codec; json_text
//                for JSON text both ways, msgpack for the msgpack wire)
//   components/  what users subclass and call: Spout, Bolt, Tuple, Metrics, and the richer
//                BatchingBolt and ReliableSpout built on them
//   runtime/     handshake, the channel to Storm, the spout and bolt loops, process set-up
//   testing/     harnesses to test components without Storm (the stormcpp::testing target)
#pragma once

#include "stormcpp/common.hpp"
#include "stormcpp/components/batching_bolt.hpp"
#include "stormcpp/components/bolt.hpp"
#include "stormcpp/components/component.hpp"
#include "stormcpp/components/reliable_spout.hpp"
#include "stormcpp/components/spout.hpp"
#include "stormcpp/components/tuple.hpp"
#include "stormcpp/core/context.hpp"
#include "stormcpp/error.hpp"
#include "stormcpp/runtime/run.hpp"
