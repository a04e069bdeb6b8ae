// Practice setup and the clinicians who act on the database.
#include "domain/error.hpp"
#include "domain/rules.hpp"
#include "domain/text.hpp"
#include "practice/clock.hpp"
#include "practice/practice.hpp"

namespace mend {

namespace {
int active_admins(store::Database& db) {
    int n = 0;
    store::Page page;
    page.limit = 1000;
    for (;;) {
        auto rows = store::list_clinicians(db, page);
        for (const auto& c : rows)
            n += c.role == "admin" ? 1 : 0;
        if (static_cast<int>(rows.size()) < page.limit) return n;
        page.after_id = rows.back().id;
    }
}
} // namespace

Id Practice::init(const std::string& practice_name, const ClinicianPatch& admin) {
    check_text("practice_name", practice_name, max_short_text);
    Clinician c;
    apply(c, admin);
    c.role = "admin";
    validate(c);
    // A practice made with the host's keys keeps a keyed audit chain from
    // its first event on.
    const bool keyed = db_->key_source() && !db_->keyed();
    if (keyed && !db_->key_source()("audit", 0))
        fail(Errc::key, "the host's keys hold no audit key");
    // With a wrap key among them, its client data is encrypted at rest: a
    // random data key, stored only wrapped under the wrap key.
    const std::optional<HostKey> wrap_key =
        keyed && !db_->encrypted() ? db_->key_source()("wrap", 0) : std::nullopt;
    Id id = 0;
    ScopedFlag adopting(adopting_keys_, keyed);
    try {
        run([&] {
            if (store::count_clinicians(*db_) > 0)
                fail(Errc::state,
                     "this practice is already set up; ask its admin to add clinicians");
            c.created_at = c.updated_at = now_iso();
            if (wrap_key) {
                store::create_data_key(*db_, *wrap_key, c.created_at);
                store::load_data_keys(*db_, db_->key_source());
            }
            store::insert_practice(*db_, practice_name, c.created_at);
            id = store::insert_clinician(*db_, c);
            actor_id_ = id;
            audit("init", "practice", 0);
            audit("create", "clinician", id);
        });
    } catch (...) {
        if (wrap_key) { // what the database holds again, after the rollback
            try {
                store::load_data_keys(*db_, db_->key_source());
            } catch (...) {
            }
        }
        throw;
    }
    if (keyed) adopt_keys();
    return id;
}

Id Practice::create_clinician(const ClinicianPatch& p) {
    Clinician c;
    apply(c, p);
    validate(c);
    Id id = 0;
    run([&] {
        require_admin("create", "clinician", 0);
        check_external_id_free("clinician", c.external_id, 0);
        c.created_at = c.updated_at = now_iso();
        id = store::insert_clinician(*db_, c);
        audit("create", "clinician", id);
    });
    return id;
}

void Practice::update_clinician(Id id, const ClinicianPatch& p) {
    run([&] {
        require_admin("update", "clinician", id);
        auto c = store::find_clinician(*db_, id);
        if (!c) fail(Errc::not_found, "no clinician has that id");
        if (c->archived) fail(Errc::state, "that clinician is archived");
        bool was_admin = c->role == "admin";
        apply(*c, p);
        validate(*c);
        if (was_admin && c->role != "admin" && active_admins(*db_) <= 1)
            fail(Errc::state, "the practice's last admin cannot lose the admin role");
        check_external_id_free("clinician", c->external_id, id);
        c->updated_at = now_iso();
        store::update_clinician(*db_, *c);
        actor_.reset(); // it may be the actor
        audit("update", "clinician", id);
    });
}

void Practice::archive_clinician(Id id) {
    run([&] {
        require_admin("archive", "clinician", id);
        auto c = store::find_clinician(*db_, id);
        if (!c) fail(Errc::not_found, "no clinician has that id");
        if (c->archived) return;
        if (c->role == "admin" && active_admins(*db_) <= 1)
            fail(Errc::state, "the practice's last admin cannot be archived");
        c->archived = true;
        c->updated_at = now_iso();
        store::update_clinician(*db_, *c);
        actor_.reset(); // it may be the actor
        audit("archive", "clinician", id);
    });
}

Clinician Practice::get_clinician(Id id) {
    std::optional<Clinician> c;
    read([&] {
        actor();
        c = store::find_clinician(*db_, id);
        if (!c) fail(Errc::not_found, "no clinician has that id");
    });
    return *c;
}

Clinician Practice::get_clinician_external(const std::string& external_id) {
    check_text("external_id", external_id, max_short_text);
    std::optional<Clinician> c;
    read([&] {
        actor();
        c = store::find_clinician_by_external(*db_, external_id);
        if (!c) fail(Errc::not_found, "no clinician has that external id");
    });
    return *c;
}

std::vector<Clinician> Practice::list_clinicians(const ListOptions& o) {
    std::vector<Clinician> out;
    read([&] {
        actor();
        out = store::list_clinicians(*db_, {o.after_id, o.limit, o.include_archived});
    });
    return out;
}

} // namespace mend
