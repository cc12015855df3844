// An input tuple as a bolt sees it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "stormcpp/components/context.hpp"
#include "stormcpp/error.hpp"

namespace storm {

/// One tuple from Storm. Values are `nlohmann::json`: read them with `get<T>(index)` or, when
/// the handshake named the source's fields, `get<T>("field")`. User types convert through
/// nlohmann's ADL `from_json`.
class Tuple {
 public:
  Tuple() = default;
  /// `fields`, when given, must outlive the tuple (the runtime points into the Context).
  Tuple(std::string id, std::string component, std::string stream, int task, nlohmann::json values,
        const FieldNames* fields = nullptr)
      : id_(std::move(id)),
        component_(std::move(component)),
        stream_(std::move(stream)),
        task_(task),
        values_(std::move(values)),
        fields_(fields) {}

  /// Storm's id of this tuple (a 64-bit number as a string); what ack/fail/anchors refer to.
  const std::string& id() const { return id_; }
  /// The component that emitted it.
  const std::string& component() const { return component_; }
  /// The stream it was emitted on.
  const std::string& stream() const { return stream_; }
  /// The task that emitted it (-1 for system tuples).
  int task() const { return task_; }
  /// All values, a JSON array.
  const nlohmann::json& values() const { return values_; }
  std::size_t size() const { return values_.size(); }
  /// Field names of the source stream, or nullptr when unknown.
  const FieldNames* fields() const { return fields_; }

  /// The value at `index` (throws nlohmann::json::out_of_range past the end).
  const nlohmann::json& operator[](std::size_t index) const { return values_.at(index); }
  /// The value of field `name` (throws Error(unknown_field)).
  const nlohmann::json& operator[](std::string_view name) const {
    return values_.at(index_of(name));
  }

  template <class T>
  T get(std::size_t index) const {
    return values_.at(index).get<T>();
  }
  template <class T>
  T get(std::string_view name) const {
    return values_.at(index_of(name)).get<T>();
  }

  /// Position of field `name`; throws Error(unknown_field) naming the fields there are.
  std::size_t index_of(std::string_view name) const {
    if (fields_ != nullptr) {
      for (std::size_t i = 0; i < fields_->size(); ++i) {
        if ((*fields_)[i] == name) return i;
      }
    }
    std::string known;
    if (fields_ != nullptr) {
      for (const auto& field : *fields_)
        known += (known.empty() ? "" : ", ") + field;
    }
    throw Error(Errc::unknown_field, "tuple from " + component_ + "/" + stream_ +
                                         " has no field '" + std::string(name) + "' (fields: " +
                                         (fields_ ? known
                                                  : "unknown, no source fields in the "
                                                    "handshake") +
                                         ")");
  }

  /// A tick tuple (topology.tick.tuple.freq.secs).
  bool is_tick() const { return task_ == -1 && stream_ == "__tick"; }
  /// A heartbeat (never reaches user code: the runtime answers it).
  bool is_heartbeat() const { return task_ == -1 && stream_ == "__heartbeat"; }

 private:
  std::string id_;
  std::string component_;
  std::string stream_;
  int task_ = 0;
  nlohmann::json values_ = nlohmann::json::array();
  const FieldNames* fields_ = nullptr;
};

}  // namespace storm
