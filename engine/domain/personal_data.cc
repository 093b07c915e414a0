#include "engine/domain/personal_data.h"

#include <sodium.h>

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

// Serialises key creation, so that two threads sealing for a new client agree on one key.
std::mutex& KeyCreation() {
  static std::mutex mu;
  return mu;
}

}  // namespace

std::string PersonalDataVault::KeyId(std::string_view client_id) {
  return "client/" + std::string(client_id);
}

Result<std::optional<std::string>> PersonalDataVault::LoadKey(std::string_view client_id) const {
  Result<std::optional<std::string>> key = store_.GetKey(KeyId(client_id));
  if (key.ok() && key->has_value() && (*key)->size() != kKeyBytes) {
    return Status::Corruption("the key of client " + std::string(client_id) + " is damaged");
  }
  return key;
}

Result<PersonalText> PersonalDataVault::Seal(std::string_view client_id, std::string_view text) {
  PROSPEKT_RETURN_IF_ERROR(EnsureSodium());
  std::string key;
  {
    std::lock_guard lock(KeyCreation());
    Result<std::optional<std::string>> loaded = LoadKey(client_id);
    if (!loaded.ok()) return loaded.status();
    if (loaded->has_value()) {
      key = std::move(**loaded);
    } else {
      key.resize(kKeyBytes);
      crypto_aead_xchacha20poly1305_ietf_keygen(reinterpret_cast<unsigned char*>(key.data()));
      PROSPEKT_RETURN_IF_ERROR(store_.PutKey(KeyId(client_id), key));
    }
  }
  // nonce ‖ ciphertext ‖ tag; a random 24-byte nonce never repeats in practice.
  std::string sealed(kNonceBytes + text.size() + kTagBytes, '\0');
  auto* out = reinterpret_cast<unsigned char*>(sealed.data());
  randombytes_buf(out, kNonceBytes);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(out + kNonceBytes, &written, Bytes(text), text.size(),
                                             Bytes(client_id), client_id.size(), nullptr, out,
                                             Bytes(key));
  sodium_memzero(key.data(), key.size());
  return PersonalText{PersonalText::Form::kSealed, std::move(sealed)};
}

Result<std::optional<std::string>> PersonalDataVault::Open(std::string_view client_id,
                                                           const PersonalText& sealed) const {
  if (sealed.form == PersonalText::Form::kClear) return std::optional<std::string>(sealed.bytes);
  Result<std::optional<std::string>> key = LoadKey(client_id);
  if (!key.ok()) return key.status();
  if (!key->has_value()) return std::optional<std::string>();  // erased
  const std::string_view bytes = sealed.bytes;
  if (bytes.size() < kNonceBytes + kTagBytes) {
    return Status::Corruption("a sealed text of client " + std::string(client_id) + " is cut short");
  }
  std::string text(bytes.size() - kNonceBytes - kTagBytes, '\0');
  unsigned long long read = 0;
  const int opened = crypto_aead_xchacha20poly1305_ietf_decrypt(
      reinterpret_cast<unsigned char*>(text.data()), &read, nullptr, Bytes(bytes) + kNonceBytes,
      bytes.size() - kNonceBytes, Bytes(client_id), client_id.size(), Bytes(bytes),
      Bytes(**key));
  if (opened != 0) {
    return Status::Corruption("a sealed text of client " + std::string(client_id) +
                              " was altered or belongs to another client");
  }
  return std::optional<std::string>(std::move(text));
}

Status PersonalDataVault::Erase(std::string_view client_id) {
  return store_.ShredKey(KeyId(client_id));
}

}  // namespace prospekt::domain
