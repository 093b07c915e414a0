#include "engine/api/internal/json_fields.h"

#include <array>
#include <set>

namespace prospekt::api::internal {
namespace {

// A SAX pass over the document before nlohmann builds it: it stops at the first
// container nested too deep (so a hostile body costs no more than its first levels)
// and at a key given twice (which nlohmann would silently resolve to the last one), and
// keeps the JSON path of where it is, for the error's field.
class Checker final : public json::json_sax_t {
 public:
  explicit Checker(std::size_t max_depth) : max_depth_(max_depth) {}

  bool null() override { return Value(); }
  bool boolean(bool /*value*/) override { return Value(); }
  bool number_integer(number_integer_t /*value*/) override { return Value(); }
  bool number_unsigned(number_unsigned_t /*value*/) override { return Value(); }
  bool number_float(number_float_t /*value*/, const string_t& /*text*/) override { return Value(); }
  bool string(string_t& /*value*/) override { return Value(); }
  bool binary(binary_t& /*value*/) override { return Value(); }
  bool start_object(std::size_t /*elements*/) override { return Open(false); }
  bool start_array(std::size_t /*elements*/) override { return Open(true); }
  bool end_object() override { return Close(); }
  bool end_array() override { return Close(); }
  bool key(string_t& name) override {
    Frame& top = frames_.back();
    top.key = name;
    top.has_key = true;
    if (!top.keys.insert(name).second) {
      const std::string path = Path();
      error_ = Status::InvalidArgument(path + " is given twice", path);
      return false;
    }
    return true;
  }
  bool parse_error(std::size_t /*position*/, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& error) override {
    // "[json.exception.parse_error.101] parse error at line 1, column 9: ..." without
    // the library's tag.
    std::string_view what = error.what();
    if (const auto tag_end = what.find("] "); tag_end != std::string_view::npos) {
      what.remove_prefix(tag_end + 2);
    }
    const std::string path = Path();
    error_ = Status::InvalidArgument("malformed JSON: " + std::string(what), path);
    return false;
  }

  const Status& error() const { return error_; }

 private:
  struct Frame {
    bool array = false;
    std::size_t index = 0;  // arrays: the element being read
    bool has_key = false;   // objects: a key was read and its value is being read
    std::string key;
    std::set<std::string> keys;
  };

  std::string Path() const {
    std::string path;
    for (const Frame& frame : frames_) {
      if (frame.array) {
        path = ElementPath(path, frame.index);
      } else if (frame.has_key) {
        path = MemberPath(path, frame.key);
      }
    }
    return path;
  }
  // A value ended: the next one is the array's next element, or comes after a new key.
  bool Value() {
    if (frames_.empty()) return true;
    Frame& top = frames_.back();
    if (top.array) {
      ++top.index;
    } else {
      top.has_key = false;
    }
    return true;
  }
  bool Open(bool array) {
    if (frames_.size() >= max_depth_) {
      const std::string path = Path();
      error_ = Status::InvalidArgument((path.empty() ? std::string("the body") : path) +
                                           " nests containers deeper than " +
                                           std::to_string(max_depth_) + " levels",
                                       path);
      return false;
    }
    frames_.push_back(Frame{array, 0, false, {}, {}});
    return true;
  }
  bool Close() {
    frames_.pop_back();
    return Value();
  }

  const std::size_t max_depth_;
  std::vector<Frame> frames_;
  Status error_;
};

}  // namespace

Result<json> ParseStrictJson(std::string_view text, std::size_t max_bytes, std::size_t max_depth) {
  if (text.size() > max_bytes) {
    return Status::InvalidArgument("the body holds " + std::to_string(text.size()) +
                                   " bytes, more than the " + std::to_string(max_bytes) +
                                   " allowed");
  }
  Checker checker(max_depth);
  if (!json::sax_parse(text, &checker, json::input_format_t::json, /*strict=*/true)) {
    if (!checker.error().ok()) return checker.error();
    return Status::InvalidArgument("malformed JSON");
  }
  json document = json::parse(text, nullptr, /*allow_exceptions=*/false);
  // Invariant: a document the SAX pass accepted parses.
  if (document.is_discarded()) return Status::InvalidArgument("malformed JSON");
  return document;
}

std::string MemberPath(std::string_view path, std::string_view name) {
  if (path.empty()) return std::string(name);
  std::string out(path);
  out += '.';
  out += name;
  return out;
}

std::string ElementPath(std::string_view path, std::size_t index) {
  return std::string(path) + "[" + std::to_string(index) + "]";
}

std::string_view JsonTypeName(const json& value) {
  switch (value.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::object:
      return "an object";
    case json::value_t::array:
      return "an array";
    case json::value_t::string:
      return "a string";
    case json::value_t::boolean:
      return "true or false";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      return "a number";
    case json::value_t::binary:
    case json::value_t::discarded:
      break;
  }
  return "something else";
}

Status ReadValue(const json& value, const std::string& path, std::string& out) {
  if (!value.is_string()) {
    return Status::InvalidArgument(
        path + " must be a string, not " + std::string(JsonTypeName(value)), path);
  }
  out = value.get_ref<const std::string&>();
  return Status::Ok();
}

Status ReadValue(const json& value, const std::string& path, bool& out) {
  if (!value.is_boolean()) {
    return Status::InvalidArgument(
        path + " must be true or false, not " + std::string(JsonTypeName(value)), path);
  }
  out = value.get<bool>();
  return Status::Ok();
}

Status ReadValue(const json& value, const std::string& path, std::int64_t& out) {
  if (value.is_number_integer() && !value.is_number_unsigned()) {
    out = value.get<std::int64_t>();
    return Status::Ok();
  }
  // number_unsigned holds the non-negative integers; above INT64_MAX it is out of range.
  if (value.is_number_unsigned() &&
      value.get<std::uint64_t>() <= static_cast<std::uint64_t>(INT64_MAX)) {
    out = static_cast<std::int64_t>(value.get<std::uint64_t>());
    return Status::Ok();
  }
  return Status::InvalidArgument(
      path + " must be an integer from " + std::to_string(INT64_MIN) + " to " +
          std::to_string(INT64_MAX) + ", not " +
          (value.is_number() ? value.dump() : std::string(JsonTypeName(value))),
      path);
}

Status ReadUnsigned(const json& value, const std::string& path, std::uint64_t max,
                    std::uint64_t& out) {
  if (value.is_number_unsigned() && value.get<std::uint64_t>() <= max) {
    out = value.get<std::uint64_t>();
    return Status::Ok();
  }
  return Status::InvalidArgument(
      path + " must be an integer from 0 to " + std::to_string(max) + ", not " +
          (value.is_number() ? value.dump() : std::string(JsonTypeName(value))),
      path);
}

Status ReadTime(const json& value, const std::string& path, std::int64_t& out) {
  if (!value.is_string()) {
    return Status::InvalidArgument(
        path + " must be an ISO-8601 UTC time as a string, not " + std::string(JsonTypeName(value)),
        path);
  }
  Result<std::int64_t> time =
      ParseUtcTime(value.get_ref<const std::string&>(), path, TimeForm::kInstant);
  if (!time.ok()) return time.status();
  out = *time;
  return Status::Ok();
}

Status ReadValue(const json& value, const std::string& path, domain::IsoWeek& out) {
  if (!value.is_string()) {
    return Status::InvalidArgument(
        path + " must be an ISO week like 2026-W03, not " + std::string(JsonTypeName(value)), path);
  }
  Result<domain::IsoWeek> week = ParseIsoWeek(value.get_ref<const std::string&>(), path);
  if (!week.ok()) return week.status();
  out = *week;
  return Status::Ok();
}

Status UnknownEnumName(const json& value, const std::string& path,
                       const std::vector<std::string_view>& names) {
  std::string known;
  for (std::string_view name : names) {
    if (!known.empty()) known += ", ";
    known += name;
  }
  // A long unknown name is cut, so an error never echoes a whole body.
  const std::string given = value.is_string()
                                ? "'" + value.get_ref<const std::string&>().substr(0, 40) + "'"
                                : std::string(JsonTypeName(value));
  return Status::InvalidArgument(path + " must be one of " + known + ", not " + given, path);
}

Status ReadValue(const json& value, const std::string& path, domain::Money& out) {
  static constexpr std::array kRules{Required<&domain::Money::minor_units>("minor_units"),
                                     Required<&domain::Money::currency>("currency")};
  return ReadObject<domain::Money>(value, path, kRules, out);
}

Status ReadValue(const json& value, const std::string& path, domain::ProductTarget& out) {
  static constexpr std::array kRules{Required<&domain::ProductTarget::product_code>("product_code"),
                                     Required<&domain::ProductTarget::sales>("sales")};
  return ReadObject<domain::ProductTarget>(value, path, kRules, out);
}

}  // namespace prospekt::api::internal
