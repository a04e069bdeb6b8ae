// The host's keys (issue 14): mend never stores one. A host hands them to a
// handle as a key file or a callback; the store asks for a key by purpose
// ("audit": the audit chain's HMAC key; "wrap": the key that wraps the data
// key) and id. Pure: parsing a key file's text, HMAC-SHA-256, key checks.
#pragma once

#include <cstdint>

#include <array>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>

namespace mend {

using Id = std::int64_t;

using KeyBytes = std::array<unsigned char, 32>;

struct HostKey {
    Id id = 0;
    KeyBytes key{};
};

// Returns the key of `purpose` with `key_id`, or the current one (the
// newest) for key_id 0; nullopt when the host has no such key.
using KeySource = std::function<std::optional<HostKey>(const std::string& purpose, Id key_id)>;

// Initialises libsodium once (Errc::generic when it cannot be).
void sodium_ready();

// The purposes a key may have.
bool known_key_purpose(const std::string& purpose);

// A key file's text: one key per line, "PURPOSE ID HEX" (HEX: 64 hex
// digits), '#' comments and blank lines ignored. Throws Errc::key, naming
// the line, for anything else (the message never holds key material).
std::map<std::pair<std::string, Id>, KeyBytes> parse_key_file(const std::string& text);

// A source over parsed keys: the current key of a purpose has the highest id.
KeySource key_source_of(std::map<std::pair<std::string, Id>, KeyBytes> keys);

// The text of a key file line for a fresh random key.
std::string key_file_line(const std::string& purpose, Id id);

// HMAC-SHA-256 (libsodium crypto_auth_hmacsha256) as lowercase hex.
std::string hmac_sha256_hex(const KeyBytes& key, const std::string& message);

// What a practice keeps of a key to tell it from another: an HMAC under
// the key of a fixed text naming its purpose and id.
std::string key_check_mac(const KeyBytes& key, const std::string& purpose, Id id);

// Constant-time comparison of two hex MACs.
bool same_mac(const std::string& a, const std::string& b);

} // namespace mend
