#include "report/snapshot.hpp"

#include "domain/dates.hpp"
#include "domain/error.hpp"
#include "domain/text.hpp"
#include "report/format.hpp"

#include <fmt/format.h>

#include <cmath>
#include <functional>

namespace mend::report {

using nlohmann::json;

namespace {

[[noreturn]] void bad(const std::string& path, const char* what) {
    fail(Errc::invalid, fmt::format("report snapshot: {} {}", path, what));
}

Number to_number(const json& j) {
    Number n;
    if (j.is_number_integer()) {
        n.value = static_cast<double>(j.get<long long>());
        n.text = fmt::format("{}", j.get<long long>());
    } else if (j.is_number_unsigned()) {
        n.value = static_cast<double>(j.get<unsigned long long>());
        n.text = fmt::format("{}", j.get<unsigned long long>());
    } else {
        n.value = j.get<double>();
        n.text = format_number(n.value);
    }
    return n;
}

// One JSON object of the snapshot and where it sits ("measures[0]").
class Obj {
  public:
    Obj(const json& j, std::string path) : j_(j), path_(std::move(path)) {
        if (!j_.is_object()) bad(path_, "must be an object");
    }

    const std::string& path() const { return path_; }
    std::string at(const char* key) const { return path_.empty() ? key : path_ + "." + key; }
    bool has(const char* key) const { return j_.contains(key); }

    const json& get(const char* key) const {
        auto it = j_.find(key);
        if (it == j_.end()) bad(at(key), "is missing");
        return *it;
    }
    bool is_null(const char* key) const { return get(key).is_null(); }

    std::string str(const char* key) const {
        const json& v = get(key);
        if (!v.is_string()) bad(at(key), "must be a string");
        return v.get<std::string>();
    }
    std::optional<std::string> ostr(const char* key) const {
        if (is_null(key)) return std::nullopt;
        return str(key);
    }
    // Members the schema only lists in a comment: absent reads as null.
    std::optional<std::string> lenient_str(const char* key) const {
        return has(key) ? ostr(key) : std::nullopt;
    }

    std::string date(const char* key) const {
        std::string s = str(key);
        day_number(at(key), s);
        return s;
    }
    std::optional<std::string> odate(const char* key) const {
        if (is_null(key)) return std::nullopt;
        return date(key);
    }

    long long integer(const char* key) const {
        const json& v = get(key);
        if (v.is_number_integer()) return v.get<long long>();
        if (v.is_number_unsigned()) {
            auto u = v.get<unsigned long long>();
            if (u > static_cast<unsigned long long>(INT64_MAX)) bad(at(key), "is out of range");
            return static_cast<long long>(u);
        }
        if (v.is_number_float()) {
            double d = v.get<double>();
            if (std::isfinite(d) && d == std::trunc(d) && std::fabs(d) < 9e15)
                return static_cast<long long>(d);
        }
        bad(at(key), "must be a whole number");
    }
    std::optional<long long> ointeger(const char* key) const {
        if (is_null(key)) return std::nullopt;
        return integer(key);
    }
    std::optional<long long> lenient_integer(const char* key) const {
        return has(key) ? ointeger(key) : std::nullopt;
    }

    Number number(const char* key) const {
        const json& v = get(key);
        if (!v.is_number()) bad(at(key), "must be a number");
        return to_number(v);
    }
    std::optional<Number> onumber(const char* key) const {
        if (is_null(key)) return std::nullopt;
        return number(key);
    }

    bool boolean(const char* key) const {
        const json& v = get(key);
        if (!v.is_boolean()) bad(at(key), "must be true or false");
        return v.get<bool>();
    }
    std::optional<bool> oboolean(const char* key) const {
        if (is_null(key)) return std::nullopt;
        return boolean(key);
    }

    Obj obj(const char* key) const { return Obj(get(key), at(key)); }
    std::optional<Obj> oobj(const char* key) const {
        if (is_null(key)) return std::nullopt;
        return obj(key);
    }

    // An array whose elements `read` turns into T.
    template <class T>
    std::vector<T> list(const char* key,
                        const std::function<T(const json&, const std::string&)>& read) const {
        const json& v = get(key);
        if (!v.is_array()) bad(at(key), "must be an array");
        std::vector<T> out;
        out.reserve(v.size());
        for (std::size_t i = 0; i < v.size(); ++i)
            out.push_back(read(v[i], fmt::format("{}[{}]", at(key), i)));
        return out;
    }
    // null or an array.
    template <class T>
    std::optional<std::vector<T>>
    olist(const char* key, const std::function<T(const json&, const std::string&)>& read) const {
        if (is_null(key)) return std::nullopt;
        return list<T>(key, read);
    }
    std::vector<std::string> strings(const char* key) const {
        return list<std::string>(key, [](const json& e, const std::string& p) {
            if (!e.is_string()) bad(p, "must be a string");
            return e.get<std::string>();
        });
    }

  private:
    const json& j_;
    std::string path_;
};

Person read_person(const Obj& o) {
    Person p;
    p.id = o.has("id") ? o.ointeger("id") : std::nullopt;
    p.name = o.str("name");
    p.credentials = o.lenient_str("credentials");
    return p;
}

std::optional<Person> read_operson(const Obj& parent, const char* key) {
    auto o = parent.oobj(key);
    if (!o) return std::nullopt;
    return read_person(*o);
}

Criterion read_criterion(const json& j, const std::string& path, bool with_status) {
    Obj o(j, path);
    Criterion c;
    c.id = o.str("id");
    c.label = o.str("label");
    if (with_status) c.status = o.str("status");
    c.sentence = o.lenient_str("sentence");
    return c;
}

void check_one_of(const std::string& value, std::initializer_list<const char*> allowed,
                  const std::string& path) {
    for (const char* a : allowed)
        if (value == a) return;
    bad(path, "has a value the schema does not define");
}

Change read_change(const Obj& o) {
    Change c;
    c.classification = o.str("classification");
    c.direction = o.lenient_str("direction");
    if (o.has("delta")) c.delta = o.onumber("delta");
    return c;
}

Measure read_measure(const json& j, const std::string& path) {
    Obj o(j, path);
    Measure m;
    m.client_id = o.integer("client_id");
    m.client_name = o.str("client_name");
    m.instrument = o.str("instrument");
    m.abbreviation = o.str("abbreviation");
    m.construct = o.ostr("construct");
    m.higher_is_better = o.boolean("higher_is_better");
    m.total_min = o.number("total_min");
    m.total_max = o.number("total_max");
    if (m.total_max.value < m.total_min.value) bad(o.at("total_max"), "is below total_min");
    m.bands = o.list<Band>("bands", [](const json& e, const std::string& p) {
        Obj b(e, p);
        return Band{b.number("min"), b.number("max"), b.str("label")};
    });
    m.cutoffs = o.list<Cutoff>("cutoffs", [](const json& e, const std::string& p) {
        Obj c(e, p);
        Cutoff k{c.str("code"), c.str("label"), c.str("comparator"), c.number("value")};
        check_one_of(k.comparator, {"<", "<=", ">", ">="}, c.at("comparator"));
        return k;
    });
    m.points = o.list<MeasurePoint>("points", [](const json& e, const std::string& p) {
        Obj q(e, p);
        MeasurePoint pt;
        pt.date = q.date("date");
        pt.day = day_number(q.at("date"), pt.date);
        pt.total = q.onumber("total");
        pt.band = q.ostr("band");
        if (auto c = q.oobj("change_from_previous")) pt.from_previous = read_change(*c);
        if (auto c = q.oobj("change_from_baseline")) pt.from_baseline = read_change(*c);
        return pt;
    });
    if (o.has("clinical_range"))
        if (auto c = o.oobj("clinical_range")) {
            ClinicalRange k{c->str("comparator"), c->number("value")};
            check_one_of(k.comparator, {"<", "<=", ">", ">="}, c->at("comparator"));
            m.clinical_range = k;
        }
    return m;
}

} // namespace

long day_number(const std::string& field, const std::string& date) {
    try {
        return parse_date(field.c_str(), date).days_since_epoch();
    } catch (const Error& e) {
        fail(e.code(), fmt::format("report snapshot: {}", e.what()));
    }
}

std::string snapshot_schema(const json& snapshot) {
    if (!snapshot.is_object()) bad("the document", "must be a JSON object");
    auto it = snapshot.find("schema");
    if (it == snapshot.end()) bad("schema", "is missing");
    if (!it->is_string()) bad("schema", "must be a string");
    return it->get<std::string>();
}

void check_encoding(const json& snapshot) {
    std::function<void(const json&, const std::string&)> walk = [&](const json& j,
                                                                    const std::string& path) {
        if (j.is_string()) {
            if (!is_valid_utf8(j.get_ref<const std::string&>()))
                fail(Errc::encoding,
                     fmt::format("report snapshot: {} is not valid UTF-8 text", path));
        } else if (j.is_object()) {
            for (auto it = j.begin(); it != j.end(); ++it) {
                if (!is_valid_utf8(it.key()))
                    fail(Errc::encoding,
                         fmt::format("report snapshot: a member name in {} is not valid UTF-8",
                                     path.empty() ? "the document" : path));
                walk(it.value(), path.empty() ? it.key() : path + "." + it.key());
            }
        } else if (j.is_array()) {
            for (std::size_t i = 0; i < j.size(); ++i)
                walk(j[i], fmt::format("{}[{}]", path, i));
        }
    };
    walk(snapshot, "");
}

CaseReport read_case_report(const json& snapshot) {
    Obj root(snapshot, "");
    CaseReport r;
    r.kind = root.str("kind");
    check_one_of(r.kind, {"couple_case", "individual_case"}, "kind");
    r.title = root.str("title");
    r.generated_on = root.date("generated_on");
    Obj period = root.obj("period");
    r.period_from = period.date("from");
    r.period_to = period.date("to");
    if (day_number("period.to", r.period_to) < day_number("period.from", r.period_from))
        bad("period.to", "is before period.from");
    r.practice_name = root.obj("practice").str("name");

    if (auto rel = root.oobj("release")) {
        Release x;
        x.id = rel->integer("id");
        x.for_client_id = rel->ointeger("for_client_id");
        x.for_name = rel->str("for_name");
        x.to = rel->ostr("to");
        x.purpose = rel->ostr("purpose");
        x.joint_content = rel->oboolean("joint_content");
        x.expires_on = rel->odate("expires_on");
        r.release = x;
    }

    Obj c = root.obj("case");
    r.case_info.id = c.integer("id");
    r.case_info.kind = c.str("kind");
    r.case_info.status = c.str("status");
    r.case_info.opened_on = c.odate("opened_on");
    r.case_info.closed_on = c.odate("closed_on");
    r.case_info.external_id = c.ostr("external_id");
    r.case_info.primary_clinician = read_operson(c, "primary_clinician");

    r.clients = root.list<Client>("clients", [](const json& e, const std::string& p) {
        Obj o(e, p);
        Client cl;
        cl.id = o.integer("id");
        cl.name = o.str("name");
        cl.role = o.ostr("role");
        cl.pronouns = o.ostr("pronouns");
        return cl;
    });
    if (r.clients.empty()) bad("clients", "must name at least one client");

    if (auto cp = root.oobj("couple")) {
        Couple x;
        x.relationship_status = cp->ostr("relationship_status");
        x.relationship_start = cp->odate("relationship_start");
        x.children_in_household = cp->ointeger("children_in_household");
        x.secrets_policy = cp->ostr("secrets_policy");
        r.couple = x;
    }
    if (auto pr = root.oobj("protocol"))
        r.protocol = Protocol{pr->str("code"), pr->str("name"), pr->ointeger("version")};

    r.timeline =
        root.list<TimelineEntry>("phase_timeline", [](const json& e, const std::string& p) {
            Obj o(e, p);
            TimelineEntry t;
            t.phase = o.str("phase");
            t.phase_name = o.str("phase_name");
            t.track = o.str("track");
            t.kind = o.str("kind");
            check_one_of(t.kind, {"start", "advance", "override", "back"}, o.at("kind"));
            t.entered_on = o.date("entered_on");
            t.left_on = o.odate("left_on");
            t.days = o.ointeger("days");
            t.weeks = o.ointeger("weeks");
            t.sessions = o.ointeger("sessions");
            t.by = read_operson(o, "by");
            t.rationale = o.ostr("rationale");
            t.safety_plan = o.ostr("safety_plan");
            t.unmet = o.list<Criterion>("unmet", [](const json& u, const std::string& up) {
                return read_criterion(u, up, false);
            });
            // Snapshots before mend kept the evaluation of each move have none.
            if (o.has("opened_by"))
                t.opened_by =
                    o.olist<Criterion>("opened_by", [](const json& u, const std::string& up) {
                         return read_criterion(u, up, false);
                     }).value_or(std::vector<Criterion>{});
            return t;
        });

    // Snapshots before role changes were events have none.
    if (root.has("role_changes"))
        r.role_changes =
            root.list<RoleChange>("role_changes", [](const json& e, const std::string& p) {
                Obj o(e, p);
                RoleChange x;
                x.changed_on = o.date("changed_on");
                x.kind = o.str("kind");
                check_one_of(x.kind, {"roles", "override"}, o.at("kind"));
                x.betrayed = o.ostr("betrayed");
                x.previous = o.ostr("previous");
                x.by = read_operson(o, "by");
                x.rationale = o.ostr("rationale");
                return x;
            });

    if (auto g = root.oobj("gate")) {
        Gate x;
        x.phase = g->str("phase");
        x.phase_name = g->str("phase_name");
        x.entered_on = g->odate("entered_on");
        x.days_in_phase = g->ointeger("days_in_phase");
        x.suspended = g->boolean("suspended");
        x.contraindications = g->list<Contraindication>("contraindications", [](const json& e,
                                                                                const std::string&
                                                                                    p) {
            Obj o(e, p);
            Contraindication k{o.str("code"), o.str("label"), o.str("status"), o.ostr("sentence")};
            check_one_of(k.status, {"present", "absent", "unknown"}, o.at("status"));
            return k;
        });
        x.transitions = g->list<Transition>("transitions", [](const json& e, const std::string& p) {
            Obj o(e, p);
            Transition t;
            t.to = o.str("to");
            t.name = o.str("name");
            t.relational = o.boolean("relational");
            t.open = o.boolean("open");
            t.unmet = o.integer("unmet");
            t.criteria = o.list<Criterion>("criteria", [](const json& u, const std::string& up) {
                Criterion k = read_criterion(u, up, true);
                check_one_of(k.status, {"met", "not_met", "unknown"}, up + ".status");
                return k;
            });
            return t;
        });
        x.blocking_relational = g->strings("blocking_relational");
        x.summary = g->ostr("summary");
        x.track = g->lenient_str("track");
        r.gate = x;
    }

    r.measures = root.list<Measure>("measures", read_measure);
    if (!root.is_null("dyadic"))
        r.dyadic = root.list<Dyadic>("dyadic", [](const json& e, const std::string& p) {
            Obj o(e, p);
            return Dyadic{o.str("kind"), o.str("sentence")};
        });
    r.agreements = root.list<Agreement>("agreements", [](const json& e, const std::string& p) {
        Obj o(e, p);
        Agreement a;
        a.id = o.integer("id");
        a.kind = o.str("kind");
        a.text = o.str("text");
        a.agreed_on = o.odate("agreed_on");
        a.review_on = o.odate("review_on");
        a.status = o.str("status");
        if (o.has("review_overdue")) a.review_overdue = o.oboolean("review_overdue");
        return a;
    });
    r.flags = root.list<Flag>("flags", [](const json& e, const std::string& p) {
        Obj o(e, p);
        Flag f;
        f.id = o.integer("id");
        f.client_id = o.ointeger("client_id");
        f.client_name = o.str("client_name");
        f.code = o.str("code");
        f.severity = o.str("severity");
        f.message = o.ostr("message");
        f.raised_on = o.date("raised_on");
        return f;
    });
    if (auto s = root.oobj("sessions")) {
        Sessions x;
        x.total = s->integer("total");
        x.by_phase = s->list<PhaseCount>("by_phase", [](const json& e, const std::string& p) {
            Obj o(e, p);
            // "phase" is null for the sessions before a protocol was started.
            return PhaseCount{o.lenient_str("phase").value_or(""), o.str("phase_name"),
                              o.integer("count")};
        });
        x.by_cpt = s->list<CodeCount>("by_cpt", [](const json& e, const std::string& p) {
            Obj o(e, p);
            return CodeCount{o.str("code"), o.integer("count")};
        });
        r.sessions = x;
    }
    r.notes = root.olist<Note>("notes", [](const json& e, const std::string& p) {
        Obj o(e, p);
        Note n;
        n.id = o.integer("id");
        n.date = o.date("date");
        n.type = o.str("type");
        n.status = o.str("status");
        n.author = o.ostr("author");
        n.text = o.ostr("text");
        n.format = o.lenient_str("format");
        n.signed_on = o.lenient_str("signed_on");
        if (o.has("late_entry")) n.late_entry = o.oboolean("late_entry");
        if (o.has("addenda")) {
            const json& a = o.get("addenda");
            if (a.is_array())
                n.addenda = static_cast<long long>(a.size());
            else if (!a.is_null())
                n.addenda = o.integer("addenda");
        }
        return n;
    });
    return r;
}

CaseloadReport read_caseload_report(const json& snapshot) {
    Obj root(snapshot, "");
    CaseloadReport r;
    r.title = root.str("title");
    r.generated_on = root.date("generated_on");
    r.practice_name = root.obj("practice").str("name");
    r.clinician = read_operson(root, "clinician");
    r.overdue_after_weeks = root.ointeger("overdue_after_weeks");
    r.cases = root.list<CaseloadCase>("cases", [](const json& e, const std::string& p) {
        Obj o(e, p);
        CaseloadCase c;
        c.id = o.integer("id");
        c.label = o.str("label");
        c.kind = o.str("kind");
        c.status = o.str("status");
        c.clinician = o.ostr("clinician");
        c.phase = o.ostr("phase");
        c.phase_name = o.ostr("phase_name");
        c.days_in_phase = o.ointeger("days_in_phase");
        return c;
    });
    r.by_phase = root.list<PhaseCount>("by_phase", [](const json& e, const std::string& p) {
        Obj o(e, p);
        PhaseCount c;
        c.phase = o.lenient_str("phase").value_or("");
        c.phase_name = o.ostr("phase_name").value_or("");
        c.count = o.integer("count");
        return c;
    });
    r.blocked = root.list<BlockedCase>("blocked", [](const json& e, const std::string& p) {
        Obj o(e, p);
        BlockedCase b;
        b.case_id = o.integer("case_id");
        b.label = o.str("label");
        b.phase_name = o.ostr("phase_name");
        b.transition = o.ostr("transition");
        b.suspended = o.boolean("suspended");
        b.unmet = o.strings("unmet");
        return b;
    });
    r.overdue_measures =
        root.list<OverdueMeasure>("overdue_measures", [](const json& e, const std::string& p) {
            Obj o(e, p);
            return OverdueMeasure{o.integer("case_id"), o.str("client_name"),
                                  o.odate("last_measure_on"), o.ointeger("weeks_since")};
        });
    r.open_flags = root.list<CaseloadFlag>("open_flags", [](const json& e, const std::string& p) {
        Obj o(e, p);
        return CaseloadFlag{o.integer("case_id"), o.str("client_name"), o.str("code"),
                            o.str("severity"), o.date("raised_on")};
    });
    r.sessions_per_week =
        root.list<WeekCount>("sessions_per_week", [](const json& e, const std::string& p) {
            Obj o(e, p);
            return WeekCount{o.date("week_of"), o.integer("count")};
        });
    return r;
}

} // namespace mend::report
