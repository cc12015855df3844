#pragma once

#include "stormcpp/core/rules.hpp"
#include "stormcpp/error.hpp"

namespace storm::detail {

namespace rules_internal {

inline std::string join(const FieldNames& names) {
  std::string text;
  for (const auto& name : names)
    text += (text.empty() ? "" : ", ") + name;
  return text;
}

inline bool system_stream(std::string_view stream) {
  return stream.substr(0, 2) == "__";
}

}  // namespace rules_internal

STORMCPP_INLINE OutputRules OutputRules::from(const Context& context,
                                              const std::vector<DeclaredOutput>& declared) {
  OutputRules rules;
  auto add = [&](const std::string& stream) -> Output& {
    for (auto& output : rules.outputs_)
      if (output.stream == stream) return output;
    rules.outputs_.push_back(Output{stream, std::nullopt, false, false});
    return rules.outputs_.back();
  };
  // The streams: those the context names, else those declared in code.
  if (!context.streams.empty() || !context.output_fields.empty()) {
    for (const auto& stream : context.streams)
      add(stream);
    for (const auto& [stream, fields] : context.output_fields)
      add(stream).fields = fields.size();
  } else {
    for (const auto& output : declared)
      add(output.stream).fields = output.fields.size();
  }
  rules.streams_known_ = !rules.outputs_.empty();
  for (const auto& [stream, targets] : context.stream_targets) {
    Output& output = add(stream);
    for (const auto& target : targets) {
      (target.second.type == "DIRECT" ? output.direct : output.regular) = true;
    }
  }
  return rules;
}

inline const OutputRules::Output* OutputRules::find(std::string_view stream) const {
  for (const auto& output : outputs_)
    if (output.stream == stream) return &output;
  return nullptr;
}

STORMCPP_INLINE OutputRules::Broken OutputRules::broken(const Output* output, std::size_t values,
                                                        bool direct, bool check_count) const {
  if (output == nullptr) return streams_known_ ? Broken::undeclared : Broken::nothing;
  if (direct && output->regular && !output->direct) return Broken::direct_to_regular;
  if (!direct && output->direct) return Broken::regular_to_direct;
  if (check_count && output->fields && *output->fields != values) return Broken::field_count;
  return Broken::nothing;
}

STORMCPP_INLINE std::string OutputRules::violation(std::string_view stream, std::size_t values,
                                                   bool direct, bool check_count) const {
  const Output* output = find(stream);
  switch (broken(output, values, direct, check_count)) {
    case Broken::nothing:
      return "";
    case Broken::undeclared: {
      std::string declared;
      for (const auto& o : outputs_)
        declared += (declared.empty() ? "" : ", ") + o.stream;
      return "an emit on stream \"" + std::string(stream) +
             "\", which the component does not declare (declared: " + declared +
             "); declare it in the topology spec";
    }
    case Broken::direct_to_regular:
      return "a direct emit on stream \"" + std::string(stream) +
             "\", which has no direct grouping (Storm: \"Cannot emitDirect to a task expecting a "
             "regular grouping\")";
    case Broken::regular_to_direct:
      return "a regular emit on direct stream \"" + std::string(stream) +
             "\" (Storm: \"Cannot do regular emit to direct stream\"): emit with "
             "storm::direct(task)";
    case Broken::field_count:
      return "an emit of " + std::to_string(values) + " values on stream \"" + std::string(stream) +
             "\", which declares " + std::to_string(*output->fields) +
             " fields (Storm: \"Tuple created with wrong number of fields. Expected " +
             std::to_string(*output->fields) + " fields but got " + std::to_string(values) +
             " fields\")";
  }
  return "";
}

STORMCPP_INLINE void OutputRules::check(std::string_view stream, std::size_t values,
                                        bool direct) const {
  // Every emit comes here: a well-formed one builds no text.
  if (outputs_.empty() || broken(find(stream), values, direct, true) == Broken::nothing) return;
  throw Error(Errc::bad_emit, violation(stream, values, direct));
}

STORMCPP_INLINE std::string outputs_mismatch(const Context& context,
                                             const std::vector<DeclaredOutput>& declared) {
  using rules_internal::join;
  if (declared.empty() || (context.streams.empty() && context.output_fields.empty())) return "";
  for (const auto& output : declared) {
    auto found = context.output_fields.find(output.stream);
    if (found == context.output_fields.end()) {
      return "the component declares output stream \"" + output.stream + "\" (" +
             join(output.fields) +
             ") but the topology does not: declare it in the spec, or remove the "
             "declare_output() call";
    }
    if (found->second != output.fields) {
      return "output stream \"" + output.stream + "\" has fields (" + join(output.fields) +
             ") in the component but (" + join(found->second) +
             ") in the topology: make the spec and the declare_output() call agree";
    }
  }
  for (const auto& [stream, fields] : context.output_fields) {
    if (rules_internal::system_stream(stream)) continue;
    bool known = false;
    for (const auto& output : declared)
      known = known || output.stream == stream;
    if (!known) {
      return "the topology declares output stream \"" + stream + "\" (" + join(fields) +
             ") that the component does not: add declare_output() for it, or remove it "
             "from the spec";
    }
  }
  return "";
}

}  // namespace storm::detail
