#include "engine/server/routes/internal/answer_cache.h"

#include <utility>

namespace prospekt::server::internal {

std::shared_ptr<const std::string> AnswerCache::Find(const std::string& key) const {
  std::lock_guard lock(mu_);
  auto found = bodies_.find(key);
  return found == bodies_.end() ? nullptr : found->second;
}

void AnswerCache::Put(const std::string& key, std::shared_ptr<const std::string> body) {
  if (capacity_ == 0) return;
  std::lock_guard lock(mu_);
  if (!bodies_.emplace(key, std::move(body)).second) return;
  order_.push_back(key);
  while (order_.size() > capacity_) {
    bodies_.erase(order_.front());
    order_.pop_front();
  }
}

std::size_t AnswerCache::size() const {
  std::lock_guard lock(mu_);
  return bodies_.size();
}

}  // namespace prospekt::server::internal
