#include "engine/store/log_folder.h"

#include <system_error>

namespace prospekt::store {

namespace fs = std::filesystem;

Status CheckLogFolder(const fs::path& data) {
  std::error_code error;
  const fs::file_status status = fs::status(data, error);
  if (!fs::exists(status)) {
    return Status::InvalidArgument("no log folder at " + data.string(), "data");
  }
  if (!fs::is_directory(status)) {
    return Status::InvalidArgument(data.string() + " is not a folder", "data");
  }
  // Every RocksDB database has a CURRENT file: a folder without one is not a log (and a
  // read-only open would fail on it with an I/O message that hides the plain fact).
  if (!fs::exists(data / "CURRENT", error)) {
    return Status::InvalidArgument(data.string() + " holds no Prospekt log", "data");
  }
  return Status::Ok();
}

Status CheckLogFolderToWrite(const fs::path& data) {
  std::error_code error;
  const fs::file_status status = fs::status(data, error);
  if (!fs::exists(status)) return Status::Ok();
  if (!fs::is_directory(status)) {
    return Status::InvalidArgument(data.string() + " is not a folder", "data");
  }
  if (fs::exists(data / "CURRENT", error) || fs::is_empty(data, error)) return Status::Ok();
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
