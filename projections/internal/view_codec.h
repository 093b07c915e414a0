// The snapshot encoding of projection views: a compact, length-prefixed binary form
// derived from each view struct's field list, so that a view's fields are named once.
//
// A struct takes part by declaring a hidden friend that ties its fields in a fixed order,
// one template serving both const (encoding) and mutable (decoding) access:
//
//   struct Line {
//     std::string client_id;
//     std::uint32_t contacts = 0;
//     friend auto Fields(internal::FieldsOf<Line> auto& self) {
//       return std::tie(self.client_id, self.contacts);
//     }
//   };
//
// A struct whose fields imply derived state (an index) also declares `bool Reindex()`,
// called once its fields are decoded (false: the fields contradict each other).
//
// Integers and enums are written as little-endian fixed-width values, strings and
// containers with a u32 count. The encoding is private to one projection version: a
// change of a view's fields bumps the projection's version, which rebuilds it (see
// projection.h), so there is no field evolution here. DecodeView never throws and
// never reads past its input: damaged bytes make it return false.
// Pure functions, thread-safe.
#pragma once

#include <algorithm>
#include <concepts>
#include <cstdint>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "events/domain_events.h"

namespace prospekt::projections::internal {

// `Self` is View or const View: lets one Fields template per struct serve both encoding
// and decoding, while staying a distinct overload from every other struct's.
template <class Self, class View>
concept FieldsOf = std::same_as<std::remove_const_t<Self>, View>;

// Appends through a cursor into a buffer grown by doubling: views are millions of
// fields of a few bytes, so each write is a bounds check and a fixed-size copy.
class ViewWriter {
 public:
  void Reserve(std::size_t size) {
    if (size > out_.size()) out_.resize(size);
  }
  void Raw(const void* data, std::size_t size) {
    if (size == 0) return;  // an empty vector's data() may be null, which memcpy refuses
    if (out_.size() - used_ < size) Grow(size);
    std::memcpy(out_.data() + used_, data, size);
    used_ += size;
  }
  std::string Take() {
    out_.resize(used_);
    used_ = 0;
    return std::move(out_);
  }

 private:
  void Grow(std::size_t more) {
    out_.resize(std::max(2 * out_.size(), used_ + more + 64));
  }
  std::string out_;  // out_.size() is the capacity in use; the first used_ bytes are written
  std::size_t used_ = 0;
};

class ViewReader {
 public:
  explicit ViewReader(std::string_view in) : in_(in) {}
  bool Raw(void* data, std::size_t size) {
    if (in_.size() < size) return Fail();
    if (size == 0) return true;  // data may be null (an empty vector's)
    std::memcpy(data, in_.data(), size);
    in_.remove_prefix(size);
    return true;
  }
  bool Fail() {
    failed_ = true;
    in_ = {};
    return false;
  }
  std::string_view rest() const { return in_; }
  bool failed() const { return failed_; }

 private:
  std::string_view in_;
  bool failed_ = false;
};

template <class T>
concept Scalar = std::is_arithmetic_v<T> || std::is_enum_v<T>;

template <class T>
concept Sequence = requires(T& t) {
  typename T::value_type;
  t.push_back(std::declval<typename T::value_type>());
} && !std::same_as<T, std::string>;

// A std::vector of integers or enums (not bools, which decode checked): its elements
// are written and read as one block, in the same bytes as one by one.
template <class T>
concept BulkSequence = requires { typename T::value_type; } &&
                       std::same_as<T, std::vector<typename T::value_type>> &&
                       Scalar<typename T::value_type> &&
                       !std::same_as<typename T::value_type, bool>;

// Tuples and pairs (map entries, composite keys).
template <class T>
concept TupleLike = requires { std::tuple_size<T>::value; } && !Sequence<T>;

// A container's element as it can be decoded into: maps' value_type has a const key.
template <class T>
struct MutableElement {
  using type = typename T::value_type;
};
template <class T>
  requires requires { typename T::mapped_type; }
struct MutableElement<T> {
  using type = std::pair<typename T::key_type, typename T::mapped_type>;
};

template <class T>
concept KeyedContainer = requires(T& t) {
  typename T::key_type;
  t.emplace_hint(t.end(), std::declval<typename T::value_type>());
};

// Value types of the domain that cannot declare Fields themselves.
inline auto Fields(domain::IsoWeek& self) { return std::tie(self.year, self.week); }
inline auto Fields(const domain::IsoWeek& self) { return std::tie(self.year, self.week); }
inline auto Fields(domain::Money& self) { return std::tie(self.minor_units, self.currency); }
inline auto Fields(const domain::Money& self) {
  return std::tie(self.minor_units, self.currency);
}
inline auto Fields(domain::PersonalText& self) { return std::tie(self.form, self.bytes); }
inline auto Fields(const domain::PersonalText& self) { return std::tie(self.form, self.bytes); }

template <class T>
void Put(ViewWriter& out, const T& value);
template <class T>
bool Get(ViewReader& in, T& value);

inline void PutCount(ViewWriter& out, std::size_t count) {
  const auto n = static_cast<std::uint32_t>(count);
  out.Raw(&n, sizeof n);
}
// A count no larger than the bytes left: every element takes at least one byte, except
// in containers of empty structs, which views do not have.
inline bool GetCount(ViewReader& in, std::size_t& count) {
  std::uint32_t n = 0;
  if (!in.Raw(&n, sizeof n)) return false;
  if (n > in.rest().size()) return in.Fail();
  count = n;
  return true;
}

template <class T>
void Put(ViewWriter& out, const T& value) {
  if constexpr (Scalar<T>) {
    out.Raw(&value, sizeof value);
  } else if constexpr (std::same_as<T, std::string>) {
    PutCount(out, value.size());
    out.Raw(value.data(), value.size());
  } else if constexpr (std::same_as<T, bool>) {
    out.Raw(&value, 1);
  } else if constexpr (BulkSequence<T>) {
    PutCount(out, value.size());
    out.Raw(value.data(), value.size() * sizeof(typename T::value_type));
  } else if constexpr (Sequence<T> || KeyedContainer<T>) {
    PutCount(out, value.size());
    for (const auto& element : value) Put(out, element);
  } else if constexpr (TupleLike<T>) {
    std::apply([&out](const auto&... element) { (Put(out, element), ...); }, value);
  } else {
    std::apply([&out](const auto&... field) { (Put(out, field), ...); }, Fields(value));
  }
}

template <class T>
bool Get(ViewReader& in, T& value) {
  if constexpr (std::same_as<T, bool>) {
    std::uint8_t byte = 0;
    if (!in.Raw(&byte, 1) || byte > 1) return in.Fail();
    value = byte == 1;
    return true;
  } else if constexpr (std::is_enum_v<T>) {
    // Enumerants are trusted like any other field: the snapshot was written by this
    // projection version, and a damaged one is caught by its checksum (view_store.h).
    return in.Raw(&value, sizeof value);
  } else if constexpr (Scalar<T>) {
    return in.Raw(&value, sizeof value);
  } else if constexpr (std::same_as<T, std::string>) {
    std::size_t size = 0;
    if (!GetCount(in, size)) return false;
    value.resize(size);
    return in.Raw(value.data(), size);
  } else if constexpr (BulkSequence<T>) {
    std::size_t count = 0;
    if (!GetCount(in, count)) return false;
    if (count > in.rest().size() / sizeof(typename T::value_type)) return in.Fail();
    value.resize(count);
    return in.Raw(value.data(), count * sizeof(typename T::value_type));
  } else if constexpr (Sequence<T>) {
    std::size_t count = 0;
    if (!GetCount(in, count)) return false;
    value.clear();
    value.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
      typename T::value_type element{};
      if (!Get(in, element)) return false;
      value.push_back(std::move(element));
    }
    return true;
  } else if constexpr (KeyedContainer<T>) {
    std::size_t count = 0;
    if (!GetCount(in, count)) return false;
    value.clear();
    for (std::size_t i = 0; i < count; ++i) {
      typename MutableElement<T>::type element{};
      if (!Get(in, element)) return false;
      value.emplace_hint(value.end(), std::move(element));
    }
    return true;
  } else if constexpr (TupleLike<T>) {
    return std::apply([&in](auto&... element) { return (Get(in, element) && ...); }, value);
  } else {
    if (!std::apply([&in](auto&... field) { return (Get(in, field) && ...); }, Fields(value))) {
      return false;
    }
    // Structs with derived state (an IdTable's hash index) rebuild it from their fields.
    if constexpr (requires { { value.Reindex() } -> std::same_as<bool>; }) {
      if (!value.Reindex()) return in.Fail();
    }
    return true;
  }
}

// `size_hint`: the expected size (the last encoding's), reserved up front so that a big
// view is not copied while its buffer grows.
template <class View>
std::string EncodeView(const View& view, std::size_t size_hint = 0) {
  ViewWriter out;
  out.Reserve(size_hint);
  Put(out, view);
  return out.Take();
}

// False when `bytes` is not exactly one encoded View.
template <class View>
bool DecodeView(std::string_view bytes, View& view) {
  ViewReader in(bytes);
  return Get(in, view) && in.rest().empty();
}

}  // namespace prospekt::projections::internal
