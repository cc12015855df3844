// Tuple values as C++ values: what `emit(word, count)` takes, and how each value reaches a
// wire encoder without building a JSON tree first.
//
// A value is written through a ValueWriter, one call per value: strings, integers, doubles,
// booleans, null, bytes, and nlohmann::json (users' own types convert with their ADL
// `to_json`). The JSON wire, the msgpack wire and the test harness each implement the writer;
// ValuesRef is the type-erased list of values an emit carries from a component to them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include <nlohmann/json.hpp>

#include "stormcpp/error.hpp"

namespace storm {

/// A view of a byte string, sent as bytes (MessagePack `bin`, a `byte[]` on the Java side).
/// Bytes need the msgpack wire (docs/wire.md); on the JSON wire an emit with bytes is an error.
struct BytesView {
  const std::uint8_t* data = nullptr;
  std::size_t size = 0;
};

/// Views `size` bytes at `data` as bytes to emit.
inline BytesView bytes(const void* data, std::size_t size) {
  return {static_cast<const std::uint8_t*>(data), size};
}
/// Views a container of bytes (std::string, std::vector<std::uint8_t>, ...) as bytes to emit.
template <class Container>
BytesView bytes(const Container& container) {
  return bytes(std::data(container), std::size(container) * sizeof(*std::data(container)));
}

/// One value that is a JSON value as a whole (an array stays one value): `emit(value(j))`.
/// A lone nlohmann::json in an emit is refused at compile time because it is ambiguous.
struct JsonValue {
  const nlohmann::json& json;
};
inline JsonValue value(const nlohmann::json& json) {
  return {json};
}

/// The elements of a JSON array as the values of one tuple: `emit(values_from(array))`.
struct ValuesFrom {
  const nlohmann::json& array;
};
inline ValuesFrom values_from(const nlohmann::json& array) {
  return {array};
}

namespace detail {

/// Receives one tuple's values in order. Implemented by the JSON and msgpack encoders and by
/// the builder below. A writer may throw Error(bad_emit) for a value its wire cannot carry.
class ValueWriter {
 public:
  virtual void write_null() = 0;
  virtual void write_bool(bool value) = 0;
  virtual void write_int(std::int64_t value) = 0;
  virtual void write_uint(std::uint64_t value) = 0;
  virtual void write_double(double value) = 0;
  /// UTF-8 text (checked by the encoders: text that is not UTF-8 is a bad_emit).
  virtual void write_string(std::string_view value) = 0;
  virtual void write_bytes(BytesView value) = 0;
  virtual void write_json(const nlohmann::json& value) = 0;

 protected:
  ~ValueWriter() = default;
};

template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};
template <class>
inline constexpr bool dependent_false = false;

/// Writes one C++ value. The overload set is the list of what can be emitted.
template <class T>
void write_value(ValueWriter& out, const T& value) {
  using V = std::decay_t<T>;
  if constexpr (std::is_same_v<V, nlohmann::json>) {
    out.write_json(value);
  } else if constexpr (std::is_same_v<V, JsonValue>) {
    out.write_json(value.json);
  } else if constexpr (std::is_same_v<V, bool>) {
    out.write_bool(value);
  } else if constexpr (std::is_same_v<V, char>) {
    static_assert(dependent_false<V>,
                  "stormcpp: a char is ambiguous as a tuple value: emit std::string(1, c) for "
                  "text or an int for its code");
  } else if constexpr (std::is_integral_v<V> && std::is_signed_v<V>) {
    out.write_int(value);
  } else if constexpr (std::is_integral_v<V>) {
    out.write_uint(value);
  } else if constexpr (std::is_floating_point_v<V>) {
    out.write_double(static_cast<double>(value));
  } else if constexpr (std::is_same_v<V, std::nullptr_t> || std::is_same_v<V, std::nullopt_t>) {
    out.write_null();
  } else if constexpr (std::is_same_v<V, BytesView>) {
    out.write_bytes(value);
  } else if constexpr (std::is_convertible_v<const V&, std::string_view>) {
    out.write_string(std::string_view(value));
  } else if constexpr (IsOptional<V>::value) {
    if (value) {
      write_value(out, *value);
    } else {
      out.write_null();
    }
  } else {
    out.write_json(nlohmann::json(value));  // the type's ADL to_json
  }
}

/// The values of one emit, whatever their C++ types: a count and a function that writes them.
/// Holds references to the caller's values; lives only as long as the emit call.
class ValuesRef {
 public:
  /// The values of a std::tuple of references.
  template <class... T>
  explicit ValuesRef(const std::tuple<const T&...>& values)
      : size_(sizeof...(T)), data_(&values), write_(&write_tuple<T...>) {}
  /// The elements of a JSON array (Error(bad_emit) when `from` is not an array).
  explicit ValuesRef(const ValuesFrom& from)
      : size_(from.array.size()), data_(&from.array), write_(&write_array), array_(&from.array) {
    if (!from.array.is_array()) {
      throw Error(Errc::bad_emit, std::string("storm::values_from() needs a JSON array, got ") +
                                      from.array.type_name());
    }
  }
  /// No values.
  ValuesRef() : size_(0), data_(nullptr), write_(&write_none) {}

  std::size_t size() const { return size_; }
  /// Writes every value in order.
  void write(ValueWriter& out) const { write_(data_, out); }
  /// The JSON array the values were given as, or nullptr.
  const nlohmann::json* array() const { return array_; }

 private:
  template <class... T>
  static void write_tuple(const void* data, ValueWriter& out) {
    std::apply([&](const T&... value) { (write_value(out, value), ...); },
               *static_cast<const std::tuple<const T&...>*>(data));
  }
  static void write_array(const void* data, ValueWriter& out) {
    for (const auto& value : *static_cast<const nlohmann::json*>(data))
      out.write_json(value);
  }
  static void write_none(const void*, ValueWriter&) {}

  std::size_t size_;
  const void* data_;
  void (*write_)(const void*, ValueWriter&);
  const nlohmann::json* array_ = nullptr;
};

/// A ValueWriter that builds the JSON array of the values (what a tuple holds on arrival).
class JsonArrayBuilder final : public ValueWriter {
 public:
  nlohmann::json array = nlohmann::json::array();

  void write_null() override { array.push_back(nullptr); }
  void write_bool(bool value) override { array.push_back(value); }
  void write_int(std::int64_t value) override { array.push_back(value); }
  void write_uint(std::uint64_t value) override { array.push_back(value); }
  void write_double(double value) override { array.push_back(value); }
  void write_string(std::string_view value) override { array.push_back(std::string(value)); }
  void write_bytes(BytesView value) override {
    array.push_back(nlohmann::json::binary(
        nlohmann::json::binary_t::container_type(value.data, value.data + value.size)));
  }
  void write_json(const nlohmann::json& value) override { array.push_back(value); }
};

/// The values as a JSON array.
inline nlohmann::json to_json_array(const ValuesRef& values) {
  if (values.array() != nullptr) return *values.array();
  JsonArrayBuilder builder;
  values.write(builder);
  return std::move(builder.array);
}

}  // namespace detail
}  // namespace storm
