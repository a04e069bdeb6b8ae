// Encryption of client data at rest (issue 14). Pure: no database.
//
// A practice has a random 32-byte data key, stored only wrapped under the
// host's "wrap" key (envelope encryption). From the data key, libsodium's
// crypto_kdf derives three subkeys with distinct contexts: one seals
// values (XChaCha20-Poly1305), one makes blind indexes of values looked up
// by exact match (external ids, names), one hashes the words of notes for
// the per-word search index.
//
// A sealed value is text: "mend:e1:<data key id>:<base64 of nonce || ciphertext>".
// Its associated data binds it to its table, column and row and to the data
// key and format version, so a value copied into another row or column does
// not open. Every failure to open is Errc::key with a fixed message that
// holds no data.
#pragma once

#include "domain/keys.hpp"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace mend {

// Where a sealed value lives: its associated data.
struct FieldPlace {
    std::string_view table, column;
    Id row_id = 0;
};

// The subkeys of one data key.
class FieldKey {
  public:
    FieldKey(Id data_key_id, const KeyBytes& data_key);
    ~FieldKey();
    FieldKey(const FieldKey& other);
    FieldKey& operator=(const FieldKey&) = delete;

    Id id() const { return id_; }
    std::string seal(std::string_view plaintext, const FieldPlace& at) const;
    // Throws Errc::key when the value does not open (wrong key, another
    // row's value, a changed byte, not a sealed value at all).
    std::string open(std::string_view sealed, const FieldPlace& at) const;
    // A keyed hash (hex) of a normalised value, for exact look-ups; `column`
    // names what is indexed, so equal values of two columns differ.
    std::string blind_index(std::string_view column, std::string_view normalised) const;
    // A keyed hash (hex) of one index word (index_words()).
    std::string word_hash(std::string_view word) const;

  private:
    Id id_;
    KeyBytes seal_{}, blind_{}, word_{};
};

// The data keys a practice holds: values are sealed under the current
// (newest) one; each opens under the key its text names.
class FieldKeys {
  public:
    void add(const FieldKey& key);
    bool empty() const { return keys_.empty(); }
    const FieldKey& current() const;
    std::string seal(std::string_view plaintext, const FieldPlace& at) const;
    std::string open(std::string_view sealed, const FieldPlace& at) const;

  private:
    std::map<Id, FieldKey> keys_;
};

// Whether a stored text is a sealed value (its prefix only).
bool is_sealed(std::string_view text);

// A fresh random data key.
KeyBytes random_data_key();

// The data key wrapped under the host's wrap key (XChaCha20-Poly1305, the
// associated data naming both key ids), as base64 text; unwrapping throws
// Errc::key when the wrap key is not the one it was wrapped under.
std::string wrap_data_key(const KeyBytes& data_key, Id data_key_id, const HostKey& wrap_key);
KeyBytes unwrap_data_key(const std::string& wrapped, Id data_key_id, const HostKey& wrap_key);

// The words of a text as the per-word note index keeps them: maximal runs
// of letters and digits (any non-ASCII character counts as a letter),
// lowercased (ASCII, and the Latin-1 capitals), each once, in order of
// first appearance. Matches the plaintext search (FTS5 unicode61,
// PostgreSQL 'simple') for ordinary text; diacritics are kept, as
// PostgreSQL keeps them.
std::vector<std::string> index_words(std::string_view text);

// A search snippet of `text`: about a dozen words around the first word
// that is one of `query_words` (index_words of the query), each such word
// in [brackets], "..." where the text was cut.
std::string search_snippet(std::string_view text, const std::vector<std::string>& query_words);

// The normalised forms blind indexes are made of: trimmed, inner runs of
// white space as one space, ASCII lowercased.
std::string normalised_for_index(std::string_view value);

} // namespace mend
