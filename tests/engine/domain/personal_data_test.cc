// Personal data sealed with a per-client key, and erasure by shredding that key.
#include "engine/domain/personal_data.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

#include "replay/verify_chain.h"
#include "tests/test_support.h"

namespace prospekt::domain {
namespace {

using store::AppendRequest;
using testing::MakeAppend;
using testing::OpenStore;
using testing::TempDir;

// Whether `needle` occurs in any file under `dir`.
bool AnyFileHolds(const std::filesystem::path& dir, const std::string& needle) {
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (bytes.find(needle) != std::string::npos) return true;
  }
  return false;
}

TEST_CASE("sealed personal data opens only for its client", "[domain][personal_data]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  PersonalDataVault vault(*store);

  Result<PersonalText> sealed = vault.Seal("c-1", "Иванова Мария Петровна");
  REQUIRE(sealed.ok());
  CHECK(sealed->form == PersonalText::Form::kSealed);
  CHECK(sealed->bytes.find("Иванова") == std::string::npos);
  Result<std::optional<std::string>> opened = vault.Open("c-1", *sealed);
  REQUIRE(opened.ok());
  CHECK(opened->value() == "Иванова Мария Петровна");

  // Two seals of one text differ (random nonces), and both open.
  Result<PersonalText> again = vault.Seal("c-1", "Иванова Мария Петровна");
  REQUIRE(again.ok());
  CHECK(again->bytes != sealed->bytes);
  CHECK(vault.Open("c-1", *again)->value() == "Иванова Мария Петровна");

  SECTION("another client's key does not open it") {
    REQUIRE(vault.Seal("c-2", "x").ok());
    CHECK(vault.Open("c-2", *sealed).status().code() == StatusCode::kCorruption);
  }
  SECTION("an altered byte is Corruption") {
    PersonalText altered = *sealed;
    altered.bytes[altered.bytes.size() / 2] ^= 0x01;
    CHECK(vault.Open("c-1", altered).status().code() == StatusCode::kCorruption);
    altered.bytes.resize(10);
    CHECK(vault.Open("c-1", altered).status().code() == StatusCode::kCorruption);
  }
  SECTION("clear text passes through") {
    CHECK(vault.Open("c-1", PersonalText{PersonalText::Form::kClear, "ООО Ромашка"})->value() ==
          "ООО Ромашка");
  }
}

TEST_CASE("erasing a client shreds its key from every file; events and chain stay",
          "[domain][personal_data]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  PersonalDataVault vault(*store);
  Result<PersonalText> sealed = vault.Seal("c-erase", "+7 495 123-45-67");
  REQUIRE(sealed.ok());
  AppendRequest request = MakeAppend("client-c-erase");
  request.events.front().payload = sealed->bytes;  // the sealed bytes travel in an event
  REQUIRE(store->Append(std::move(request)).ok());
  Result<std::optional<std::string>> key = store->GetKey("client/c-erase");
  REQUIRE(key.ok());
  REQUIRE(key->has_value());
  const std::string key_bytes = **key;
  CHECK(AnyFileHolds(dir.path(), key_bytes));

  REQUIRE(vault.Erase("c-erase").ok());
  REQUIRE(vault.Erase("c-erase").ok());  // idempotent
  Result<std::optional<std::string>> opened = vault.Open("c-erase", *sealed);
  REQUIRE(opened.ok());
  CHECK_FALSE(opened->has_value());
  CHECK_FALSE(AnyFileHolds(dir.path(), key_bytes));

  Result<replay::ChainReport> report = replay::VerifyChain(*store);
  REQUIRE(report.ok());
  CHECK(report->intact);
  CHECK(store->ReadAll(1, 10)->front().payload == sealed->bytes);
}

}  // namespace
}  // namespace prospekt::domain
