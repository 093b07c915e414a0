#include "engine/server/compression.h"

#include <zlib.h>

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <optional>

#include "engine/server/request.h"
#include "events/text.h"

namespace prospekt::server {
namespace {

// gzip framing for deflateInit2: 15 window bits, +16 for the gzip header and trailer.
constexpr int kGzipWindowBits = 15 + 16;
constexpr int kMemoryLevel = 8;  // zlib's default

// The q-value of one list member's parameters ("q=0.5"); 1 when none is given, 0 for a
// malformed one (a member we cannot read is not taken as acceptance).
double QValue(std::string_view parameters) {
  while (!parameters.empty()) {
    const std::size_t end = std::min(parameters.find(';'), parameters.size());
    const std::string_view parameter = TrimAsciiSpace(parameters.substr(0, end));
    parameters.remove_prefix(std::min(end + 1, parameters.size()));
    if (parameter.size() < 2 || (parameter[0] != 'q' && parameter[0] != 'Q') ||
        parameter[1] != '=') {
      continue;
    }
    const std::string value(TrimAsciiSpace(parameter.substr(2)));
    char* parsed_end = nullptr;
    const double q = std::strtod(value.c_str(), &parsed_end);
    if (value.empty() || parsed_end != value.c_str() + value.size() || q < 0 || q > 1) return 0;
    return q;
  }
  return 1;
}

}  // namespace

bool AcceptsGzip(std::string_view accept_encoding) {
  std::optional<double> gzip, any;
  while (!accept_encoding.empty()) {
    const std::size_t end = std::min(accept_encoding.find(','), accept_encoding.size());
    const std::string_view member = TrimAsciiSpace(accept_encoding.substr(0, end));
    accept_encoding.remove_prefix(std::min(end + 1, accept_encoding.size()));
    const std::size_t semicolon = std::min(member.find(';'), member.size());
    const std::string_view coding = TrimAsciiSpace(member.substr(0, semicolon));
    const double q = QValue(member.substr(std::min(semicolon + 1, member.size())));
    if (EqualsIgnoreCase(coding, "gzip") || EqualsIgnoreCase(coding, "x-gzip")) {
      gzip = std::max(gzip.value_or(0), q);
    } else if (coding == "*") {
      any = q;
    }
  }
  if (gzip) return *gzip > 0;
  return any && *any > 0;
}

bool IsCompressibleType(std::string_view content_type) {
  // Called for every answer: compared in place, without a lower-cased copy.
  const std::string_view type =
      TrimAsciiSpace(content_type.substr(0, std::min(content_type.find(';'), content_type.size())));
  const auto is = [&](std::string_view name) { return EqualsIgnoreCase(type, name); };
  const auto starts = [&](std::string_view prefix) {
    return type.size() >= prefix.size() && EqualsIgnoreCase(type.substr(0, prefix.size()), prefix);
  };
  const auto ends = [&](std::string_view suffix) {
    return type.size() >= suffix.size() &&
           EqualsIgnoreCase(type.substr(type.size() - suffix.size()), suffix);
  };
  return starts("text/") || is("application/json") || ends("+json") || is("application/yaml") ||
         is("application/x-yaml") || is("application/javascript") || is("application/xml") ||
         is("image/svg+xml");
}

Result<std::string> Gzip(std::string_view data, int level) {
  if (data.size() > std::numeric_limits<uInt>::max()) {
    return Status::InvalidArgument("an answer over 4 GiB is not gzipped", "body");
  }
  z_stream stream{};
  if (deflateInit2(&stream, level, Z_DEFLATED, kGzipWindowBits, kMemoryLevel, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    return Status::IOError("zlib could not start a gzip stream");
  }
  std::string out(deflateBound(&stream, static_cast<uLong>(data.size())), '\0');
  // zlib's interface is not const-correct; it does not write through next_in.
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int finished = deflate(&stream, Z_FINISH);
  const uLong written = stream.total_out;
  deflateEnd(&stream);
  if (finished != Z_STREAM_END) return Status::IOError("zlib could not gzip an answer");
  out.resize(written);
  return out;
}

}  // namespace prospekt::server
