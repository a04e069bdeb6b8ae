// The keyed audit chain (issue 14): adopting the host's keys, checkpoints
// and verification. The chain itself is domain/audit_chain.hpp; appends are
// chained in store/audit.cpp.
#include "domain/error.hpp"
#include "practice/practice.hpp"

#include <fmt/format.h>
#include <map>

namespace mend {

using nlohmann::json;

int Practice::key_state() const {
    if (db_->keys_unregistered()) return key_state_unregistered;
    if (db_->encrypted() && !db_->field_keys_open()) return key_state_missing;
    if (db_->key_job_under_way()) return key_state_resealing;
    if (!db_->keyed()) return db_->encrypted() ? key_state_held : key_state_none;
    return db_->chain_key() ? key_state_held : key_state_missing;
}

bool Practice::encrypted() const {
    return db_->encrypted();
}

void Practice::require_keys() const {
    // An encrypted practice whose data key this handle could not unwrap:
    // the message says why (no wrap key, or not this practice's).
    if (db_->encrypted() && !db_->field_keys_open()) db_->field_keys();
    if (db_->keyed() && !db_->chain_key())
        fail(Errc::key, "this practice keeps its records under the host's keys: open it with its "
                        "key file or key callback");
    if (db_->keys_unregistered() && !adopting_keys_)
        fail(Errc::key, "this practice has registered none of the host's keys: an admin adopts "
                        "them first (a practice whose audit chain was stripped looks the same: "
                        "verify it against the last checkpoint)");
}

void Practice::adopt_keys() {
    const KeySource source = db_->key_source();
    if (!source)
        fail(Errc::key, "the handle was opened without keys: open it with a key file or key "
                        "callback first");
    auto key = source("audit", 0);
    if (!key) fail(Errc::key, "the host's keys hold no audit key");
    ScopedFlag adopting(adopting_keys_, true);
    try {
        run([&] {
            require_admin("adopt_key", "practice", 0);
            Id newest = 0;
            for (const auto& k : store::list_registered_keys(*db_)) {
                if (k.purpose != "audit") continue;
                if (k.key_id == key->id)
                    fail(Errc::state, fmt::format("audit key {} is already this practice's; add "
                                                  "a newer key to move to it",
                                                  key->id));
                newest = std::max(newest, k.key_id);
            }
            if (key->id < newest)
                fail(Errc::invalid,
                     fmt::format("the host's newest audit key ({}) is older than the practice's "
                                 "({})",
                                 key->id, newest));
            store::insert_registered_key(
                *db_, {"audit", key->id, key_check_mac(key->key, "audit", key->id), now_iso()});
            // The adoption is the first event chained under the new key.
            db_->set_keys(source, true, store::ChainKey{key->id, key->key});
            audit("adopt_key", "practice", 0, fmt::format("audit key {}", key->id));
        });
    } catch (...) {
        try { // what the database holds again, after a rollback
            store::load_keys(*db_, source);
        } catch (...) {
        }
        throw;
    }
}

int Practice::rewrap_keys() {
    const KeySource& source = db_->key_source();
    if (!source)
        fail(Errc::key, "the handle was opened without keys: open it with a key file or key "
                        "callback first");
    auto wrap = source("wrap", 0);
    if (!wrap) fail(Errc::key, "the host's keys hold no wrap key");
    int moved = 0;
    run([&] {
        require_admin("rewrap_key", "practice", 0);
        if (!db_->encrypted())
            fail(Errc::state, "this practice keeps its records unencrypted: it has no data key "
                              "to wrap");
        moved = store::rewrap_data_keys(*db_, source, *wrap);
        if (moved == 0)
            fail(Errc::state, fmt::format("every data key is already wrapped under wrap key {}; "
                                          "add a newer one to the key file to move to it",
                                          wrap->id));
        audit("rewrap_key", "practice", 0, fmt::format("wrap key {}", wrap->id));
    });
    return moved;
}

ChainReport Practice::chain_report(const std::optional<Checkpoint>& checkpoint) {
    // Each registered audit key by id, with its check MAC; the host's key of
    // each id is asked for once and checked before it verifies anything (a
    // wrong older key is Errc::key, never a false alarm of tampering).
    std::map<Id, std::string> registered;
    for (const auto& k : store::list_registered_keys(*db_))
        if (k.purpose == "audit") registered[k.key_id] = k.check_mac;
    const KeySource& source = db_->key_source();
    std::map<Id, std::optional<KeyBytes>> asked;
    auto host_key = [&](Id id) -> std::optional<KeyBytes> {
        auto it = asked.find(id);
        if (it != asked.end()) return it->second;
        std::optional<KeyBytes> key;
        if (source) {
            if (auto k = source("audit", id)) {
                if (!same_mac(key_check_mac(k->key, "audit", id), registered[id]))
                    fail(Errc::key, fmt::format("the host's audit key {} is not the one this "
                                                "practice registered under that id",
                                                id));
                key = k->key;
            }
        }
        return asked.emplace(id, key).first->second;
    };
    ChainVerifier verifier([&](Id id) { return registered.count(id) > 0; }, host_key);
    if (checkpoint) verifier.expect_checkpoint(*checkpoint);
    store::for_each_audit(
        *db_, [&](const store::AuditEvent& e) { verifier.feed(store::audit_chain_row(e)); });
    return verifier.finish(checkpoint);
}

std::string Practice::audit_checkpoint() {
    std::string out;
    read([&] {
        if (!actor().sees_everything()) deny("checkpoint", "audit_log", 0);
        if (!db_->keyed())
            fail(Errc::state, "this practice keeps no keyed audit chain: adopt the host's keys "
                              "first");
        // A checkpoint vouches for the chain up to its head: never sign a
        // broken one.
        ChainReport r = chain_report(std::nullopt);
        if (!r.ok || !r.keyed)
            fail(Errc::state, fmt::format("the audit chain is broken at event {} ({}): no "
                                          "checkpoint is signed for it; verify the chain",
                                          r.first_bad_seq, r.ok ? "not keyed" : r.reason));
        auto head = store::audit_head(*db_);
        if (!head || !head->mac) fail(Errc::state, "the audit chain's head is not keyed");
        const auto& key = *db_->chain_key();
        out = checkpoint_text(key.key, head->seq, *head->mac, key.id);
        audit("checkpoint", "audit_log", 0);
    });
    return out;
}

json Practice::verify_audit_json(const std::string& checkpoint_text) {
    std::optional<Checkpoint> checkpoint;
    if (!checkpoint_text.empty()) checkpoint = parse_checkpoint(checkpoint_text);
    json out;
    read([&] {
        if (!actor().sees_everything()) deny("verify", "audit_log", 0);
        ChainReport r = chain_report(checkpoint);
        bool ok = r.ok && r.keyed;
        out = {
            {"ok", ok},
            {"keyed", r.keyed},
            {"events_checked", r.checked},
            {"events_chained", r.chained},
            {"first_bad_seq", r.ok ? json(nullptr) : json(r.first_bad_seq)},
            {"reason", !r.ok     ? json(r.reason)
                       : r.keyed ? json(nullptr)
                                 : json("not_keyed")},
            {"head",
             {{"seq", r.head_seq}, {"mac", r.head_mac.empty() ? json(nullptr) : json(r.head_mac)}}},
            {"checkpoint_seq", checkpoint ? json(checkpoint->seq) : json(nullptr)}};
        audit("verify", "audit_log", 0);
    });
    return out;
}

} // namespace mend
