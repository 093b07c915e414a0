// prospekt_embed_file: the embedded bytes are the file's, byte for byte.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <string>

#include "embedded/server_embed_sample.h"

namespace prospekt {
namespace {

TEST_CASE("an embedded file holds the file's bytes, NUL-terminated", "[server]") {
  std::ifstream in(PROSPEKT_EMBED_SAMPLE, std::ios::binary);
  REQUIRE(in);
  const std::string file{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  REQUIRE(!file.empty());
  CHECK(embedded::server_embed_sample() == file);
  CHECK(embedded::server_embed_sample().data()[file.size()] == '\0');
}

}  // namespace
}  // namespace prospekt
