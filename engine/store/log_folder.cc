#include "engine/store/log_folder.h"

#include <cstdint>
#include <system_error>

namespace prospekt::store {

namespace fs = std::filesystem;

namespace {

enum class FolderState : std::uint8_t { kMissing, kNotAFolder, kEmpty, kOtherFiles, kLog };

FolderState StateOf(const fs::path& data) {
  std::error_code error;
  const fs::file_status status = fs::status(data, error);
  if (!fs::exists(status)) return FolderState::kMissing;
  if (!fs::is_directory(status)) return FolderState::kNotAFolder;
  // Every RocksDB database has a CURRENT file: a folder without one is not a log (and a
  // read-only open would fail on it with an I/O message that hides the plain fact).
  if (fs::exists(data / "CURRENT", error)) return FolderState::kLog;
  return fs::is_empty(data, error) ? FolderState::kEmpty : FolderState::kOtherFiles;
}

Status NotAFolder(const fs::path& data) {
  return Status::InvalidArgument(data.string() + " is not a folder", "data");
}

}  // namespace

Status CheckLogFolder(const fs::path& data) {
  switch (StateOf(data)) {
    case FolderState::kLog:
      return Status::Ok();
    case FolderState::kMissing:
      return Status::InvalidArgument("no log folder at " + data.string(), "data");
    case FolderState::kNotAFolder:
      return NotAFolder(data);
    case FolderState::kEmpty:
    case FolderState::kOtherFiles:
      break;
  }
  return Status::InvalidArgument(data.string() + " holds no Prospekt log", "data");
}

Status CheckLogFolderToWrite(const fs::path& data) {
  switch (StateOf(data)) {
    case FolderState::kMissing:
    case FolderState::kEmpty:
    case FolderState::kLog:
      return Status::Ok();
    case FolderState::kNotAFolder:
      return NotAFolder(data);
    case FolderState::kOtherFiles:
      break;
  }
  return Status::InvalidArgument(data.string() + " holds files but no Prospekt log", "data");
}

Result<std::unique_ptr<EventStore>> OpenLogToRead(const fs::path& data) {
  PROSPEKT_RETURN_IF_ERROR(CheckLogFolder(data));
  StoreOptions options;
  options.read_only = true;
  Result<std::unique_ptr<EventStore>> opened = EventStore::Open(data, options);
  if (!opened.ok() && opened.status().code() == StatusCode::kInvalidArgument) {
    return Status::InvalidArgument(
        data.string() + " holds no Prospekt log (" + opened.status().message() + ")", "data");
  }
  return opened;
}

}  // namespace prospekt::store
