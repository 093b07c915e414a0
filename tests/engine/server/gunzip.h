// Inflates a gzip member with zlib, for tests that check gzipped answers.
#pragma once

#include <zlib.h>

#include <catch2/catch.hpp>

#include <string>
#include <string_view>

namespace prospekt::server::testing {

// The inflated bytes; fails the current test when `gzipped` is not one whole member.
inline std::string Gunzip(std::string_view gzipped) {
  z_stream stream{};
  REQUIRE(inflateInit2(&stream, 15 + 16) == Z_OK);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gzipped.data()));
  stream.avail_in = static_cast<uInt>(gzipped.size());
  std::string out;
  char chunk[16384];
  int result = Z_OK;
  while (result == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(chunk);
    stream.avail_out = sizeof chunk;
    result = inflate(&stream, Z_NO_FLUSH);
    out.append(chunk, sizeof chunk - stream.avail_out);
  }
  inflateEnd(&stream);
  REQUIRE(result == Z_STREAM_END);
  return out;
}

}  // namespace prospekt::server::testing
