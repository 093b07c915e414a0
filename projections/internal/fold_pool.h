// FoldPool: runs a round of independent tasks (one per projection: fold a batch, encode a
// snapshot) on the calling thread and a fixed set of helper threads, and returns when
// every task of the round is done.
//
// Tasks are taken in the order given, each by whichever thread is free first, so a
// caller that lists the costliest tasks first gets a balanced round (longest processing
// time first). The helpers live as long as the pool and sleep between rounds.
//
// Ownership: the pool owns its threads; a round's task function must stay valid until
// Run returns. Thread-safe for one caller at a time (Run is not reentrant).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace prospekt::projections::internal {

class FoldPool {
 public:
  // `helpers` threads besides the caller's (0: every task runs on the caller).
  explicit FoldPool(std::size_t helpers);
  ~FoldPool();
  FoldPool(const FoldPool&) = delete;
  FoldPool& operator=(const FoldPool&) = delete;

  // Calls task(0) .. task(count - 1), each once, spread over the caller and the helpers.
  void Run(std::size_t count, const std::function<void(std::size_t)>& task);

  std::size_t helpers() const { return threads_.size(); }

 private:
  void Help();
  // Takes and runs tasks of the current round until none is left.
  void Drain(std::unique_lock<std::mutex>& lock);

  std::mutex mu_;
  std::condition_variable wake_;   // helpers: a round started, or the pool closes
  std::condition_variable done_;   // caller: the round's last task finished
  const std::function<void(std::size_t)>* task_ = nullptr;  // Guarded by mu_.
  std::size_t next_ = 0;                                    // Guarded by mu_.
  std::size_t count_ = 0;                                   // Guarded by mu_.
  std::size_t running_ = 0;                                 // Guarded by mu_.
  std::uint64_t round_ = 0;                                 // Guarded by mu_.
  bool closing_ = false;                                    // Guarded by mu_.
  std::vector<std::thread> threads_;
};

}  // namespace prospekt::projections::internal
