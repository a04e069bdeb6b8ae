// The host's keys: key files, the key callback, adopting keys.
#include "capi/support.hpp"
#include "domain/catalog.hpp"
#include "practice/keys.hpp"

#include <sodium.h>

#include <string>

using namespace mend::capi;

static_assert(MEND_KEY_STATE_NONE == mend::key_state_none &&
                  MEND_KEY_STATE_HELD == mend::key_state_held &&
                  MEND_KEY_STATE_MISSING == mend::key_state_missing &&
                  MEND_KEY_STATE_UNREGISTERED == mend::key_state_unregistered &&
                  MEND_KEY_STATE_RESEALING == mend::key_state_resealing,
              "the key states of mend/key.h are the facade's");
static_assert(mend::key_state_names.size() == MEND_KEY_STATE_RESEALING + 1,
              "every key state has a name in the catalogue");

namespace mend::capi {

KeySource callback_key_source(mend_key_callback callback, void* user_data, mend_db* owner) {
    return [callback, user_data, owner](const std::string& purpose,
                                        Id key_id) -> std::optional<HostKey> {
        HostKey key;
        int64_t id = 0;
        // The handle refuses calls while its key callback runs (MEND_ESTATE).
        struct InCallback {
            bool& flag;
            bool was;
            ~InCallback() { flag = was; }
        } in_callback{owner->in_callback, owner->in_callback};
        owner->in_callback = true;
        int rc = callback(key.key.data(), &id, purpose.c_str(), key_id, user_data);
        if (rc == MEND_ENOTFOUND) {
            sodium_memzero(key.key.data(), key.key.size());
            return std::nullopt;
        }
        if (rc != MEND_OK) {
            sodium_memzero(key.key.data(), key.key.size());
            fail(Errc::key, "the host's key callback failed");
        }
        if (id < 1 || (key_id != 0 && id != key_id)) {
            sodium_memzero(key.key.data(), key.key.size());
            fail(Errc::key, "the host's key callback returned a key with another id than the one "
                            "asked for");
        }
        key.id = id;
        return key;
    };
}

} // namespace mend::capi

extern "C" {

int mend_key_file_create(const char* path) {
    return guarded(nullptr, [&] { mend::create_key_file(text(path, "path")); });
}

int mend_key_state(int* out, mend_db* db) {
    return guarded(db, [&] {
        int* o = need(out, "out");
        *o = practice(db).key_state();
    });
}

int mend_key_adopt(mend_db* db) {
    return guarded(db, [&] { practice(db).adopt_keys(); });
}

int mend_key_rewrap(int* out, mend_db* db) {
    return guarded(db, [&] {
        int moved = practice(db).rewrap_keys();
        if (out) *out = moved;
    });
}

int mend_key_encrypt(mend_db* db) {
    return guarded(db, [&] { practice(db).start_encryption(); });
}

int mend_key_reencrypt(mend_db* db) {
    return guarded(db, [&] { practice(db).start_reencryption(); });
}

int mend_key_reseal(int64_t* out, mend_db* db, int64_t max_rows) {
    return guarded(db, [&] {
        long long remaining = practice(db).reseal(max_rows);
        if (out) *out = remaining;
    });
}

} // extern "C"
