#pragma once

#include <algorithm>
#include <cstddef>

#include "stormcpp/core/options.hpp"
#include "stormcpp/error.hpp"

namespace storm::detail {

namespace options_internal {

// Edit distance (insertions, deletions, substitutions) between two short keys.
inline std::size_t distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

inline bool allowed(std::string_view list, std::string_view value) {
  while (!list.empty()) {
    std::size_t bar = list.find('|');
    if (list.substr(0, bar) == value) return true;
    list = bar == std::string_view::npos ? std::string_view() : list.substr(bar + 1);
  }
  return false;
}

// Why `value` does not fit `spec`, or "".
inline std::string misfit(const OptionSpec& spec, const nlohmann::json& value) {
  switch (spec.type) {
    case OptionSpec::boolean:
      return value.is_boolean() ? "" : "a boolean (true or false)";
    case OptionSpec::count:
      return value.is_number_unsigned() ||
                     (value.is_number_integer() && value.get<long long>() >= 0)
                 ? ""
                 : "an integer >= 0";
    case OptionSpec::number:
      return value.is_number() && value.get<double>() >= 0 ? "" : "a number >= 0";
    case OptionSpec::text:
      if (!value.is_string()) return "a string";
      if (spec.allowed.empty() || allowed(spec.allowed, value.get<std::string>())) return "";
      return "one of " + std::string(spec.allowed);
    case OptionSpec::any:
      return "";
  }
  return "";
}

}  // namespace options_internal

STORMCPP_INLINE std::vector<std::string> check_options(const nlohmann::json& conf) {
  std::vector<std::string> warnings;
  if (!conf.is_object()) return warnings;
  constexpr std::string_view prefix = "stormcpp.";
  for (const auto& [key, value] : conf.items()) {
    if (key.compare(0, prefix.size(), prefix) != 0) continue;
    const OptionSpec* spec = nullptr;
    for (const OptionSpec& option : stormcpp_options) {
      if (option.key == key) spec = &option;
    }
    if (spec == nullptr) {
      // The nearest known key (only for an unknown one: the distance is not cheap).
      const OptionSpec* nearest = nullptr;
      std::size_t nearest_distance = 0;
      for (const OptionSpec& option : stormcpp_options) {
        std::size_t d = options_internal::distance(option.key, key);
        if (nearest == nullptr || d < nearest_distance) nearest = &option, nearest_distance = d;
      }
      std::string warning = "unknown option " + key + " in the topology conf (ignored)";
      if (nearest != nullptr && nearest_distance <= 3) {
        warning += "; did you mean " + std::string(nearest->key) + "?";
      }
      warnings.push_back(std::move(warning));
      continue;
    }
    std::string expected = options_internal::misfit(*spec, value);
    if (!expected.empty()) {
      throw Error(Errc::bad_option, key + " must be " + expected + ", got " + value.dump() +
                                        ": fix it in the topology conf or the component's config");
    }
  }
  return warnings;
}

}  // namespace storm::detail
