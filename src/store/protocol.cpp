// Which protocol a case follows, its phase history, attestations, treatment
// plans and agreements.
#include "store/binding.hpp"
#include "store/repositories.hpp"

namespace mend::store {

void insert_case_protocol(Database& db, const protocol::CaseProtocol& cp) {
    long long id = cp.case_id;
    InId betrayed(cp.betrayed_client_id);
    db.sql() << "INSERT INTO case_protocol (case_id, protocol_code, protocol_version,"
                " betrayed_client_id, started_on, created_at, updated_at)"
                " VALUES (:c, :code, :v, :b, :on, :ca, :ua)",
        soci::use(id), soci::use(cp.code), soci::use(cp.version),
        soci::use(betrayed.value, betrayed.ind), soci::use(cp.started_on), soci::use(cp.created_at),
        soci::use(cp.updated_at);
}

std::optional<protocol::CaseProtocol> find_case_protocol(Database& db, Id case_id) {
    long long id = case_id;
    protocol::CaseProtocol cp;
    OutId betrayed;
    db.sql()
        << "SELECT protocol_code, protocol_version, betrayed_client_id, started_on, created_at,"
           " updated_at FROM case_protocol WHERE case_id = :c",
        soci::use(id), soci::into(cp.code), soci::into(cp.version),
        soci::into(betrayed.value, betrayed.ind), soci::into(cp.started_on),
        soci::into(cp.created_at), soci::into(cp.updated_at);
    if (!db.sql().got_data()) return std::nullopt;
    cp.case_id = case_id;
    cp.betrayed_client_id = betrayed.get();
    return cp;
}

void update_case_protocol_roles(Database& db, Id case_id, Id betrayed_client_id,
                                const std::string& at) {
    long long id = case_id;
    InId betrayed(betrayed_client_id);
    db.sql()
        << "UPDATE case_protocol SET betrayed_client_id = :b, updated_at = :at WHERE case_id = :c",
        soci::use(betrayed.value, betrayed.ind), soci::use(at), soci::use(id);
}

Id insert_phase_entry(Database& db, const protocol::PhaseEntry& e) {
    long long c = e.case_id, actor = e.actor_id, id = 0;
    InText from(e.from_phase), rationale(e.rationale), plan(e.safety_plan), unmet(e.unmet),
        evaluation(e.evaluation);
    db.sql() << "INSERT INTO phase_entry (case_id, phase, from_phase, kind, entered_on, actor_id,"
                " rationale, safety_plan, unmet, evaluation, created_at)"
                " VALUES (:c, :ph, :fr, :k, :on, :a, :r, :sp, :u, :ev, :ca) RETURNING id",
        soci::use(c), soci::use(e.phase), soci::use(from.value, from.ind), soci::use(e.kind),
        soci::use(e.entered_on), soci::use(actor), soci::use(rationale.value, rationale.ind),
        soci::use(plan.value, plan.ind), soci::use(unmet.value, unmet.ind),
        soci::use(evaluation.value, evaluation.ind), soci::use(e.created_at), soci::into(id);
    return id;
}

std::vector<protocol::PhaseEntry> list_phase_entries(Database& db, Id case_id) {
    long long c = case_id, id = 0, actor = 0;
    std::string phase, kind, on, created;
    OutText from, rationale, plan, unmet, evaluation;
    soci::statement st =
        (db.sql().prepare << "SELECT id, phase, from_phase, kind, entered_on, actor_id, rationale,"
                             " safety_plan, unmet, evaluation, created_at FROM phase_entry"
                             " WHERE case_id = :c ORDER BY id",
         soci::into(id), soci::into(phase), soci::into(from.value, from.ind), soci::into(kind),
         soci::into(on), soci::into(actor), soci::into(rationale.value, rationale.ind),
         soci::into(plan.value, plan.ind), soci::into(unmet.value, unmet.ind),
         soci::into(evaluation.value, evaluation.ind), soci::into(created), soci::use(c));
    std::vector<protocol::PhaseEntry> out;
    if (st.execute(true)) {
        do {
            protocol::PhaseEntry e;
            e.id = id;
            e.case_id = case_id;
            e.phase = phase;
            e.from_phase = from.get();
            e.kind = kind;
            e.entered_on = on;
            e.actor_id = actor;
            e.rationale = rationale.get();
            e.safety_plan = plan.get();
            e.unmet = unmet.get();
            e.evaluation = evaluation.get();
            e.created_at = created;
            out.push_back(e);
        } while (st.fetch());
    }
    return out;
}

Id insert_role_change(Database& db, const protocol::RoleChange& r) {
    long long c = r.case_id, actor = r.actor_id, id = 0;
    InId betrayed(r.betrayed_client_id), previous(r.previous_client_id);
    InText evaluation(r.evaluation), opened(r.opened);
    db.sql() << "INSERT INTO role_change (case_id, betrayed_client_id, previous_client_id, kind,"
                " changed_on, rationale, evaluation, opened, actor_id, created_at)"
                " VALUES (:c, :b, :p, :k, :on, :r, :ev, :op, :a, :ca) RETURNING id",
        soci::use(c), soci::use(betrayed.value, betrayed.ind),
        soci::use(previous.value, previous.ind), soci::use(r.kind), soci::use(r.changed_on),
        soci::use(r.rationale), soci::use(evaluation.value, evaluation.ind),
        soci::use(opened.value, opened.ind), soci::use(actor), soci::use(r.created_at),
        soci::into(id);
    return id;
}

std::vector<protocol::RoleChange> list_role_changes(Database& db, Id case_id) {
    long long c = case_id, id = 0, actor = 0;
    OutId betrayed, previous;
    std::string kind, on, rationale, created;
    OutText evaluation, opened;
    soci::statement st =
        (db.sql().prepare << "SELECT id, betrayed_client_id, previous_client_id, kind, changed_on,"
                             " rationale, evaluation, opened, actor_id, created_at"
                             " FROM role_change WHERE case_id = :c ORDER BY id",
         soci::into(id), soci::into(betrayed.value, betrayed.ind),
         soci::into(previous.value, previous.ind), soci::into(kind), soci::into(on),
         soci::into(rationale), soci::into(evaluation.value, evaluation.ind),
         soci::into(opened.value, opened.ind), soci::into(actor), soci::into(created),
         soci::use(c));
    std::vector<protocol::RoleChange> out;
    if (st.execute(true)) {
        do {
            protocol::RoleChange r;
            r.id = id;
            r.case_id = case_id;
            r.betrayed_client_id = betrayed.get();
            r.previous_client_id = previous.get();
            r.kind = kind;
            r.changed_on = on;
            r.rationale = rationale;
            r.evaluation = evaluation.get();
            r.opened = opened.get();
            r.actor_id = actor;
            r.created_at = created;
            out.push_back(r);
        } while (st.fetch());
    }
    return out;
}

Id insert_attestation(Database& db, const protocol::Attestation& a) {
    long long c = a.case_id, by = a.recorded_by, id = 0;
    InId client(a.client_id);
    InText effective(a.effective_on), note(a.note);
    db.sql() << "INSERT INTO attestation (case_id, client_id, code, value, effective_on, note,"
                " recorded_on, recorded_by, created_at)"
                " VALUES (:c, :cl, :code, :v, :eff, :n, :on, :by, :ca) RETURNING id",
        soci::use(c), soci::use(client.value, client.ind), soci::use(a.code), soci::use(a.value),
        soci::use(effective.value, effective.ind), soci::use(note.value, note.ind),
        soci::use(a.recorded_on), soci::use(by), soci::use(a.created_at), soci::into(id);
    return id;
}

std::vector<protocol::Attestation> list_attestations(Database& db, Id case_id) {
    long long c = case_id, id = 0, by = 0;
    OutId client;
    std::string code, value, on, created;
    OutText effective, note;
    soci::statement st =
        (db.sql().prepare
             << "SELECT id, client_id, code, value, effective_on, note, recorded_on,"
                " recorded_by, created_at FROM attestation WHERE case_id = :c ORDER BY id",
         soci::into(id), soci::into(client.value, client.ind), soci::into(code), soci::into(value),
         soci::into(effective.value, effective.ind), soci::into(note.value, note.ind),
         soci::into(on), soci::into(by), soci::into(created), soci::use(c));
    std::vector<protocol::Attestation> out;
    if (st.execute(true)) {
        do {
            protocol::Attestation a;
            a.id = id;
            a.case_id = case_id;
            a.client_id = client.get();
            a.code = code;
            a.value = value;
            a.effective_on = effective.get();
            a.note = note.get();
            a.recorded_on = on;
            a.recorded_by = by;
            a.created_at = created;
            out.push_back(a);
        } while (st.fetch());
    }
    return out;
}

Id insert_plan_version(Database& db, const protocol::PlanVersion& p) {
    long long c = p.case_id, by = p.created_by, id = 0;
    InText review(p.review_on);
    db.sql() << "INSERT INTO treatment_plan (case_id, phase, version, plan, review_on, created_by,"
                " created_at) VALUES (:c, :ph, :v, :p, :r, :by, :ca) RETURNING id",
        soci::use(c), soci::use(p.phase), soci::use(p.version), soci::use(p.plan),
        soci::use(review.value, review.ind), soci::use(by), soci::use(p.created_at), soci::into(id);
    return id;
}

std::optional<protocol::PlanVersion> latest_plan(Database& db, Id case_id,
                                                 const std::string& phase) {
    long long c = case_id, id = 0, by = 0;
    protocol::PlanVersion p;
    OutText review;
    db.sql() << "SELECT id, version, plan, review_on, created_by, created_at FROM treatment_plan"
                " WHERE case_id = :c AND phase = :ph ORDER BY version DESC LIMIT 1",
        soci::use(c), soci::use(phase), soci::into(id), soci::into(p.version), soci::into(p.plan),
        soci::into(review.value, review.ind), soci::into(by), soci::into(p.created_at);
    if (!db.sql().got_data()) return std::nullopt;
    p.id = id;
    p.case_id = case_id;
    p.phase = phase;
    p.review_on = review.get();
    p.created_by = by;
    return p;
}

Id insert_agreement(Database& db, const protocol::Agreement& a) {
    long long c = a.case_id, by = a.created_by, id = 0;
    InText review(a.review_on);
    db.sql() << "INSERT INTO agreement (case_id, kind, text, agreed_on, review_on, status,"
                " created_by, created_at, updated_at)"
                " VALUES (:c, :k, :t, :on, :r, :s, :by, :ca, :ua) RETURNING id",
        soci::use(c), soci::use(a.kind), soci::use(a.text), soci::use(a.agreed_on),
        soci::use(review.value, review.ind), soci::use(a.status), soci::use(by),
        soci::use(a.created_at), soci::use(a.updated_at), soci::into(id);
    return id;
}

namespace {
const char* const agreement_columns =
    "id, case_id, kind, text, agreed_on, review_on, status, created_by, created_at, updated_at";

struct AgreementRow {
    long long id = 0, case_id = 0, by = 0;
    std::string kind, text, on, status, created, updated;
    OutText review;
    template <class Stmt> void bind(Stmt& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(case_id));
        st.exchange(soci::into(kind));
        st.exchange(soci::into(text));
        st.exchange(soci::into(on));
        st.exchange(soci::into(review.value, review.ind));
        st.exchange(soci::into(status));
        st.exchange(soci::into(by));
        st.exchange(soci::into(created));
        st.exchange(soci::into(updated));
    }
    protocol::Agreement get() const {
        protocol::Agreement a;
        a.id = id;
        a.case_id = case_id;
        a.kind = kind;
        a.text = text;
        a.agreed_on = on;
        a.review_on = review.get();
        a.status = status;
        a.created_by = by;
        a.created_at = created;
        a.updated_at = updated;
        return a;
    }
};

template <class Key>
std::vector<protocol::Agreement> select_agreements(Database& db, const char* where, Key key) {
    AgreementRow r;
    soci::statement st(db.sql());
    r.bind(st);
    st.exchange(soci::use(key));
    st.alloc();
    st.prepare(std::string("SELECT ") + agreement_columns + " FROM agreement WHERE " + where +
               " ORDER BY id");
    st.define_and_bind();
    return fetch_all(st, r);
}
} // namespace

std::optional<protocol::Agreement> find_agreement(Database& db, Id id) {
    auto rows = select_agreements(db, "id = :id", static_cast<long long>(id));
    if (rows.empty()) return std::nullopt;
    return rows.front();
}

std::vector<protocol::Agreement> list_agreements(Database& db, Id case_id) {
    return select_agreements(db, "case_id = :c", static_cast<long long>(case_id));
}

void update_agreement_status(Database& db, Id id, const std::string& status,
                             const std::string& at) {
    long long key = id;
    db.sql() << "UPDATE agreement SET status = :s, updated_at = :at WHERE id = :id",
        soci::use(status), soci::use(at), soci::use(key);
}

Id insert_agreement_event(Database& db, const protocol::AgreementEvent& e) {
    long long a = e.agreement_id, actor = e.actor_id, id = 0;
    InId broken(e.broken_by);
    InText note(e.note);
    db.sql() << "INSERT INTO agreement_event (agreement_id, status, note, broken_by, actor_id, at)"
                " VALUES (:a, :s, :n, :b, :by, :at) RETURNING id",
        soci::use(a), soci::use(e.status), soci::use(note.value, note.ind),
        soci::use(broken.value, broken.ind), soci::use(actor), soci::use(e.at), soci::into(id);
    return id;
}

std::vector<protocol::AgreementEvent> list_agreement_events(Database& db, Id agreement_id) {
    long long a = agreement_id, id = 0, actor = 0;
    OutId broken;
    std::string status, at;
    OutText note;
    soci::statement st =
        (db.sql().prepare << "SELECT id, status, note, broken_by, actor_id, at FROM agreement_event"
                             " WHERE agreement_id = :a ORDER BY id",
         soci::into(id), soci::into(status), soci::into(note.value, note.ind),
         soci::into(broken.value, broken.ind), soci::into(actor), soci::into(at), soci::use(a));
    std::vector<protocol::AgreementEvent> out;
    if (st.execute(true)) {
        do
            out.push_back({id, agreement_id, broken.get(), actor, status, note.get(), at});
        while (st.fetch());
    }
    return out;
}

} // namespace mend::store
