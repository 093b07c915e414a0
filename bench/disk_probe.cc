#include "bench/disk_probe.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <string>
#include <vector>

namespace prospekt::bench {

Result<double> ProbeFsyncRate(const std::filesystem::path& dir, double seconds) {
  const std::filesystem::path path = dir / "store_bench-fsync-probe";
  const int fd = ::open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IOError("opening " + path.string() + ": " + std::strerror(errno));
  // About one group commit of small events, like a WAL record.
  const std::vector<char> block(4096, 'x');
  using Clock = std::chrono::steady_clock;
  const Clock::time_point started = Clock::now();
  const auto length = std::chrono::duration<double>(seconds);
  std::uint64_t syncs = 0;
  Status failure;
  while (Clock::now() - started < length) {
    if (::write(fd, block.data(), block.size()) != static_cast<ssize_t>(block.size()) ||
        ::fdatasync(fd) != 0) {
      failure = Status::IOError("writing " + path.string() + ": " + std::strerror(errno));
      break;
    }
    ++syncs;
  }
  const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
  ::close(fd);
  std::filesystem::remove(path);
  PROSPEKT_RETURN_IF_ERROR(failure);
  return static_cast<double>(syncs) / elapsed;
}

}  // namespace prospekt::bench
