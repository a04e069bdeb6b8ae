#include "practice/hash.hpp"

#include "domain/error.hpp"

#include <sodium.h>

namespace mend {

std::string sha256_hex(const std::string& bytes) {
    static const bool ready = sodium_init() >= 0;
    if (!ready) fail(Errc::generic, "libsodium failed to initialise");
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

} // namespace mend
