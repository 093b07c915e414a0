#include "tests/test_support.h"

#include <unistd.h>
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace prospekt::testing {

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  const char* root = std::getenv("PROSPEKT_TEST_TMP");
  std::filesystem::path base = root ? root : std::filesystem::temp_directory_path();
  path_ = base / ("prospekt-test-" + std::to_string(::getpid()) + "-" +
                  std::to_string(counter.fetch_add(1)));
  std::filesystem::remove_all(path_);
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

store::NewEvent MakeEvent(std::string type, std::string payload) {
  store::NewEvent event;
  event.event_type = std::move(type);
  event.occurred_at_us = 1'767'603'600'000'000;
  event.actor = "e-r01-b01-002";
  event.correlation_id = "test";
  event.payload = std::move(payload);
  return event;
}

store::AppendRequest MakeAppend(std::string stream_id, store::ExpectedVersion expected,
                                std::string idempotency_key) {
  return {std::move(stream_id), expected, {MakeEvent()}, std::move(idempotency_key)};
}

std::unique_ptr<store::EventStore> OpenStore(const std::filesystem::path& path,
                                             store::StoreOptions options) {
  auto opened = store::EventStore::Open(path, std::move(options));
  INFO(opened.status().ToString());
  REQUIRE(opened.ok());
  return std::move(opened).value();
}

namespace {

std::string ReadWhole(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

CliRun RunProspekt(const TempDir& scratch, const std::string& arguments) {
  const std::filesystem::path out = scratch.path() / "prospekt.out";
  const std::filesystem::path err = scratch.path() / "prospekt.err";
  const std::string command = std::string("'") + PROSPEKT_CLI + "' " + arguments + " >'" +
                              out.string() + "' 2>'" + err.string() + "'";
  const int status = std::system(command.c_str());
  REQUIRE(WIFEXITED(status));
  return {WEXITSTATUS(status), ReadWhole(out), ReadWhole(err)};
}

}  // namespace prospekt::testing
