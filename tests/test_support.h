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

// One run of the built `prospekt` binary (PROSPEKT_CLI) through the shell.
struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `prospekt <arguments>` (shell-quoted by the caller), its output captured in files
// under `scratch`. Fails the current test when the process does not exit normally.
CliRun RunProspekt(const TempDir& scratch, const std::string& arguments);

// Opens a store or fails the current test.
std::unique_ptr<store::EventStore> OpenStore(const std::filesystem::path& path,
                                             store::StoreOptions options = {});

}  // namespace prospekt::testing
