// Storm's rules for what a component sends, in one model that the runtime, the in-process
// harness and the out-of-process host all check against: the output streams and their fields
// (from the handshake's context, or declared in code), direct streams, and the tuples a bolt
// may still ack, fail or anchor to.
#pragma once

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "stormcpp/common.hpp"
#include "stormcpp/core/context.hpp"

namespace storm::detail {

/// One output stream as a component declares it (Component::declare_output).
struct DeclaredOutput {
  std::string stream;
  FieldNames fields;
};

/// The output streams a component may emit on, with their fields, and which are direct.
class OutputRules {
 public:
  /// No rules: every emit passes (Storm 0.9 sent no context; a harness without outputs).
  OutputRules() = default;
  /// The outputs of `context`; when it names none, the `declared` ones.
  STORMCPP_INLINE static OutputRules from(const Context& context,
                                          const std::vector<DeclaredOutput>& declared = {});

  /// Why Storm would refuse this emit (or, `check_count` off, on a cluster: Storm only counts
  /// fields in local mode), or "" when it would take it.
  STORMCPP_INLINE std::string violation(std::string_view stream, std::size_t values, bool direct,
                                        bool check_count = true) const;
  /// Throws Error(bad_emit) with violation()'s text.
  STORMCPP_INLINE void check(std::string_view stream, std::size_t values, bool direct) const;

 private:
  struct Output {
    std::string stream;
    std::optional<std::size_t> fields;  // unknown when the context lists the stream only
    bool direct = false;                // a DIRECT grouping consumes it
    bool regular = false;               // another grouping consumes it
  };
  const Output* find(std::string_view stream) const;
  // Which of Storm's rules an emit on `output` (nullptr: a stream not listed) breaks.
  enum class Broken { nothing, undeclared, direct_to_regular, regular_to_direct, field_count };
  STORMCPP_INLINE Broken broken(const Output* output, std::size_t values, bool direct,
                                bool check_count) const;

  std::vector<Output> outputs_;
  bool streams_known_ = false;  // every stream is listed: an unlisted one is undeclared
};

/// Compares the outputs a component declares in code with those of Storm's context; returns
/// the mismatch in one line naming the fix, or "" when they agree (or either side is empty).
/// Streams Storm adds itself (names starting with "__") are not compared.
STORMCPP_INLINE std::string outputs_mismatch(const Context& context,
                                             const std::vector<DeclaredOutput>& declared);

/// The tuples Storm has handed a bolt and not yet seen acked or failed: what it may still
/// ack, fail or anchor to.
class PendingTuples {
 public:
  void add(const std::string& id) { pending_.insert(id); }
  bool contains(std::string_view id) const { return pending_.count(id) > 0; }
  /// Removes `id`; false when it was not pending (Storm: "Acked a non-existent or already
  /// acked/failed id").
  bool settle(std::string_view id) {
    auto it = pending_.find(id);
    if (it == pending_.end()) return false;
    pending_.erase(it);
    return true;
  }
  std::size_t size() const { return pending_.size(); }

 private:
  std::set<std::string, std::less<>> pending_;
};

}  // namespace storm::detail

#ifdef STORMCPP_HEADER_ONLY
#include "stormcpp/core/rules-inl.hpp"
#endif
