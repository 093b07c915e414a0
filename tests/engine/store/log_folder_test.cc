// Opening a log that must already be there: each kind of wrong folder is named, with
// field "data", and nothing is created.
#include "engine/store/log_folder.h"

#include <rocksdb/db.h>

#include <catch2/catch.hpp>

#include <fstream>
#include <string>

#include "tests/test_support.h"

namespace prospekt::store {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

// The refusal's message; the code and field are the same for every wrong folder.
std::string RefusalOf(const fs::path& data) {
  Result<std::unique_ptr<EventStore>> opened = OpenLogToRead(data);
  REQUIRE_FALSE(opened.ok());
  CHECK(opened.status().code() == StatusCode::kInvalidArgument);
  CHECK(opened.status().field() == "data");
  return opened.status().message();
}

TEST_CASE("a log to read must be a folder holding a Prospekt log", "[store][log_folder]") {
  TempDir dir;
  const fs::path missing = dir.path() / "missing";
  CHECK(RefusalOf(missing) == "no log folder at " + missing.string());
  CHECK_FALSE(fs::exists(missing));

  const fs::path empty = dir.path() / "empty";
  fs::create_directory(empty);
  CHECK(RefusalOf(empty) == empty.string() + " holds no Prospekt log");
  CHECK(fs::is_empty(empty));

  const fs::path file = dir.path() / "notes.txt";
  std::ofstream(file) << "not a log\n";
  CHECK(RefusalOf(file) == file.string() + " is not a folder");

  // Someone else's RocksDB database: no log column families.
  const fs::path other = dir.path() / "other";
  {
    rocksdb::Options options;
    options.create_if_missing = true;
    rocksdb::DB* raw = nullptr;
    REQUIRE(rocksdb::DB::Open(options, other.string(), &raw).ok());
    const std::unique_ptr<rocksdb::DB> owned(raw);
  }
  CHECK_THAT(RefusalOf(other), Catch::StartsWith(other.string() + " holds no Prospekt log ("));
  CHECK(CheckLogFolder(other).ok());  // the folder check alone cannot tell
}

TEST_CASE("a log may start in a new or empty folder, never among other files",
          "[store][log_folder]") {
  TempDir dir;
  CHECK(CheckLogFolderToWrite(dir.path() / "new").ok());
  CHECK_FALSE(fs::exists(dir.path() / "new"));
  const fs::path empty = dir.path() / "empty";
  fs::create_directory(empty);
  CHECK(CheckLogFolderToWrite(empty).ok());

  const fs::path file = dir.path() / "notes.txt";
  std::ofstream(file) << "not a log\n";
  const Status on_file = CheckLogFolderToWrite(file);
  CHECK(on_file.message() == file.string() + " is not a folder");
  CHECK(on_file.field() == "data");
  // A folder of someone's files: RocksDB would spread a new log among them.
  const Status among = CheckLogFolderToWrite(dir.path());
  CHECK(among.code() == StatusCode::kInvalidArgument);
  CHECK(among.message() == dir.path().string() + " holds files but no Prospekt log");

  const fs::path log = dir.path() / "log";
  REQUIRE(EventStore::Open(log).ok());
  CHECK(CheckLogFolderToWrite(log).ok());
}

TEST_CASE("a log that is there opens to read", "[store][log_folder]") {
  TempDir dir;
  const fs::path data = dir.path() / "log";
  {
    Result<std::unique_ptr<EventStore>> written = EventStore::Open(data);
    REQUIRE(written.ok());
  }
  CHECK(CheckLogFolder(data).ok());
  Result<std::unique_ptr<EventStore>> opened = OpenLogToRead(data);
  REQUIRE(opened.ok());
  CHECK((*opened)->Head().last_seq == 0);
}

}  // namespace
}  // namespace prospekt::store
