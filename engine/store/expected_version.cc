#include "engine/store/expected_version.h"

#include <charconv>

namespace prospekt::store {

Result<ExpectedVersion> ExpectedVersion::Parse(std::string_view text) {
  if (text == "any") return Any();
  if (text == "no_stream") return NoStream();
  std::uint64_t version = 0;
  const char* end = text.data() + text.size();
  auto [ptr, error] = std::from_chars(text.data(), end, version);
  if (text.empty() || error != std::errc() || ptr != end) {
    return Status::InvalidArgument(
        "expected version must be \"any\", \"no_stream\" or a non-negative integer, got \"" +
            std::string(text) + "\"",
        "expected_version");
  }
  return Exactly(version);
}

std::string ExpectedVersion::ToString() const {
  if (kind_ == Kind::kAny) return "any";
  if (version_ == 0) return "no_stream";
  return std::to_string(version_);
}

}  // namespace prospekt::store
