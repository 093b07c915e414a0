#include "engine/server/routes/internal/answer_cache.h"

#include <utility>

#include "engine/server/compression.h"

namespace prospekt::server::internal {

const std::string& CachedAnswer::Gzipped() const {
  std::call_once(gzip_once_, [this] {
    Result<std::string> gzipped = Gzip(body_, kGzipDefault);
    if (gzipped.ok() && gzipped->size() < body_.size()) gzipped_ = std::move(gzipped).value();
  });
  return gzipped_;
}

std::shared_ptr<const CachedAnswer> AnswerCache::Find(const std::string& key) const {
  std::lock_guard lock(mu_);
  auto found = answers_.find(key);
  return found == answers_.end() ? nullptr : found->second;
}

void AnswerCache::Put(const std::string& key, std::shared_ptr<const CachedAnswer> answer) {
  if (capacity_ == 0) return;
  std::lock_guard lock(mu_);
  if (!answers_.emplace(key, std::move(answer)).second) return;
  order_.push_back(key);
  while (order_.size() > capacity_) {
    answers_.erase(order_.front());
    order_.pop_front();
  }
}

std::size_t AnswerCache::size() const {
  std::lock_guard lock(mu_);
  return answers_.size();
}

}  // namespace prospekt::server::internal
