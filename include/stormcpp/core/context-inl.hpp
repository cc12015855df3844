#pragma once

#include "stormcpp/core/context.hpp"
#include "stormcpp/error.hpp"

namespace storm {

STORMCPP_INLINE std::vector<int> Context::component_tasks(std::string_view component) const {
  std::vector<int> tasks;
  for (const auto& [task, name] : task_to_component) {
    if (name == component) tasks.push_back(task);
  }
  return tasks;
}

STORMCPP_INLINE const FieldNames* Context::fields_from(std::string_view component,
                                                       std::string_view stream) const {
  auto source = source_fields.find(component);
  if (source == source_fields.end()) return nullptr;
  auto fields = source->second.find(stream);
  return fields == source->second.end() ? nullptr : &fields->second;
}

namespace detail {

inline Grouping grouping_from_json(const nlohmann::json& j) {
  Grouping grouping;
  grouping.type = j.value("type", "");
  if (auto fields = j.find("fields"); fields != j.end() && !fields->is_null()) {
    grouping.fields = fields->get<FieldNames>();
  }
  return grouping;
}

template <class T, class F>
Context::StringMap<T> map_from_json(const nlohmann::json& j, F&& convert) {
  Context::StringMap<T> result;
  if (j.is_null()) return result;
  for (const auto& [key, value] : j.items())
    result.emplace(key, convert(value));
  return result;
}

}  // namespace detail

STORMCPP_INLINE Context Context::from_json(const nlohmann::json& j) {
  using nlohmann::json;
  Context context;
  if (j.is_null()) return context;
  try {
    if (!j.is_object()) throw Error(Errc::bad_handshake, "context is not an object");
    context.task_id = j.value("taskid", 0);
    if (auto it = j.find("componentid"); it != j.end() && it->is_string()) {
      context.component_id = it->get<std::string>();
    }
    if (auto it = j.find("task->component"); it != j.end() && !it->is_null()) {
      for (const auto& [task, component] : it->items()) {
        context.task_to_component.emplace(std::stoi(task), component.get<std::string>());
      }
    }
    if (auto it = j.find("streams"); it != j.end() && !it->is_null()) {
      context.streams = it->get<std::vector<std::string>>();
    }
    auto field_names = [](const json& v) { return v.get<FieldNames>(); };
    auto groupings = [](const json& v) {
      return detail::map_from_json<Grouping>(v, detail::grouping_from_json);
    };
    auto field_map = [&](const json& v) {
      return detail::map_from_json<FieldNames>(v, field_names);
    };
    context.output_fields =
        detail::map_from_json<FieldNames>(j.value("stream->outputfields", json()), field_names);
    context.stream_targets = detail::map_from_json<StringMap<Grouping>>(
        j.value("stream->target->grouping", json()), groupings);
    context.source_groupings = detail::map_from_json<StringMap<Grouping>>(
        j.value("source->stream->grouping", json()), groupings);
    context.source_fields = detail::map_from_json<StringMap<FieldNames>>(
        j.value("source->stream->fields", json()), field_map);
  } catch (const json::exception& e) {
    throw Error(Errc::bad_handshake,
                std::string("handshake context has a wrong type: ") + e.what());
  } catch (const std::logic_error& e) {  // std::stoi
    throw Error(Errc::bad_handshake,
                std::string("handshake context has a bad task id: ") + e.what());
  }
  return context;
}

}  // namespace storm
