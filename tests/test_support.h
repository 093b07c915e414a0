// Helpers shared by the test suites: temporary folders and ready-made events.
#pragma once

#include <filesystem>
#include <string>

#include "engine/store/event_store.h"

namespace prospekt::testing {

// A fresh, empty folder, removed again when the object goes out of scope.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// A small, valid event of the given type.
store::NewEvent MakeEvent(std::string type = "ContactLogged", std::string payload = "{}");

// A one-event append request.
store::AppendRequest MakeAppend(std::string stream_id,
                                store::ExpectedVersion expected = store::ExpectedVersion::Any(),
                                std::string idempotency_key = {});

// Opens a store or fails the current test.
std::unique_ptr<store::EventStore> OpenStore(const std::filesystem::path& path,
                                             store::StoreOptions options = {});

}  // namespace prospekt::testing
