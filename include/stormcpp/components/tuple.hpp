// An input tuple as a bolt sees it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include <nlohmann/json.hpp>

#include "stormcpp/core/context.hpp"
#include "stormcpp/core/values.hpp"
#include "stormcpp/error.hpp"

namespace storm {

class Tuple;

namespace detail {
inline std::uint64_t tuple_serial(const Tuple& tuple);
inline void set_tuple_serial(Tuple& tuple, std::uint64_t serial);

inline const char* json_type_name(const nlohmann::json& value) {
  return value.is_number_integer() ? "an integer"
         : value.is_number()       ? "a number"
         : value.is_string()       ? "a string"
         : value.is_boolean()      ? "a boolean"
         : value.is_null()         ? "null"
         : value.is_array()        ? "an array"
         : value.is_object()       ? "an object"
         : value.is_binary()       ? "bytes"
                                   : "a value";
}

/// Reads `value` as T without copying where T is a view (std::string_view, BytesView); false
/// when its type does not fit, and `expected` then names what T needs.
template <class T>
bool read_value(const nlohmann::json& value, T& out, const char*& expected) {
  if constexpr (std::is_same_v<T, std::string_view>) {
    expected = "a string";
    if (!value.is_string()) return false;
    out = value.get_ref<const std::string&>();
  } else if constexpr (std::is_same_v<T, std::string>) {
    expected = "a string";
    if (!value.is_string()) return false;
    out = value.get_ref<const std::string&>();
  } else if constexpr (std::is_same_v<T, bool>) {
    expected = "a boolean";
    if (!value.is_boolean()) return false;
    out = value.get<bool>();
  } else if constexpr (std::is_integral_v<T>) {
    expected = "an integer in the range of the type read";
    if (value.is_number_unsigned()) {
      auto v = value.get<std::uint64_t>();
      if (v > static_cast<std::uint64_t>(std::numeric_limits<T>::max())) return false;
      out = static_cast<T>(v);
    } else if (value.is_number_integer()) {
      auto v = value.get<std::int64_t>();
      if constexpr (std::is_signed_v<T>) {
        if (v < std::numeric_limits<T>::min() || v > std::numeric_limits<T>::max()) return false;
      } else {
        if (v < 0 || static_cast<std::uint64_t>(v) > std::numeric_limits<T>::max()) return false;
      }
      out = static_cast<T>(v);
    } else {
      return false;
    }
  } else if constexpr (std::is_floating_point_v<T>) {
    expected = "a number";
    if (!value.is_number()) return false;
    out = value.get<T>();
  } else if constexpr (std::is_same_v<T, BytesView>) {
    expected = "bytes";
    if (!value.is_binary()) return false;
    out = BytesView{value.get_binary().data(), value.get_binary().size()};
  } else if constexpr (std::is_same_v<T, nlohmann::json>) {
    out = value;
  } else {
    expected = "a value that converts (the type's from_json)";
    try {
      out = value.get<T>();
    } catch (const nlohmann::json::exception&) {
      return false;
    }
  }
  return true;
}

}  // namespace detail

/// One tuple from Storm. Read its values typed, all at once (`auto [url, n] =
/// tuple.as<std::string_view, std::int64_t>()`) or one by one (`get<T>(index)`, or, when the
/// handshake named the source's fields, `get<T>("field")`); a value of another type is an
/// Error(bad_value) naming it. Views (std::string_view, BytesView) point into the tuple.
/// User types convert through nlohmann's ADL `from_json`; `values()` is the JSON array.
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

  /// The value at `index` as T. Throws Error(bad_value) when there is no such value or it
  /// has another type.
  template <class T>
  T get(std::size_t index) const {
    T out{};
    read(index, out);
    return out;
  }
  /// The value of field `name` as T (Error(unknown_field), Error(bad_value)).
  template <class T>
  T get(std::string_view name) const {
    return get<T>(index_of(name));
  }
  /// Every value, typed: `auto [word, count] = tuple.as<std::string_view, int>()`. The tuple
  /// must hold exactly that many values (Error(bad_value) otherwise, or for a wrong type).
  template <class... T>
  std::tuple<T...> as() const {
    if (values_.size() != sizeof...(T)) {
      throw Error(Errc::bad_value, "tuple from " + component_ + "/" + stream_ + " has " +
                                       std::to_string(values_.size()) + " values, read as " +
                                       std::to_string(sizeof...(T)) +
                                       " (use get<T>(index) to read some of them)");
    }
    std::tuple<T...> out;
    std::apply(
        [&](T&... values) {
          std::size_t index = 0;
          (read(index++, values), ...);
        },
        out);
    return out;
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
  template <class T>
  void read(std::size_t index, T& out) const {
    const char* expected = "a value";
    if (index >= values_.size()) {
      throw Error(Errc::bad_value, "tuple from " + component_ + "/" + stream_ + " has no value " +
                                       std::to_string(index) + " (it has " +
                                       std::to_string(values_.size()) + ")");
    }
    const nlohmann::json& value = values_[index];
    if (!detail::read_value(value, out, expected)) {
      std::string field = fields_ != nullptr && index < fields_->size()
                              ? " (field '" + (*fields_)[index] + "')"
                              : std::string();
      throw Error(Errc::bad_value, "tuple from " + component_ + "/" + stream_ + ": value " +
                                       std::to_string(index) + field + " is " +
                                       detail::json_type_name(value) + ", not " + expected);
    }
  }

  std::string id_;
  std::string component_;
  std::string stream_;
  int task_ = 0;
  nlohmann::json values_ = nlohmann::json::array();
  const FieldNames* fields_ = nullptr;
  std::uint64_t serial_ = 0;  // set by the bolt that is processing it (detail::deliver)

  friend std::uint64_t detail::tuple_serial(const Tuple&);
  friend void detail::set_tuple_serial(Tuple&, std::uint64_t);
};

namespace detail {
inline std::uint64_t tuple_serial(const Tuple& tuple) {
  return tuple.serial_;
}
inline void set_tuple_serial(Tuple& tuple, std::uint64_t serial) {
  tuple.serial_ = serial;
}
}  // namespace detail

}  // namespace storm
