// Re-encryption under a new data key and conversion of a plaintext practice
// (issue 14): the rules around the resumable job of store/reseal.hpp.
#include "store/reseal.hpp"
#include "domain/error.hpp"
#include "practice/practice.hpp"
#include "store/repositories.hpp"

#include <fmt/format.h>

namespace mend {

namespace {

// The host's newest wrap key, or Errc::key naming what is missing.
HostKey newest_wrap_key(const store::Database& db) {
    const KeySource& source = db.key_source();
    if (!source)
        fail(Errc::key, "the handle was opened without keys: open it with a key file or key "
                        "callback that holds a wrap key");
    auto wrap = source("wrap", 0);
    if (!wrap) fail(Errc::key, "the host's keys hold no wrap key");
    return *wrap;
}

} // namespace

void Practice::check_key_job(bool write) {
    store::refresh_key_job(*db_, write);
    if (db_->key_job_under_way() && !resealing_)
        fail(Errc::state, "the practice's records are being re-encrypted: nothing else runs until "
                          "an admin finishes the job (mend key reseal, mend_key_reseal())");
}

// The job as it is now, for key_state() (outside any transaction).
void Practice::note_key_job() {
    try {
        store::refresh_key_job(*db_, false);
    } catch (...) {
        db_->rethrow_as_error();
    }
}

void Practice::start_encryption() {
    const HostKey wrap = newest_wrap_key(*db_);
    run([&] {
        require_admin("encrypt_records", "practice", 0);
        if (db_->encrypted())
            fail(Errc::state, "this practice keeps its records encrypted already: "
                              "re-encrypt them under a new data key instead");
        Id key = store::create_data_key(*db_, wrap, now_iso());
        store::start_key_job(*db_, "encrypt", key, now_iso());
        audit("encrypt_records", "practice", 0, fmt::format("data key {}", key));
    });
    note_key_job();
}

void Practice::start_reencryption() {
    const HostKey wrap = newest_wrap_key(*db_);
    run([&] {
        require_admin("reencrypt_records", "practice", 0);
        if (!db_->encrypted())
            fail(Errc::state, "this practice keeps its records unencrypted: encrypt them first");
        Id key = store::create_data_key(*db_, wrap, now_iso());
        store::start_key_job(*db_, "reencrypt", key, now_iso());
        audit("reencrypt_records", "practice", 0, fmt::format("data key {}", key));
    });
    note_key_job();
}

long long Practice::reseal(long long max_rows) {
    if (max_rows < 0) fail(Errc::invalid, "a batch re-seals at least one row (0: the default)");
    if (max_rows == 0) max_rows = reseal_batch_default;
    if (host_tx_)
        fail(Errc::state, "a re-encryption commits batch by batch: call it outside a transaction");
    ScopedFlag resealing(resealing_, true);
    long long remaining = 0;
    std::string stage;
    run([&] {
        require_admin("reseal", "practice", 0);
        store::KeyJob job = store::read_key_job(*db_, true);
        stage = job.stage;
        if (job.kind.empty() || job.stage != "reseal") return;
        long long done = store::reseal_rows(*db_, job, max_rows);
        remaining = store::rows_to_reseal(*db_, job);
        if (remaining == 0) {
            store::finish_resealing(*db_, job);
            stage = job.stage;
        }
        audit("reseal", "practice", 0, fmt::format("{} rows, {} to go", done, remaining));
    });
    if (stage == "vacuum") {
        try {
            store::vacuum_after_resealing(*db_);
        } catch (...) {
            db_->rethrow_as_error();
        }
        run([&] {
            store::end_key_job(*db_);
            audit("reseal_done", "practice", 0);
        });
        note_key_job();
    }
    return remaining;
}

} // namespace mend
