// Access-log event codec: a round trip of every event type against the schema's union
// (by Cap'n Proto's own reflection), damaged and mismatched payloads, the enum mappings,
// and the JSON rendering that never shows a password hash.
#include <capnp/any.h>
#include <capnp/message.h>
#include <capnp/schema.h>
#include <capnp/serialize.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cctype>
#include <string>
#include <variant>
#include <vector>

#include "events/access.capnp.h"
#include "events/access_codec.h"
#include "events/access_events.h"
#include "events/access_json.h"
#include "events/envelope_json.h"

namespace prospekt {
namespace {

using namespace access;  // NOLINT(google-build-using-namespace)

// One event of every type, in union order, with every field set to a non-default value.
std::vector<AccessEvent> Samples() {
  const std::string hash(32, '\x9c');
  return {
      UserAdded{"orlova.nv", "ho-001", "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA"},
      PasswordChanged{"orlova.nv", "$argon2id$v=19$m=65536,t=2,p=1$bmV3$bmV3aGFzaA"},
      UserDisabled{"orlova.nv", "left the bank"},
      TokenIssued{hash, "feed", TokenKind::kApi, "warehouse", 1'799'020'800'000'000},
      TokenRevoked{hash, "feed", "rotated"},
      LoginFailed{"nobody", "unknown login"},
      RecordViewed{"zaitsev.pa", "audit-001", ViewedSubject::kHistory, "r01-b01-e03",
                   "/api/employees/{employee_id}/history", 77},
  };
}

std::string ToBytes(capnp::MessageBuilder& message) {
  kj::Array<capnp::word> words = capnp::messageToFlatArray(message);
  return {reinterpret_cast<const char*>(words.asBytes().begin()), words.asBytes().size()};
}

void CheckCorruption(const Result<AccessEvent>& decoded) {
  REQUIRE_FALSE(decoded.ok());
  CHECK(decoded.status().code() == StatusCode::kCorruption);
}

TEST_CASE("access events: one sample per union member, each round-trips", "[access][events]") {
  const capnp::StructSchema root = capnp::Schema::from<schema::AccessEvent>();
  const auto members = root.getUnionFields();
  const std::vector<AccessEvent> samples = Samples();
  REQUIRE(samples.size() == members.size());
  REQUIRE(std::variant_size_v<AccessEvent> == members.size());
  for (std::size_t i = 0; i < samples.size(); ++i) {
    // The type name is the union member's name with a capital first letter.
    std::string member(members[static_cast<unsigned>(i)].getProto().getName().cStr());
    member[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(member[0])));
    const std::string type(AccessEventTypeName(samples[i]));
    INFO(type);
    CHECK(type == member);
    CHECK(IsAccessEventType(type));
    Result<AccessEvent> decoded = DecodeAccessEvent(type, EncodeAccessEvent(samples[i]));
    REQUIRE(decoded.ok());
    CHECK(*decoded == samples[i]);
  }
  CHECK_FALSE(IsAccessEventType("ContactLogged"));
  CHECK_FALSE(IsAccessEventType("userAdded"));
}

TEST_CASE("access events: every enumerant maps both ways", "[access][events]") {
  for (const TokenKind kind : {TokenKind::kSession, TokenKind::kApi}) {
    TokenIssued issued{std::string(32, 'h'), "u", kind, "", 1};
    Result<AccessEvent> decoded = DecodeAccessEvent("TokenIssued", EncodeAccessEvent(issued));
    REQUIRE(decoded.ok());
    CHECK(std::get<TokenIssued>(*decoded).kind == kind);
  }
  CHECK(capnp::Schema::from<schema::TokenKind>().getEnumerants().size() == 2);
  CHECK(capnp::Schema::from<schema::ViewedSubject>().getEnumerants().size() == 3);
  for (const ViewedSubject subject :
       {ViewedSubject::kCard, ViewedSubject::kTrail, ViewedSubject::kHistory}) {
    RecordViewed viewed{"u", "e", subject, "c1", "/r", 0};
    Result<AccessEvent> decoded = DecodeAccessEvent("RecordViewed", EncodeAccessEvent(viewed));
    REQUIRE(decoded.ok());
    CHECK(std::get<RecordViewed>(*decoded).subject_kind == subject);
  }
  CHECK(EnumJsonName(TokenKind::kApi) == "api");
  CHECK(EnumJsonName(ViewedSubject::kTrail) == "trail");
}

TEST_CASE("access events: damaged or mismatched payloads are Corruption, never a crash",
          "[access][events]") {
  CheckCorruption(DecodeAccessEvent("UserAdded", ""));
  CheckCorruption(DecodeAccessEvent("UserAdded", "1234567"));
  const std::string viewed = EncodeAccessEvent(Samples()[6]);
  Result<AccessEvent> mismatched = DecodeAccessEvent("UserAdded", viewed);
  CheckCorruption(mismatched);
  CHECK_THAT(mismatched.status().message(), Catch::Contains("RecordViewed"));

  SECTION("an unknown enumerant") {
    capnp::MallocMessageBuilder message;
    message.initRoot<schema::AccessEvent>().initTokenIssued().setKind(
        static_cast<schema::TokenKind>(9));
    Result<AccessEvent> decoded = DecodeAccessEvent("TokenIssued", ToBytes(message));
    CheckCorruption(decoded);
    CHECK_THAT(decoded.status().message(), Catch::Contains("unknown TokenKind (value 9)"));
  }
  SECTION("an unknown union member") {
    capnp::MallocMessageBuilder message;
    auto root = message.initRoot<schema::AccessEvent>();
    root.initLoginFailed().setLogin("x");
    capnp::AnyStruct::Builder any = schema::AccessEvent::Builder(root);
    kj::ArrayPtr<kj::byte> data = any.getDataSection();
    const std::size_t offset =
        std::size_t{2} *
        capnp::Schema::from<schema::AccessEvent>().getProto().getStruct().getDiscriminantOffset();
    REQUIRE(data.size() >= offset + 2);
    data[offset] = 30;
    data[offset + 1] = 0;
    Result<AccessEvent> decoded = DecodeAccessEvent("LoginFailed", ToBytes(message));
    CheckCorruption(decoded);
    CHECK_THAT(decoded.status().message(), Catch::Contains("unknown event (ordinal 30)"));
  }
  SECTION("cut short at every word, every byte flipped") {
    for (const AccessEvent& event : Samples()) {
      const std::string type(AccessEventTypeName(event));
      const std::string bytes = EncodeAccessEvent(event);
      for (std::size_t size = 8; size < bytes.size(); size += 8) {
        INFO(type << " cut to " << size);
        CheckCorruption(DecodeAccessEvent(type, bytes.substr(0, size)));
      }
      for (std::size_t i = 0; i < bytes.size(); ++i) {
        std::string damaged = bytes;
        damaged[i] = static_cast<char>(damaged[i] ^ 0xff);
        Result<AccessEvent> decoded = DecodeAccessEvent(type, damaged);
        if (!decoded.ok()) CHECK(decoded.status().code() == StatusCode::kCorruption);
      }
    }
  }
}

TEST_CASE("access events render as JSON without password hashes", "[access][events]") {
  const std::vector<AccessEvent> samples = Samples();
  nlohmann::json added = AccessEventToJson(samples[0]);
  CHECK(added["type"] == "UserAdded");
  CHECK(added["login"] == "orlova.nv");
  CHECK(added["employee_id"] == "ho-001");
  CHECK(added["password_hash"] == "hidden");
  CHECK(added.dump().find("argon2id") == std::string::npos);
  CHECK(AccessEventToJson(samples[1]).dump().find("argon2id") == std::string::npos);
  nlohmann::json issued = AccessEventToJson(samples[3]);
  std::string hex;
  for (int i = 0; i < 32; ++i) hex += "9c";
  CHECK(issued["token_hash"] == hex);
  CHECK(issued["kind"] == "api");
  CHECK(issued["expires_at"] == "2027-01-04T00:00:00.000000Z");
  nlohmann::json viewed = AccessEventToJson(samples[6]);
  CHECK(viewed["subject_kind"] == "history");
  CHECK(viewed["as_of_seq"] == 77);

  // An envelope of the access log renders its payload the same way.
  Envelope envelope;
  envelope.event_type = "RecordViewed";
  envelope.payload = EncodeAccessEvent(samples[6]);
  CHECK(EnvelopeToJson(envelope)["payload"] == viewed);
}

}  // namespace
}  // namespace prospekt
