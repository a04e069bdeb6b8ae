// The host keys a practice registered (never the keys: a check MAC of
// each), and checking the host's keys against them when a handle opens.
#include "domain/error.hpp"
#include "store/binding.hpp"
#include "store/prepared.hpp"
#include "store/repositories.hpp"

#include <fmt/format.h>

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

} // namespace

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
}

} // namespace mend::store
