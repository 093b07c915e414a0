// Decodes the frozen corpus of encoded access-log events
// (tests/events/access_corpus/README.md), so that every access log ever written stays
// readable, with explicit expected values rather than a round trip through our encoder.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <variant>

#include "events/access_codec.h"
#include "events/access_events.h"

namespace prospekt {
namespace {

std::string ReadCorpusFile(const std::string& name) {
  const std::filesystem::path path = std::filesystem::path(PROSPEKT_ACCESS_CORPUS_DIR) / name;
  std::ifstream in(path, std::ios::binary);
  INFO("corpus file " << path);
  REQUIRE(in.good());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Decodes `name` as the payload of an envelope of `event_type`; the event must be an
// `Event`, and our encoder must read back the same.
template <typename Event>
Event DecodeCorpusFile(const std::string& name, const std::string& event_type) {
  Result<access::AccessEvent> decoded = DecodeAccessEvent(event_type, ReadCorpusFile(name));
  INFO(name << ": " << decoded.status().ToString());
  REQUIRE(decoded.ok());
  REQUIRE(std::holds_alternative<Event>(*decoded));
  Result<access::AccessEvent> round_trip =
      DecodeAccessEvent(event_type, EncodeAccessEvent(*decoded));
  REQUIRE(round_trip.ok());
  CHECK(*round_trip == *decoded);
  return std::get<Event>(std::move(decoded).value());
}

TEST_CASE("access corpus v1: a user added", "[access][events][corpus]") {
  const auto e = DecodeCorpusFile<access::UserAdded>("v1_user_added.bin", "UserAdded");
  CHECK(e.login == "orlova.nv");
  CHECK(e.employee_id == "ho-001");
  CHECK(e.password_hash ==
        "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
        "QmFkSGFzaEJ1dFNoYXBlZExpa2VPbmUxMjM0NTY3OA");
}

TEST_CASE("access corpus v1: an API token issued", "[access][events][corpus]") {
  const auto e = DecodeCorpusFile<access::TokenIssued>("v1_token_issued_api.bin", "TokenIssued");
  const std::string hash(
      "\x00\x11\x22\x33\x44\x55\x66\x77\x88\x99\xaa\xbb\xcc\xdd\xee\xff"
      "\x0f\x1e\x2d\x3c\x4b\x5a\x69\x78\x87\x96\xa5\xb4\xc3\xd2\xe1\xf0",
      32);
  CHECK(e.token_hash == hash);
  CHECK(e.login == "analytics.feed");
  CHECK(e.kind == access::TokenKind::kApi);
  CHECK(e.name == "warehouse-loader");
  CHECK(e.expires_at_us == 1'799'020'800'000'000);  // 2027-01-04T00:00:00Z
}

TEST_CASE("access corpus v1: an audit trail viewed as of a seq", "[access][events][corpus]") {
  const auto e =
      DecodeCorpusFile<access::RecordViewed>("v1_record_viewed_trail.bin", "RecordViewed");
  CHECK(e.viewer_login == "zaitsev.pa");
  CHECK(e.viewer_employee_id == "audit-001");
  CHECK(e.subject_kind == access::ViewedSubject::kTrail);
  CHECK(e.subject_id == "r01-b01-c00007");
  CHECK(e.route == "/api/clients/{client_id}/trail");
  CHECK(e.as_of_seq == 5000);
}

TEST_CASE("access corpus v1: a failed login", "[access][events][corpus]") {
  const auto e = DecodeCorpusFile<access::LoginFailed>("v1_login_failed.bin", "LoginFailed");
  CHECK(e.login == "петров");
  CHECK(e.reason == "malformed login");
}

TEST_CASE("access corpus v1: a payload under the wrong event type is refused",
          "[access][events][corpus]") {
  Result<access::AccessEvent> decoded =
      DecodeAccessEvent("UserAdded", ReadCorpusFile("v1_login_failed.bin"));
  REQUIRE_FALSE(decoded.ok());
  CHECK(decoded.status().code() == StatusCode::kCorruption);
}

}  // namespace
}  // namespace prospekt
