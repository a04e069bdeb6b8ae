#include "domain/audit_chain.hpp"

#include "domain/error.hpp"

#include <algorithm>
#include <cstdint>
#include <fmt/format.h>
#include <sodium.h>

namespace mend {

namespace {

void put_u64(std::string& out, std::uint64_t v) {
    for (int shift = 56; shift >= 0; shift -= 8)
        out.push_back(static_cast<char>((v >> shift) & 0xff));
}
void put_int(std::string& out, long long v) {
    out.push_back('i');
    put_u64(out, static_cast<std::uint64_t>(v));
}
void put_text(std::string& out, const std::string& s) {
    out.push_back('s');
    put_u64(out, s.size());
    out += s;
}
void put_opt(std::string& out, const std::optional<Id>& v) {
    if (v)
        put_int(out, *v);
    else
        out.push_back('n');
}
void put_opt(std::string& out, const std::optional<std::string>& v) {
    if (v)
        put_text(out, *v);
    else
        out.push_back('n');
}

crypto_hash_sha256_state* state_of(std::string& bytes) {
    return reinterpret_cast<crypto_hash_sha256_state*>(bytes.data());
}

} // namespace

std::string audit_canonical(const ChainRow& r) {
    std::string out;
    put_text(out, "mend-audit-v1");
    put_int(out, r.seq);
    put_int(out, r.at_us);
    put_opt(out, r.actor_id);
    put_text(out, r.action);
    put_text(out, r.object_type);
    put_opt(out, r.object_id);
    put_text(out, r.outcome);
    put_opt(out, r.detail);
    put_opt(out, r.key_id);
    put_opt(out, r.prev_mac);
    return out;
}

std::string audit_mac(const KeyBytes& key, const ChainRow& row) {
    return hmac_sha256_hex(key, audit_canonical(row));
}

ChainSeal::ChainSeal() : state_(sizeof(crypto_hash_sha256_state), '\0') {
    if (sodium_init() < 0) fail(Errc::generic, "libsodium failed to initialise");
    crypto_hash_sha256_init(state_of(state_));
    std::string head;
    put_text(head, "mend-audit-seal-v1");
    crypto_hash_sha256_update(state_of(state_), reinterpret_cast<const unsigned char*>(head.data()),
                              head.size());
}

void ChainSeal::add(const ChainRow& row) {
    std::string bytes;
    put_text(bytes, audit_canonical(row));
    crypto_hash_sha256_update(state_of(state_),
                              reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

std::string ChainSeal::hex() const {
    std::string copy = state_;
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(state_of(copy), digest);
    char hex[sizeof digest * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

std::string checkpoint_signature(const KeyBytes& key, long long seq, const std::string& mac,
                                 Id key_id) {
    std::string bytes;
    put_text(bytes, "mend-audit-checkpoint-v1");
    put_int(bytes, seq);
    put_text(bytes, mac);
    put_int(bytes, key_id);
    return hmac_sha256_hex(key, bytes);
}

std::string checkpoint_text(const KeyBytes& key, long long seq, const std::string& mac, Id key_id) {
    return fmt::format("mend-audit-checkpoint.v1.{}.{}.{}.{}", seq, mac, key_id,
                       checkpoint_signature(key, seq, mac, key_id));
}

Checkpoint parse_checkpoint(const std::string& text) {
    auto bad = [] {
        fail(Errc::invalid, "that is no audit checkpoint: one reads "
                            "mend-audit-checkpoint.v1.SEQ.MAC.KEY.SIGNATURE, as "
                            "mend_audit_checkpoint gave it");
    };
    const std::string prefix = "mend-audit-checkpoint.v1.";
    if (text.compare(0, prefix.size(), prefix) != 0) bad();
    std::vector<std::string> parts;
    size_t from = prefix.size();
    while (true) {
        auto dot = text.find('.', from);
        parts.push_back(text.substr(from, dot == std::string::npos ? dot : dot - from));
        if (dot == std::string::npos) break;
        from = dot + 1;
    }
    auto digits = [](const std::string& s) {
        return !s.empty() && s.size() <= 18 &&
               s.find_first_not_of("0123456789") == std::string::npos;
    };
    auto hex64 = [](const std::string& s) {
        return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
    };
    if (parts.size() != 4 || !digits(parts[0]) || !hex64(parts[1]) || !digits(parts[2]) ||
        !hex64(parts[3]))
        bad();
    Checkpoint c;
    c.seq = std::stoll(parts[0]);
    c.mac = parts[1];
    c.key_id = std::stoll(parts[2]);
    c.signature = parts[3];
    if (c.seq < 1 || c.key_id < 1) bad();
    return c;
}

ChainVerifier::ChainVerifier(std::function<bool(Id)> registered,
                             std::function<std::optional<KeyBytes>(Id)> key)
    : registered_(std::move(registered)), key_(std::move(key)) {}

void ChainVerifier::broken(long long seq, const char* reason) {
    if (!report_.ok) return;
    report_.ok = false;
    report_.first_bad_seq = seq;
    report_.reason = reason;
}

void ChainVerifier::feed(const ChainRow& row) {
    if (pending_) check(*pending_, &row);
    pending_ = row;
}

void ChainVerifier::check(const ChainRow& row, const ChainRow* next) {
    ++report_.checked;
    if (row.seq != expected_seq_) broken(expected_seq_, "gap");
    expected_seq_ = row.seq + 1;
    if (!row.mac) {
        if (report_.keyed)
            broken(row.seq, "unkeyed_event");
        else
            seal_.add(row);
    } else {
        std::string expected_prev = report_.keyed && previous_ && previous_->mac ? *previous_->mac
                                    : report_.keyed                              ? std::string()
                                                                                 : seal_.hex();
        report_.keyed = true;
        if (!row.prev_mac || !same_mac(*row.prev_mac, expected_prev)) {
            bool swapped = row.prev_mac && next && next->mac && same_mac(*next->mac, *row.prev_mac);
            broken(row.seq, swapped ? "reorder" : "prev_mismatch");
        }
        std::optional<KeyBytes> key;
        if (!row.key_id || !registered_(*row.key_id)) {
            broken(row.seq, "unknown_key");
        } else {
            // Keys move only forward, and only at an adoption: an event under
            // a retired (perhaps leaked) key after the move is refused.
            if (last_key_id_ && *row.key_id != last_key_id_ &&
                (*row.key_id < last_key_id_ || row.action != "adopt_key"))
                broken(row.seq, "key_rollback");
            last_key_id_ = std::max(last_key_id_, *row.key_id);
            if (!(key = key_(*row.key_id)))
                broken(row.seq, "key_unavailable");
            else if (!same_mac(audit_mac(*key, row), *row.mac))
                broken(row.seq, "mac_mismatch");
        }
        if (report_.ok && key) ++report_.chained;
    }
    previous_ = row;
    if (wanted_ && row.seq == wanted_->seq) at_checkpoint_ = row;
}

ChainReport ChainVerifier::finish(const std::optional<Checkpoint>& checkpoint) {
    if (pending_) check(*pending_, nullptr);
    pending_.reset();
    if (previous_) {
        report_.head_seq = previous_->seq;
        report_.head_mac = previous_->mac.value_or("");
    }
    if (checkpoint) {
        std::optional<KeyBytes> key;
        if (registered_(checkpoint->key_id)) key = key_(checkpoint->key_id);
        if (!key || !same_mac(checkpoint_signature(*key, checkpoint->seq, checkpoint->mac,
                                                   checkpoint->key_id),
                              checkpoint->signature))
            broken(checkpoint->seq, "checkpoint_forged");
        else if (report_.head_seq < checkpoint->seq)
            broken(report_.head_seq + 1, "truncated");
        else if (!at_checkpoint_ || !at_checkpoint_->mac ||
                 !same_mac(*at_checkpoint_->mac, checkpoint->mac))
            broken(checkpoint->seq, "checkpoint_mismatch");
    }
    return report_;
}

} // namespace mend
