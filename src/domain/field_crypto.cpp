#include "domain/field_crypto.hpp"

#include "domain/error.hpp"

#include <fmt/format.h>
#include <set>
#include <sodium.h>

namespace mend {

namespace {

constexpr const char* sealed_prefix = "mend:e1:";
constexpr std::size_t nonce_bytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t tag_bytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;

[[noreturn]] void does_not_open() {
    fail(Errc::key, "a stored value does not decrypt: wrong key or damaged row");
}

// Each part as a 4-byte big-endian length and its bytes: no two different
// lists of parts encode alike.
std::string length_prefixed(std::initializer_list<std::string_view> parts) {
    std::string out;
    for (auto part : parts) {
        auto n = static_cast<std::uint32_t>(part.size());
        for (int shift = 24; shift >= 0; shift -= 8)
            out += static_cast<char>((n >> shift) & 0xff);
        out.append(part.data(), part.size());
    }
    return out;
}

std::string field_ad(const FieldPlace& at, Id key_id) {
    return length_prefixed({"mend field", "e1", at.table, at.column, std::to_string(at.row_id),
                            std::to_string(key_id)});
}

std::string base64(const unsigned char* data, std::size_t size) {
    std::string out(sodium_base64_encoded_len(size, sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), data, size, sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1); // the NUL
    return out;
}

// Decodes base64 text; false when it is not base64.
bool unbase64(std::string_view text, std::string& out) {
    out.assign(text.size() / 4 * 3 + 3, '\0');
    std::size_t length = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                          text.size(), nullptr, &length, nullptr,
                          sodium_base64_VARIANT_ORIGINAL) != 0)
        return false;
    out.resize(length);
    return true;
}

const unsigned char* bytes(std::string_view s) {
    return reinterpret_cast<const unsigned char*>(s.data());
}

// nonce || ciphertext of `plaintext` under `key` with `ad`.
std::string aead_seal(const KeyBytes& key, std::string_view plaintext, const std::string& ad) {
    sodium_ready();
    std::string out(nonce_bytes + plaintext.size() + tag_bytes, '\0');
    auto* nonce = reinterpret_cast<unsigned char*>(out.data());
    randombytes_buf(nonce, nonce_bytes);
    unsigned long long length = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + nonce_bytes, &length, bytes(plaintext),
                                               plaintext.size(), bytes(ad), ad.size(), nullptr,
                                               nonce, key.data());
    out.resize(nonce_bytes + length);
    return out;
}

// The plaintext of nonce || ciphertext; false when it does not open.
bool aead_open(const KeyBytes& key, std::string_view box, const std::string& ad,
               std::string& plaintext) {
    sodium_ready();
    if (box.size() < nonce_bytes + tag_bytes) return false;
    plaintext.assign(box.size() - nonce_bytes - tag_bytes, '\0');
    unsigned long long length = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            reinterpret_cast<unsigned char*>(plaintext.data()), &length, nullptr,
            bytes(box) + nonce_bytes, box.size() - nonce_bytes, bytes(ad), ad.size(), bytes(box),
            key.data()) != 0)
        return false;
    plaintext.resize(length);
    return true;
}

KeyBytes subkey(const KeyBytes& root, const char (&context)[9]) {
    sodium_ready();
    KeyBytes out{};
    crypto_kdf_derive_from_key(out.data(), out.size(), 1, context, root.data());
    return out;
}

std::string keyed_hash_hex(const KeyBytes& key, const std::string& message, std::size_t size) {
    sodium_ready();
    unsigned char out[crypto_generichash_BYTES_MAX];
    crypto_generichash(out, size, bytes(message), message.size(), key.data(), key.size());
    char hex[crypto_generichash_BYTES_MAX * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, out, size);
    return hex;
}

void wipe(KeyBytes& key) {
    sodium_memzero(key.data(), key.size());
}

bool word_byte(unsigned char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

// A word of `text` at [begin, end), lowercased.
struct Token {
    std::size_t begin = 0, end = 0;
    std::string word;
};

std::vector<Token> tokens(std::string_view text) {
    std::vector<Token> out;
    std::size_t i = 0;
    while (i < text.size()) {
        if (!word_byte(static_cast<unsigned char>(text[i]))) {
            ++i;
            continue;
        }
        Token t;
        t.begin = i;
        while (i < text.size() && word_byte(static_cast<unsigned char>(text[i]))) {
            auto c = static_cast<unsigned char>(text[i]);
            if (c >= 'A' && c <= 'Z') {
                t.word += static_cast<char>(c - 'A' + 'a');
            } else if (c == 0xC3 && i + 1 < text.size()) {
                // Latin-1 capitals U+00C0..U+00DE (but U+00D7, the sign) to small.
                auto d = static_cast<unsigned char>(text[i + 1]);
                t.word += static_cast<char>(c);
                t.word += static_cast<char>(d >= 0x80 && d <= 0x9E && d != 0x97 ? d + 0x20 : d);
                ++i;
            } else {
                t.word += static_cast<char>(c);
            }
            ++i;
        }
        t.end = i;
        out.push_back(std::move(t));
    }
    return out;
}

} // namespace

FieldKey::FieldKey(Id data_key_id, const KeyBytes& data_key)
    : id_(data_key_id), seal_(subkey(data_key, "mendseal")), blind_(subkey(data_key, "mendbidx")),
      word_(subkey(data_key, "mendword")) {}

FieldKey::FieldKey(const FieldKey& other)
    : id_(other.id_), seal_(other.seal_), blind_(other.blind_), word_(other.word_) {}

FieldKey::~FieldKey() {
    wipe(seal_);
    wipe(blind_);
    wipe(word_);
}

std::string FieldKey::seal(std::string_view plaintext, const FieldPlace& at) const {
    std::string box = aead_seal(seal_, plaintext, field_ad(at, id_));
    return fmt::format("{}{}:{}", sealed_prefix, id_, base64(bytes(box), box.size()));
}

std::string FieldKey::open(std::string_view sealed, const FieldPlace& at) const {
    const std::string prefix = fmt::format("{}{}:", sealed_prefix, id_);
    if (sealed.substr(0, prefix.size()) != prefix) does_not_open();
    std::string box, plaintext;
    if (!unbase64(sealed.substr(prefix.size()), box) ||
        !aead_open(seal_, box, field_ad(at, id_), plaintext))
        does_not_open();
    return plaintext;
}

std::string FieldKey::blind_index(std::string_view column, std::string_view normalised) const {
    return keyed_hash_hex(blind_, length_prefixed({"mend blind index v1", column, normalised}), 32);
}

std::string FieldKey::word_hash(std::string_view word) const {
    return keyed_hash_hex(word_, length_prefixed({"mend word v1", word}), 16);
}

void FieldKeys::add(const FieldKey& key) {
    keys_.erase(key.id());
    keys_.emplace(key.id(), key);
}

const FieldKey& FieldKeys::current() const {
    if (keys_.empty()) fail(Errc::key, "the practice's data key is not open");
    return keys_.rbegin()->second;
}

std::string FieldKeys::seal(std::string_view plaintext, const FieldPlace& at) const {
    return current().seal(plaintext, at);
}

std::string FieldKeys::open(std::string_view sealed, const FieldPlace& at) const {
    // "mend:e1:<id>:...": the data key it was sealed under.
    if (!is_sealed(sealed)) does_not_open();
    auto rest = sealed.substr(std::char_traits<char>::length(sealed_prefix));
    auto colon = rest.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 9 ||
        rest.substr(0, colon).find_first_not_of("0123456789") != std::string_view::npos)
        does_not_open();
    auto it = keys_.find(std::stoll(std::string(rest.substr(0, colon))));
    if (it == keys_.end()) does_not_open();
    return it->second.open(sealed, at);
}

bool is_sealed(std::string_view text) {
    return text.substr(0, std::char_traits<char>::length(sealed_prefix)) == sealed_prefix;
}

KeyBytes random_data_key() {
    sodium_ready();
    KeyBytes key{};
    randombytes_buf(key.data(), key.size());
    return key;
}

namespace {
std::string wrap_ad(Id data_key_id, Id wrap_key_id) {
    return length_prefixed(
        {"mend data key v1", std::to_string(data_key_id), std::to_string(wrap_key_id)});
}
} // namespace

std::string wrap_data_key(const KeyBytes& data_key, Id data_key_id, const HostKey& wrap_key) {
    std::string plain(reinterpret_cast<const char*>(data_key.data()), data_key.size());
    std::string box = aead_seal(wrap_key.key, plain, wrap_ad(data_key_id, wrap_key.id));
    sodium_memzero(plain.data(), plain.size());
    return base64(bytes(box), box.size());
}

KeyBytes unwrap_data_key(const std::string& wrapped, Id data_key_id, const HostKey& wrap_key) {
    std::string box, plain;
    KeyBytes out{};
    if (!unbase64(wrapped, box) ||
        !aead_open(wrap_key.key, box, wrap_ad(data_key_id, wrap_key.id), plain) ||
        plain.size() != out.size())
        fail(Errc::key, fmt::format("the practice's data key {} does not unwrap under wrap key "
                                    "{}: the host's wrap key is not this practice's",
                                    data_key_id, wrap_key.id));
    std::copy(plain.begin(), plain.end(), out.begin());
    sodium_memzero(plain.data(), plain.size());
    return out;
}

std::vector<std::string> index_words(std::string_view text) {
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (auto& t : tokens(text))
        if (seen.insert(t.word).second) out.push_back(std::move(t.word));
    return out;
}

std::string search_snippet(std::string_view text, const std::vector<std::string>& query_words) {
    constexpr std::size_t window = 12, before = 4;
    const std::set<std::string> wanted(query_words.begin(), query_words.end());
    auto all = tokens(text);
    if (all.empty()) return "";
    std::size_t first = 0;
    while (first < all.size() && !wanted.count(all[first].word))
        ++first;
    if (first == all.size()) first = 0;
    std::size_t from = first > before ? first - before : 0;
    std::size_t to = std::min(all.size(), from + window);
    if (to - from < window) from = to > window ? to - window : 0;
    std::string out = from > 0 ? "..." : "";
    for (std::size_t i = from; i < to; ++i) {
        if (i > from) out.append(text.substr(all[i - 1].end, all[i].begin - all[i - 1].end));
        auto word = text.substr(all[i].begin, all[i].end - all[i].begin);
        if (wanted.count(all[i].word))
            out += "[" + std::string(word) + "]";
        else
            out.append(word);
    }
    if (to < all.size()) out += "...";
    return out;
}

std::string normalised_for_index(std::string_view value) {
    std::string out;
    bool space = false;
    for (char c : value) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
}

} // namespace mend
