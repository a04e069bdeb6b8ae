// Loaded definitions, instrument cut-off choices, administrations with their item
// answers, safety screens and safety flags.
#include "store/binding.hpp"
#include "store/prepared.hpp"
#include "store/repositories.hpp"
#include "store/sealing.hpp"
#include "store/visibility.hpp"

#include <fmt/format.h>
#include <map>

namespace mend::store {

namespace {
// Fixed table names: never user text.
constexpr const char* definition_table(DefinitionKind kind) {
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

namespace {
struct DefinitionRow {
    std::string code, definition;
    int version = 0;
    template <class Stmt> void bind(Stmt& st) {
        st.exchange(soci::into(code));
        st.exchange(soci::into(version));
        st.exchange(soci::into(definition));
    }
    std::tuple<std::string, int, std::string> get() const { return {code, version, definition}; }
};

// One fixed statement per kind (the table name is never user text).
template <DefinitionKind Kind> struct LatestDefinitionVersion : Prepared {
    int version = 0;
    soci::indicator ind = soci::i_null;
    std::string code;
    explicit LatestDefinitionVersion(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::into(version, ind));
        st.exchange(soci::use(code));
        compile(std::string("SELECT MAX(version) FROM ") + definition_table(Kind) +
                " WHERE code = :c");
    }
};

template <DefinitionKind Kind> struct ListDefinitions : Prepared {
    DefinitionRow row;
    explicit ListDefinitions(soci::session& sql) : Prepared(sql) {
        row.bind(st);
        compile(std::string("SELECT code, version, definition FROM ") + definition_table(Kind) +
                " ORDER BY code, version");
    }
};

template <DefinitionKind Kind> int latest_version(Database& db, const std::string& code) {
    auto& q = db.prepared<LatestDefinitionVersion<Kind>>();
    q.code = code;
    if (!q.run()) return 0;
    return q.ind == soci::i_ok ? q.version : 0;
}

template <DefinitionKind Kind>
std::vector<std::tuple<std::string, int, std::string>> definitions(Database& db) {
    auto& q = db.prepared<ListDefinitions<Kind>>();
    return q.all(q.row);
}
} // namespace

int latest_definition_version(Database& db, DefinitionKind kind, const std::string& code) {
    return kind == DefinitionKind::instrument ? latest_version<DefinitionKind::instrument>(db, code)
                                              : latest_version<DefinitionKind::protocol>(db, code);
}

std::vector<std::tuple<std::string, int, std::string>> list_definitions(Database& db,
                                                                        DefinitionKind kind) {
    return kind == DefinitionKind::instrument ? definitions<DefinitionKind::instrument>(db)
                                              : definitions<DefinitionKind::protocol>(db);
}

namespace {
struct CutoffRow {
    std::string cutoff;
    double value = 0;
    template <class Stmt> void bind(Stmt& st) {
        st.exchange(soci::into(cutoff));
        st.exchange(soci::into(value));
    }
    std::pair<std::string, double> get() const { return {cutoff, value}; }
};

struct CutoffChoices : List<CutoffRow, std::string> {
    explicit CutoffChoices(soci::session& sql)
        : List(sql, "SELECT cutoff, value FROM instrument_setting WHERE instrument = :i") {}
};
} // namespace

std::map<std::string, double> cutoff_choices(Database& db, const std::string& instrument) {
    std::map<std::string, double> out;
    for (auto& [cutoff, value] : db.prepared<CutoffChoices>().list(instrument))
        out[cutoff] = value;
    return out;
}

namespace {
struct CutoffSet : Prepared {
    std::string instrument, cutoff;
    int n = 0;
    explicit CutoffSet(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::use(instrument));
        st.exchange(soci::use(cutoff));
        st.exchange(soci::into(n));
        compile("SELECT COUNT(*) FROM instrument_setting WHERE instrument = :i AND cutoff = :c");
    }
};

struct UpdateCutoff : Prepared {
    double value = 0;
    long long by = 0;
    std::string at, instrument, cutoff;
    explicit UpdateCutoff(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::use(value));
        st.exchange(soci::use(by));
        st.exchange(soci::use(at));
        st.exchange(soci::use(instrument));
        st.exchange(soci::use(cutoff));
        compile("UPDATE instrument_setting SET value = :v, set_by = :by, set_at = :at"
                " WHERE instrument = :i AND cutoff = :c");
    }
};

struct InsertCutoff : Prepared {
    double value = 0;
    long long by = 0;
    std::string at, instrument, cutoff;
    explicit InsertCutoff(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::use(instrument));
        st.exchange(soci::use(cutoff));
        st.exchange(soci::use(value));
        st.exchange(soci::use(by));
        st.exchange(soci::use(at));
        compile("INSERT INTO instrument_setting (instrument, cutoff, value, set_by, set_at)"
                " VALUES (:i, :c, :v, :by, :at)");
    }
};

template <class S>
void write_cutoff(Database& db, const std::string& instrument, const std::string& cutoff,
                  double value, Id by, const std::string& at) {
    auto& s = db.prepared<S>();
    s.instrument = instrument;
    s.cutoff = cutoff;
    s.value = value;
    s.by = by;
    s.at = at;
    s.run();
}
} // namespace

void set_cutoff_choice(Database& db, const std::string& instrument, const std::string& cutoff,
                       double value, Id by, const std::string& at) {
    auto& set = db.prepared<CutoffSet>();
    set.instrument = instrument;
    set.cutoff = cutoff;
    set.n = 0;
    set.run();
    if (set.n)
        write_cutoff<UpdateCutoff>(db, instrument, cutoff, value, by, at);
    else
        write_cutoff<InsertCutoff>(db, instrument, cutoff, value, by, at);
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

namespace {
struct FindAdministration : Lookup<AdministrationRow, long long> {
    explicit FindAdministration(soci::session& sql)
        : Lookup(sql, std::string("SELECT ") + administration_columns +
                          " FROM administration WHERE id = :id") {}
};
} // namespace

namespace {
std::vector<std::pair<int, std::optional<int>>> answers_of_administration(Database& db, Id id);
} // namespace

std::optional<measures::Administration> find_administration(Database& db, Id id) {
    auto a = db.prepared<FindAdministration>().find(id);
    if (a) a->answers = answers_of_administration(db, a->id);
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

struct AdministrationAnswers : List<AnswerRow, long long> {
    explicit AdministrationAnswers(soci::session& sql)
        : List(sql, "SELECT administration_id, item, chosen FROM administration_item"
                    " WHERE administration_id = :id ORDER BY position") {}
};

std::vector<std::pair<int, std::optional<int>>> answers_of_administration(Database& db, Id id) {
    std::vector<std::pair<int, std::optional<int>>> out;
    for (auto& [administration, answer] : db.prepared<AdministrationAnswers>().list(id))
        out.push_back(answer);
    return out;
}

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
struct InsertSafetyScreen : Prepared {
    long long client = 0, by = 0, id = 0;
    InId case_id{0};
    InText ipv_i{Text()}, sui_i{Text()};
    std::string on, ipv, risk, created_at;
    explicit InsertSafetyScreen(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::use(client));
        st.exchange(soci::use(case_id.value, case_id.ind));
        st.exchange(soci::use(on));
        st.exchange(soci::use(ipv));
        st.exchange(soci::use(ipv_i.value, ipv_i.ind));
        st.exchange(soci::use(risk));
        st.exchange(soci::use(sui_i.value, sui_i.ind));
        st.exchange(soci::use(by));
        st.exchange(soci::use(created_at));
        st.exchange(soci::into(id));
        compile("INSERT INTO safety_screen (client_id, case_id, administered_on, ipv,"
                " ipv_instrument, suicide_risk, suicide_instrument, entered_by, created_at)"
                " VALUES (:cl, :cs, :on, :ipv, :ii, :sr, :si, :by, :ca) RETURNING id");
    }
};
} // namespace

Id insert_safety_screen(Database& db, const measures::SafetyScreen& s) {
    auto& ins = db.prepared<InsertSafetyScreen>();
    ins.client = s.client_id;
    ins.case_id = InId(s.case_id);
    ins.on = s.administered_on;
    ins.ipv = s.ipv;
    ins.ipv_i = InText(s.ipv_instrument);
    ins.risk = s.suicide_risk;
    ins.sui_i = InText(s.suicide_instrument);
    ins.by = s.entered_by;
    ins.created_at = s.created_at;
    ins.run();
    return ins.id;
}

namespace {
struct SafetyScreenRow {
    long long id = 0, by = 0;
    OutId case_id;
    std::string on, ipv, risk, created;
    OutText ipv_i, sui_i;
    template <class Stmt> void bind(Stmt& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(case_id.value, case_id.ind));
        st.exchange(soci::into(on));
        st.exchange(soci::into(ipv));
        st.exchange(soci::into(ipv_i.value, ipv_i.ind));
        st.exchange(soci::into(risk));
        st.exchange(soci::into(sui_i.value, sui_i.ind));
        st.exchange(soci::into(by));
        st.exchange(soci::into(created));
    }
    measures::SafetyScreen get() const {
        measures::SafetyScreen s;
        s.id = id;
        s.case_id = case_id.get();
        s.administered_on = on;
        s.ipv = ipv;
        s.ipv_instrument = ipv_i.get();
        s.suicide_risk = risk;
        s.suicide_instrument = sui_i.get();
        s.entered_by = by;
        s.created_at = created;
        return s;
    }
};

struct ListSafetyScreens : List<SafetyScreenRow, long long> {
    explicit ListSafetyScreens(soci::session& sql)
        : List(sql, "SELECT id, case_id, administered_on, ipv, ipv_instrument, suicide_risk,"
                    " suicide_instrument, entered_by, created_at FROM safety_screen"
                    " WHERE client_id = :c ORDER BY administered_on, id") {}
};
} // namespace

std::vector<measures::SafetyScreen> list_safety_screens(Database& db, Id client_id) {
    auto out = db.prepared<ListSafetyScreens>().list(client_id);
    for (auto& s : out)
        s.client_id = client_id;
    return out;
}

namespace {
struct InsertFlag : Prepared {
    long long client = 0, id = 0;
    InId case_id{0}, adm{0}, screen{0};
    std::string code, severity, message, source, raised_on, raised_at;
    explicit InsertFlag(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::use(client));
        st.exchange(soci::use(case_id.value, case_id.ind));
        st.exchange(soci::use(adm.value, adm.ind));
        st.exchange(soci::use(screen.value, screen.ind));
        st.exchange(soci::use(code));
        st.exchange(soci::use(severity));
        st.exchange(soci::use(message));
        st.exchange(soci::use(source));
        st.exchange(soci::use(raised_on));
        st.exchange(soci::use(raised_at));
        st.exchange(soci::into(id));
        compile("INSERT INTO safety_flag (client_id, case_id, administration_id, screen_id, code,"
                " severity, message, source, raised_on, raised_at, status)"
                " VALUES (:cl, :cs, :ad, :sc, :code, :sev, :msg, :src, :on, :at, 'open')"
                " RETURNING id");
    }
};
} // namespace

Id insert_flag(Database& db, const measures::Flag& f) {
    auto& s = db.prepared<InsertFlag>();
    s.client = f.client_id;
    s.case_id = InId(f.case_id);
    s.adm = InId(f.administration_id);
    s.screen = InId(f.screen_id);
    s.code = f.code;
    s.severity = f.severity;
    s.message = f.message;
    s.source = f.source;
    s.raised_on = f.raised_on;
    s.raised_at = f.raised_at;
    s.run();
    return s.id;
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

namespace {

struct FindFlag : Lookup<FlagRow, long long> {
    explicit FindFlag(soci::session& sql)
        : Lookup(sql,
                 std::string("SELECT ") + flag_columns + " FROM safety_flag f WHERE f.id = :id") {}
};

struct ResolveFlag : Prepared {
    long long id = 0, by = 0;
    std::string at, note;
    explicit ResolveFlag(soci::session& sql) : Prepared(sql) {
        st.exchange(soci::use(by));
        st.exchange(soci::use(at));
        st.exchange(soci::use(note));
        st.exchange(soci::use(id));
        compile("UPDATE safety_flag SET status = 'resolved', resolved_by = :by, resolved_at = :at,"
                " resolution_note = :note WHERE id = :id AND status = 'open'");
    }
};

// The filter a flag listing applies, as bits: one compiled statement per
// combination (the conditions are fixed text, never input), so every
// statement can use an index; a filter that is off is left out rather than
// written as (:x = 0 OR ...), which no index serves.
enum FlagFilterBits : unsigned {
    by_client = 1,
    open_only = 2,
    by_case = 4,
    by_clinician = 8,
    visible_only = 16,
};

// A case's flags are its clients' flags: the individual client, or both
// partners of a conjoint case's couple. A clinician's are those of the
// clients on the cases they lead. `key` is fixed text, never input.
std::string clients_of_cases(const char* key, const char* p) {
    return fmt::format(
        "f.client_id IN ("
        "   SELECT k.client_id FROM care_case k WHERE {0} = :{1}1 AND k.client_id IS NOT NULL"
        "   UNION SELECT p.client_a_id FROM care_case k JOIN couple p ON p.id = k.couple_id"
        "     WHERE {0} = :{1}2"
        "   UNION SELECT p.client_b_id FROM care_case k JOIN couple p ON p.id = k.couple_id"
        "     WHERE {0} = :{1}3)",
        key, p);
}

template <unsigned Bits> struct ListFlags : Prepared {
    FlagRow r;
    long long cl = 0, cs1 = 0, cs2 = 0, cs3 = 0, pc1 = 0, pc2 = 0, pc3 = 0, v1 = 0, v2 = 0, v3 = 0;
    explicit ListFlags(soci::session& sql) : Prepared(sql) {
        r.bind(st);
        std::string where;
        auto add = [&where](const std::string& condition) {
            where += where.empty() ? " WHERE " : " AND ";
            where += condition;
        };
        if (Bits & by_client) {
            add("f.client_id = :cl");
            st.exchange(soci::use(cl));
        }
        if (Bits & open_only) add("f.status = 'open'");
        if (Bits & by_case) {
            add(clients_of_cases("k.id", "cs"));
            for (long long* v : {&cs1, &cs2, &cs3})
                st.exchange(soci::use(*v));
        }
        if (Bits & by_clinician) {
            add(clients_of_cases("k.primary_clinician_id", "pc"));
            for (long long* v : {&pc1, &pc2, &pc3})
                st.exchange(soci::use(*v));
        }
        if (Bits & visible_only) {
            add(std::string("EXISTS (SELECT 1 FROM client c WHERE c.id = f.client_id AND ") +
                client_visible_sql + ")");
            for (long long* v : {&v1, &v2, &v3})
                st.exchange(soci::use(*v));
        }
        compile(std::string("SELECT ") + flag_columns + " FROM safety_flag f" + where +
                " ORDER BY f.id");
    }
};

} // namespace

namespace {
// A flag as read, its resolution note opened (an encrypted practice).
measures::Flag opened(Database& db, measures::Flag f) {
    f.resolution_note = open_text(db, {"safety_flag", "resolution_note", f.id}, f.resolution_note);
    return f;
}
std::vector<measures::Flag> opened(Database& db, std::vector<measures::Flag> flags) {
    if (db.encrypted())
        for (auto& f : flags)
            f = opened(db, std::move(f));
    return flags;
}
} // namespace

std::optional<measures::Flag> find_flag(Database& db, Id id) {
    auto f = db.prepared<FindFlag>().find(id);
    if (f) f = opened(db, std::move(*f));
    return f;
}

void resolve_flag(Database& db, const measures::Flag& f) {
    auto& s = db.prepared<ResolveFlag>();
    s.id = f.id;
    s.by = f.resolved_by;
    s.at = f.resolved_at.value_or("");
    s.note =
        seal_text(db, {"safety_flag", "resolution_note", f.id}, f.resolution_note.value_or(""));
    s.run();
}

std::vector<measures::Flag> list_flags(Database& db, const Viewer& viewer,
                                       const FlagFilter& filter) {
    unsigned bits = (filter.client_id ? by_client : 0u) |
                    (filter.include_resolved ? 0u : open_only) | (filter.case_id ? by_case : 0u) |
                    (filter.clinician_id ? by_clinician : 0u) |
                    (viewer.sees_everything ? 0u : visible_only);
    return with_variant<31>(bits, [&](auto variant) {
        auto& s = db.prepared<ListFlags<decltype(variant)::value>>();
        s.cl = filter.client_id;
        s.cs1 = s.cs2 = s.cs3 = filter.case_id;
        s.pc1 = s.pc2 = s.pc3 = filter.clinician_id;
        s.v1 = s.v2 = s.v3 = viewer.clinician_id;
        return opened(db, s.all(s.r));
    });
}

namespace {
struct AdministrationsOfClients : SetList<AdministrationRow> {
    explicit AdministrationsOfClients(soci::session& sql)
        : SetList(sql, std::string("SELECT client_id, ") + administration_columns +
                           " FROM administration WHERE client_id" + in_ids(sql) +
                           " ORDER BY client_id, instrument, administered_on, id") {}
};

struct AnswersOfClients : SetList<AnswerRow> {
    explicit AnswersOfClients(soci::session& sql)
        : SetList(sql, "SELECT a.client_id, ai.administration_id, ai.item, ai.chosen"
                       " FROM administration_item ai"
                       " JOIN administration a ON a.id = ai.administration_id"
                       " WHERE a.client_id" +
                           in_ids(sql) + " ORDER BY ai.administration_id, ai.position") {}
};

struct FlagsOfClients : SetList<FlagRow> {
    explicit FlagsOfClients(soci::session& sql)
        : SetList(sql, std::string("SELECT f.client_id, ") + flag_columns +
                           " FROM safety_flag f WHERE f.client_id" + in_ids(sql) +
                           " ORDER BY f.client_id, f.id") {}
};

struct ScreensOfClients : SetList<SafetyScreenRow> {
    explicit ScreensOfClients(soci::session& sql)
        : SetList(sql, "SELECT client_id, id, case_id, administered_on, ipv, ipv_instrument,"
                       " suicide_risk, suicide_instrument, entered_by, created_at"
                       " FROM safety_screen WHERE client_id" +
                           in_ids(sql) + " ORDER BY client_id, administered_on, id") {}
};
} // namespace

ByKey<measures::Administration>
administrations_of_clients(Database& db, const std::vector<Id>& client_ids, bool with_answers) {
    auto out = db.prepared<AdministrationsOfClients>().by_key(client_ids);
    if (!with_answers) return out;
    std::map<Id, std::vector<std::pair<int, std::optional<int>>>> by_administration;
    for (auto& [client, rows] : db.prepared<AnswersOfClients>().by_key(client_ids))
        for (auto& [id, answer] : rows)
            by_administration[id].push_back(answer);
    for (auto& [client, list] : out)
        for (auto& a : list)
            a.answers = std::move(by_administration[a.id]);
    return out;
}

ByKey<measures::Flag> flags_of_clients(Database& db, const std::vector<Id>& client_ids) {
    auto out = db.prepared<FlagsOfClients>().by_key(client_ids);
    for (auto& [client, flags] : out)
        flags = opened(db, std::move(flags));
    return out;
}

ByKey<measures::SafetyScreen> screens_of_clients(Database& db, const std::vector<Id>& client_ids) {
    return keyed(db.prepared<ScreensOfClients>().by_key(client_ids),
                 &measures::SafetyScreen::client_id);
}

} // namespace mend::store
