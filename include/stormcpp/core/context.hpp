// What Storm tells a component about itself and its topology in the handshake.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "stormcpp/common.hpp"

namespace storm {

/// How tuples are distributed on one edge of the topology.
struct Grouping {
  std::string type;                 ///< FIELDS SHUFFLE ALL NONE DIRECT LOCAL_OR_SHUFFLE CUSTOM_*
  std::vector<std::string> fields;  ///< only for FIELDS (empty: a global grouping)
};

using FieldNames = std::vector<std::string>;

/// The handshake's `context`. Storm 0.9 sent none: then everything but what the test
/// harness sets is empty.
struct Context {
  template <class T>
  using StringMap = std::map<std::string, T, std::less<>>;

  int task_id = 0;
  std::string component_id;
  std::map<int, std::string> task_to_component;     ///< every task of the topology
  std::vector<std::string> streams;                 ///< this component's output streams
  StringMap<FieldNames> output_fields;              ///< stream -> declared fields
  StringMap<StringMap<Grouping>> stream_targets;    ///< stream -> target component -> grouping
  StringMap<StringMap<Grouping>> source_groupings;  ///< source component -> stream -> grouping
  StringMap<StringMap<FieldNames>> source_fields;   ///< source component -> stream -> fields

  /// Task ids that run `component`, ascending.
  STORMCPP_INLINE std::vector<int> component_tasks(std::string_view component) const;
  /// Fields of tuples from `component` on `stream`, or nullptr when Storm did not say.
  STORMCPP_INLINE const FieldNames* fields_from(std::string_view component,
                                                std::string_view stream) const;

  /// Reads the handshake's `context` object. Throws Error(bad_handshake) on wrong types.
  STORMCPP_INLINE static Context from_json(const nlohmann::json& context);
};

}  // namespace storm

#ifdef STORMCPP_HEADER_ONLY
#include "stormcpp/core/context-inl.hpp"
#endif
