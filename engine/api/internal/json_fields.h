// The strict reading of JSON request bodies into plain structs, private to engine/api.
//
// A struct is read by a table of FieldRules, one per JSON field: its name, whether it is
// required, and the reader of the member it fills (a function instantiated for that
// member, so a table is a list of rows, not code). ReadObject refuses what is not an
// object, an unknown field, a missing required field, and whatever a member's reader
// refuses (a wrong type, a number out of the member type's range, an unknown enum name,
// a malformed time or week). Every error is InvalidArgument whose field() is the JSON
// path of the value ("sales[1].product_code") and whose message names the path and the
// rule. ParseStrictJson does the document level: size, nesting, duplicate keys,
// trailing bytes. Pure functions, thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "engine/api/command_json.h"
#include "engine/api/iso_time.h"
#include "events/domain_events.h"
#include "events/domain_json.h"
#include "events/status.h"

namespace prospekt::api::internal {

using nlohmann::json;

// Parses a whole document: at most `max_bytes`, containers nested at most `max_depth`
// deep, no key twice in one object, nothing but white space after it, valid UTF-8.
Result<json> ParseStrictJson(std::string_view text, std::size_t max_bytes, std::size_t max_depth);

// "a.b" (or "b" at the root), "a[2]".
std::string MemberPath(std::string_view path, std::string_view name);
std::string ElementPath(std::string_view path, std::size_t index);

// "a string", "a number", "an object", ... for "must be X, not Y" messages.
std::string_view JsonTypeName(const json& value);

// ---------------------------------------------------------------- member readers
// One overload per member type. Each checks the JSON type and the range of the C++ type.

Status ReadValue(const json& value, const std::string& path, std::string& out);
Status ReadValue(const json& value, const std::string& path, bool& out);
Status ReadValue(const json& value, const std::string& path, std::int64_t& out);
Status ReadValue(const json& value, const std::string& path, domain::IsoWeek& out);
Status ReadValue(const json& value, const std::string& path, domain::Money& out);
Status ReadValue(const json& value, const std::string& path, domain::ProductTarget& out);
// An unsigned integer within the range of its type (0..255 for a uint8).
Status ReadUnsigned(const json& value, const std::string& path, std::uint64_t max,
                    std::uint64_t& out);
// A time (TimeForm::kInstant) into microseconds since the epoch.
Status ReadTime(const json& value, const std::string& path, std::int64_t& out);
// The error for an enum name that is none of `names`.
Status UnknownEnumName(const json& value, const std::string& path,
                       const std::vector<std::string_view>& names);

template <class T>
  requires std::is_unsigned_v<T> && (!std::is_same_v<T, bool>)
Status ReadValue(const json& value, const std::string& path, T& out) {
  std::uint64_t wide = 0;
  PROSPEKT_RETURN_IF_ERROR(ReadUnsigned(value, path, std::numeric_limits<T>::max(), wide));
  out = static_cast<T>(wide);
  return Status::Ok();
}

template <class Enum>
  requires std::is_enum_v<Enum>
Status ReadValue(const json& value, const std::string& path, Enum& out) {
  if (value.is_string()) {
    if (std::optional<Enum> known = EnumFromJsonName<Enum>(value.get_ref<const std::string&>())) {
      out = *known;
      return Status::Ok();
    }
  }
  return UnknownEnumName(value, path, EnumJsonNames<Enum>());
}

template <class T>
Status ReadValue(const json& value, const std::string& path, std::optional<T>& out) {
  T inner{};
  PROSPEKT_RETURN_IF_ERROR(ReadValue(value, path, inner));
  out = std::move(inner);
  return Status::Ok();
}

template <class T>
Status ReadValue(const json& value, const std::string& path, std::vector<T>& out) {
  if (!value.is_array()) {
    return Status::InvalidArgument(
        path + " must be an array, not " + std::string(JsonTypeName(value)), path);
  }
  out.clear();
  out.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) {
    T element{};
    PROSPEKT_RETURN_IF_ERROR(ReadValue(value[i], ElementPath(path, i), element));
    out.push_back(std::move(element));
  }
  return Status::Ok();
}

// ---------------------------------------------------------------- field tables

template <class T>
constexpr FieldKind KindOf() {
  if constexpr (std::is_same_v<T, std::string>) return FieldKind::kString;
  else if constexpr (std::is_same_v<T, bool>) return FieldKind::kBoolean;
  else if constexpr (std::is_integral_v<T>) return FieldKind::kInteger;
  else if constexpr (std::is_same_v<T, domain::IsoWeek>) return FieldKind::kWeek;
  else if constexpr (std::is_same_v<T, domain::Money>) return FieldKind::kMoney;
  else if constexpr (std::is_enum_v<T>) return FieldKind::kEnum;
  else if constexpr (std::is_same_v<T, std::vector<std::string>>) return FieldKind::kStringList;
  else if constexpr (std::is_same_v<T, std::vector<domain::Role>>) return FieldKind::kEnumList;
  else if constexpr (std::is_same_v<T, std::vector<domain::ProductTarget>>) {
    return FieldKind::kObjectList;
  } else {
    static_assert(std::is_same_v<T, std::optional<typename T::value_type>>,
                  "a member type the API does not read");
    return KindOf<typename T::value_type>();
  }
}

// The struct and member type a member pointer names.
template <auto kMember>
struct MemberOf;
template <class S, class M, M S::*kMember>
struct MemberOf<kMember> {
  using Struct = S;
  using Type = M;
};

template <class Struct>
struct FieldRule {
  std::string_view name;
  bool required = false;
  FieldKind kind = FieldKind::kString;
  Status (*read)(const json& value, const std::string& path, Struct& out) = nullptr;
};

template <auto kMember>
Status ReadMember(const json& value, const std::string& path,
                  typename MemberOf<kMember>::Struct& out) {
  return ReadValue(value, path, out.*kMember);
}

template <auto kMember>
Status ReadTimeMember(const json& value, const std::string& path,
                      typename MemberOf<kMember>::Struct& out) {
  return ReadTime(value, path, out.*kMember);
}

// The rows of a table: the member's own reader, or the time reader for an `x_us`
// member that the API spells "x".
template <auto kMember>
constexpr FieldRule<typename MemberOf<kMember>::Struct> Required(std::string_view name) {
  return {name, true, KindOf<typename MemberOf<kMember>::Type>(), &ReadMember<kMember>};
}
template <auto kMember>
constexpr FieldRule<typename MemberOf<kMember>::Struct> Optional(std::string_view name) {
  return {name, false, KindOf<typename MemberOf<kMember>::Type>(), &ReadMember<kMember>};
}
template <auto kMember>
constexpr FieldRule<typename MemberOf<kMember>::Struct> RequiredTime(std::string_view name) {
  return {name, true, FieldKind::kTime, &ReadTimeMember<kMember>};
}
template <auto kMember>
constexpr FieldRule<typename MemberOf<kMember>::Struct> OptionalTime(std::string_view name) {
  return {name, false, FieldKind::kTime, &ReadTimeMember<kMember>};
}

// The names of `rules`, comma-separated, for "unknown field" messages.
template <class Struct>
std::string FieldNames(std::span<const FieldRule<Struct>> rules) {
  std::string names;
  for (const FieldRule<Struct>& rule : rules) {
    if (!names.empty()) names += ", ";
    names += rule.name;
  }
  return names;
}

// Fills `out` from the object `value` by `rules`; members without a field keep their
// value in `out`. Unknown fields are reported first (in key order), then the rules run
// in table order.
template <class Struct>
Status ReadObject(const json& value, const std::string& path,
                  std::span<const FieldRule<Struct>> rules, Struct& out) {
  if (!value.is_object()) {
    const std::string what = path.empty() ? "the body" : path;
    return Status::InvalidArgument(
        what + " must be an object, not " + std::string(JsonTypeName(value)), path);
  }
  for (const auto& [key, member] : value.items()) {
    bool known = false;
    for (const FieldRule<Struct>& rule : rules) known = known || rule.name == key;
    if (!known) {
      const std::string field = MemberPath(path, key);
      return Status::InvalidArgument(
          field + " is not a known field (known: " + FieldNames(rules) + ")", field);
    }
  }
  for (const FieldRule<Struct>& rule : rules) {
    const std::string field = MemberPath(path, rule.name);
    const auto found = value.find(rule.name);
    if (found == value.end()) {
      if (rule.required) return Status::InvalidArgument(field + " is required", field);
      continue;
    }
    PROSPEKT_RETURN_IF_ERROR(rule.read(*found, field, out));
  }
  return Status::Ok();
}

}  // namespace prospekt::api::internal
