// The vault for personal data: names of individuals, phones, e-mails and addresses are
// sealed into events with a key of their own client (XChaCha20-Poly1305-IETF from
// libsodium; the client id is bound in as associated data, so a sealed text cannot be
// moved to another client). Keys live in the store's key column family, never in the
// log. Erasing a client shreds its key: the events stay, the hash chain over them still
// verifies, and every sealed text of the client reads as erased, everywhere, forever.
//
// The vault does I/O (the store's keys) and uses randomness (keys, nonces), so it sits
// beside the pure deciders, in the Executor's layer. Thread-safe: any number of threads
// may seal and open at once. The store must outlive the vault.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/store/event_store.h"
#include "events/domain_events.h"
#include "events/status.h"

namespace prospekt::domain {

class PersonalDataVault {
 public:
  explicit PersonalDataVault(store::EventStore& store) : store_(store) {}

  // Seals `text` for `client_id`, making the client's key on first use.
  Result<PersonalText> Seal(std::string_view client_id, std::string_view text);

  // The text of `sealed` (a clear PersonalText is returned as it is); nullopt when the
  // client's key has been shredded (the data is erased); Corruption when the sealed
  // bytes were altered or belong to another client.
  Result<std::optional<std::string>> Open(std::string_view client_id, const PersonalText& sealed) const;

  // Shreds the client's key. Idempotent.
  Status Erase(std::string_view client_id);

 private:
  static std::string KeyId(std::string_view client_id);
  Result<std::optional<std::string>> LoadKey(std::string_view client_id) const;

  store::EventStore& store_;
};

}  // namespace prospekt::domain
