#include "practice/practice.hpp"

#include "domain/catalog.hpp"
#include "domain/error.hpp"
#include "domain/text.hpp"
#include "practice/clock.hpp"
#include "store/read_journal.hpp"

#include <exception>
#include <fmt/format.h>
#include <functional>
#include <nlohmann/json.hpp>

namespace mend {

std::unique_ptr<Practice> Practice::open(const std::string& where,
                                         const store::OpenOptions& options) {
    std::unique_ptr<Practice> p(new Practice(store::Database::open(where, options)));
    // Reads journalled by a handle that ended before moving them (a crash):
    // into the chain now, unless another handle holds the write lock (then
    // its own move takes them).
    store::settle_read_journal(*p->db_, false);
    return p;
}

Practice::~Practice() {
    if (host_tx_) {
        db_->rollback();
        set_host_tx(false);
    }
    settle_reads();
}

// A plain read: it needs neither the write lock nor an actor.
int Practice::schema_version() {
    try {
        return db_->plain_read([&] { return db_->schema_version(); });
    } catch (...) {
        db_->rethrow_as_error();
    }
}

void Practice::run(const std::function<void()>& work) {
    require_keys();
    denied_.reset();
    if (!settings_hold()) forget_settings();
    unit_reads_.clear();
    unit_events_.clear();
    auto undo = [&] { host_tx_ ? db_->rollback_to_savepoint() : db_->rollback(); };
    try {
        if (host_tx_)
            db_->savepoint();
        else
            db_->begin_write();
        check_key_job(true);
        work();
        if (host_tx_) {
            // The unit's reads are durable before its data is returned.
            journal(unit_reads_);
            db_->release_savepoint();
            tx_events_.insert(tx_events_.end(), unit_events_.begin(), unit_events_.end());
        } else {
            db_->commit();
            committed_events_.insert(committed_events_.end(), unit_events_.begin(),
                                     unit_events_.end());
        }
        unit_events_.clear();
    } catch (...) {
        unit_events_.clear();
        forget_settings(); // the unit's writes are undone
        undo();
        record_denial();
        db_->rethrow_as_error();
    }
}

// The refusal noted by deny() or not_found(), audited outside the undone work (called from
// a catch block, after the unit was undone; never throws).
void Practice::record_denial() noexcept {
    if (!denied_) return;
    auto event = *denied_;
    denied_.reset();
    try {
        if (host_tx_) { // kept as the host transaction's reads are
            journal({event});
            return;
        }
        db_->begin_write();
        store::append_audit(*db_, event);
        db_->commit();
    } catch (...) {
        if (!host_tx_) db_->rollback();
    }
}

// Appends `events` in one short write transaction; throws (after rolling
// back) when they cannot be written.
void Practice::write_audit(const std::vector<store::AuditEvent>& events) {
    if (events.empty()) return;
    try {
        db_->begin_write();
        for (const auto& e : events)
            store::append_audit(*db_, e);
        db_->commit();
    } catch (...) {
        db_->rollback();
        throw;
    }
}

void Practice::read(const std::function<void()>& work) {
    // The host holds the write lock by choice: the read is a unit inside it.
    if (host_tx_) return run(work);
    require_keys();
    denied_.reset();
    forget_settings();
    unit_reads_.clear();
    unit_events_.clear();
    read_audit_.clear();
    reading_ = true;
    try {
        db_->begin_read();
        check_key_job(false);
        work();
        reading_ = false;
        forget_settings(); // kept for the snapshot only
        if (read_hook_) read_hook_();
        db_->commit(); // ends the snapshot; nothing was written in it
    } catch (...) {
        reading_ = false;
        forget_settings();
        read_audit_.clear();
        db_->rollback();
        record_denial();
        db_->rethrow_as_error();
    }
    // What was read reaches the caller only once its audit is written.
    auto events = std::move(read_audit_);
    read_audit_.clear();
    try {
        write_audit(events);
    } catch (...) {
        db_->rethrow_as_error();
    }
}

// Inside the host's transaction: the reads and refusals of a unit are
// written to the read journal (store/read_journal.hpp), committed on its own
// connection, so they outlive the transaction whatever becomes of it, the
// process's death too.
void Practice::journal(const std::vector<store::AuditEvent>& events) {
    if (events.empty()) return;
    db_->read_journal().write(events);
    journalled_ = true;
}

// After the host's transaction ended (rolled back, or its commit failed):
// the journalled reads enter the chain in a write transaction of their own
// (with their original times): a read that happened stays audited whatever
// became of the writes around it. What cannot be moved now stays journalled.
void Practice::settle_reads() noexcept {
    if (journalled_) store::settle_read_journal(*db_, true);
}

const Clinician& Practice::actor() {
    if (!actor_id_) fail(Errc::no_actor, "no acting clinician: set one with mend_actor_set()");
    if (!actor_ || actor_->id != *actor_id_) {
        auto c = store::find_clinician(*db_, *actor_id_);
        if (!c || c->archived) fail(Errc::no_actor, "the acting clinician is archived or gone");
        actor_ = std::move(c);
    }
    return *actor_;
}

Id Practice::actor_id() const {
    if (!actor_id_) fail(Errc::no_actor, "no acting clinician: set one with mend_actor_set()");
    return *actor_id_;
}

void Practice::set_actor(Id clinician_id) {
    if (clinician_id <= 0) fail(Errc::invalid, "clinician id must be positive");
    // Naming the actor runs on a practice that registered none of the
    // host's keys (an admin must be named to adopt them), and while a key
    // job is under way (an admin must be named to carry it out).
    ScopedFlag adopting(adopting_keys_, true);
    ScopedFlag job(resealing_, true);
    run([&] {
        auto c = store::find_clinician(*db_, clinician_id);
        if (!c) fail(Errc::not_found, "no clinician has that id");
        if (c->archived) fail(Errc::denied, "that clinician is archived and cannot act");
        actor_id_ = clinician_id;
        audit("act_as", "clinician", clinician_id);
    });
}

void Practice::set_actor_external(const std::string& external_id) {
    check_text("external_id", external_id, max_short_text);
    std::optional<Id> id;
    ScopedFlag adopting(adopting_keys_, true); // as in set_actor()
    ScopedFlag job(resealing_, true);
    read([&] {
        auto c = store::find_clinician_by_external(*db_, external_id);
        if (!c) fail(Errc::not_found, "no clinician has that external id");
        id = c->id;
    });
    set_actor(*id);
}

void Practice::begin() {
    if (host_tx_) fail(Errc::state, "a transaction is already open");
    // No key check here: every call made inside the transaction checks (so
    // a practice can be set up and keyed in the host's transaction).
    try {
        db_->begin_write();
    } catch (...) {
        db_->rethrow_as_error();
    }
    forget_settings();
    set_host_tx(true);
}

void Practice::commit() {
    if (!host_tx_) fail(Errc::state, "no transaction is open");
    forget_settings();
    try {
        // The journalled reads enter the chain in the transaction, after its
        // writes; the journal forgets them once it commits. Best effort: a
        // move that fails (or, on PostgreSQL, finds the audit append lock
        // held elsewhere) leaves them journalled for the next.
        db_->check_connection_to_commit();
        auto& pending = db_->read_journal();
        store::ReadJournal::Move moved;
        if (journalled_ && pending.has_events()) {
            db_->savepoint();
            try {
                moved = pending.move();
                db_->release_savepoint();
            } catch (...) {
                moved = {};
                db_->rollback_to_savepoint();
            }
        }
        db_->commit();
        pending.finish(moved);
        set_host_tx(false);
        committed_events_.insert(committed_events_.end(), tx_events_.begin(), tx_events_.end());
        tx_events_.clear();
    } catch (...) {
        tx_events_.clear();
        db_->rollback();
        set_host_tx(false);
        // Named before the reads are settled, which touches the connection
        // again.
        std::exception_ptr error;
        try {
            db_->rethrow_as_error();
        } catch (...) {
            error = std::current_exception();
        }
        settle_reads();
        std::rethrow_exception(error);
    }
}

void Practice::rollback() {
    if (!host_tx_) fail(Errc::state, "no transaction is open");
    forget_settings();
    db_->rollback();
    set_host_tx(false);
    tx_events_.clear();
    settle_reads();
}

std::vector<Event> Practice::take_committed_events() {
    std::vector<Event> out;
    out.swap(committed_events_);
    return out;
}

void Practice::queue_event(EventKind kind, Id record_id, Id case_id, Id client_id) {
    unit_events_.push_back({kind, record_id, case_id, client_id, actor_id_.value_or(0)});
}

long long Practice::now_us() const {
    return fixed_now_us_ ? *fixed_now_us_ : system_now_us();
}

std::string Practice::now_iso() const {
    return iso_from_us(now_us());
}

Date Practice::today() {
    return local_date(now_us(), time_zone());
}

void Practice::set_now(const std::string& timestamp) {
    if (timestamp.empty()) {
        fixed_now_us_.reset();
        return;
    }
    check_text("now", timestamp, max_short_text);
    fixed_now_us_ = parse_timestamp("now", timestamp);
}

// Inside the host's transaction on SQLite (BEGIN IMMEDIATE: no other writer
// until it ends) only this handle's own writes can change the actor's row or
// the practice's zone, and those forget them. On PostgreSQL another
// connection's commit is visible mid-transaction, so they are read per call.
// A read snapshot (SQLite's read transaction, PostgreSQL's REPEATABLE READ)
// sees nothing change until it ends.
bool Practice::settings_hold() const {
    return reading_ || (host_tx_ && db_->backend() == store::Backend::sqlite);
}

std::string Practice::time_zone() {
    if (zone_) return *zone_;
    std::string zone;
    try {
        zone = db_->plain_read([&] { return store::practice_time_zone(*db_); });
    } catch (...) {
        db_->rethrow_as_error();
    }
    // Kept only while nothing else can change it (see settings_hold()).
    if (settings_hold()) zone_ = zone;
    return zone;
}

void Practice::set_time_zone(const std::string& zone) {
    check_text("time_zone", zone, max_short_text, false);
    check_time_zone("time_zone", zone);
    run([&] {
        require_admin("update", "practice", 0);
        store::set_practice_time_zone(*db_, zone);
        zone_.reset();
        audit("update", "practice", 0);
    });
}

namespace {
store::AuditEvent event(long long at_us, std::optional<Id> actor, const char* action,
                        const char* object_type, Id object_id, const char* outcome) {
    store::AuditEvent e;
    e.at_us = at_us;
    e.actor_id = actor.value_or(0);
    e.action = action;
    e.object_type = object_type;
    e.object_id = object_id;
    e.outcome = outcome;
    return e;
}

// Events that record a look at the records, not a change to them: they stay
// in the log even when the host rolls its transaction back.
bool is_access(const std::string& action) {
    return action.rfind("read", 0) == 0 || action == "act_as" || action == "report" ||
           action == "release" || action == "verify" || action == "emergency_access";
}
} // namespace

void Practice::audit(const char* action, const char* object_type, Id object_id) {
    audit(action, object_type, object_id, std::string());
}

void Practice::audit(const char* action, const char* object_type, Id object_id,
                     std::string detail) {
    auto e = event(now_us(), actor_id_, action, object_type, object_id, "ok");
    if (!detail.empty()) e.detail = std::move(detail);
    if (reading_) {
        read_audit_.push_back(e); // written by read() once the snapshot ends
        return;
    }
    // Inside the host's transaction a look at the records goes to the read
    // journal when the unit ends (run()), not into the transaction.
    if (host_tx_ && is_access(e.action)) {
        unit_reads_.push_back(e);
        return;
    }
    store::append_audit(*db_, e);
}

void Practice::deny(const char* action, const char* object_type, Id object_id) {
    denied_ = event(now_us(), actor_id_, action, object_type, object_id, "denied");
    fail(Errc::denied, "the acting clinician is not allowed to do this");
}

void Practice::require_admin(const char* action, const char* object_type, Id object_id) {
    if (actor().role != "admin") deny(action, object_type, object_id);
}

store::Viewer Practice::viewer() {
    return {actor().id, actor().sees_everything()};
}

bool Practice::sees_client(Id client_id) {
    return actor().sees_everything() || store::client_visible(*db_, client_id, actor().id);
}

bool Practice::sees_couple(Id couple_id) {
    return actor().sees_everything() || store::couple_visible(*db_, couple_id, actor().id);
}

bool Practice::sees_case(const Case& c) {
    return actor().sees_everything() || c.primary_clinician_id == actor().id;
}

void Practice::not_found(const char* action, const Sought& sought) {
    actor(); // no actor: that error, not this one (and nothing to audit)
    denied_ = event(now_us(), actor_id_, action, sought.type, sought.id, "not_found");
    fail(Errc::not_found, sought.missing);
}

namespace {
// What a grant allows: reading the record (a look-up, a list of it, a case
// report), never changing, exporting or releasing it.
bool reads_under_grant(const char* action) {
    const std::string a = action;
    return a == "read" || a == "report";
}
} // namespace

Client Practice::visible_client(const char* action, Id id) {
    return visible_client(action, id, {"client", id, "no client has that id"});
}

Client Practice::visible_client(const char* action, Id id, const Sought& sought) {
    actor(); // no actor: that error, not this one
    auto c = store::find_client(*db_, id);
    if (!c) not_found(action, sought);
    if (!sees_client(id)) {
        if (!reads_under_grant(action) || !emergency_grant(id)) not_found(action, sought);
        audit("emergency_access", "client", id);
    }
    return *c;
}

Couple Practice::visible_couple(const char* action, Id id) {
    return visible_couple(action, id, {"couple", id, "no couple has that id"});
}

Couple Practice::visible_couple(const char* action, Id id, const Sought& sought) {
    actor();
    auto c = store::find_couple(*db_, id);
    if (!c || !sees_couple(id)) not_found(action, sought);
    return *c;
}

Case Practice::visible_case(const char* action, Id id) {
    return visible_case(action, id, {"case", id, "no case has that id"});
}

Case Practice::visible_case(const char* action, Id id, const Sought& sought) {
    actor();
    auto c = store::find_case(*db_, id);
    if (!c) not_found(action, sought);
    if (!sees_case(*c)) {
        // A grant opens the client's individual cases only: a conjoint case
        // holds the partner's record too.
        if (!reads_under_grant(action) || !c->individual() || !emergency_grant(c->client_id))
            not_found(action, sought);
        audit("emergency_access", "case", id);
    }
    return *c;
}

void Practice::check_external_id_free(const char* table, const Text& external_id, Id self) {
    if (external_id && store::external_id_taken(*db_, table, *external_id, self))
        fail(Errc::exists, std::string("that external_id is already used by another ") +
                               (std::string(table) == "care_case" ? "case" : table));
}

nlohmann::json audit_event_json(const store::AuditEvent& e) {
    return {{"seq", e.seq},
            {"at", iso_from_us(e.at_us)},
            {"actor_id", e.actor_id ? nlohmann::json(e.actor_id) : nullptr},
            {"action", e.action},
            {"object_type", e.object_type},
            {"object_id", e.object_id ? nlohmann::json(e.object_id) : nullptr},
            {"outcome", e.outcome}};
}

std::string Practice::audit_json(long long after_seq, int limit) {
    if (after_seq < 0) fail(Errc::invalid, "after_seq must not be negative");
    if (limit < 1 || limit > audit_limit_max)
        fail(Errc::invalid, fmt::format("limit must be between 1 and {}", audit_limit_max));
    nlohmann::json out = nlohmann::json::array();
    read([&] {
        if (!actor().sees_everything()) deny("read", "audit_log", 0);
        for (const auto& e : store::list_audit(*db_, after_seq, limit))
            out.push_back(audit_event_json(e));
    });
    return out.dump();
}

} // namespace mend
