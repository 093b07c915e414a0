// The vault for personal data: names of individuals, phones, e-mails and addresses are
// sealed into events with a key of their own client (XChaCha20-Poly1305-IETF from
// libsodium; the client id is bound in as associated data, so a sealed text cannot be
// moved to another client). Keys live in the store's key column family, never in the
// log. Erasing a client shreds its key: the events stay, the hash chain over them still
// verifies, and every sealed text of the client reads as erased, everywhere, forever.
//
// Key ids in the `keys` column family: "client/<id>" holds the client's 32-byte key;
// "erased/<id>" marks a client whose data was erased (written before the key is
// shredded), so that no key is ever made again for that client — a new key would not
// open the old texts, which would then read as damaged instead of erased.
//
// The vault does I/O (the store's keys) and uses randomness (keys, nonces), so it sits
// beside the pure deciders, in the Executor's layer. SealWith/OpenWith are the pure
// crypto halves, for callers (the Executor's sequencer thread) that hold a key already.
// Thread-safe: any number of threads may seal and open at once. The store must outlive
// the vault.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "engine/store/event_store.h"
#include "events/domain_events.h"
#include "events/status.h"

namespace prospekt::domain {

// Fills its buffer with random bytes. Empty means libsodium's generator (the only right
// choice for real data).
using RandomBytes = std::function<void(std::span<unsigned char>)>;

// A generator that gives the same bytes for the same seed, for tests and the demo bank
// (the same seed gives the same log, down to the head hash). Never for real data: two
// runs with one seed make the same keys and nonces. Thread-safe (the order of calls from
// several threads decides who gets which bytes).
RandomBytes SeededRandomBytes(std::uint64_t seed);

class PersonalDataVault {
 public:
  explicit PersonalDataVault(store::EventStore& store, RandomBytes random = {});

  // The client's key, made and stored durably (PutKey syncs) if the client has none
  // yet; nullopt when the client's data was erased (no key is made again then).
  Result<std::optional<std::string>> EnsureKey(std::string_view client_id);

  // The client's key; nullopt when it has none (never made, or erased). The static
  // forms read any store, also a read-only one.
  Result<std::optional<std::string>> LoadKey(std::string_view client_id) const {
    return LoadKey(store_, client_id);
  }
  static Result<std::optional<std::string>> LoadKey(const store::EventStore& store,
                                                    std::string_view client_id);

  // Whether the client's data was erased (the erased mark is there).
  Result<bool> Erased(std::string_view client_id) const { return Erased(store_, client_id); }
  static Result<bool> Erased(const store::EventStore& store, std::string_view client_id);

  // Whether an erasure of the client finished: marked, and the key shredded.
  static Result<bool> ErasureComplete(const store::EventStore& store, std::string_view client_id);

  // Seals `text` for `client_id`, making the client's key on first use.
  // FailedPrecondition (field "client_id") when the client's data was erased.
  Result<PersonalText> Seal(std::string_view client_id, std::string_view text);

  // The text of `sealed` (a clear PersonalText is returned as it is); nullopt when the
  // client's key has been shredded (the data is erased); Corruption when the sealed
  // bytes were altered or belong to another client.
  Result<std::optional<std::string>> Open(std::string_view client_id,
                                          const PersonalText& sealed) const;

  // Marks the client erased, then shreds its key (EventStore::ShredKey: flushes and
  // compacts, so it takes a while). Idempotent; a repeat after a crash completes it.
  Status Erase(std::string_view client_id);

  // The crypto without the store: seals with `key` (32 bytes) and a nonce from `random`.
  static PersonalText SealWith(std::string_view key, std::string_view client_id,
                               std::string_view text, const RandomBytes& random = {});
  // Opens with `key`; nullopt key means erased (as Open).
  static Result<std::optional<std::string>> OpenWith(const std::optional<std::string>& key,
                                                     std::string_view client_id,
                                                     const PersonalText& sealed);

 private:
  static std::string KeyId(std::string_view client_id);
  static std::string ErasedId(std::string_view client_id);

  store::EventStore& store_;
  RandomBytes random_;
};

}  // namespace prospekt::domain
