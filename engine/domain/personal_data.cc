#include "engine/domain/personal_data.h"

#include <sodium.h>

#include <array>
#include <cstring>
#include <memory>
#include <mutex>

namespace prospekt::domain {
namespace {

constexpr std::size_t kKeyBytes = crypto_aead_xchacha20poly1305_ietf_KEYBYTES;
constexpr std::size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;

// libsodium must be initialised before its random generator is used; sodium_init is
// idempotent and thread-safe, and fails only without an entropy source.
Status EnsureSodium() {
  static const int kInit = sodium_init();
  if (kInit < 0) return Status::IOError("libsodium could not be initialised (no entropy source?)");
  return Status::Ok();
}

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

void Fill(const RandomBytes& random, std::span<unsigned char> out) {
  if (random) {
    random(out);
  } else {
    randombytes_buf(out.data(), out.size());
  }
}

// Serialises key creation, so that two threads sealing for a new client agree on one key.
std::mutex& KeyCreation() {
  static std::mutex mu;
  return mu;
}

}  // namespace

RandomBytes SeededRandomBytes(std::uint64_t seed) {
  struct State {
    std::mutex mu;
    std::uint64_t seed = 0;
    std::uint64_t calls = 0;  // Guarded by mu.
  };
  auto state = std::make_shared<State>();
  state->seed = seed;
  return [state](std::span<unsigned char> out) {
    // Each call draws from its own ChaCha20 stream, keyed by (seed, call number).
    std::array<unsigned char, randombytes_SEEDBYTES> stream_seed{};
    {
      std::lock_guard lock(state->mu);
      const std::uint64_t words[2] = {state->seed, state->calls++};
      static_assert(sizeof words <= randombytes_SEEDBYTES);
      std::memcpy(stream_seed.data(), words, sizeof words);
    }
    randombytes_buf_deterministic(out.data(), out.size(), stream_seed.data());
  };
}

PersonalDataVault::PersonalDataVault(store::EventStore& store, RandomBytes random)
    : store_(store), random_(std::move(random)) {}

std::string PersonalDataVault::KeyId(std::string_view client_id) {
  return "client/" + std::string(client_id);
}

std::string PersonalDataVault::ErasedId(std::string_view client_id) {
  return "erased/" + std::string(client_id);
}

Result<bool> PersonalDataVault::Erased(const store::EventStore& store, std::string_view client_id) {
  Result<std::optional<std::string>> mark = store.GetKey(ErasedId(client_id));
  if (!mark.ok()) return mark.status();
  return mark->has_value();
}

Result<bool> PersonalDataVault::ErasureComplete(const store::EventStore& store,
                                                std::string_view client_id) {
  Result<bool> erased = Erased(store, client_id);
  if (!erased.ok() || !*erased) return erased;
  Result<std::optional<std::string>> key = store.GetKey(KeyId(client_id));
  if (!key.ok()) return key.status();
  return !key->has_value();
}

Result<std::optional<std::string>> PersonalDataVault::LoadKey(const store::EventStore& store,
                                                              std::string_view client_id) {
  Result<std::optional<std::string>> key = store.GetKey(KeyId(client_id));
  if (key.ok() && key->has_value() && (*key)->size() != kKeyBytes) {
    return Status::Corruption("the key of client " + std::string(client_id) + " is damaged");
  }
  if (!key.ok() || !key->has_value()) return key;
  // A key still there after the erased mark belongs to an erasure a crash interrupted:
  // the data reads as erased already (Erase again shreds the key).
  Result<bool> erased = Erased(store, client_id);
  if (!erased.ok()) return erased.status();
  if (*erased) return std::optional<std::string>();
  return key;
}

Result<std::optional<std::string>> PersonalDataVault::EnsureKey(std::string_view client_id) {
  PROSPEKT_RETURN_IF_ERROR(EnsureSodium());
  std::lock_guard lock(KeyCreation());
  Result<bool> erased = Erased(client_id);
  if (!erased.ok()) return erased.status();
  if (*erased) return std::optional<std::string>();
  Result<std::optional<std::string>> loaded = LoadKey(client_id);
  if (!loaded.ok() || loaded->has_value()) return loaded;
  std::string key(kKeyBytes, '\0');
  if (random_) {
    random_(std::span(reinterpret_cast<unsigned char*>(key.data()), key.size()));
  } else {
    crypto_aead_xchacha20poly1305_ietf_keygen(reinterpret_cast<unsigned char*>(key.data()));
  }
  PROSPEKT_RETURN_IF_ERROR(store_.PutKey(KeyId(client_id), key));
  return std::optional<std::string>(std::move(key));
}

PersonalText PersonalDataVault::SealWith(std::string_view key, std::string_view client_id,
                                         std::string_view text, const RandomBytes& random) {
  // nonce ‖ ciphertext ‖ tag; a random 24-byte nonce never repeats in practice.
  std::string sealed(kNonceBytes + text.size() + kTagBytes, '\0');
  auto* out = reinterpret_cast<unsigned char*>(sealed.data());
  Fill(random, std::span(out, kNonceBytes));
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(out + kNonceBytes, &written, Bytes(text), text.size(),
                                             Bytes(client_id), client_id.size(), nullptr, out,
                                             Bytes(key));
  return PersonalText{PersonalText::Form::kSealed, std::move(sealed)};
}

Result<PersonalText> PersonalDataVault::Seal(std::string_view client_id, std::string_view text) {
  Result<std::optional<std::string>> key = EnsureKey(client_id);
  if (!key.ok()) return key.status();
  if (!key->has_value()) {
    return Status::FailedPrecondition(
        "the personal data of client " + std::string(client_id) + " was erased", "client_id");
  }
  PersonalText sealed = SealWith(**key, client_id, text, random_);
  sodium_memzero((*key)->data(), (*key)->size());
  return sealed;
}

Result<std::optional<std::string>> PersonalDataVault::OpenWith(
    const std::optional<std::string>& key, std::string_view client_id, const PersonalText& sealed) {
  if (sealed.form == PersonalText::Form::kClear) return std::optional<std::string>(sealed.bytes);
  if (!key.has_value()) return std::optional<std::string>();  // erased
  if (key->size() != kKeyBytes) {
    return Status::Corruption("the key of client " + std::string(client_id) + " is damaged");
  }
  const std::string_view bytes = sealed.bytes;
  if (bytes.size() < kNonceBytes + kTagBytes) {
    return Status::Corruption("a sealed text of client " + std::string(client_id) +
                              " is cut short");
  }
  std::string text(bytes.size() - kNonceBytes - kTagBytes, '\0');
  unsigned long long read = 0;
  const int opened = crypto_aead_xchacha20poly1305_ietf_decrypt(
      reinterpret_cast<unsigned char*>(text.data()), &read, nullptr, Bytes(bytes) + kNonceBytes,
      bytes.size() - kNonceBytes, Bytes(client_id), client_id.size(), Bytes(bytes), Bytes(*key));
  if (opened != 0) {
    return Status::Corruption("a sealed text of client " + std::string(client_id) +
                              " was altered or belongs to another client");
  }
  return std::optional<std::string>(std::move(text));
}

Result<std::optional<std::string>> PersonalDataVault::Open(std::string_view client_id,
                                                           const PersonalText& sealed) const {
  if (sealed.form == PersonalText::Form::kClear) return std::optional<std::string>(sealed.bytes);
  Result<std::optional<std::string>> key = LoadKey(client_id);
  if (!key.ok()) return key.status();
  return OpenWith(*key, client_id, sealed);
}

Status PersonalDataVault::Erase(std::string_view client_id) {
  {
    // The mark first, durably: from here on no key is made again for the client, even
    // if the shred below is cut short by a crash (a repeat completes it).
    std::lock_guard lock(KeyCreation());
    PROSPEKT_RETURN_IF_ERROR(store_.PutKey(ErasedId(client_id), "1"));
  }
  return store_.ShredKey(KeyId(client_id));
}

}  // namespace prospekt::domain
