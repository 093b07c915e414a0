#include "projections/internal/fold_pool.h"

namespace prospekt::projections::internal {

FoldPool::FoldPool(std::size_t helpers) {
  threads_.reserve(helpers);
  for (std::size_t i = 0; i < helpers; ++i) threads_.emplace_back([this] { Help(); });
}

FoldPool::~FoldPool() {
  {
    std::lock_guard lock(mu_);
    closing_ = true;
  }
  wake_.notify_all();
  for (std::thread& thread : threads_) thread.join();
}

void FoldPool::Drain(std::unique_lock<std::mutex>& lock) {
  while (task_ != nullptr && next_ < count_) {
    const std::size_t index = next_++;
    const auto* task = task_;
    ++running_;
    lock.unlock();
    (*task)(index);
    lock.lock();
    --running_;
  }
  if (task_ != nullptr && next_ >= count_ && running_ == 0) done_.notify_all();
}

void FoldPool::Run(std::size_t count, const std::function<void(std::size_t)>& task) {
  if (count == 0) return;
  if (threads_.empty() || count == 1) {
    for (std::size_t i = 0; i < count; ++i) task(i);
    return;
  }
  std::unique_lock lock(mu_);
  task_ = &task;
  next_ = 0;
  count_ = count;
  ++round_;
  wake_.notify_all();
  Drain(lock);
  done_.wait(lock, [this] { return next_ >= count_ && running_ == 0; });
  task_ = nullptr;
}

void FoldPool::Help() {
  std::unique_lock lock(mu_);
  std::uint64_t seen = 0;
  for (;;) {
    wake_.wait(lock, [&] { return closing_ || (round_ != seen && task_ != nullptr); });
    if (closing_) return;
    seen = round_;
    Drain(lock);
  }
}

}  // namespace prospekt::projections::internal
