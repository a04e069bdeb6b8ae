// Loaded definitions, instrument cut-off choices, administrations with their item
// answers, safety screens and safety flags.
#include "store/binding.hpp"
#include "store/prepared.hpp"
#include "store/repositories.hpp"
#include "store/visibility.hpp"

#include <fmt/format.h>
#include <map>

namespace mend::store {

namespace {
// Fixed table names: never user text.
const char* definition_table(DefinitionKind kind) {
    return kind == DefinitionKind::instrument ? "instrument_definition" : "protocol_definition";
}
} // namespace

void insert_definition(Database& db, DefinitionKind kind, const std::string& code, int version,
                       const std::string& definition, Id loaded_by, const std::string& at) {
    long long by = loaded_by;
    db.sql() << std::string("INSERT INTO ") + definition_table(kind) +
                    " (code, version, definition, loaded_by, loaded_at)"
                    " VALUES (:code, :v, :def, :by, :at)",
        soci::use(code), soci::use(version), soci::use(definition), soci::use(by), soci::use(at);
}

int latest_definition_version(Database& db, DefinitionKind kind, const std::string& code) {
    int version = 0;
    soci::indicator ind = soci::i_null;
    db.sql() << std::string("SELECT MAX(version) FROM ") + definition_table(kind) +
                    " WHERE code = :c",
        soci::use(code), soci::into(version, ind);
    return ind == soci::i_ok ? version : 0;
}

std::vector<std::tuple<std::string, int, std::string>> list_definitions(Database& db,
                                                                        DefinitionKind kind) {
    std::string code, def;
    int version = 0;
    soci::statement st =
        (db.sql().prepare << std::string("SELECT code, version, definition FROM ") +
                                 definition_table(kind) + " ORDER BY code, version",
         soci::into(code), soci::into(version), soci::into(def));
    std::vector<std::tuple<std::string, int, std::string>> out;
    if (st.execute(true)) {
        do
            out.emplace_back(code, version, def);
        while (st.fetch());
    }
    return out;
}

std::map<std::string, double> cutoff_choices(Database& db, const std::string& instrument) {
    std::string cutoff;
    double value = 0;
    soci::statement st = (db.sql().prepare << "SELECT cutoff, value FROM instrument_setting"
                                              " WHERE instrument = :i",
                          soci::into(cutoff), soci::into(value), soci::use(instrument));
    std::map<std::string, double> out;
    if (st.execute(true)) {
        do
            out[cutoff] = value;
        while (st.fetch());
    }
    return out;
}

void set_cutoff_choice(Database& db, const std::string& instrument, const std::string& cutoff,
                       double value, Id by, const std::string& at) {
    long long who = by;
    int n = 0;
    db.sql() << "SELECT COUNT(*) FROM instrument_setting WHERE instrument = :i AND cutoff = :c",
        soci::use(instrument), soci::use(cutoff), soci::into(n);
    if (n)
        db.sql() << "UPDATE instrument_setting SET value = :v, set_by = :by, set_at = :at"
                    " WHERE instrument = :i AND cutoff = :c",
            soci::use(value), soci::use(who), soci::use(at), soci::use(instrument),
            soci::use(cutoff);
    else
        db.sql() << "INSERT INTO instrument_setting (instrument, cutoff, value, set_by, set_at)"
                    " VALUES (:i, :c, :v, :by, :at)",
            soci::use(instrument), soci::use(cutoff), soci::use(value), soci::use(who),
            soci::use(at);
}

namespace {

const char* const administration_columns =
    "id, client_id, case_id, instrument, instrument_version, administered_on, entered_by,"
    " missing_policy, total, prorated, band, created_at";

struct AdministrationRow {
    long long id = 0, client = 0, entered_by = 0;
    OutId case_id;
    std::string instrument, on, policy, created_at;
    int version = 0, prorated = 0;
    double total = 0;
    soci::indicator total_ind = soci::i_null;
    OutText band;

    template <class Stmt> void bind(Stmt& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(client));
        st.exchange(soci::into(case_id.value, case_id.ind));
        st.exchange(soci::into(instrument));
        st.exchange(soci::into(version));
        st.exchange(soci::into(on));
        st.exchange(soci::into(entered_by));
        st.exchange(soci::into(policy));
        st.exchange(soci::into(total, total_ind));
        st.exchange(soci::into(prorated));
        st.exchange(soci::into(band.value, band.ind));
        st.exchange(soci::into(created_at));
    }
    measures::Administration get() const {
        measures::Administration a;
        a.id = id;
        a.client_id = client;
        a.case_id = case_id.get();
        a.instrument = instrument;
        a.instrument_version = version;
        a.administered_on = on;
        a.entered_by = entered_by;
        a.missing_policy = policy;
        if (total_ind == soci::i_ok) a.total = total;
        a.prorated = prorated != 0;
        a.band = band.get();
        a.created_at = created_at;
        return a;
    }
};

void load_answers(Database& db, measures::Administration& a) {
    long long id = a.id;
    int item = 0, chosen = 0;
    soci::indicator chosen_ind = soci::i_null;
    soci::statement st = (db.sql().prepare << "SELECT item, chosen FROM administration_item"
                                              " WHERE administration_id = :id ORDER BY position",
                          soci::into(item), soci::into(chosen, chosen_ind), soci::use(id));
    a.answers.clear();
    if (st.execute(true)) {
        do
            a.answers.emplace_back(item, chosen_ind == soci::i_ok ? std::optional<int>(chosen)
                                                                  : std::nullopt);
        while (st.fetch());
    }
}

} // namespace

namespace {
struct InsertAdministration : Prepared {
    long long client = 0, case_id = 0, by = 0, id = 0;
    soci::indicator case_ind = soci::i_null, total_ind = soci::i_null, band_ind = soci::i_null;
    std::string instrument, administered_on, missing_policy, band, created_at;
    int instrument_version = 0, prorated = 0;
    double total = 0;
    explicit InsertAdministration(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::use(client));
        st.exchange(soci::use(case_id, case_ind));
        st.exchange(soci::use(instrument));
        st.exchange(soci::use(instrument_version));
        st.exchange(soci::use(administered_on));
        st.exchange(soci::use(by));
        st.exchange(soci::use(missing_policy));
        st.exchange(soci::use(total, total_ind));
        st.exchange(soci::use(prorated));
        st.exchange(soci::use(band, band_ind));
        st.exchange(soci::use(created_at));
        st.exchange(soci::into(id));
        compile("INSERT INTO administration (client_id, case_id, instrument, instrument_version,"
                " administered_on, entered_by, missing_policy, total, prorated, band, created_at)"
                " VALUES (:cl, :cs, :ins, :v, :on, :by, :mp, :t, :p, :b, :ca) RETURNING id");
    }
};

struct InsertAdministrationItem : Prepared {
    long long administration = 0;
    int position = 0, item = 0, chosen = 0;
    soci::indicator chosen_ind = soci::i_null;
    explicit InsertAdministrationItem(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::use(administration));
        st.exchange(soci::use(position));
        st.exchange(soci::use(item));
        st.exchange(soci::use(chosen, chosen_ind));
        compile("INSERT INTO administration_item (administration_id, position, item, chosen)"
                " VALUES (:a, :p, :i, :c)");
    }
};
} // namespace

Id insert_administration(Database& db, const measures::Administration& a) {
    auto& s = db.prepared<InsertAdministration>();
    s.client = a.client_id;
    s.case_id = a.case_id;
    s.case_ind = a.case_id ? soci::i_ok : soci::i_null;
    s.instrument = a.instrument;
    s.instrument_version = a.instrument_version;
    s.administered_on = a.administered_on;
    s.by = a.entered_by;
    s.missing_policy = a.missing_policy;
    s.total = a.total.value_or(0);
    s.total_ind = a.total ? soci::i_ok : soci::i_null;
    s.prorated = a.prorated ? 1 : 0;
    s.band = a.band.value_or("");
    s.band_ind = a.band ? soci::i_ok : soci::i_null;
    s.created_at = a.created_at;
    s.run();
    const Id id = s.id;
    auto& item = db.prepared<InsertAdministrationItem>();
    item.administration = id;
    item.position = 0;
    for (const auto& [number, option] : a.answers) {
        ++item.position;
        item.item = number;
        item.chosen = option.value_or(0);
        item.chosen_ind = option ? soci::i_ok : soci::i_null;
        item.run();
    }
    return id;
}

std::optional<measures::Administration> find_administration(Database& db, Id id) {
    AdministrationRow r;
    long long key = id;
    soci::statement st(db.sql());
    r.bind(st);
    st.exchange(soci::use(key));
    st.alloc();
    st.prepare(std::string("SELECT ") + administration_columns +
               " FROM administration WHERE id = :id");
    st.define_and_bind();
    if (!st.execute(true)) return std::nullopt;
    auto a = r.get();
    load_answers(db, a);
    return a;
}

namespace {
// A client's administrations (of one instrument, or of all) and every answer
// of them: two statements, whatever the number of administrations.
template <bool OneInstrument> struct ClientAdministrations : Prepared {
    AdministrationRow row;
    long long client = 0;
    std::string instrument;
    explicit ClientAdministrations(soci::session& sql) : Prepared(sql) {
        row.bind(st);
        st.exchange(soci::use(client));
        if (OneInstrument) st.exchange(soci::use(instrument));
        compile(std::string("SELECT ") + administration_columns +
                " FROM administration WHERE client_id = :c" +
                (OneInstrument ? " AND instrument = :i" : "") +
                " ORDER BY instrument, administered_on, id");
    }
};

struct AnswerRow {
    long long administration = 0;
    int item = 0, chosen = 0;
    soci::indicator chosen_ind = soci::i_null;
    template <class Stmt> void bind(Stmt& st) {
        st.exchange(soci::into(administration));
        st.exchange(soci::into(item));
        st.exchange(soci::into(chosen, chosen_ind));
    }
    std::pair<Id, std::pair<int, std::optional<int>>> get() const {
        return {administration,
                {item, chosen_ind == soci::i_ok ? std::optional<int>(chosen) : std::nullopt}};
    }
};

template <bool OneInstrument> struct ClientAnswers : Prepared {
    AnswerRow row;
    long long client = 0;
    std::string instrument;
    explicit ClientAnswers(soci::session& sql) : Prepared(sql) {
        row.bind(st);
        st.exchange(soci::use(client));
        if (OneInstrument) st.exchange(soci::use(instrument));
        compile(std::string("SELECT ai.administration_id, ai.item, ai.chosen"
                            " FROM administration_item ai"
                            " JOIN administration a ON a.id = ai.administration_id"
                            " WHERE a.client_id = :c") +
                (OneInstrument ? " AND a.instrument = :i" : "") +
                " ORDER BY ai.administration_id, ai.position");
    }
};

template <bool OneInstrument>
std::vector<measures::Administration> client_administrations(Database& db, Id client_id,
                                                             const std::string& instrument) {
    auto& q = db.prepared<ClientAdministrations<OneInstrument>>();
    q.client = client_id;
    q.instrument = instrument;
    auto out = q.all(q.row);
    if (out.empty()) return out;
    auto& answers = db.prepared<ClientAnswers<OneInstrument>>();
    answers.client = client_id;
    answers.instrument = instrument;
    std::map<Id, std::vector<std::pair<int, std::optional<int>>>> by_administration;
    for (auto& [id, answer] : answers.all(answers.row))
        by_administration[id].push_back(answer);
    for (auto& a : out)
        a.answers = std::move(by_administration[a.id]);
    return out;
}
} // namespace

std::vector<measures::Administration> list_administrations(Database& db, Id client_id,
                                                           const std::string& instrument) {
    return client_administrations<true>(db, client_id, instrument);
}

std::vector<measures::Administration> list_client_administrations(Database& db, Id client_id) {
    return client_administrations<false>(db, client_id, "");
}

namespace {
struct LatestAdministration : Prepared {
    OutText date;
    long long client = 0;
    std::string on;
    explicit LatestAdministration(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::into(date.value, date.ind));
        st.exchange(soci::use(client));
        st.exchange(soci::use(on));
        compile("SELECT MAX(administered_on) FROM administration"
                " WHERE client_id = :c AND administered_on <= :on");
    }
};
} // namespace

Text latest_administration_on(Database& db, Id client_id, const std::string& on) {
    auto& q = db.prepared<LatestAdministration>();
    q.client = client_id;
    q.on = on;
    if (!q.run()) return {};
    return q.date.get();
}

Id insert_safety_screen(Database& db, const measures::SafetyScreen& s) {
    InId case_id(s.case_id);
    InText ipv_i(s.ipv_instrument), sui_i(s.suicide_instrument);
    long long client = s.client_id, by = s.entered_by, id = 0;
    db.sql() << "INSERT INTO safety_screen (client_id, case_id, administered_on, ipv,"
                " ipv_instrument, suicide_risk, suicide_instrument, entered_by, created_at)"
                " VALUES (:cl, :cs, :on, :ipv, :ii, :sr, :si, :by, :ca) RETURNING id",
        soci::use(client), soci::use(case_id.value, case_id.ind), soci::use(s.administered_on),
        soci::use(s.ipv), soci::use(ipv_i.value, ipv_i.ind), soci::use(s.suicide_risk),
        soci::use(sui_i.value, sui_i.ind), soci::use(by), soci::use(s.created_at), soci::into(id);
    return id;
}

std::vector<measures::SafetyScreen> list_safety_screens(Database& db, Id client_id) {
    long long id = 0, client = client_id, by = 0;
    OutId case_id;
    std::string on, ipv, risk, created;
    OutText ipv_i, sui_i;
    soci::statement st =
        (db.sql().prepare
             << "SELECT id, case_id, administered_on, ipv, ipv_instrument, suicide_risk,"
                " suicide_instrument, entered_by, created_at FROM safety_screen"
                " WHERE client_id = :c ORDER BY administered_on, id",
         soci::into(id), soci::into(case_id.value, case_id.ind), soci::into(on), soci::into(ipv),
         soci::into(ipv_i.value, ipv_i.ind), soci::into(risk), soci::into(sui_i.value, sui_i.ind),
         soci::into(by), soci::into(created), soci::use(client));
    std::vector<measures::SafetyScreen> out;
    if (st.execute(true)) {
        do {
            measures::SafetyScreen s;
            s.id = id;
            s.client_id = client_id;
            s.case_id = case_id.get();
            s.administered_on = on;
            s.ipv = ipv;
            s.ipv_instrument = ipv_i.get();
            s.suicide_risk = risk;
            s.suicide_instrument = sui_i.get();
            s.entered_by = by;
            s.created_at = created;
            out.push_back(s);
        } while (st.fetch());
    }
    return out;
}

Id insert_flag(Database& db, const measures::Flag& f) {
    InId case_id(f.case_id), adm(f.administration_id), screen(f.screen_id);
    long long client = f.client_id, id = 0;
    db.sql()
        << "INSERT INTO safety_flag (client_id, case_id, administration_id, screen_id, code,"
           " severity, message, source, raised_on, raised_at, status)"
           " VALUES (:cl, :cs, :ad, :sc, :code, :sev, :msg, :src, :on, :at, 'open') RETURNING id",
        soci::use(client), soci::use(case_id.value, case_id.ind), soci::use(adm.value, adm.ind),
        soci::use(screen.value, screen.ind), soci::use(f.code), soci::use(f.severity),
        soci::use(f.message), soci::use(f.source), soci::use(f.raised_on), soci::use(f.raised_at),
        soci::into(id);
    return id;
}

namespace {

const char* const flag_columns =
    "f.id, f.client_id, f.case_id, f.administration_id, f.screen_id, f.code, f.severity, f.message,"
    " f.source, f.raised_on, f.raised_at, f.status, f.resolved_by, f.resolved_at, "
    "f.resolution_note";

struct FlagRow {
    long long id = 0, client = 0;
    OutId case_id, adm, screen, resolved_by;
    std::string code, severity, message, raised_on, raised_at, status;
    OutText source, resolved_at, note;

    template <class Stmt> void bind(Stmt& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(client));
        st.exchange(soci::into(case_id.value, case_id.ind));
        st.exchange(soci::into(adm.value, adm.ind));
        st.exchange(soci::into(screen.value, screen.ind));
        st.exchange(soci::into(code));
        st.exchange(soci::into(severity));
        st.exchange(soci::into(message));
        st.exchange(soci::into(source.value, source.ind));
        st.exchange(soci::into(raised_on));
        st.exchange(soci::into(raised_at));
        st.exchange(soci::into(status));
        st.exchange(soci::into(resolved_by.value, resolved_by.ind));
        st.exchange(soci::into(resolved_at.value, resolved_at.ind));
        st.exchange(soci::into(note.value, note.ind));
    }
    measures::Flag get() const {
        measures::Flag f;
        f.id = id;
        f.client_id = client;
        f.case_id = case_id.get();
        f.administration_id = adm.get();
        f.screen_id = screen.get();
        f.code = code;
        f.severity = severity;
        f.message = message;
        f.source = source.get().value_or("");
        f.raised_on = raised_on;
        f.raised_at = raised_at;
        f.status = status;
        f.resolved_by = resolved_by.get();
        f.resolved_at = resolved_at.get();
        f.resolution_note = note.get();
        return f;
    }
};

} // namespace

std::optional<measures::Flag> find_flag(Database& db, Id id) {
    FlagRow r;
    long long key = id;
    soci::statement st(db.sql());
    r.bind(st);
    st.exchange(soci::use(key));
    st.alloc();
    st.prepare(std::string("SELECT ") + flag_columns + " FROM safety_flag f WHERE f.id = :id");
    st.define_and_bind();
    if (!st.execute(true)) return std::nullopt;
    return r.get();
}

void resolve_flag(Database& db, const measures::Flag& f) {
    long long id = f.id, by = f.resolved_by;
    std::string at = f.resolved_at.value_or(""), note = f.resolution_note.value_or("");
    db.sql() << "UPDATE safety_flag SET status = 'resolved', resolved_by = :by, resolved_at = :at,"
                " resolution_note = :note WHERE id = :id AND status = 'open'",
        soci::use(by), soci::use(at), soci::use(note), soci::use(id);
}

std::vector<measures::Flag> list_flags(Database& db, const Viewer& viewer,
                                       const FlagFilter& filter) {
    FlagRow r;
    long long cl = filter.client_id;
    long long cs1 = filter.case_id, cs2 = cs1, cs3 = cs1;
    long long pc1 = filter.clinician_id, pc2 = pc1, pc3 = pc1;
    long long v1 = viewer.clinician_id, v2 = v1, v3 = v1;
    soci::statement st(db.sql());
    r.bind(st);
    // Each filter the caller sets adds its fixed condition (none is built
    // from input), so every statement can use an index: a filter that is
    // off is left out rather than written as (:x = 0 OR ...), which no index
    // serves.
    std::string where;
    auto add = [&where](const char* condition) {
        where += where.empty() ? " WHERE " : " AND ";
        where += condition;
    };
    if (filter.client_id) {
        add("f.client_id = :cl");
        st.exchange(soci::use(cl));
    }
    if (!filter.include_resolved) add("f.status = 'open'");
    // A case's flags are its clients' flags: the individual client, or both
    // partners of a conjoint case's couple. A clinician's are those of the
    // clients on the cases they lead. `key` is fixed text, never input.
    auto clients_of_cases = [](const char* key, const char* p) {
        return fmt::format(
            "f.client_id IN ("
            "   SELECT k.client_id FROM care_case k WHERE {0} = :{1}1 AND k.client_id IS NOT NULL"
            "   UNION SELECT p.client_a_id FROM care_case k JOIN couple p ON p.id = k.couple_id"
            "     WHERE {0} = :{1}2"
            "   UNION SELECT p.client_b_id FROM care_case k JOIN couple p ON p.id = k.couple_id"
            "     WHERE {0} = :{1}3)",
            key, p);
    };
    if (filter.case_id) {
        add(clients_of_cases("k.id", "cs").c_str());
        for (long long* v : {&cs1, &cs2, &cs3})
            st.exchange(soci::use(*v));
    }
    if (filter.clinician_id) {
        add(clients_of_cases("k.primary_clinician_id", "pc").c_str());
        for (long long* v : {&pc1, &pc2, &pc3})
            st.exchange(soci::use(*v));
    }
    if (!viewer.sees_everything) {
        add((std::string("EXISTS (SELECT 1 FROM client c WHERE c.id = f.client_id AND ") +
             client_visible_sql + ")")
                .c_str());
        for (long long* v : {&v1, &v2, &v3})
            st.exchange(soci::use(*v));
    }
    st.alloc();
    st.prepare(std::string("SELECT ") + flag_columns + " FROM safety_flag f" + where +
               " ORDER BY f.id");
    st.define_and_bind();
    return fetch_all(st, r);
}

} // namespace mend::store
