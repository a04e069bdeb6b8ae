#include "protocol/criteria.hpp"

#include "domain/json_reader.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace mend::protocol {

namespace {

using nlohmann::json;
const JsonReader rd("protocol definition");

std::string number(double v) {
    if (v == static_cast<long long>(v)) return std::to_string(static_cast<long long>(v));
    return fmt::format("{:g}", v);
}

long days_between(const std::string& from, const Date& to) {
    return to.days_since_epoch() - parse_date("date", from.substr(0, 10)).days_since_epoch();
}

std::string plural(long n, const char* word) {
    return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

// The latest attestation (by recorded date, then by the order recorded) that
// `keep` accepts.
template <class Keep> const AttestationFact* latest_attestation(const CaseFacts& f, Keep keep) {
    const AttestationFact* found = nullptr;
    for (const auto& a : f.attestations)
        if (keep(a) && (!found || a.recorded_on >= found->recorded_on)) found = &a;
    return found;
}

// Whether `b` was recorded after `a` (both in the facts' attestations).
bool later(const AttestationFact& a, const AttestationFact& b) {
    if (b.recorded_on != a.recorded_on) return b.recorded_on > a.recorded_on;
    return &b > &a;
}

std::string abbreviation(const CaseFacts& f, const std::string& instrument) {
    auto it = f.instruments.find(instrument);
    return it == f.instruments.end() ? instrument : it->second.abbreviation;
}

const std::vector<measures::Point>& series_of(const CaseFacts& f, Id client,
                                              const std::string& instrument) {
    static const std::vector<measures::Point> none;
    auto it = f.series.find({client, instrument});
    return it == f.series.end() ? none : it->second;
}

json point_json(const measures::Point& p) {
    return {{"administration_id", p.administration_id},
            {"date", p.date},
            {"total", p.total ? json(*p.total) : json(nullptr)}};
}

json client_json(const Partner* who) {
    return who ? json(who->client_id) : json(nullptr);
}

// The evidence window of a criterion: its own, else the protocol's for `key`.
int window(const Criterion& c, const Judging& in, const std::string& key) {
    return c.max_age_days ? c.max_age_days : in.protocol.max_age(key);
}

// Marks evidence recorded on `date` against a window; true when out of date.
bool out_of_date(const std::string& date, int max_age, const Judging& in, json& ev) {
    bool old = max_age > 0 && days_between(date, in.facts.today) > max_age;
    ev["out_of_date"] = old;
    if (max_age > 0) ev["max_age_days"] = max_age;
    return old;
}

std::string stale(const std::string& date, int max_age) {
    return fmt::format("out of date (recorded {}, older than {} days)", date, max_age);
}

// A criterion's threshold: its value, or the instrument's cut-off as the
// practice chose it.
struct Threshold {
    bool known = true;
    double value = 0;
    std::string problem;
};

Threshold threshold(const Criterion& c, const Judging& in) {
    if (c.cutoff.empty()) return {true, c.value, ""};
    auto it = in.facts.instruments.find(c.instrument);
    if (it == in.facts.instruments.end())
        return {false, 0,
                fmt::format("the instrument {} is not loaded, so its cut-off {} is unknown",
                            c.instrument, c.cutoff)};
    static const measures::CutoffChoices none;
    auto ch = in.facts.cutoff_choices.find(c.instrument);
    for (const auto& co : it->second.cutoffs)
        if (co.code == c.cutoff)
            return {true,
                    measures::cutoff_value(it->second, co,
                                           ch == in.facts.cutoff_choices.end() ? none : ch->second),
                    ""};
    return {false, 0, fmt::format("{} has no cut-off {}", it->second.abbreviation, c.cutoff)};
}

// ---- parsing helpers ----

void parse_threshold(Criterion& c, const json& j, const std::string& p) {
    c.instrument = rd.code(j, "instrument", p);
    c.comparator = rd.comparator(j, p);
    if (JsonReader::member(j, "cutoff")) {
        if (JsonReader::member(j, "value")) rd.bad(p + "value", "must not be given with cutoff");
        c.cutoff = rd.code(j, "cutoff", p);
    } else {
        c.value = rd.num(j, "value", p);
    }
}

void write_threshold(const Criterion& c, json& j) {
    j["instrument"] = c.instrument;
    j["comparator"] = c.comparator;
    if (!c.cutoff.empty())
        j["cutoff"] = c.cutoff;
    else
        j["value"] = c.value;
}

void parse_max_age(Criterion& c, const json& j, const std::string& p) {
    c.max_age_days = rd.integer(j, "max_age_days", p, 0);
    if (c.max_age_days < 0 || c.max_age_days > 3650)
        rd.bad(p + "max_age_days", "must be 0 to 3650");
}

void write_max_age(const Criterion& c, json& j) {
    if (c.max_age_days) j["max_age_days"] = c.max_age_days;
}

void parse_nothing(Criterion&, const json&, const std::string&) {}
void write_nothing(const Criterion&, json&) {}

// ---- the kinds ----

void parse_measure_sustained(Criterion& c, const json& j, const std::string& p) {
    parse_threshold(c, j, p);
    c.count = rd.integer(j, "count", p, 1);
    c.min_days = rd.integer(j, "min_days", p, 0);
    if (c.count < 1 || c.count > 20) rd.bad(p + "count", "must be 1 to 20");
    if (c.min_days < 0 || c.min_days > 3650) rd.bad(p + "min_days", "must be 0 to 3650");
}

void write_measure_sustained(const Criterion& c, json& j) {
    write_threshold(c, j);
    j["count"] = c.count;
    j["min_days"] = c.min_days;
}

Outcome measure_sustained(const Criterion& c, const Judging& in, const Partner* who) {
    const auto& f = in.facts;
    std::string name = fmt::format("{} for {}", abbreviation(f, c.instrument), who->name);
    json ev = {{"client_id", who->client_id}, {"instrument", c.instrument}};
    if (!c.cutoff.empty()) ev["cutoff"] = c.cutoff;
    Threshold th = threshold(c, in);
    if (!th.known) return {"unknown", fmt::format("{}: {}", name, th.problem), ev};
    const auto& s = series_of(f, who->client_id, c.instrument);
    std::string need = fmt::format("needs {} {} on {} administration{}{}", c.comparator,
                                   number(th.value), c.count, c.count == 1 ? "" : "s",
                                   c.min_days ? fmt::format(" >= {} days apart", c.min_days) : "");
    auto r = measures::sustained(s, c.comparator, th.value, c.count, c.min_days);
    ev.update(measures::to_json(r));
    ev["client_id"] = who->client_id;
    ev["instrument"] = c.instrument;
    ev["value"] = th.value;
    if (s.empty()) return {"unknown", fmt::format("{}: no administration yet; {}", name, need), ev};
    if (r.met) {
        std::string values;
        for (std::size_t i = 0; i < r.evidence.size(); ++i)
            values += fmt::format("{}{} on {}",
                                  i == 0 ? "" : (i + 1 == r.evidence.size() ? " and " : ", "),
                                  number(*r.evidence[i].total), r.evidence[i].date);
        return {"met", fmt::format("{}: {}; {}", name, values, need), ev};
    }
    const auto& latest = *r.latest;
    std::string shown = latest.total ? number(*latest.total) : "not scored";
    if (r.found > 0)
        return {"not_met",
                fmt::format("{}: {} on {} ({} of {} so far); {}", name, shown, latest.date, r.found,
                            c.count, need),
                ev};
    return {"not_met", fmt::format("{}: {} on {}; {}", name, shown, latest.date, need), ev};
}

void parse_latest_measure(Criterion& c, const json& j, const std::string& p) {
    parse_threshold(c, j, p);
    parse_max_age(c, j, p);
}

void write_latest_measure(const Criterion& c, json& j) {
    write_threshold(c, j);
    write_max_age(c, j);
}

Outcome latest_measure(const Criterion& c, const Judging& in, const Partner* who) {
    const auto& f = in.facts;
    std::string name = fmt::format("{} for {}", abbreviation(f, c.instrument), who->name);
    json ev = {{"client_id", who->client_id}, {"instrument", c.instrument}, {"latest", nullptr}};
    if (!c.cutoff.empty()) ev["cutoff"] = c.cutoff;
    Threshold th = threshold(c, in);
    if (!th.known) return {"unknown", fmt::format("{}: {}", name, th.problem), ev};
    ev["value"] = th.value;
    std::string need = fmt::format("needs {} {}", c.comparator, number(th.value));
    const measures::Point* latest = nullptr;
    for (const auto& p : series_of(f, who->client_id, c.instrument))
        if (p.total) latest = &p;
    if (!latest) return {"unknown", fmt::format("{}: not recorded yet; {}", name, need), ev};
    ev["latest"] = point_json(*latest);
    int max_age = window(c, in, c.instrument);
    if (out_of_date(latest->date, max_age, in, ev))
        return {"not_met",
                fmt::format("{}: {}, {}; {}", name, number(*latest->total),
                            stale(latest->date, max_age), need),
                ev};
    bool met = measures::compare(*latest->total, c.comparator, th.value);
    return {met ? "met" : "not_met",
            fmt::format("{}: {} on {}; {}", name, number(*latest->total), latest->date, need), ev};
}

void parse_instrument(Criterion& c, const json& j, const std::string& p) {
    c.instrument = rd.code(j, "instrument", p);
}

void write_instrument(const Criterion& c, json& j) {
    j["instrument"] = c.instrument;
}

Outcome reliable_improvement(const Criterion& c, const Judging& in, const Partner* who) {
    const auto& f = in.facts;
    std::vector<const measures::Point*> scored;
    for (const auto& p : series_of(f, who->client_id, c.instrument))
        if (p.total) scored.push_back(&p);
    std::string name = fmt::format("{} for {}", abbreviation(f, c.instrument), who->name);
    auto it = f.instruments.find(c.instrument);
    if (scored.size() < 2 || it == f.instruments.end())
        return {"unknown",
                fmt::format("{}: needs two scored administrations to judge change", name),
                {{"client_id", who->client_id}, {"instrument", c.instrument}}};
    auto ch = measures::reliable_change(it->second, *scored.front()->total, *scored.back()->total);
    json ev = measures::to_json(ch);
    ev["client_id"] = who->client_id;
    ev["from"] = point_json(*scored.front());
    ev["to"] = point_json(*scored.back());
    if (ch.direction == "unknown")
        return {"unknown", fmt::format("{}: the instrument has no reliable-change rule", name), ev};
    return {ch.direction == "improved" ? "met" : "not_met",
            fmt::format("{}: {} on {} to {} on {}: {}; needs a reliable improvement", name,
                        number(ch.before), scored.front()->date, number(ch.after),
                        scored.back()->date, ch.classification),
            ev};
}

// The flags open for a partner as of the date (evaluate keeps only those).
json open_flags(const CaseFacts& f, const Partner& who, bool urgent_only, std::string& list) {
    json flags = json::array();
    for (const auto& fl : f.flags)
        if (fl.client_id == who.client_id &&
            (!urgent_only || fl.severity == "urgent" || fl.severity == "unknown")) {
            flags.push_back({{"flag_id", fl.id},
                             {"code", fl.code},
                             {"severity", fl.severity},
                             {"raised_on", fl.raised_on}});
            list += fmt::format("{}{} raised {}", list.empty() ? "" : ", ", fl.code, fl.raised_on);
        }
    return flags;
}

Outcome no_open_flags(const Criterion&, const Judging& in, const Partner* who) {
    std::string list;
    json flags = open_flags(in.facts, *who, false, list);
    json ev = {{"client_id", who->client_id}, {"open_flags", flags}};
    if (flags.empty()) return {"met", fmt::format("No open safety flags for {}", who->name), ev};
    return {"not_met",
            fmt::format("{} has {} open safety flag{} ({}); resolve with a note first", who->name,
                        flags.size(), flags.size() == 1 ? "" : "s", list),
            ev};
}

// Urgent flags (suicide risk, PHQ-9 item 9, current violence) block the
// start of stabilisation work: safety first (Herman 1992, stage one). A flag
// of unknown severity (a suicide-risk question left unanswered) counts too:
// what is unknown is not safe.
Outcome no_urgent_flags(const Criterion&, const Judging& in, const Partner* who) {
    std::string list;
    json flags = open_flags(in.facts, *who, true, list);
    json ev = {{"client_id", who->client_id}, {"urgent_flags", flags}};
    if (flags.empty())
        return {"met", fmt::format("No urgent safety flags open for {}", who->name), ev};
    return {"not_met",
            fmt::format("{} has {} urgent or unknown safety flag{} open ({}); resolve with a note "
                        "first",
                        who->name, flags.size(), flags.size() == 1 ? "" : "s", list),
            ev};
}

Outcome safety_screened(const Criterion& c, const Judging& in, const Partner* who) {
    const ScreenFact* latest = nullptr;
    for (const auto& s : in.facts.screens)
        if (s.client_id == who->client_id &&
            (!latest || s.administered_on >= latest->administered_on))
            latest = &s;
    if (!latest)
        return {"not_met",
                fmt::format("{} has not been screened privately for violence and suicide risk",
                            who->name),
                {{"client_id", who->client_id}, {"screen", nullptr}}};
    json ev = {{"client_id", who->client_id},
               {"screen_id", latest->id},
               {"date", latest->administered_on}};
    int max_age = window(c, in, "safety_screen");
    if (out_of_date(latest->administered_on, max_age, in, ev))
        return {"not_met",
                fmt::format("{}'s private screen is {}", who->name,
                            stale(latest->administered_on, max_age)),
                ev};
    return {"met", fmt::format("{} screened privately on {}", who->name, latest->administered_on),
            ev};
}

void parse_attestation(Criterion& c, const json& j, const std::string& p) {
    c.attestation = rd.code(j, "attestation", p);
    c.min_days_since = rd.integer(j, "min_days_since", p, 0);
    if (c.min_days_since < 0 || c.min_days_since > 36500)
        rd.bad(p + "min_days_since", "must be 0 or more days");
    c.recorded_since = rd.str(j, "recorded_since", p, false, 40);
    if (!c.recorded_since.empty() && c.recorded_since != "phase_entry")
        rd.bad(p + "recorded_since", "must be phase_entry when given");
}

void write_attestation(const Criterion& c, json& j) {
    j["attestation"] = c.attestation;
    if (c.min_days_since) j["min_days_since"] = c.min_days_since;
    if (!c.recorded_since.empty()) j["recorded_since"] = c.recorded_since;
}

Outcome attestation(const Criterion& c, const Judging& in, const Partner* who) {
    const auto& f = in.facts;
    Id client = who ? who->client_id : 0;
    bool since_entry = c.recorded_since == "phase_entry";
    const AttestationFact* a = latest_attestation(f, [&](const AttestationFact& x) {
        return x.code == c.attestation && x.client_id == client &&
               (!since_entry || x.recorded_on >= f.phase_entered_on);
    });
    std::string about = who ? fmt::format(" for {}", who->name) : "";
    json ev = {{"attestation", c.attestation}, {"client_id", client_json(who)}};
    if (since_entry) ev["recorded_since"] = f.phase_entered_on;
    if (!a)
        return {"unknown",
                since_entry ? fmt::format("{}: not recorded{} since {} began on {}", c.label, about,
                                          in.phase_name, f.phase_entered_on)
                            : fmt::format("{}: not recorded yet{}", c.label, about),
                ev};
    ev["attestation_id"] = a->id;
    ev["value"] = a->value;
    ev["recorded_on"] = a->recorded_on;
    if (a->value != "yes")
        return {"not_met",
                fmt::format("{}: recorded '{}'{} on {}", c.label, a->value, about, a->recorded_on),
                ev};
    // Of a "yes" and a "yes" to its opposite, the later record stands.
    std::string opp = in.protocol.opposite(c.attestation);
    if (!opp.empty()) {
        const AttestationFact* o = latest_attestation(f, [&](const AttestationFact& x) {
            return x.code == opp && x.value == "yes" && (x.client_id == client || x.client_id == 0);
        });
        if (o && later(*a, *o)) {
            ev["contradicted_by"] = {{"attestation_id", o->id},
                                     {"attestation", o->code},
                                     {"recorded_on", o->recorded_on}};
            return {"not_met",
                    fmt::format("{}: recorded yes{} on {}, but {} was recorded yes later, on {}; "
                                "the later record stands",
                                c.label, about, a->recorded_on, opp, o->recorded_on),
                    ev};
        }
    }
    if (c.min_days_since) {
        if (a->effective_on.empty())
            return {"unknown",
                    fmt::format("{}: recorded{} without a date; needs one {} or more days back",
                                c.label, about, c.min_days_since),
                    ev};
        long days = days_between(a->effective_on, f.today);
        ev["effective_on"] = a->effective_on;
        ev["days"] = days;
        return {days >= c.min_days_since ? "met" : "not_met",
                fmt::format("{}{}: since {} ({} days); needs at least {} days", c.label, about,
                            a->effective_on, days, c.min_days_since),
                ev};
    }
    return {"met", fmt::format("{}: recorded yes{} on {}", c.label, about, a->recorded_on), ev};
}

Outcome stated_readiness(const Criterion& c, const Judging& in, const Partner* who) {
    const AttestationFact* a = latest_attestation(in.facts, [&](const AttestationFact& x) {
        return x.code == "relational_readiness" && x.client_id == who->client_id;
    });
    json ev = {{"client_id", who->client_id}};
    if (!a)
        return {
            "unknown",
            fmt::format("{} has not said whether they are ready for relational work", who->name),
            ev};
    ev["attestation_id"] = a->id;
    ev["value"] = a->value;
    ev["recorded_on"] = a->recorded_on;
    int max_age = window(c, in, "stated_readiness");
    if (out_of_date(a->recorded_on, max_age, in, ev))
        return {"not_met",
                fmt::format("{}'s stated readiness ('{}') is {}", who->name, a->value,
                            stale(a->recorded_on, max_age)),
                ev};
    if (a->value == "yes")
        return {"met",
                fmt::format("{} says they are ready for relational work (recorded {})", who->name,
                            a->recorded_on),
                ev};
    return {"not_met",
            fmt::format("{} says they are not ready for relational work (recorded {})", who->name,
                        a->recorded_on),
            ev};
}

void parse_decision(Criterion& c, const json& j, const std::string& p) {
    const json& ch = rd.array(j, "choices", p, true);
    if (ch.empty()) rd.bad(p + "choices", "must name at least one outcome");
    for (const auto& v : ch) {
        if (!v.is_string()) rd.bad(p + "choices", "must hold strings");
        c.choices.push_back(v.get<std::string>());
    }
}

void write_decision(const Criterion& c, json& j) {
    j["choices"] = c.choices;
}

Outcome decision(const Criterion& c, const Judging& in, const Partner*) {
    const AttestationFact* a = latest_attestation(in.facts, [](const AttestationFact& x) {
        return x.code == "decision" && x.client_id == 0;
    });
    std::string need;
    for (const auto& ch : c.choices)
        need += (need.empty() ? "" : " or ") + ch;
    json ev = {{"choices", c.choices}};
    if (!a)
        return {"unknown", fmt::format("Decision point: no decision recorded yet; needs {}", need),
                ev};
    ev["attestation_id"] = a->id;
    ev["decision"] = a->value;
    ev["recorded_on"] = a->recorded_on;
    bool met = std::find(c.choices.begin(), c.choices.end(), a->value) != c.choices.end();
    return {met ? "met" : "not_met",
            fmt::format("Decision point: '{}' recorded on {}; needs {}", a->value, a->recorded_on,
                        need),
            ev};
}

void parse_agreement_kind(Criterion& c, const json& j, const std::string& p) {
    c.agreement_kind = rd.code(j, "agreement_kind", p);
}

void write_agreement_kind(const Criterion& c, json& j) {
    j["agreement_kind"] = c.agreement_kind;
}

Outcome agreement_in_place(const Criterion& c, const Judging& in, const Partner*) {
    for (const auto& a : in.facts.agreements)
        if (a.kind == c.agreement_kind && a.status == "active")
            return {"met",
                    fmt::format("An active {} agreement, agreed {}", c.agreement_kind, a.agreed_on),
                    {{"agreement_id", a.id}, {"kind", a.kind}, {"agreed_on", a.agreed_on}}};
    return {"not_met",
            fmt::format("No active {} agreement", c.agreement_kind),
            {{"kind", c.agreement_kind}}};
}

void parse_weeks(Criterion& c, const json& j, const std::string& p) {
    c.weeks = rd.integer(j, "weeks", p);
    if (c.weeks < 1 || c.weeks > 520) rd.bad(p + "weeks", "must be 1 to 520");
}

void write_weeks(const Criterion& c, json& j) {
    j["weeks"] = c.weeks;
}

void parse_agreement_kept(Criterion& c, const json& j, const std::string& p) {
    parse_agreement_kind(c, j, p);
    parse_weeks(c, j, p);
}

void write_agreement_kept(const Criterion& c, json& j) {
    write_agreement_kind(c, j);
    write_weeks(c, j);
}

// An agreement's track record: active on the date, agreed at least N weeks
// before it, and not broken in those N weeks ("trust needs consistency over
// time": Gottman & Gottman, Trust Revival).
Outcome agreement_kept(const Criterion& c, const Judging& in, const Partner*) {
    const auto& f = in.facts;
    long span = c.weeks * 7L;
    const AgreementFact* shown = nullptr;
    std::string broken_on;
    for (const auto& a : f.agreements) {
        if (a.kind != c.agreement_kind || a.status != "active") continue;
        std::string last_broken;
        for (const auto& e : a.events)
            if (e.status == "broken" && days_between(e.on, f.today) < span) last_broken = e.on;
        bool old_enough = days_between(a.agreed_on, f.today) >= span;
        json ev = {{"agreement_id", a.id},
                   {"kind", a.kind},
                   {"agreed_on", a.agreed_on},
                   {"weeks_needed", c.weeks},
                   {"broken_on", last_broken.empty() ? json(nullptr) : json(last_broken)}};
        if (old_enough && last_broken.empty())
            return {"met",
                    fmt::format("The {} agreement of {} is active and was not broken in the last "
                                "{}",
                                c.agreement_kind, a.agreed_on, plural(c.weeks, "week")),
                    ev};
        shown = &a;
        broken_on = last_broken;
    }
    if (!shown)
        return {"not_met",
                fmt::format("No active {} agreement; needs one kept for {}", c.agreement_kind,
                            plural(c.weeks, "week")),
                {{"kind", c.agreement_kind}, {"weeks_needed", c.weeks}}};
    json ev = {{"agreement_id", shown->id},
               {"kind", shown->kind},
               {"agreed_on", shown->agreed_on},
               {"weeks_needed", c.weeks},
               {"broken_on", broken_on.empty() ? json(nullptr) : json(broken_on)}};
    if (!broken_on.empty())
        return {"not_met",
                fmt::format("The {} agreement of {} was broken on {}, within the last {}; needs {} "
                            "kept",
                            c.agreement_kind, shown->agreed_on, broken_on, plural(c.weeks, "week"),
                            plural(c.weeks, "week")),
                ev};
    long weeks = days_between(shown->agreed_on, f.today) / 7;
    return {"not_met",
            fmt::format("The {} agreement of {} has held for {}; needs {} kept", c.agreement_kind,
                        shown->agreed_on, plural(weeks, "week"), plural(c.weeks, "week")),
            ev};
}

Outcome min_weeks(const Criterion& c, const Judging& in, const Partner*) {
    const auto& f = in.facts;
    long days = days_between(f.phase_entered_on, f.today);
    long weeks = days / 7;
    return {days >= c.weeks * 7L ? "met" : "not_met",
            fmt::format("{} week{} in {} since {}; needs {}", weeks, weeks == 1 ? "" : "s",
                        in.phase_name, f.phase_entered_on, c.weeks),
            {{"entered_on", f.phase_entered_on}, {"days", days}, {"weeks_needed", c.weeks}}};
}

void parse_sessions(Criterion& c, const json& j, const std::string& p) {
    c.sessions = rd.integer(j, "sessions", p);
    if (c.sessions < 1 || c.sessions > 500) rd.bad(p + "sessions", "must be 1 to 500");
}

void write_sessions(const Criterion& c, json& j) {
    j["sessions"] = c.sessions;
}

Outcome min_sessions(const Criterion& c, const Judging& in, const Partner*) {
    const auto& f = in.facts;
    int held = 0;
    std::string today = f.today.iso();
    for (const auto& d : f.session_dates)
        held += d >= f.phase_entered_on && d <= today;
    return {
        held >= c.sessions ? "met" : "not_met",
        fmt::format("{} session{} in {} since {}; needs {}", held, held == 1 ? "" : "s",
                    in.phase_name, f.phase_entered_on, c.sessions),
        {{"entered_on", f.phase_entered_on}, {"sessions", held}, {"sessions_needed", c.sessions}}};
}

} // namespace

const std::vector<CriterionKind>& criterion_kinds() {
    using S = CriterionKind::Scope;
    static const std::vector<CriterionKind> all = {
        {"measure_sustained",
         S::partner,
         {"series", "instruments", "cutoff_choices"},
         parse_measure_sustained,
         write_measure_sustained,
         measure_sustained},
        {"latest_measure",
         S::partner,
         {"series", "instruments", "cutoff_choices"},
         parse_latest_measure,
         write_latest_measure,
         latest_measure},
        {"reliable_improvement",
         S::partner,
         {"series", "instruments"},
         parse_instrument,
         write_instrument,
         reliable_improvement},
        {"no_open_flags", S::partner, {"flags"}, parse_nothing, write_nothing, no_open_flags},
        {"no_urgent_flags", S::partner, {"flags"}, parse_nothing, write_nothing, no_urgent_flags},
        {"safety_screened", S::partner, {"screens"}, parse_max_age, write_max_age, safety_screened},
        {"attestation",
         S::partner_or_case,
         {"attestations", "phase_entered_on"},
         parse_attestation,
         write_attestation,
         attestation},
        {"stated_readiness",
         S::partner,
         {"attestations"},
         parse_max_age,
         write_max_age,
         stated_readiness},
        {"decision", S::case_only, {"attestations"}, parse_decision, write_decision, decision},
        {"agreement_in_place",
         S::case_only,
         {"agreements"},
         parse_agreement_kind,
         write_agreement_kind,
         agreement_in_place},
        {"agreement_kept",
         S::case_only,
         {"agreements"},
         parse_agreement_kept,
         write_agreement_kept,
         agreement_kept},
        {"min_weeks", S::case_only, {"phase_entered_on"}, parse_weeks, write_weeks, min_weeks},
        {"min_sessions",
         S::case_only,
         {"session_dates", "phase_entered_on"},
         parse_sessions,
         write_sessions,
         min_sessions},
    };
    return all;
}

const CriterionKind* criterion_kind(const std::string& kind) {
    for (const auto& k : criterion_kinds())
        if (k.kind == kind) return &k;
    return nullptr;
}

} // namespace mend::protocol
