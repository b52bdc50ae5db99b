// Small cryptographic helpers over OpenSSL's libcrypto: random bytes, SHA-256,
// HMAC-SHA-256 and hex encoding. All functions are thread-safe. Randomness
// comes from the OS-seeded CSPRNG.
#ifndef PARLEY_COMMON_CRYPTO_H_
#define PARLEY_COMMON_CRYPTO_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace parley {

// `size` bytes from a cryptographically secure generator. Aborts if the
// generator fails: carrying on with predictable tokens or salts would be worse
// than stopping.
std::string RandomBytes(size_t size);

// Raw 32-byte digests.
std::string Sha256(std::string_view data);
std::string HmacSha256(std::string_view key, std::string_view data);

// Lower-case hex.
std::string HexEncode(std::string_view bytes);

// Compares in time independent of where the inputs differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace parley

#endif  // PARLEY_COMMON_CRYPTO_H_
