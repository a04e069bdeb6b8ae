// The keyed audit chain (issue 14; ../shared/reference/reliability-security.md
// section 3.3). Each event of a keyed practice carries
//   mac = HMAC-SHA-256(K[key_id], canonical(event) including prev_mac)
// where prev_mac is the previous event's mac. The first keyed event's
// prev_mac is the seal of every event before it (a SHA-256 over their
// canonical encodings), so a practice made keyed later seals its history.
// The encoding is versioned and length-prefixed: no two events encode alike.
// Pure: no database; the verifier is fed the rows in seq order.
#pragma once

#include "domain/keys.hpp"

#include <functional>
#include <optional>
#include <string>

namespace mend {

struct ChainRow {
    long long seq = 0, at_us = 0;
    std::optional<Id> actor_id, object_id, key_id;
    std::string action, object_type, outcome;
    std::optional<std::string> detail, prev_mac, mac;
};

// The bytes the MAC covers: every field but mac itself.
std::string audit_canonical(const ChainRow& row);
std::string audit_mac(const KeyBytes& key, const ChainRow& row);

// The seal of the events before the chain starts (none: the seal of nothing).
class ChainSeal {
  public:
    ChainSeal();
    void add(const ChainRow& row);
    std::string hex() const;

  private:
    std::string state_; // crypto_hash_sha256_state, as bytes
};

// A checkpoint of the chain's head for the host to keep elsewhere: its seq
// and mac, signed with the audit key:
//   "mend-audit-checkpoint.v1.<seq>.<mac>.<key_id>.<signature>"
struct Checkpoint {
    long long seq = 0;
    std::string mac;
    Id key_id = 0;
    std::string signature;
};
std::string checkpoint_text(const KeyBytes& key, long long seq, const std::string& mac, Id key_id);
// Throws Errc::invalid when the text is no checkpoint (its signature is
// checked by the verifier, which has the keys).
Checkpoint parse_checkpoint(const std::string& text);
std::string checkpoint_signature(const KeyBytes& key, long long seq, const std::string& mac,
                                 Id key_id);

struct ChainReport {
    bool ok = true;
    bool keyed = false;    // the chain has started
    long long checked = 0; // events read
    long long chained = 0; // events verified by their MAC
    long long first_bad_seq = 0;
    // mac_mismatch | gap | reorder | prev_mismatch | unkeyed_event |
    // unknown_key | key_rollback | key_unavailable | truncated |
    // checkpoint_mismatch | checkpoint_forged
    std::string reason;
    long long head_seq = 0;
    std::string head_mac;
};

// Verifies the rows fed in seq order and reports the first broken link.
class ChainVerifier {
  public:
    // `registered(id)`: whether the practice registered audit key `id`;
    // `key(id)`: the host's audit key `id`, if the host has it.
    ChainVerifier(std::function<bool(Id)> registered,
                  std::function<std::optional<KeyBytes>(Id)> key);
    void feed(const ChainRow& row);
    // Ends the feed; compares the head with a checkpoint when given one.
    ChainReport finish(const std::optional<Checkpoint>& checkpoint);

  private:
    void check(const ChainRow& row, const ChainRow* next);
    void broken(long long seq, const char* reason);
    std::function<bool(Id)> registered_;
    std::function<std::optional<KeyBytes>(Id)> key_;
    std::optional<ChainRow> pending_, previous_;
    std::optional<ChainRow> at_checkpoint_; // the row whose seq a checkpoint may name
    ChainSeal seal_;
    ChainReport report_;
    long long expected_seq_ = 1;
    Id last_key_id_ = 0;
    std::optional<Checkpoint> wanted_;

  public:
    // Set before feeding to keep the row a checkpoint names.
    void expect_checkpoint(const Checkpoint& c) { wanted_ = c; }
};

} // namespace mend
