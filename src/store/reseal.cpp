#include "store/reseal.hpp"

#include "domain/error.hpp"
#include "store/binding.hpp"
#include "store/prepared.hpp"
#include "store/repositories.hpp"
#include "store/sealing.hpp"

#include <fmt/format.h>
#include <map>
#include <optional>

namespace mend::store {

namespace {

// Every sealed column, table by table in the job's order (store/sealing.hpp
// and the repositories that seal them). A column sealed anywhere else must
// be listed here, or a job would leave it under a retired key
// (tests/store/test_reseal.cpp compares the list with what a practice
// seals).
struct SealedColumn {
    const char* table;
    const char* column;
    // Sealed only from a later schema: an encrypted practice may still hold
    // values of it in the clear (store/emergency.cpp), which a
    // re-encryption seals.
    bool may_be_clear = false;
};
constexpr SealedColumn sealed_columns[] = {
    {"client", "external_id"},
    {"client", "given_name"},
    {"client", "family_name"},
    {"client", "preferred_name"},
    {"client", "pronouns"},
    {"client", "date_of_birth"},
    {"client", "email"},
    {"client", "phone"},
    {"note", "content"},
    {"note", "search_text"},
    {"addendum", "text"},
    {"addendum", "reason"},
    {"process_note", "text"},
    {"agreement", "text"},
    {"agreement_event", "note"},
    {"phase_entry", "rationale"},
    {"phase_entry", "safety_plan"},
    {"phase_entry", "unmet"},
    {"phase_entry", "evaluation"},
    {"role_change", "rationale"},
    {"role_change", "evaluation"},
    {"role_change", "opened"},
    {"record_release", "recipient"},
    {"attestation", "note"},
    {"treatment_plan", "plan"},
    {"safety_flag", "resolution_note"},
    {"emergency_grant", "reason", true},
};
constexpr unsigned column_count = sizeof sealed_columns / sizeof sealed_columns[0];
constexpr const char* sealed_tables[] = {
    "client",          "note",        "addendum",        "process_note",   "agreement",
    "agreement_event", "phase_entry", "role_change",     "record_release", "attestation",
    "treatment_plan",  "safety_flag", "emergency_grant",
};
constexpr unsigned table_count = sizeof sealed_tables / sizeof sealed_tables[0];

template <bool Lock> struct ReadKeyJob : Prepared {
    KeyJob j;
    long long target = 0, last = 0;
    explicit ReadKeyJob(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::into(j.generation));
        st.exchange(soci::into(j.kind));
        st.exchange(soci::into(j.stage));
        st.exchange(soci::into(target));
        st.exchange(soci::into(j.table_pos));
        st.exchange(soci::into(last));
        compile(std::string("SELECT generation, COALESCE(kind, ''), COALESCE(stage, ''),"
                            " COALESCE(target_key, 0), table_pos, last_id FROM key_job"
                            " WHERE id = 1") +
                (Lock && !sqlite() ? " FOR SHARE" : ""));
    }
};

struct StartKeyJob : Prepared {
    std::string kind, at;
    long long target = 0;
    explicit StartKeyJob(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::use(kind));
        st.exchange(soci::use(target));
        st.exchange(soci::use(at));
        compile("UPDATE key_job SET generation = generation + 1, kind = :k, stage = 'reseal',"
                " target_key = :t, table_pos = 0, last_id = 0, started_at = :at WHERE id = 1");
    }
};

struct MoveKeyJob : Prepared {
    int pos = 0;
    long long last = 0;
    explicit MoveKeyJob(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::use(pos));
        st.exchange(soci::use(last));
        compile("UPDATE key_job SET table_pos = :p, last_id = :l WHERE id = 1");
    }
};

struct VacuumStage : Prepared {
    explicit VacuumStage(soci::session& sql) : Prepared(sql) {
        compile("UPDATE key_job SET generation = generation + 1, stage = 'vacuum' WHERE id = 1");
    }
};

struct EndKeyJob : Prepared {
    explicit EndKeyJob(soci::session& sql) : Prepared(sql) {
        compile("UPDATE key_job SET generation = generation + 1, kind = NULL, stage = NULL,"
                " target_key = NULL, table_pos = 0, last_id = 0, started_at = NULL WHERE id = 1");
    }
};

struct RetireDataKeys : Prepared {
    long long target = 0;
    explicit RetireDataKeys(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::use(target));
        compile("UPDATE data_key SET state = 'retired', wrapped = ''"
                " WHERE id <> :t AND state = 'active'");
    }
};

template <unsigned T> struct IdsAfter : Prepared {
    IntRow row;
    long long last = 0, limit = 0;
    explicit IdsAfter(soci::session& sql) : Prepared(sql) {
        row.bind(st);
        st.exchange(soci::use(last));
        st.exchange(soci::use(limit));
        compile(
            fmt::format("SELECT id FROM {} WHERE id > :l ORDER BY id LIMIT :n", sealed_tables[T]));
    }
};

template <unsigned T> struct CountAfter : Prepared {
    long long last = 0, n = 0;
    explicit CountAfter(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::into(n));
        st.exchange(soci::use(last));
        compile(fmt::format("SELECT COUNT(*) FROM {} WHERE id > :l", sealed_tables[T]));
    }
};

template <unsigned C> struct ReadCell : Prepared {
    std::string value;
    soci::indicator ind = soci::i_ok;
    long long id = 0;
    explicit ReadCell(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::into(value, ind));
        st.exchange(soci::use(id));
        compile(fmt::format("SELECT {} FROM {} WHERE id = :id", sealed_columns[C].column,
                            sealed_columns[C].table));
    }
};

template <unsigned C> struct WriteCell : Prepared {
    std::string value;
    long long id = 0;
    explicit WriteCell(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::use(value));
        st.exchange(soci::use(id));
        compile(fmt::format("UPDATE {} SET {} = :v WHERE id = :id", sealed_columns[C].table,
                            sealed_columns[C].column));
    }
};

struct WriteClientIndexes : Prepared {
    InText ext{Text()}, name{Text()};
    long long id = 0;
    explicit WriteClientIndexes(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::use(ext.value, ext.ind));
        st.exchange(soci::use(name.value, name.ind));
        st.exchange(soci::use(id));
        compile("UPDATE client SET external_id_bidx = :e, name_bidx = :n WHERE id = :id");
    }
};

struct RebuildFts : Prepared {
    explicit RebuildFts(soci::session& sql) : Prepared(sql) {
        compile("INSERT INTO note_fts (note_fts) VALUES ('rebuild')");
    }
};

// Re-seals one column of one row under the job's target key; returns its
// plaintext (none for NULL).
Text reseal_cell(Database& db, const KeyJob& job, unsigned column, Id id) {
    return with_variant<column_count - 1>(column, [&](auto c) -> Text {
        constexpr unsigned C = decltype(c)::value;
        auto& read = db.prepared<ReadCell<C>>();
        read.id = id;
        if (!read.run() || read.ind == soci::i_null) return Text();
        const FieldPlace at{sealed_columns[C].table, sealed_columns[C].column, id};
        const FieldKeys& keys = db.field_keys();
        const bool clear =
            job.kind == "encrypt" || (sealed_columns[C].may_be_clear && !is_sealed(read.value));
        std::string plain = clear ? read.value : keys.open(read.value, at);
        auto& write = db.prepared<WriteCell<C>>();
        write.value = keys.seal(plain, at); // under the newest key: the target
        write.id = id;
        write.run();
        return plain;
    });
}

void reseal_row(Database& db, const KeyJob& job, Id id) {
    const std::string table = sealed_tables[job.table_pos];
    std::map<std::string, Text> plain;
    for (unsigned c = 0; c < column_count; ++c)
        if (table == sealed_columns[c].table)
            plain[sealed_columns[c].column] = reseal_cell(db, job, c, id);
    if (table == "client") {
        auto& s = db.prepared<WriteClientIndexes>();
        auto [ext, name] =
            client_blind_indexes(db, plain["external_id"], plain["given_name"].value_or(""),
                                 plain["family_name"].value_or(""));
        s.ext = InText(ext);
        s.name = InText(name);
        s.id = id;
        s.run();
    } else if (table == "note") {
        if (job.kind == "encrypt") drop_plain_note_index(db, id);
        index_note(db, id, plain["search_text"].value_or(""), true);
    }
}

} // namespace

KeyJob read_key_job(Database& db, bool lock) {
    auto run = [&](auto& s) {
        if (!s.run()) fail(Errc::store, "the practice's key job row is missing");
        KeyJob j = s.j;
        j.target = s.target;
        j.last_id = s.last;
        return j;
    };
    return lock ? run(db.prepared<ReadKeyJob<true>>()) : run(db.prepared<ReadKeyJob<false>>());
}

void refresh_key_job(Database& db, bool lock) {
    KeyJob job = read_key_job(db, lock);
    if (job.generation != db.key_generation()) load_data_keys(db, db.key_source());
    db.set_key_job(job.generation, !job.kind.empty());
}

void start_key_job(Database& db, const std::string& kind, Id target, const std::string& at) {
    auto& s = db.prepared<StartKeyJob>();
    s.kind = kind;
    s.target = target;
    s.at = at;
    s.run();
}

long long reseal_rows(Database& db, KeyJob& job, long long max_rows) {
    if (db.field_keys().current().id() != job.target)
        fail(Errc::key, "the handle does not hold the re-encryption's data key");
    long long done = 0;
    while (done < max_rows && job.table_pos < static_cast<int>(table_count)) {
        auto ids = with_variant<table_count - 1>(job.table_pos, [&](auto t) {
            auto& s = db.prepared<IdsAfter<decltype(t)::value>>();
            s.last = job.last_id;
            s.limit = max_rows - done;
            return s.all(s.row);
        });
        if (ids.empty()) {
            ++job.table_pos;
            job.last_id = 0;
            continue;
        }
        for (Id id : ids) {
            reseal_row(db, job, id);
            job.last_id = id;
            ++done;
        }
    }
    auto& s = db.prepared<MoveKeyJob>();
    s.pos = job.table_pos;
    s.last = job.last_id;
    s.run();
    return done;
}

long long rows_to_reseal(Database& db, const KeyJob& job) {
    long long n = 0;
    for (unsigned t = static_cast<unsigned>(job.table_pos); t < table_count; ++t)
        n += with_variant<table_count - 1>(t, [&](auto v) {
            auto& s = db.prepared<CountAfter<decltype(v)::value>>();
            s.last = t == static_cast<unsigned>(job.table_pos) ? job.last_id : 0;
            s.run();
            return s.n;
        });
    return n;
}

void finish_resealing(Database& db, KeyJob& job) {
    auto& retire = db.prepared<RetireDataKeys>();
    retire.target = job.target;
    retire.run();
    // SQLite's full-text index keeps the words of deleted rows in its
    // segments until it is rebuilt (from its now empty content).
    if (job.kind == "encrypt" && db.backend() == Backend::sqlite) db.prepared<RebuildFts>().run();
    db.prepared<VacuumStage>().run();
    job.stage = "vacuum";
}

void vacuum_after_resealing(Database& db) {
    if (db.backend() == Backend::sqlite) {
        db.sql() << "VACUUM";
        int busy = 0, log = 0, done = 0;
        db.sql() << "PRAGMA wal_checkpoint(TRUNCATE)", soci::into(busy), soci::into(log),
            soci::into(done);
        if (busy != 0)
            fail(Errc::busy, "another connection kept the write-ahead log from being emptied: "
                             "run the re-encryption again to finish it");
        return;
    }
    for (const char* t : sealed_tables)
        db.sql() << fmt::format("VACUUM FULL {}", t);
    for (const char* t : {"note_search_text", "note_word", "data_key", "key_job"})
        db.sql() << fmt::format("VACUUM FULL {}", t);
}

void end_key_job(Database& db) {
    db.prepared<EndKeyJob>().run();
}

} // namespace mend::store
