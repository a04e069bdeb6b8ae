// Opening and closing, the actor, and the host's transactions.
#include "capi/support.hpp"
#include "domain/log.hpp"
#include "practice/keys.hpp"

#include <string>

using namespace mend::capi;

namespace mend::capi {

mend::store::OpenOptions open_options(const mend_open_options* opts, mend_db* db) {
    mend::store::OpenOptions options;
    if (!opts) return options;
    const mend_open_options o = versioned(opts, "opts");
    if (o.synchronous != MEND_SYNC_FULL && o.synchronous != MEND_SYNC_NORMAL)
        mend::fail(mend::Errc::invalid, "synchronous must be MEND_SYNC_FULL or MEND_SYNC_NORMAL");
    options.busy_timeout_ms = o.busy_timeout_ms;
    options.synchronous_full = o.synchronous == MEND_SYNC_FULL;
    if (o.flags & ~(MEND_OPEN_CREATE | MEND_OPEN_TRANSACTION_POOLING))
        mend::fail(mend::Errc::invalid, "flags holds an unknown bit; the flags are "
                                        "MEND_OPEN_CREATE and MEND_OPEN_TRANSACTION_POOLING");
    options.create = (o.flags & MEND_OPEN_CREATE) != 0;
    options.transaction_pooling = (o.flags & MEND_OPEN_TRANSACTION_POOLING) != 0;
    if (o.practice) {
        options.practice = text(o.practice, "practice");
        if (options.practice.empty())
            mend::fail(mend::Errc::invalid, "practice is empty: pass NULL for the URL's practice "
                                            "or the connection's current schema");
    }
    options.connect_timeout_s = o.connect_timeout_s;
    options.statement_timeout_ms = o.statement_timeout_ms;
    if (o.key_file && o.key_callback)
        mend::fail(mend::Errc::invalid, "give either a key file or a key callback, not both");
    if (o.key_file) {
        const std::string file = text(o.key_file, "key_file");
        if (file.empty())
            mend::fail(mend::Errc::invalid,
                       "key_file is empty: pass NULL to open without a key file");
        options.keys = mend::key_file_source(file);
    }
    if (o.key_callback) options.keys = callback_key_source(o.key_callback, o.key_user_data, db);
    return options;
}

} // namespace mend::capi

extern "C" {

int mend_open_options_init(mend_open_options* opts, unsigned int version) {
    return guarded(nullptr, [&] { init_versioned(opts, version); });
}

int mend_open(mend_db** out, const char* where, const mend_open_options* opts) {
    if (out) *out = nullptr;
    return guarded(nullptr, [&] {
        need(out, "out");
        std::string path = text(where, "where");
        auto db = std::make_unique<mend_db>();
        const mend::store::OpenOptions options = open_options(opts, db.get());
        db->practice = mend::Practice::open(path, options);
        if (mend::log::enabled(mend::log::Level::debug))
            mend::log::emit(mend::log::Level::debug,
                            std::string("opened a ") + db->practice->backend_name() +
                                " database at schema version " +
                                std::to_string(db->practice->schema_version()));
        *out = db.release();
    });
}

void mend_close(mend_db* db) {
    if (!db) return;
    if (db->in_callback) {
        log_error(MEND_ESTATE, "mend_close was called from the handle's own event callback; the "
                               "handle stays open");
        return;
    }
    try {
        if (db->practice && db->practice->in_transaction()) {
            db->practice->rollback();
            mend::log::emit(mend::log::Level::warning,
                            "a transaction left open was rolled back on close");
        }
    } catch (...) {
    }
    mend::log::emit(mend::log::Level::debug, "closed a database handle");
    delete db;
}

const char* mend_db_backend(const mend_db* db) {
    return db && db->practice ? db->practice->backend_name() : "";
}

int mend_db_schema_version(int* out, mend_db* db) {
    return guarded(db, [&] {
        int* o = need(out, "out");
        *o = practice(db).schema_version();
    });
}

int mend_db_verify_json(char** out, mend_db* db) {
    return json_out(out, db, [&](mend::Practice& p) { return p.verify_database_json(); });
}

int mend_actor_set(mend_db* db, int64_t clinician_id) {
    return guarded(db, [&] { practice(db).set_actor(clinician_id); });
}

int mend_actor_set_external(mend_db* db, const char* external_id) {
    return guarded(db, [&] { practice(db).set_actor_external(text(external_id, "external_id")); });
}

int mend_actor_id(int64_t* out, mend_db* db) {
    return guarded(db, [&] {
        int64_t* o = need(out, "out");
        *o = practice(db).actor_id();
    });
}

int mend_transaction_begin(mend_db* db) {
    return guarded(db, [&] { practice(db).begin(); });
}

int mend_transaction_commit(mend_db* db) {
    return guarded(db, [&] { practice(db).commit(); });
}

int mend_transaction_rollback(mend_db* db) {
    return guarded(db, [&] { practice(db).rollback(); });
}

int mend_transaction_active(const mend_db* db) {
    return db && db->practice && db->practice->in_transaction() ? 1 : 0;
}

} // extern "C"
