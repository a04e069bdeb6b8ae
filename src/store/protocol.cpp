// Which protocol a case follows, its phase history, attestations, treatment
// plans and agreements.
#include "store/binding.hpp"
#include "store/prepared.hpp"
#include "store/repositories.hpp"
#include "store/sealing.hpp"

namespace mend::store {

namespace {
struct InsertCaseProtocol : Prepared {
    long long c = 0;
    std::string code, started_on, created_at, updated_at;
    int version = 0;
    InId betrayed{0};
    explicit InsertCaseProtocol(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::use(c));
        st.exchange(soci::use(code));
        st.exchange(soci::use(version));
        st.exchange(soci::use(betrayed.value, betrayed.ind));
        st.exchange(soci::use(started_on));
        st.exchange(soci::use(created_at));
        st.exchange(soci::use(updated_at));
        compile("INSERT INTO case_protocol (case_id, protocol_code, protocol_version,"
                " betrayed_client_id, started_on, created_at, updated_at)"
                " VALUES (:c, :code, :v, :b, :on, :ca, :ua)");
    }
};

struct UpdateCaseProtocolRoles : Prepared {
    InId betrayed{0};
    std::string at;
    long long c = 0;
    explicit UpdateCaseProtocolRoles(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::use(betrayed.value, betrayed.ind));
        st.exchange(soci::use(at));
        st.exchange(soci::use(c));
        compile("UPDATE case_protocol SET betrayed_client_id = :b, updated_at = :at"
                " WHERE case_id = :c");
    }
};
} // namespace

void insert_case_protocol(Database& db, const protocol::CaseProtocol& cp) {
    auto& s = db.prepared<InsertCaseProtocol>();
    s.c = cp.case_id;
    s.code = cp.code;
    s.version = cp.version;
    s.betrayed = InId(cp.betrayed_client_id);
    s.started_on = cp.started_on;
    s.created_at = cp.created_at;
    s.updated_at = cp.updated_at;
    s.run();
}

namespace {
struct CaseProtocolRow {
    protocol::CaseProtocol cp;
    OutId betrayed;
    template <class Stmt> void bind(Stmt& st) {
        st.exchange(soci::into(cp.code));
        st.exchange(soci::into(cp.version));
        st.exchange(soci::into(betrayed.value, betrayed.ind));
        st.exchange(soci::into(cp.started_on));
        st.exchange(soci::into(cp.created_at));
        st.exchange(soci::into(cp.updated_at));
    }
    protocol::CaseProtocol get() const {
        protocol::CaseProtocol out = cp;
        out.betrayed_client_id = betrayed.get();
        return out;
    }
};

struct FindCaseProtocol : Lookup<CaseProtocolRow, long long> {
    explicit FindCaseProtocol(soci::session& sql)
        : Lookup(sql, "SELECT protocol_code, protocol_version, betrayed_client_id, started_on,"
                      " created_at, updated_at FROM case_protocol WHERE case_id = :c") {}
};
} // namespace

std::optional<protocol::CaseProtocol> find_case_protocol(Database& db, Id case_id) {
    auto cp = db.prepared<FindCaseProtocol>().find(case_id);
    if (cp) cp->case_id = case_id;
    return cp;
}

void update_case_protocol_roles(Database& db, Id case_id, Id betrayed_client_id,
                                const std::string& at) {
    auto& s = db.prepared<UpdateCaseProtocolRoles>();
    s.betrayed = InId(betrayed_client_id);
    s.at = at;
    s.c = case_id;
    s.run();
}

namespace {
template <bool WithId> struct InsertPhaseEntry : InsertRow<WithId> {
    long long c = 0, actor = 0;
    std::string phase, kind, on, created_at;
    InText from{Text()}, rationale{Text()}, plan{Text()}, unmet{Text()}, evaluation{Text()};
    explicit InsertPhaseEntry(soci::session& sql) : InsertRow<WithId>(sql) {
        auto& st = this->st;
        st.exchange(soci::use(c));
        st.exchange(soci::use(phase));
        st.exchange(soci::use(from.value, from.ind));
        st.exchange(soci::use(kind));
        st.exchange(soci::use(on));
        st.exchange(soci::use(actor));
        for (auto* v : {&rationale, &plan, &unmet, &evaluation})
            st.exchange(soci::use(v->value, v->ind));
        st.exchange(soci::use(created_at));
        this->compile_insert("phase_entry",
                             "case_id, phase, from_phase, kind, entered_on, actor_id,"
                             " rationale, safety_plan, unmet, evaluation, created_at",
                             ":c, :ph, :fr, :k, :on, :a, :r, :sp, :u, :ev, :ca");
    }
};

// The sealed fields of each record, opened (an encrypted practice).
// A phase move's and a role change's gate evaluation and what it passed
// over name the clients (their sentences), so they are sealed too.
template <class F> void each_sealed(protocol::PhaseEntry& e, F&& f) {
    f("rationale", e.rationale);
    f("safety_plan", e.safety_plan);
    f("unmet", e.unmet);
    f("evaluation", e.evaluation);
}
template <class F> void each_sealed(protocol::RoleChange& r, F&& f) {
    f("rationale", r.rationale);
    f("evaluation", r.evaluation);
    f("opened", r.opened);
}
protocol::PhaseEntry opened(Database& db, protocol::PhaseEntry e) {
    each_sealed(e, [&](const char* column, auto& v) {
        v = open_text(db, {"phase_entry", column, e.id}, v);
    });
    return e;
}
protocol::RoleChange opened(Database& db, protocol::RoleChange r) {
    each_sealed(r, [&](const char* column, auto& v) {
        v = open_text(db, {"role_change", column, r.id}, v);
    });
    return r;
}
// A record with one sealed field, that field opened.
template <class T, class F>
T opened_field(Database& db, T r, const char* table, const char* column, F T::*field) {
    r.*field = open_text(db, {table, column, r.id}, r.*field);
    return r;
}
protocol::Agreement opened(Database& db, protocol::Agreement a) {
    return opened_field(db, std::move(a), "agreement", "text", &protocol::Agreement::text);
}
protocol::AgreementEvent opened(Database& db, protocol::AgreementEvent e) {
    return opened_field(db, std::move(e), "agreement_event", "note",
                        &protocol::AgreementEvent::note);
}
protocol::Attestation opened(Database& db, protocol::Attestation a) {
    return opened_field(db, std::move(a), "attestation", "note", &protocol::Attestation::note);
}
protocol::PlanVersion opened(Database& db, protocol::PlanVersion p) {
    return opened_field(db, std::move(p), "treatment_plan", "plan", &protocol::PlanVersion::plan);
}
template <class T> std::vector<T> opened(Database& db, std::vector<T> rows) {
    if (db.encrypted())
        for (auto& r : rows)
            r = opened(db, std::move(r));
    return rows;
}
template <class T> ByKey<T> opened(Database& db, ByKey<T> rows) {
    for (auto& [key, list] : rows)
        list = opened(db, std::move(list));
    return rows;
}
} // namespace

Id insert_phase_entry(Database& db, const protocol::PhaseEntry& e) {
    return insert_row<InsertPhaseEntry>(db, RowTable::phase_entry, [&](auto& s, Id id) {
        protocol::PhaseEntry row = e;
        each_sealed(row, [&](const char* column, auto& v) {
            v = seal_text(db, {"phase_entry", column, id}, v);
        });
        s.c = row.case_id;
        s.phase = row.phase;
        s.from = InText(row.from_phase);
        s.kind = row.kind;
        s.on = row.entered_on;
        s.actor = row.actor_id;
        s.rationale = InText(row.rationale);
        s.plan = InText(row.safety_plan);
        s.unmet = InText(row.unmet);
        s.evaluation = InText(row.evaluation);
        s.created_at = row.created_at;
    });
}

namespace {
struct PhaseEntryRow {
    long long id = 0, actor = 0;
    std::string phase, kind, on, created;
    OutText from, rationale, plan, unmet, evaluation;
    template <class Stmt> void bind(Stmt& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(phase));
        st.exchange(soci::into(from.value, from.ind));
        st.exchange(soci::into(kind));
        st.exchange(soci::into(on));
        st.exchange(soci::into(actor));
        st.exchange(soci::into(rationale.value, rationale.ind));
        st.exchange(soci::into(plan.value, plan.ind));
        st.exchange(soci::into(unmet.value, unmet.ind));
        st.exchange(soci::into(evaluation.value, evaluation.ind));
        st.exchange(soci::into(created));
    }
    protocol::PhaseEntry get() const {
        protocol::PhaseEntry e;
        e.id = id;
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
        return e;
    }
};

struct ListPhaseEntries : List<PhaseEntryRow, long long> {
    explicit ListPhaseEntries(soci::session& sql)
        : List(sql, "SELECT id, phase, from_phase, kind, entered_on, actor_id, rationale,"
                    " safety_plan, unmet, evaluation, created_at FROM phase_entry"
                    " WHERE case_id = :c ORDER BY id") {}
};
} // namespace

std::vector<protocol::PhaseEntry> list_phase_entries(Database& db, Id case_id) {
    auto out = opened(db, db.prepared<ListPhaseEntries>().list(case_id));
    for (auto& e : out)
        e.case_id = case_id;
    return out;
}

namespace {
template <bool WithId> struct InsertRoleChange : InsertRow<WithId> {
    long long c = 0, actor = 0;
    InId betrayed{0}, previous{0};
    std::string kind, on, rationale, created_at;
    InText evaluation{Text()}, opened{Text()};
    explicit InsertRoleChange(soci::session& sql) : InsertRow<WithId>(sql) {
        auto& st = this->st;
        st.exchange(soci::use(c));
        st.exchange(soci::use(betrayed.value, betrayed.ind));
        st.exchange(soci::use(previous.value, previous.ind));
        st.exchange(soci::use(kind));
        st.exchange(soci::use(on));
        st.exchange(soci::use(rationale));
        st.exchange(soci::use(evaluation.value, evaluation.ind));
        st.exchange(soci::use(opened.value, opened.ind));
        st.exchange(soci::use(actor));
        st.exchange(soci::use(created_at));
        this->compile_insert("role_change",
                             "case_id, betrayed_client_id, previous_client_id, kind, changed_on,"
                             " rationale, evaluation, opened, actor_id, created_at",
                             ":c, :b, :p, :k, :on, :r, :ev, :op, :a, :ca");
    }
};
} // namespace

Id insert_role_change(Database& db, const protocol::RoleChange& r) {
    return insert_row<InsertRoleChange>(db, RowTable::role_change, [&](auto& s, Id id) {
        protocol::RoleChange row = r;
        each_sealed(row, [&](const char* column, auto& v) {
            v = seal_text(db, {"role_change", column, id}, v);
        });
        s.c = row.case_id;
        s.betrayed = InId(row.betrayed_client_id);
        s.previous = InId(row.previous_client_id);
        s.kind = row.kind;
        s.on = row.changed_on;
        s.rationale = row.rationale;
        s.evaluation = InText(row.evaluation);
        s.opened = InText(row.opened);
        s.actor = row.actor_id;
        s.created_at = row.created_at;
    });
}

namespace {
struct RoleChangeRow {
    long long id = 0, actor = 0;
    OutId betrayed, previous;
    std::string kind, on, rationale, created;
    OutText evaluation, opened;
    template <class Stmt> void bind(Stmt& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(betrayed.value, betrayed.ind));
        st.exchange(soci::into(previous.value, previous.ind));
        st.exchange(soci::into(kind));
        st.exchange(soci::into(on));
        st.exchange(soci::into(rationale));
        st.exchange(soci::into(evaluation.value, evaluation.ind));
        st.exchange(soci::into(opened.value, opened.ind));
        st.exchange(soci::into(actor));
        st.exchange(soci::into(created));
    }
    protocol::RoleChange get() const {
        protocol::RoleChange r;
        r.id = id;
        r.betrayed_client_id = betrayed.get();
        r.previous_client_id = previous.get();
        r.kind = kind;
        r.changed_on = on;
        r.rationale = rationale;
        r.evaluation = evaluation.get();
        r.opened = opened.get();
        r.actor_id = actor;
        r.created_at = created;
        return r;
    }
};

struct ListRoleChanges : List<RoleChangeRow, long long> {
    explicit ListRoleChanges(soci::session& sql)
        : List(sql, "SELECT id, betrayed_client_id, previous_client_id, kind, changed_on,"
                    " rationale, evaluation, opened, actor_id, created_at"
                    " FROM role_change WHERE case_id = :c ORDER BY id") {}
};
} // namespace

std::vector<protocol::RoleChange> list_role_changes(Database& db, Id case_id) {
    auto out = opened(db, db.prepared<ListRoleChanges>().list(case_id));
    for (auto& r : out)
        r.case_id = case_id;
    return out;
}

namespace {
template <bool WithId> struct InsertAttestation : InsertRow<WithId> {
    long long c = 0, by = 0;
    InId client{0};
    std::string code, value, on, created_at;
    InText effective{Text()}, note{Text()};
    explicit InsertAttestation(soci::session& sql) : InsertRow<WithId>(sql) {
        auto& st = this->st;
        st.exchange(soci::use(c));
        st.exchange(soci::use(client.value, client.ind));
        st.exchange(soci::use(code));
        st.exchange(soci::use(value));
        st.exchange(soci::use(effective.value, effective.ind));
        st.exchange(soci::use(note.value, note.ind));
        st.exchange(soci::use(on));
        st.exchange(soci::use(by));
        st.exchange(soci::use(created_at));
        this->compile_insert("attestation",
                             "case_id, client_id, code, value, effective_on, note, recorded_on,"
                             " recorded_by, created_at",
                             ":c, :cl, :code, :v, :eff, :n, :on, :by, :ca");
    }
};
} // namespace

Id insert_attestation(Database& db, const protocol::Attestation& a) {
    return insert_row<InsertAttestation>(db, RowTable::attestation, [&](auto& s, Id id) {
        s.c = a.case_id;
        s.client = InId(a.client_id);
        s.code = a.code;
        s.value = a.value;
        s.effective = InText(a.effective_on);
        s.note = InText(seal_text(db, {"attestation", "note", id}, a.note));
        s.on = a.recorded_on;
        s.by = a.recorded_by;
        s.created_at = a.created_at;
    });
}

namespace {
struct AttestationRow {
    long long id = 0, by = 0;
    OutId client;
    std::string code, value, on, created;
    OutText effective, note;
    template <class Stmt> void bind(Stmt& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(client.value, client.ind));
        st.exchange(soci::into(code));
        st.exchange(soci::into(value));
        st.exchange(soci::into(effective.value, effective.ind));
        st.exchange(soci::into(note.value, note.ind));
        st.exchange(soci::into(on));
        st.exchange(soci::into(by));
        st.exchange(soci::into(created));
    }
    protocol::Attestation get() const {
        protocol::Attestation a;
        a.id = id;
        a.client_id = client.get();
        a.code = code;
        a.value = value;
        a.effective_on = effective.get();
        a.note = note.get();
        a.recorded_on = on;
        a.recorded_by = by;
        a.created_at = created;
        return a;
    }
};

struct ListAttestations : List<AttestationRow, long long> {
    explicit ListAttestations(soci::session& sql)
        : List(sql, "SELECT id, client_id, code, value, effective_on, note, recorded_on,"
                    " recorded_by, created_at FROM attestation WHERE case_id = :c ORDER BY id") {}
};
} // namespace

std::vector<protocol::Attestation> list_attestations(Database& db, Id case_id) {
    auto out = opened(db, db.prepared<ListAttestations>().list(case_id));
    for (auto& a : out)
        a.case_id = case_id;
    return out;
}

namespace {
template <bool WithId> struct InsertPlanVersion : InsertRow<WithId> {
    long long c = 0, by = 0;
    std::string phase, plan, created_at;
    int version = 0;
    InText review{Text()};
    explicit InsertPlanVersion(soci::session& sql) : InsertRow<WithId>(sql) {
        auto& st = this->st;
        st.exchange(soci::use(c));
        st.exchange(soci::use(phase));
        st.exchange(soci::use(version));
        st.exchange(soci::use(plan));
        st.exchange(soci::use(review.value, review.ind));
        st.exchange(soci::use(by));
        st.exchange(soci::use(created_at));
        this->compile_insert("treatment_plan",
                             "case_id, phase, version, plan, review_on, created_by, created_at",
                             ":c, :ph, :v, :p, :r, :by, :ca");
    }
};
} // namespace

Id insert_plan_version(Database& db, const protocol::PlanVersion& p) {
    return insert_row<InsertPlanVersion>(db, RowTable::treatment_plan, [&](auto& s, Id id) {
        s.c = p.case_id;
        s.phase = p.phase;
        s.version = p.version;
        s.plan = seal_text(db, {"treatment_plan", "plan", id}, p.plan);
        s.review = InText(p.review_on);
        s.by = p.created_by;
        s.created_at = p.created_at;
    });
}

namespace {
struct PlanRow {
    long long id = 0, by = 0;
    protocol::PlanVersion p;
    OutText review;
    template <class Stmt> void bind(Stmt& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(p.version));
        st.exchange(soci::into(p.plan));
        st.exchange(soci::into(review.value, review.ind));
        st.exchange(soci::into(by));
        st.exchange(soci::into(p.created_at));
    }
    protocol::PlanVersion get() const {
        protocol::PlanVersion out = p;
        out.id = id;
        out.review_on = review.get();
        out.created_by = by;
        return out;
    }
};

struct LatestPlan : Prepared {
    PlanRow r;
    long long c = 0;
    std::string phase;
    explicit LatestPlan(soci::session& sql) : Prepared(sql) {
        r.bind(st);
        st.exchange(soci::use(c));
        st.exchange(soci::use(phase));
        compile("SELECT id, version, plan, review_on, created_by, created_at FROM treatment_plan"
                " WHERE case_id = :c AND phase = :ph ORDER BY version DESC LIMIT 1");
    }
};
} // namespace

std::optional<protocol::PlanVersion> latest_plan(Database& db, Id case_id,
                                                 const std::string& phase) {
    auto& s = db.prepared<LatestPlan>();
    s.c = case_id;
    s.phase = phase;
    if (!s.run()) return std::nullopt;
    auto p = s.r.get();
    p.case_id = case_id;
    p.phase = phase;
    return opened(db, std::move(p));
}

namespace {
template <bool WithId> struct InsertAgreement : InsertRow<WithId> {
    long long c = 0, by = 0;
    std::string kind, text, on, status, created_at, updated_at;
    InText review{Text()};
    explicit InsertAgreement(soci::session& sql) : InsertRow<WithId>(sql) {
        auto& st = this->st;
        st.exchange(soci::use(c));
        st.exchange(soci::use(kind));
        st.exchange(soci::use(text));
        st.exchange(soci::use(on));
        st.exchange(soci::use(review.value, review.ind));
        st.exchange(soci::use(status));
        st.exchange(soci::use(by));
        st.exchange(soci::use(created_at));
        st.exchange(soci::use(updated_at));
        this->compile_insert("agreement",
                             "case_id, kind, text, agreed_on, review_on, status, created_by,"
                             " created_at, updated_at",
                             ":c, :k, :t, :on, :r, :s, :by, :ca, :ua");
    }
};
} // namespace

Id insert_agreement(Database& db, const protocol::Agreement& a) {
    return insert_row<InsertAgreement>(db, RowTable::agreement, [&](auto& s, Id id) {
        s.c = a.case_id;
        s.kind = a.kind;
        s.text = seal_text(db, {"agreement", "text", id}, a.text);
        s.on = a.agreed_on;
        s.review = InText(a.review_on);
        s.status = a.status;
        s.by = a.created_by;
        s.created_at = a.created_at;
        s.updated_at = a.updated_at;
    });
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

struct FindAgreement : Lookup<AgreementRow, long long> {
    explicit FindAgreement(soci::session& sql)
        : Lookup(sql,
                 std::string("SELECT ") + agreement_columns + " FROM agreement WHERE id = :id") {}
};

struct ListAgreements : List<AgreementRow, long long> {
    explicit ListAgreements(soci::session& sql)
        : List(sql, std::string("SELECT ") + agreement_columns +
                        " FROM agreement WHERE case_id = :c ORDER BY id") {}
};

struct UpdateAgreementStatus : Prepared {
    std::string status, at;
    long long id = 0;
    explicit UpdateAgreementStatus(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::use(status));
        st.exchange(soci::use(at));
        st.exchange(soci::use(id));
        compile("UPDATE agreement SET status = :s, updated_at = :at WHERE id = :id");
    }
};
} // namespace

std::optional<protocol::Agreement> find_agreement(Database& db, Id id) {
    auto a = db.prepared<FindAgreement>().find(id);
    if (a) a = opened(db, std::move(*a));
    return a;
}

std::vector<protocol::Agreement> list_agreements(Database& db, Id case_id) {
    return opened(db, db.prepared<ListAgreements>().list(case_id));
}

void update_agreement_status(Database& db, Id id, const std::string& status,
                             const std::string& at) {
    auto& s = db.prepared<UpdateAgreementStatus>();
    s.status = status;
    s.at = at;
    s.id = id;
    s.run();
}

namespace {
template <bool WithId> struct InsertAgreementEvent : InsertRow<WithId> {
    long long a = 0, actor = 0;
    InId broken{0};
    InText note{Text()};
    std::string status, at;
    explicit InsertAgreementEvent(soci::session& sql) : InsertRow<WithId>(sql) {
        auto& st = this->st;
        st.exchange(soci::use(a));
        st.exchange(soci::use(status));
        st.exchange(soci::use(note.value, note.ind));
        st.exchange(soci::use(broken.value, broken.ind));
        st.exchange(soci::use(actor));
        st.exchange(soci::use(at));
        this->compile_insert("agreement_event",
                             "agreement_id, status, note, broken_by, actor_id, at",
                             ":a, :s, :n, :b, :by, :at");
    }
};
} // namespace

Id insert_agreement_event(Database& db, const protocol::AgreementEvent& e) {
    return insert_row<InsertAgreementEvent>(db, RowTable::agreement_event, [&](auto& s, Id id) {
        s.a = e.agreement_id;
        s.status = e.status;
        s.note = InText(seal_text(db, {"agreement_event", "note", id}, e.note));
        s.broken = InId(e.broken_by);
        s.actor = e.actor_id;
        s.at = e.at;
    });
}

namespace {
struct AgreementEventRow {
    long long id = 0, actor = 0;
    OutId broken;
    std::string status, at;
    OutText note;
    template <class Stmt> void bind(Stmt& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(status));
        st.exchange(soci::into(note.value, note.ind));
        st.exchange(soci::into(broken.value, broken.ind));
        st.exchange(soci::into(actor));
        st.exchange(soci::into(at));
    }
    protocol::AgreementEvent get() const {
        return {id, 0, broken.get(), actor, status, note.get(), at};
    }
};

struct ListAgreementEvents : List<AgreementEventRow, long long> {
    explicit ListAgreementEvents(soci::session& sql)
        : List(sql, "SELECT id, status, note, broken_by, actor_id, at FROM agreement_event"
                    " WHERE agreement_id = :a ORDER BY id") {}
};
} // namespace

std::vector<protocol::AgreementEvent> list_agreement_events(Database& db, Id agreement_id) {
    auto out = opened(db, db.prepared<ListAgreementEvents>().list(agreement_id));
    for (auto& e : out)
        e.agreement_id = agreement_id;
    return out;
}

namespace {
struct CaseProtocolsOfCases : SetList<CaseProtocolRow> {
    explicit CaseProtocolsOfCases(soci::session& sql)
        : SetList(sql, "SELECT case_id, protocol_code, protocol_version, betrayed_client_id,"
                       " started_on, created_at, updated_at FROM case_protocol WHERE case_id" +
                           in_ids(sql)) {}
};

struct PhaseEntriesOfCases : SetList<PhaseEntryRow> {
    explicit PhaseEntriesOfCases(soci::session& sql)
        : SetList(sql, "SELECT case_id, id, phase, from_phase, kind, entered_on, actor_id,"
                       " rationale, safety_plan, unmet, evaluation, created_at FROM phase_entry"
                       " WHERE case_id" +
                           in_ids(sql) + " ORDER BY case_id, id") {}
};

struct RoleChangesOfCases : SetList<RoleChangeRow> {
    explicit RoleChangesOfCases(soci::session& sql)
        : SetList(sql, "SELECT case_id, id, betrayed_client_id, previous_client_id, kind,"
                       " changed_on, rationale, evaluation, opened, actor_id, created_at"
                       " FROM role_change WHERE case_id" +
                           in_ids(sql) + " ORDER BY case_id, id") {}
};

struct AttestationsOfCases : SetList<AttestationRow> {
    explicit AttestationsOfCases(soci::session& sql)
        : SetList(sql, "SELECT case_id, id, client_id, code, value, effective_on, note,"
                       " recorded_on, recorded_by, created_at FROM attestation WHERE case_id" +
                           in_ids(sql) + " ORDER BY case_id, id") {}
};

struct AgreementsOfCases : SetList<AgreementRow> {
    explicit AgreementsOfCases(soci::session& sql)
        : SetList(sql, std::string("SELECT case_id, ") + agreement_columns +
                           " FROM agreement WHERE case_id" + in_ids(sql) +
                           " ORDER BY case_id, id") {}
};

struct AgreementEventsOfCases : SetList<AgreementEventRow> {
    explicit AgreementEventsOfCases(soci::session& sql)
        : SetList(sql, "SELECT e.agreement_id, e.id, e.status, e.note, e.broken_by, e.actor_id,"
                       " e.at FROM agreement_event e JOIN agreement a ON a.id = e.agreement_id"
                       " WHERE a.case_id" +
                           in_ids(sql) + " ORDER BY e.agreement_id, e.id") {}
};

// A plan version with its phase, for the latest of each phase.
struct PhasePlanRow {
    std::string phase;
    PlanRow plan;
    template <class Stmt> void bind(Stmt& st) {
        st.exchange(soci::into(phase));
        plan.bind(st);
    }
    protocol::PlanVersion get() const {
        auto p = plan.get();
        p.phase = phase;
        return p;
    }
};

struct LatestPlansOfCases : SetList<PhasePlanRow> {
    explicit LatestPlansOfCases(soci::session& sql)
        : SetList(sql, "SELECT t.case_id, t.phase, t.id, t.version, t.plan, t.review_on,"
                       " t.created_by, t.created_at FROM treatment_plan t WHERE t.case_id" +
                           in_ids(sql) +
                           " AND t.version = (SELECT MAX(l.version) FROM treatment_plan l"
                           " WHERE l.case_id = t.case_id AND l.phase = t.phase)"
                           " ORDER BY t.case_id, t.phase") {}
};
} // namespace

std::map<Id, protocol::CaseProtocol> case_protocols(Database& db, const std::vector<Id>& case_ids) {
    std::map<Id, protocol::CaseProtocol> out;
    for (auto& [kase, rows] : db.prepared<CaseProtocolsOfCases>().by_key(case_ids)) {
        rows.front().case_id = kase;
        out.emplace(kase, std::move(rows.front()));
    }
    return out;
}

ByKey<protocol::PhaseEntry> phase_entries_of_cases(Database& db, const std::vector<Id>& case_ids) {
    return keyed(opened(db, db.prepared<PhaseEntriesOfCases>().by_key(case_ids)),
                 &protocol::PhaseEntry::case_id);
}

ByKey<protocol::RoleChange> role_changes_of_cases(Database& db, const std::vector<Id>& case_ids) {
    return keyed(opened(db, db.prepared<RoleChangesOfCases>().by_key(case_ids)),
                 &protocol::RoleChange::case_id);
}

ByKey<protocol::Attestation> attestations_of_cases(Database& db, const std::vector<Id>& case_ids) {
    return keyed(opened(db, db.prepared<AttestationsOfCases>().by_key(case_ids)),
                 &protocol::Attestation::case_id);
}

ByKey<protocol::Agreement> agreements_of_cases(Database& db, const std::vector<Id>& case_ids) {
    return opened(db, db.prepared<AgreementsOfCases>().by_key(case_ids));
}

ByKey<protocol::AgreementEvent> agreement_events_of_cases(Database& db,
                                                          const std::vector<Id>& case_ids) {
    return keyed(opened(db, db.prepared<AgreementEventsOfCases>().by_key(case_ids)),
                 &protocol::AgreementEvent::agreement_id);
}

ByKey<protocol::PlanVersion> latest_plans_of_cases(Database& db, const std::vector<Id>& case_ids) {
    return keyed(opened(db, db.prepared<LatestPlansOfCases>().by_key(case_ids)),
                 &protocol::PlanVersion::case_id);
}

} // namespace mend::store
