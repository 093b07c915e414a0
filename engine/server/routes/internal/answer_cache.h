// AnswerCache: the rendered bodies of live projection answers, so that the same question
// asked again before its view moves (a branch head's dashboard polled by many screens,
// wrk) costs a lookup instead of a fold over the view and a JSON rendering.
//
// The key names everything the answer depends on: the query, its parameters, the view's
// position (the last seq it applied) and the second of "now" the answer was judged at
// (overdue contacts). A key is never reused for another answer, so nothing is ever
// invalidated: entries of older positions are simply not asked for again and leave
// when the cache is full (oldest first).
//
// Thread-safe: one mutex around a map; bodies are shared, immutable strings.
#pragma once

#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace prospekt::server::internal {

class AnswerCache {
 public:
  explicit AnswerCache(std::size_t capacity) : capacity_(capacity) {}

  // The body stored under `key`, or null.
  std::shared_ptr<const std::string> Find(const std::string& key) const;
  // Stores `body` under `key` (keeps the first body if the key is there already),
  // dropping the oldest entry when full. A capacity of 0 stores nothing.
  void Put(const std::string& key, std::shared_ptr<const std::string> body);

  std::size_t size() const;

 private:
  const std::size_t capacity_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const std::string>> bodies_;  // Guarded by mu_.
  std::deque<std::string> order_;  // keys, oldest first. Guarded by mu_.
};

}  // namespace prospekt::server::internal
