// The host keys a practice registered (never the keys: a check MAC of
// each), and checking the host's keys against them when a handle opens.
#include "domain/error.hpp"
#include "store/binding.hpp"
#include "store/prepared.hpp"
#include "store/repositories.hpp"
#include "store/reseal.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <sodium.h>

namespace mend::store {

namespace {

struct ListKeys : Prepared {
    RegisteredKey r;
    long long id = 0;
    explicit ListKeys(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::into(r.purpose));
        st.exchange(soci::into(id));
        st.exchange(soci::into(r.check_mac));
        st.exchange(soci::into(r.added_at));
        compile("SELECT purpose, key_id, check_mac, added_at FROM practice_key"
                " ORDER BY purpose, key_id");
    }
    RegisteredKey get() const {
        RegisteredKey out = r;
        out.key_id = id;
        return out;
    }
};

struct InsertKey : Prepared {
    RegisteredKey r;
    long long id = 0;
    explicit InsertKey(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::use(r.purpose));
        st.exchange(soci::use(id));
        st.exchange(soci::use(r.check_mac));
        st.exchange(soci::use(r.added_at));
        compile("INSERT INTO practice_key (purpose, key_id, check_mac, added_at)"
                " VALUES (:p, :id, :mac, :at)");
    }
};

struct DataKeyRowIn {
    DataKey r;
    long long id = 0, wrap = 0;
    template <class Stmt> void bind(Stmt& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(wrap));
        st.exchange(soci::into(r.wrapped));
        st.exchange(soci::into(r.created_at));
        st.exchange(soci::into(r.state));
    }
    DataKey get() const {
        DataKey out = r;
        out.id = id;
        out.wrap_key_id = wrap;
        return out;
    }
};

struct ListDataKeys : Prepared {
    DataKeyRowIn row;
    explicit ListDataKeys(soci::session& sql) : Prepared(sql) {
        row.bind(st);
        compile("SELECT id, wrap_key_id, wrapped, created_at, state FROM data_key ORDER BY id");
    }
};

struct InsertDataKey : Prepared {
    DataKey r;
    long long id = 0, wrap = 0;
    explicit InsertDataKey(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::use(id));
        st.exchange(soci::use(wrap));
        st.exchange(soci::use(r.wrapped));
        st.exchange(soci::use(r.created_at));
        st.exchange(soci::use(r.state));
        compile("INSERT INTO data_key (id, wrap_key_id, wrapped, created_at, state)"
                " VALUES (:id, :w, :wr, :at, :st)");
    }
};

struct RewrapDataKey : Prepared {
    long long id = 0, wrap = 0;
    std::string wrapped;
    explicit RewrapDataKey(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::use(wrap));
        st.exchange(soci::use(wrapped));
        st.exchange(soci::use(id));
        compile("UPDATE data_key SET wrap_key_id = :w, wrapped = :wr WHERE id = :id");
    }
};

} // namespace

int rewrap_data_keys(Database& db, const KeySource& source, const HostKey& wrap_key) {
    int moved = 0;
    for (const auto& row : list_data_keys(db)) {
        if (row.wrap_key_id == wrap_key.id || row.state == "retired") continue;
        auto old = source ? source("wrap", row.wrap_key_id) : std::nullopt;
        if (!old)
            fail(Errc::key, fmt::format("the host's keys hold no wrap key {}, which wraps data "
                                        "key {}",
                                        row.wrap_key_id, row.id));
        KeyBytes key = unwrap_data_key(row.wrapped, row.id, *old);
        auto& s = db.prepared<RewrapDataKey>();
        s.id = row.id;
        s.wrap = wrap_key.id;
        s.wrapped = wrap_data_key(key, row.id, wrap_key);
        sodium_memzero(key.data(), key.size());
        s.run();
        ++moved;
    }
    return moved;
}

std::vector<DataKey> list_data_keys(Database& db) {
    auto& s = db.prepared<ListDataKeys>();
    return s.all(s.row);
}

Id create_data_key(Database& db, const HostKey& wrap_key, const std::string& at) {
    Id id = 1;
    for (const auto& k : list_data_keys(db))
        id = std::max(id, k.id + 1);
    KeyBytes key = random_data_key();
    auto& s = db.prepared<InsertDataKey>();
    s.id = id;
    s.wrap = wrap_key.id;
    s.r.wrapped = wrap_data_key(key, id, wrap_key);
    s.r.created_at = at;
    s.r.state = "active";
    sodium_memzero(key.data(), key.size());
    s.run();
    return id;
}

void load_data_keys(Database& db, const KeySource& source) {
    // A retired key (an ended re-encryption) keeps no value and no wrapped copy.
    auto rows = list_data_keys(db);
    rows.erase(std::remove_if(rows.begin(), rows.end(),
                              [](const DataKey& k) { return k.state == "retired"; }),
               rows.end());
    if (rows.empty()) {
        db.set_field_keys(false, std::nullopt, "");
        return;
    }
    FieldKeys keys;
    for (const auto& row : rows) {
        std::optional<HostKey> wrap;
        if (source) wrap = source("wrap", row.wrap_key_id);
        if (!wrap) {
            db.set_field_keys(true, std::nullopt,
                              fmt::format("this practice's client data is encrypted under wrap key "
                                          "{}: open it with the host's key file or key callback "
                                          "that holds that key",
                                          row.wrap_key_id));
            return;
        }
        try {
            KeyBytes key = unwrap_data_key(row.wrapped, row.id, *wrap);
            keys.add(FieldKey(row.id, key));
            sodium_memzero(key.data(), key.size());
        } catch (const Error& e) {
            db.set_field_keys(true, std::nullopt, e.what());
            return;
        }
    }
    db.set_field_keys(true, std::move(keys), "");
}

std::vector<RegisteredKey> list_registered_keys(Database& db) {
    auto& s = db.prepared<ListKeys>();
    return s.all(s);
}

void insert_registered_key(Database& db, const RegisteredKey& key) {
    auto& s = db.prepared<InsertKey>();
    s.r = key;
    s.id = key.key_id;
    s.run();
}

void load_keys(Database& db, const KeySource& source) {
    Id newest = 0;
    std::string check;
    for (const auto& k : list_registered_keys(db))
        if (k.purpose == "audit" && k.key_id > newest) {
            newest = k.key_id;
            check = k.check_mac;
        }
    std::optional<ChainKey> chain;
    if (newest && source) {
        auto key = source("audit", newest);
        if (!key)
            fail(Errc::key, fmt::format("the host's keys hold no audit key {}, the key this "
                                        "practice's audit chain is kept under",
                                        newest));
        if (!same_mac(key_check_mac(key->key, "audit", newest), check))
            fail(Errc::key, fmt::format("audit key {} is not this practice's: the key file or "
                                        "key callback holds another key under that id",
                                        newest));
        chain = ChainKey{newest, key->key};
    }
    db.set_keys(source, newest != 0, chain);
    KeyJob job = read_key_job(db, false);
    db.set_key_job(job.generation, !job.kind.empty());
    load_data_keys(db, source);
}

} // namespace mend::store
