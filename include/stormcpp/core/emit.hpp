// The vocabulary of an emit, the same for spouts, bolts and their emitters:
//
//   emit(word, count);                                   // values, on the default stream
//   emit(storm::stream("counts"), word, count);           // on a named stream
//   emit(storm::anchors(a, b), word);                     // bolt: anchored to input tuples
//   emit(storm::message_id(offset), line);                // spout: reliable, acked/failed later
//   emit(storm::direct(task), word);                      // to one task of a direct stream
//
// Options are small tag types that come before the values, in any order among themselves;
// each means one thing everywhere. A bolt refuses message_id and a spout refuses anchors at
// compile time, and a string is always a value, never a stream id or a message id.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "stormcpp/core/values.hpp"

namespace storm {

inline constexpr std::string_view default_stream = "default";

/// Emit option: the output stream (default: "default").
struct Stream {
  std::string_view id;
};
inline constexpr Stream stream(std::string_view id) {
  return Stream{id};
}

/// Emit option (spouts): the message id that makes the tuple reliable; Storm calls ack(id) or
/// fail(id) for it later. Any JSON value but null.
struct MessageId {
  nlohmann::json id;
};
inline MessageId message_id(nlohmann::json id) {
  return MessageId{std::move(id)};
}

/// Emit option: send to this one task of a direct stream.
struct Direct {
  int task;
};
inline constexpr Direct direct(int task) {
  return Direct{task};
}

/// Emit option (bolts): the input tuples an emitted tuple is anchored to, replacing the
/// automatic anchor to the tuple being processed. `Anchors::none()` emits unanchored.
/// Keeps the tuples' ids by view: build it in the emit call, don't keep it.
class Anchors {
 public:
  /// No anchor: an unanchored tuple, even while auto-anchoring is on.
  static Anchors none() { return Anchors(); }
  /// Anchors by tuple id (e.g. ids kept from earlier tuples).
  static Anchors ids(const std::vector<std::string>& ids) {
    Anchors anchors;
    for (const std::string& id : ids)
      anchors.add(id);
    return anchors;
  }
  /// Anchors to each of `tuples`: storm::Tuple objects, or containers of them.
  template <class... Tuples>
  static Anchors to(const Tuples&... tuples) {
    Anchors anchors;
    (anchors.add_each(tuples), ...);
    return anchors;
  }

  const std::string_view* data() const { return many_.empty() ? &single_ : many_.data(); }
  std::size_t size() const { return count_; }

 private:
  Anchors() = default;
  template <class T, class = void>
  struct has_id : std::false_type {};
  template <class T>
  struct has_id<T, std::void_t<decltype(std::declval<const T&>().id())>> : std::true_type {};
  template <class T>
  void add_each(const T& item) {
    if constexpr (has_id<T>::value) {
      add(item.id());
    } else {
      for (const auto& tuple : item)
        add(tuple.id());
    }
  }
  void add(std::string_view id) {
    if (count_ == 1) many_.push_back(single_);
    if (count_ >= 1) {
      many_.push_back(id);
    } else {
      single_ = id;
    }
    ++count_;
  }

  std::string_view single_;
  std::vector<std::string_view> many_;
  std::size_t count_ = 0;
};

/// Emit option (bolts): anchored to each of `tuples` (storm::Tuple objects, or containers of
/// them): `emit(storm::anchors(a, b), value)`.
template <class... Tuples>
Anchors anchors(const Tuples&... tuples) {
  return Anchors::to(tuples...);
}

namespace detail {

/// An outgoing emit, as the components hand it to the collector.
struct EmitMessage {
  ValuesRef values;                            ///< the tuple's values
  std::string_view stream = default_stream;    ///< output stream id
  const std::string_view* anchors = nullptr;   ///< bolt: ids of the anchor tuples
  std::size_t anchor_count = 0;                ///<
  const nlohmann::json* message_id = nullptr;  ///< spout: message id (null = unreliable)
  std::optional<int> task;                     ///< direct emit to this task
  bool need_task_ids = false;                  ///< ask Storm for the receiving task ids
};

/// Which options an emit call may take.
enum EmitOptionKinds : unsigned { allow_anchors = 1, allow_message_id = 2 };

template <class T>
inline constexpr bool is_emit_option =
    std::is_same_v<std::decay_t<T>, Stream> || std::is_same_v<std::decay_t<T>, MessageId> ||
    std::is_same_v<std::decay_t<T>, Direct> || std::is_same_v<std::decay_t<T>, Anchors>;

/// The options of one emit call, gathered from its leading arguments.
struct EmitOptions {
  std::string_view stream = default_stream;
  const Anchors* anchors = nullptr;
  const nlohmann::json* message_id = nullptr;
  std::optional<int> task;
};

template <unsigned Allowed, class T>
void take_option(EmitOptions& options, const T& option) {
  using O = std::decay_t<T>;
  if constexpr (std::is_same_v<O, Stream>) {
    options.stream = option.id;
  } else if constexpr (std::is_same_v<O, Direct>) {
    options.task = option.task;
  } else if constexpr (std::is_same_v<O, Anchors>) {
    static_assert(Allowed & allow_anchors,
                  "stormcpp: a spout's tuples have no input to be anchored to: use "
                  "storm::message_id(id) to make a spout tuple reliable");
    options.anchors = &option;
  } else {
    static_assert(Allowed & allow_message_id,
                  "stormcpp: a bolt's tuples are made reliable by anchors "
                  "(storm::anchors(tuple)), not by a message id");
    options.message_id = option.id.is_null() ? nullptr : &option.id;
  }
}

/// Splits an emit's arguments into leading options and values, then calls
/// `send(options, values)`.
template <unsigned Allowed, class Send>
decltype(auto) split_emit(EmitOptions& options, Send&& send) {
  return send(options, ValuesRef());
}
template <unsigned Allowed, class Send, class First, class... Rest>
decltype(auto) split_emit(EmitOptions& options, Send&& send, const First& first,
                          const Rest&... rest) {
  if constexpr (is_emit_option<First>) {
    take_option<Allowed>(options, first);
    return split_emit<Allowed>(options, std::forward<Send>(send), rest...);
  } else {
    static_assert(!(is_emit_option<Rest> || ...),
                  "stormcpp: emit options (storm::stream, storm::anchors, storm::message_id, "
                  "storm::direct) go before the values");
    static_assert(sizeof...(Rest) > 0 || !std::is_same_v<std::decay_t<First>, nlohmann::json>,
                  "stormcpp: emit(json) is ambiguous: write emit(storm::values_from(array)) "
                  "to emit an array's elements as the values, or emit(storm::value(j)) for "
                  "one value");
    if constexpr (std::is_same_v<std::decay_t<First>, ValuesFrom>) {
      static_assert(sizeof...(Rest) == 0,
                    "stormcpp: storm::values_from(array) gives all of a tuple's values");
      return send(options, ValuesRef(first));
    } else {
      std::tuple<const First&, const Rest&...> values(first, rest...);
      return send(options, ValuesRef(values));
    }
  }
}

}  // namespace detail
}  // namespace storm
