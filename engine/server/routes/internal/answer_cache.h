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
// Each answer also keeps its gzip form (compression.h), made once by the first cache hit
// that accepts gzip, so that a polled dashboard is compressed once, not per request.
//
// Thread-safe: one mutex around a map; answers are shared and immutable (their gzip form
// is made under a once_flag).
#pragma once

#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace prospekt::server::internal {

class CachedAnswer {
 public:
  explicit CachedAnswer(std::string body) : body_(std::move(body)) {}

  const std::string& body() const { return body_; }
  // The body gzipped (kGzipDefault), made by the first call; empty when zlib failed or
  // the gzip form would not be shorter (send body() then).
  const std::string& Gzipped() const;

 private:
  const std::string body_;
  mutable std::once_flag gzip_once_;
  mutable std::string gzipped_;  // written once, under gzip_once_
};

class AnswerCache {
 public:
  explicit AnswerCache(std::size_t capacity) : capacity_(capacity) {}

  // The answer stored under `key`, or null.
  std::shared_ptr<const CachedAnswer> Find(const std::string& key) const;
  // Stores `answer` under `key` (keeps the first answer if the key is there already),
  // dropping the oldest entry when full. A capacity of 0 stores nothing.
  void Put(const std::string& key, std::shared_ptr<const CachedAnswer> answer);

  std::size_t size() const;

 private:
  const std::size_t capacity_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const CachedAnswer>> answers_;  // Guarded by mu_.
  std::deque<std::string> order_;  // keys, oldest first. Guarded by mu_.
};

}  // namespace prospekt::server::internal
