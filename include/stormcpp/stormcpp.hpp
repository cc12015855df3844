// stormcpp: write Apache Storm spouts and bolts in C++.
//
// The data path, one folder per step:
//   wire/        bytes <-> frames (frame_reader, frame_writer) <-> JSON messages (codec)
//   runtime/     handshake, the channel to Storm, the spout and bolt loops, process set-up
//   components/  what users subclass and call: Spout, Bolt, Tuple, Context, and the richer
//                BatchingBolt and ReliableSpout built on them
//   testing/     harnesses to test components without Storm
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
