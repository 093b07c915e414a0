#include "engine/store/internal/head_mark.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>

namespace prospekt::store::internal {
namespace {

constexpr char kMagic[] = "prospekt-head/1";

Status Errno(const std::string& what) {
  // error_code's message, unlike strerror, is safe from any thread.
  return Status::IOError(what + ": " + std::error_code(errno, std::generic_category()).message());
}

// Writes `bytes` to `path` and fsyncs it.
Status WriteDurably(const std::filesystem::path& path, const std::string& bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Errno("creating " + path.string());
  const ssize_t written = ::write(fd, bytes.data(), bytes.size());
  const bool ok = written == static_cast<ssize_t>(bytes.size()) && ::fsync(fd) == 0;
  Status status = ok ? Status::Ok() : Errno("writing " + path.string());
  ::close(fd);
  return status;
}

Status SyncFolder(const std::filesystem::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Errno("opening " + dir.string());
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok ? Status::Ok() : Errno("syncing " + dir.string());
}

bool ParseHex(std::string_view hex, ChainHash& hash) {
  if (hex.size() != hash.size() * 2) return false;
  for (std::size_t i = 0; i < hash.size(); ++i) {
    auto [ptr, error] = std::from_chars(hex.data() + 2 * i, hex.data() + 2 * i + 2, hash[i], 16);
    if (error != std::errc() || ptr != hex.data() + 2 * i + 2) return false;
  }
  return true;
}

}  // namespace

Status WriteHeadMark(const std::filesystem::path& dir, const LogHead& head) {
  const std::string line =
      std::string(kMagic) + " " + std::to_string(head.last_seq) + " " + ToHex(head.hash) + "\n";
  const std::filesystem::path temporary = dir / (std::string(kHeadMarkFile) + ".tmp");
  PROSPEKT_RETURN_IF_ERROR(WriteDurably(temporary, line));
  std::error_code error;
  std::filesystem::rename(temporary, dir / kHeadMarkFile, error);
  if (error) return Status::IOError("renaming the head mark: " + error.message());
  return SyncFolder(dir);
}

Result<std::optional<LogHead>> ReadHeadMark(const std::filesystem::path& dir) {
  const std::filesystem::path path = dir / kHeadMarkFile;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (!std::filesystem::exists(path)) return std::optional<LogHead>();
    return Status::IOError("cannot read " + path.string());
  }
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  // "<magic> <seq> <64 hex digits>\n"
  const std::size_t first = text.find(' ');
  const std::size_t second = first == std::string::npos ? first : text.find(' ', first + 1);
  LogHead head;
  const bool shaped =
      second != std::string::npos && text.ends_with('\n') && text.compare(0, first, kMagic) == 0;
  if (shaped) {
    const char* seq_end = text.data() + second;
    auto [ptr, error] = std::from_chars(text.data() + first + 1, seq_end, head.last_seq);
    const std::string_view hex(text.data() + second + 1, text.size() - second - 2);
    if (error == std::errc() && ptr == seq_end && ParseHex(hex, head.hash))
      return std::optional(head);
  }
  return Status::Corruption(path.string() + " is damaged");
}

}  // namespace prospekt::store::internal
