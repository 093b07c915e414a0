// Key and value layouts of the store's column families (engine/store/FORMAT.md).
// Pure functions, header-only so that tests and tools can decode raw RocksDB data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace prospekt::store::internal {

// Column family names.
inline constexpr char kEventsCf[] = "events";
inline constexpr char kStreamsCf[] = "streams";
inline constexpr char kIdempotencyCf[] = "idempotency";
inline constexpr char kMetaCf[] = "meta";
inline constexpr char kKeysCf[] = "keys";
inline constexpr char kSnapshotsCf[] = "snapshots";

// Keys in the meta column family.
inline constexpr char kMetaFormatKey[] = "format";
inline constexpr char kMetaHeadKey[] = "head";
inline constexpr char kFormatVersion[] = "prospekt-log/1";

inline void AppendBigEndian64(std::string& out, std::uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((value >> shift) & 0xff));
  }
}

inline std::uint64_t ReadBigEndian64(std::string_view bytes) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < 8; ++i) {
    value = (value << 8) | static_cast<std::uint8_t>(bytes[i]);
  }
  return value;
}

// events CF: 8-byte big-endian seq, so byte order is log order.
inline std::string EventKey(std::uint64_t seq) {
  std::string key;
  key.reserve(8);
  AppendBigEndian64(key, seq);
  return key;
}

// streams CF: stream id, a 0x00 separator (never in a valid id, so "client-1" sorts
// apart from "client-10"), then the 8-byte big-endian stream version. Value: EventKey.
inline std::string StreamKey(std::string_view stream_id, std::uint64_t version) {
  std::string key;
  key.reserve(stream_id.size() + 9);
  key.append(stream_id);
  key.push_back('\0');
  AppendBigEndian64(key, version);
  return key;
}

// The part of StreamKey shared by every version of one stream.
inline std::string StreamKeyPrefix(std::string_view stream_id) {
  std::string prefix(stream_id);
  prefix.push_back('\0');
  return prefix;
}

// idempotency CF value: what the first append with a key returned.
struct IdempotencyRecord {
  std::uint64_t first_seq = 0;
  std::uint64_t last_seq = 0;
  std::uint64_t first_version = 0;
  std::uint64_t last_version = 0;
  std::string stream_id;
};

inline std::string EncodeIdempotencyRecord(const IdempotencyRecord& record) {
  std::string value;
  value.reserve(32 + record.stream_id.size());
  AppendBigEndian64(value, record.first_seq);
  AppendBigEndian64(value, record.last_seq);
  AppendBigEndian64(value, record.first_version);
  AppendBigEndian64(value, record.last_version);
  value.append(record.stream_id);
  return value;
}

inline std::optional<IdempotencyRecord> DecodeIdempotencyRecord(std::string_view value) {
  if (value.size() < 32) return std::nullopt;
  IdempotencyRecord record;
  record.first_seq = ReadBigEndian64(value.substr(0, 8));
  record.last_seq = ReadBigEndian64(value.substr(8, 8));
  record.first_version = ReadBigEndian64(value.substr(16, 8));
  record.last_version = ReadBigEndian64(value.substr(24, 8));
  record.stream_id = std::string(value.substr(32));
  return record;
}

// meta CF "head": the last seq, the hash of its envelope and its recorded_at, written in
// the same batch as the events, so it can be checked against the log.
struct HeadRecord {
  std::uint64_t last_seq = 0;
  std::string hash;  // kChainHashSize raw bytes
  std::uint64_t recorded_at_us = 0;
};

inline std::string EncodeHeadRecord(const HeadRecord& head) {
  std::string value;
  AppendBigEndian64(value, head.last_seq);
  value.append(head.hash);
  AppendBigEndian64(value, head.recorded_at_us);
  return value;
}

inline std::optional<HeadRecord> DecodeHeadRecord(std::string_view value, std::size_t hash_size) {
  if (value.size() != 16 + hash_size) return std::nullopt;
  HeadRecord head;
  head.last_seq = ReadBigEndian64(value.substr(0, 8));
  head.hash = std::string(value.substr(8, hash_size));
  head.recorded_at_us = ReadBigEndian64(value.substr(8 + hash_size, 8));
  return head;
}

// snapshots CF key: the seq the snapshot reflects, 8 bytes BE (byte order is seq order).
inline std::string SnapshotKey(std::uint64_t seq) { return EventKey(seq); }

// snapshots CF value: the seq again (so a value moved under another key is caught),
// the chain hash of the envelope at that seq, a BLAKE2b-256 digest of the payload, then
// the payload (opaque to the store; the write model's encoding).
struct SnapshotRecord {
  std::uint64_t seq = 0;
  std::string chain_hash;  // kChainHashSize raw bytes
  std::string digest;      // kChainHashSize raw bytes
  std::string_view payload;
};

inline std::string EncodeSnapshotRecord(std::uint64_t seq, std::string_view chain_hash,
                                        std::string_view digest, std::string_view payload) {
  std::string value;
  value.reserve(8 + chain_hash.size() + digest.size() + payload.size());
  AppendBigEndian64(value, seq);
  value.append(chain_hash);
  value.append(digest);
  value.append(payload);
  return value;
}

// The record viewing into `value`; nullopt when it is too short to be one.
inline std::optional<SnapshotRecord> DecodeSnapshotRecord(std::string_view value,
                                                          std::size_t hash_size) {
  if (value.size() < 8 + 2 * hash_size) return std::nullopt;
  SnapshotRecord record;
  record.seq = ReadBigEndian64(value.substr(0, 8));
  record.chain_hash = std::string(value.substr(8, hash_size));
  record.digest = std::string(value.substr(8 + hash_size, hash_size));
  record.payload = value.substr(8 + 2 * hash_size);
  return record;
}

}  // namespace prospekt::store::internal
