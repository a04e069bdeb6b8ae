#include "domain/keys.hpp"

#include "domain/error.hpp"

#include <fmt/format.h>
#include <sodium.h>
#include <sstream>

namespace mend {

void sodium_ready() {
    static const bool ready = sodium_init() >= 0;
    if (!ready) fail(Errc::generic, "libsodium failed to initialise");
}

bool known_key_purpose(const std::string& purpose) {
    return purpose == "audit" || purpose == "wrap";
}

std::map<std::pair<std::string, Id>, KeyBytes> parse_key_file(const std::string& text) {
    std::map<std::pair<std::string, Id>, KeyBytes> keys;
    std::istringstream in(text);
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        auto first = line.find_first_not_of(" \t");
        if (first == std::string::npos || line[first] == '#') continue;
        std::istringstream words(line);
        std::string purpose, id_text, hex, extra;
        words >> purpose >> id_text >> hex >> extra;
        auto bad = [&](const char* why) {
            fail(Errc::key, fmt::format("the key file's line {} {}; a key line is "
                                        "\"audit|wrap ID HEX\" with 64 hex digits",
                                        number, why));
        };
        if (!known_key_purpose(purpose)) bad("names no known purpose");
        if (!extra.empty()) bad("has more than three words");
        Id id = 0;
        if (id_text.empty() || id_text.size() > 9 ||
            id_text.find_first_not_of("0123456789") != std::string::npos ||
            (id = std::stoll(id_text)) < 1)
            bad("has no key id from 1 to 999999999");
        KeyBytes key{};
        size_t length = 0;
        if (hex.size() != 64 ||
            sodium_hex2bin(key.data(), key.size(), hex.c_str(), hex.size(), nullptr, &length,
                           nullptr) != 0 ||
            length != key.size())
            bad("has no 64-hex-digit key");
        if (!keys.emplace(std::make_pair(purpose, id), key).second)
            bad("repeats a purpose and id given before");
    }
    return keys;
}

KeySource key_source_of(std::map<std::pair<std::string, Id>, KeyBytes> keys) {
    return
        [keys = std::move(keys)](const std::string& purpose, Id key_id) -> std::optional<HostKey> {
            if (key_id == 0) {
                std::optional<HostKey> newest;
                for (const auto& [k, v] : keys)
                    if (k.first == purpose) newest = HostKey{k.second, v};
                return newest;
            }
            auto it = keys.find({purpose, key_id});
            if (it == keys.end()) return std::nullopt;
            return HostKey{key_id, it->second};
        };
}

std::string key_file_line(const std::string& purpose, Id id) {
    sodium_ready();
    KeyBytes key{};
    randombytes_buf(key.data(), key.size());
    char hex[65];
    sodium_bin2hex(hex, sizeof hex, key.data(), key.size());
    sodium_memzero(key.data(), key.size());
    std::string line = fmt::format("{} {} {}\n", purpose, id, hex);
    sodium_memzero(hex, sizeof hex);
    return line;
}

std::string hmac_sha256_hex(const KeyBytes& key, const std::string& message) {
    sodium_ready();
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, key.data(), key.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                  message.size());
    crypto_auth_hmacsha256_final(&state, mac);
    char hex[sizeof mac * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
    return hex;
}

std::string key_check_mac(const KeyBytes& key, const std::string& purpose, Id id) {
    return hmac_sha256_hex(key, fmt::format("mend key check v1\n{}\n{}", purpose, id));
}

bool same_mac(const std::string& a, const std::string& b) {
    return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace mend
