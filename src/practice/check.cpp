// `mend check` (admins): what a database holds that mend cannot read as it
// should. The backend's own checks (SQLite's integrity and foreign-key
// checks), every client, couple, case and note row read as mend reads it
// (valid UTF-8, no NULL or wrong type in a required field, note content that
// parses, partners and clients that exist), the notes' signed hashes and the
// audit chain. It names tables, row ids and problem kinds, never client data.
#include "domain/error.hpp"
#include "domain/text.hpp"
#include "practice/practice.hpp"
#include "store/consistency.hpp"

#include <functional>

namespace mend {

using nlohmann::json;

namespace {

// The rows read a page at a time.
constexpr int page_size = 500;

bool utf8(const std::string& s) {
    return is_valid_utf8(s);
}
bool utf8(const Text& t) {
    return !t || is_valid_utf8(*t);
}

template <class... T> bool all_utf8(const T&... v) {
    return (utf8(v) && ...);
}

} // namespace

json Practice::verify_database_json() {
    json out;
    read([&] {
        require_admin("verify", "database", 0);
        json problems = json::array();
        auto problem = [&](const char* table, Id id, const char* what) {
            problems.push_back({{"table", table}, {"id", id}, {"problem", what}});
        };
        // Runs one row's check; what its read throws is the row's problem
        // (a missing key is not damage: it ends the check). A savepoint undoes
        // what a failed statement did to the transaction (PostgreSQL).
        auto guarded = [&](const char* table, Id id, const std::function<void()>& check) {
            db_->savepoint();
            try {
                check();
                db_->release_savepoint();
            } catch (const nlohmann::json::exception&) {
                db_->rollback_to_savepoint();
                problem(table, id, "unparsable_content");
            } catch (const Error& e) {
                db_->rollback_to_savepoint();
                if (e.code() == Errc::key) throw;
                problem(table, id, "unreadable");
            } catch (...) {
                db_->rollback_to_savepoint();
                problem(table, id, "unreadable");
            }
        };
        auto each = [&](store::CheckedTable t, const std::function<void(Id)>& f) {
            long long n = 0;
            for (Id after = 0;;) {
                auto ids = store::ids_after(*db_, t, after, page_size);
                for (Id id : ids)
                    f(id);
                n += static_cast<long long>(ids.size());
                if (static_cast<int>(ids.size()) < page_size) break;
                after = ids.back();
            }
            return n;
        };

        json integrity = store::integrity_problems(*db_);
        json foreign_keys = json::array();
        for (const auto& f : store::foreign_key_problems(*db_))
            foreign_keys.push_back({{"table", f.table}, {"id", f.rowid}, {"parent", f.parent}});

        json rows;
        rows["clients"] = each(store::CheckedTable::client, [&](Id id) {
            guarded("client", id, [&] {
                auto c = store::find_client(*db_, id);
                if (!c) return problem("client", id, "unreadable");
                if (!all_utf8(c->external_id, c->given_name, c->family_name, c->preferred_name,
                              c->pronouns, c->date_of_birth, c->email, c->phone))
                    problem("client", id, "invalid_utf8");
            });
        });
        rows["couples"] = each(store::CheckedTable::couple, [&](Id id) {
            guarded("couple", id, [&] {
                auto c = store::find_couple(*db_, id);
                if (!c) return problem("couple", id, "unreadable");
                if (!all_utf8(c->external_id, c->relationship_start))
                    problem("couple", id, "invalid_utf8");
                for (Id partner : {c->client_a_id, c->client_b_id})
                    if (!store::find_client(*db_, partner))
                        problem("couple", id, "partner_missing");
            });
        });
        rows["cases"] = each(store::CheckedTable::care_case, [&](Id id) {
            guarded("care_case", id, [&] {
                auto c = store::find_case(*db_, id);
                if (!c) return problem("care_case", id, "unreadable");
                if (!all_utf8(c->external_id, c->opened_on, c->closed_on))
                    problem("care_case", id, "invalid_utf8");
                if (c->individual() ? !store::find_client(*db_, c->client_id)
                                    : !store::find_couple(*db_, c->couple_id))
                    problem("care_case", id, c->individual() ? "client_missing" : "couple_missing");
                if (!store::find_clinician(*db_, c->primary_clinician_id))
                    problem("care_case", id, "clinician_missing");
            });
        });
        rows["notes"] = each(store::CheckedTable::note, [&](Id id) {
            guarded("note", id, [&] {
                auto n = store::find_note(*db_, id);
                if (!n) return problem("note", id, "unreadable");
                if (!store::find_case(*db_, n->case_id)) problem("note", id, "case_missing");
            });
        });

        // A value of another type than its column's (SQLite), which a read
        // may take silently (text read as the number 0).
        for (auto [t, name] : {std::pair{store::CheckedTable::client, "client"},
                               {store::CheckedTable::couple, "couple"},
                               {store::CheckedTable::care_case, "care_case"},
                               {store::CheckedTable::note, "note"}})
            for (Id id : store::wrongly_typed(*db_, t))
                problem(name, id, "wrong_type");

        // The notes' signed hashes: the rows above name an unreadable note.
        json notes = nullptr;
        guarded("note", 0, [&] { notes = note_mismatches(); });
        ChainReport r = chain_report(std::nullopt);
        json chain = {{"ok", r.ok},
                      {"keyed", r.keyed},
                      {"events_checked", r.checked},
                      {"first_bad_seq", r.ok ? json(nullptr) : json(r.first_bad_seq)},
                      {"reason", !r.ok     ? json(r.reason)
                                 : r.keyed ? json(nullptr)
                                           : json("not_keyed")}};
        const bool notes_ok = notes.is_object() && notes["mismatches"].empty();
        out = {{"backend", db_->backend_name()},
               {"integrity", integrity},
               {"foreign_keys", foreign_keys},
               {"rows_checked", rows},
               {"problems", problems},
               {"notes", notes},
               {"audit_chain", chain},
               // An unkeyed practice keeps no chain to break: information.
               {"ok",
                integrity.empty() && foreign_keys.empty() && problems.empty() && notes_ok && r.ok}};
        audit("verify", "database", 0);
    });
    return out;
}

} // namespace mend
