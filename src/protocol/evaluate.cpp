#include "protocol/evaluate.hpp"

#include <fmt/format.h>

namespace mend::protocol {

namespace {

using nlohmann::json;

std::string number(double v) {
    if (v == static_cast<long long>(v)) return std::to_string(static_cast<long long>(v));
    return fmt::format("{:g}", v);
}

long days_between(const std::string& from, const Date& to) {
    return to.days_since_epoch() - parse_date("date", from).days_since_epoch();
}

// The latest attestation of `code` about `client` (0: about the case).
const AttestationFact* latest_attestation(const CaseFacts& f, const std::string& code, Id client) {
    const AttestationFact* found = nullptr;
    for (const auto& a : f.attestations)
        if (a.code == code && a.client_id == client) found = &a;
    return found;
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

// One criterion for one partner (or for the case when `who` is null).
struct Outcome {
    std::string status, sentence;
    json evidence;
};

Outcome measure_sustained(const Criterion& c, const CaseFacts& f, const Partner& who) {
    const auto& s = series_of(f, who.client_id, c.instrument);
    std::string need = fmt::format("needs {} {} on {} administration{}{}", c.comparator,
                                   number(c.value), c.count, c.count == 1 ? "" : "s",
                                   c.min_days ? fmt::format(" >= {} days apart", c.min_days) : "");
    std::string name = fmt::format("{} for {}", abbreviation(f, c.instrument), who.name);
    auto r = measures::sustained(s, c.comparator, c.value, c.count, c.min_days);
    json ev = measures::to_json(r);
    ev["client_id"] = who.client_id;
    ev["instrument"] = c.instrument;
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

Outcome latest_measure(const Criterion& c, const CaseFacts& f, const Partner& who) {
    const auto& s = series_of(f, who.client_id, c.instrument);
    std::string need = fmt::format("needs {} {}", c.comparator, number(c.value));
    std::string name = fmt::format("{} for {}", abbreviation(f, c.instrument), who.name);
    const measures::Point* latest = nullptr;
    for (const auto& p : s)
        if (p.total) latest = &p;
    if (!latest)
        return {"unknown",
                fmt::format("{}: not recorded yet; {}", name, need),
                {{"client_id", who.client_id}, {"instrument", c.instrument}, {"latest", nullptr}}};
    bool met = measures::compare(*latest->total, c.comparator, c.value);
    return {met ? "met" : "not_met",
            fmt::format("{}: {} on {}; {}", name, number(*latest->total), latest->date, need),
            {{"client_id", who.client_id},
             {"instrument", c.instrument},
             {"latest", point_json(*latest)}}};
}

Outcome reliable_improvement(const Criterion& c, const CaseFacts& f, const Partner& who) {
    std::vector<const measures::Point*> scored;
    for (const auto& p : series_of(f, who.client_id, c.instrument))
        if (p.total) scored.push_back(&p);
    std::string name = fmt::format("{} for {}", abbreviation(f, c.instrument), who.name);
    auto in = f.instruments.find(c.instrument);
    if (scored.size() < 2 || in == f.instruments.end())
        return {"unknown",
                fmt::format("{}: needs two scored administrations to judge change", name),
                {{"client_id", who.client_id}, {"instrument", c.instrument}}};
    auto ch = measures::reliable_change(in->second, *scored.front()->total, *scored.back()->total);
    json ev = measures::to_json(ch);
    ev["client_id"] = who.client_id;
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

Outcome no_open_flags(const CaseFacts& f, const Partner& who) {
    json flags = json::array();
    std::string list;
    for (const auto& fl : f.open_flags)
        if (fl.client_id == who.client_id) {
            flags.push_back({{"flag_id", fl.id},
                             {"code", fl.code},
                             {"severity", fl.severity},
                             {"raised_on", fl.raised_on}});
            list += fmt::format("{}{} raised {}", list.empty() ? "" : ", ", fl.code, fl.raised_on);
        }
    json ev = {{"client_id", who.client_id}, {"open_flags", flags}};
    if (flags.empty()) return {"met", fmt::format("No open safety flags for {}", who.name), ev};
    return {"not_met",
            fmt::format("{} has {} open safety flag{} ({}); resolve with a note first", who.name,
                        flags.size(), flags.size() == 1 ? "" : "s", list),
            ev};
}

Outcome safety_screened(const CaseFacts& f, const Partner& who) {
    const ScreenFact* latest = nullptr;
    for (const auto& s : f.screens)
        if (s.client_id == who.client_id) latest = &s;
    if (!latest)
        return {"not_met",
                fmt::format("{} has not been screened privately for violence and suicide risk",
                            who.name),
                {{"client_id", who.client_id}, {"screen", nullptr}}};
    return {"met",
            fmt::format("{} screened privately on {}", who.name, latest->administered_on),
            {{"client_id", who.client_id},
             {"screen_id", latest->id},
             {"date", latest->administered_on}}};
}

Outcome attestation(const Criterion& c, const CaseFacts& f, const Partner* who) {
    Id client = who ? who->client_id : 0;
    const AttestationFact* a = latest_attestation(f, c.attestation, client);
    std::string about = who ? fmt::format(" for {}", who->name) : "";
    json ev = {{"attestation", c.attestation},
               {"client_id", client ? json(client) : json(nullptr)}};
    if (!a) return {"unknown", fmt::format("{}: not recorded yet{}", c.label, about), ev};
    ev["attestation_id"] = a->id;
    ev["value"] = a->value;
    ev["recorded_on"] = a->recorded_on;
    if (a->value != "yes")
        return {"not_met",
                fmt::format("{}: recorded '{}'{} on {}", c.label, a->value, about, a->recorded_on),
                ev};
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

Outcome stated_readiness(const CaseFacts& f, const Partner& who) {
    const AttestationFact* a = latest_attestation(f, "relational_readiness", who.client_id);
    json ev = {{"client_id", who.client_id}};
    if (!a)
        return {"unknown",
                fmt::format("{} has not said whether they are ready for relational work", who.name),
                ev};
    ev["attestation_id"] = a->id;
    ev["value"] = a->value;
    ev["recorded_on"] = a->recorded_on;
    if (a->value == "yes")
        return {"met",
                fmt::format("{} says they are ready for relational work (recorded {})", who.name,
                            a->recorded_on),
                ev};
    return {"not_met",
            fmt::format("{} says they are not ready for relational work (recorded {})", who.name,
                        a->recorded_on),
            ev};
}

Outcome decision(const Criterion& c, const CaseFacts& f) {
    const AttestationFact* a = latest_attestation(f, "decision", 0);
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

Outcome agreement_in_place(const Criterion& c, const CaseFacts& f) {
    for (const auto& a : f.agreements)
        if (a.kind == c.agreement_kind && a.status == "active")
            return {"met",
                    fmt::format("An active {} agreement, agreed {}", c.agreement_kind, a.agreed_on),
                    {{"agreement_id", a.id}, {"kind", a.kind}, {"agreed_on", a.agreed_on}}};
    return {"not_met",
            fmt::format("No active {} agreement", c.agreement_kind),
            {{"kind", c.agreement_kind}}};
}

Outcome min_weeks(const Criterion& c, const CaseFacts& f, const std::string& phase_name) {
    long days = days_between(f.phase_entered_on, f.today);
    long weeks = days / 7;
    return {days >= c.weeks * 7L ? "met" : "not_met",
            fmt::format("{} week{} in {} since {}; needs {}", weeks, weeks == 1 ? "" : "s",
                        phase_name, f.phase_entered_on, c.weeks),
            {{"entered_on", f.phase_entered_on}, {"days", days}, {"weeks_needed", c.weeks}}};
}

Outcome min_sessions(const Criterion& c, const CaseFacts& f, const std::string& phase_name) {
    int held = 0;
    std::string today = f.today.iso();
    for (const auto& d : f.session_dates)
        held += d >= f.phase_entered_on && d <= today;
    return {
        held >= c.sessions ? "met" : "not_met",
        fmt::format("{} session{} in {} since {}; needs {}", held, held == 1 ? "" : "s", phase_name,
                    f.phase_entered_on, c.sessions),
        {{"entered_on", f.phase_entered_on}, {"sessions", held}, {"sessions_needed", c.sessions}}};
}

// Which partners a subject names; sets `missing` when a role is not recorded.
std::vector<const Partner*> subjects(const Criterion& c, const CaseFacts& f, std::string& missing) {
    std::vector<const Partner*> out;
    if (c.subject == "both" || c.subject == "either" || c.subject == "client") {
        for (const auto& p : f.partners)
            out.push_back(&p);
        return out;
    }
    for (const auto& p : f.partners)
        if (p.role == c.subject) out.push_back(&p);
    if (out.empty())
        missing = fmt::format(
            "which partner is the {} partner is not recorded (set the case's roles)", c.subject);
    return out;
}

Outcome per_partner(const Criterion& c, const CaseFacts& f, const Partner& who) {
    if (c.kind == "measure_sustained") return measure_sustained(c, f, who);
    if (c.kind == "latest_measure") return latest_measure(c, f, who);
    if (c.kind == "reliable_improvement") return reliable_improvement(c, f, who);
    if (c.kind == "no_open_flags") return no_open_flags(f, who);
    if (c.kind == "safety_screened") return safety_screened(f, who);
    if (c.kind == "stated_readiness") return stated_readiness(f, who);
    return attestation(c, f, &who);
}

CriterionResult evaluate_criterion(const Criterion& c, const CaseFacts& f,
                                   const std::string& phase_name) {
    CriterionResult r{c.id, c.kind, c.label, "", "", json::object()};
    Outcome o;
    if (c.kind == "decision")
        o = decision(c, f);
    else if (c.kind == "agreement_in_place")
        o = agreement_in_place(c, f);
    else if (c.kind == "min_weeks")
        o = min_weeks(c, f, phase_name);
    else if (c.kind == "min_sessions")
        o = min_sessions(c, f, phase_name);
    else if (c.subject == "case")
        o = attestation(c, f, nullptr);
    else {
        std::string missing;
        auto who = subjects(c, f, missing);
        if (who.empty()) {
            o = {"unknown", fmt::format("{}: {}", c.label, missing), {{"subject", c.subject}}};
        } else {
            // "both": every partner must meet it; "either": one is enough.
            std::vector<Outcome> each;
            for (const Partner* p : who)
                each.push_back(per_partner(c, f, *p));
            bool any_met = false, all_met = true, any_not = false;
            for (const auto& e : each) {
                any_met |= e.status == "met";
                all_met &= e.status == "met";
                any_not |= e.status == "not_met";
            }
            if (c.subject == "either")
                o.status = any_met ? "met" : any_not ? "not_met" : "unknown";
            else
                o.status = all_met ? "met" : any_not ? "not_met" : "unknown";
            if (each.size() == 1) {
                o.sentence = each[0].sentence;
                o.evidence = each[0].evidence;
            } else {
                o.evidence = json::array();
                for (const auto& e : each) {
                    o.sentence += (o.sentence.empty() ? "" : "; ") + e.sentence;
                    o.evidence.push_back(e.evidence);
                }
            }
        }
    }
    r.status = o.status;
    r.sentence = o.sentence;
    r.evidence = o.evidence;
    return r;
}

ContraindicationResult evaluate_contraindication(const Contraindication& c, const CaseFacts& f) {
    ContraindicationResult r{c.code, c.label, "absent", "", json::object()};
    if (c.kind == "ipv_current") {
        json per = json::array();
        std::vector<std::string> present, unscreened;
        for (const auto& p : f.partners) {
            const ScreenFact* latest = nullptr;
            for (const auto& s : f.screens)
                if (s.client_id == p.client_id) latest = &s;
            bool flagged = false;
            for (const auto& fl : f.open_flags)
                flagged |= fl.client_id == p.client_id && fl.code == "ipv_current";
            if (flagged || (latest && latest->ipv == "current"))
                present.push_back(p.name);
            else if (!latest || latest->ipv == "unknown")
                unscreened.push_back(p.name);
            per.push_back({{"client_id", p.client_id},
                           {"latest_screen", latest ? json{{"screen_id", latest->id},
                                                           {"ipv", latest->ipv},
                                                           {"date", latest->administered_on}}
                                                    : json(nullptr)},
                           {"open_ipv_flag", flagged}});
        }
        r.evidence = {{"partners", per}};
        auto names = [](const std::vector<std::string>& v) {
            std::string s;
            for (const auto& n : v)
                s += (s.empty() ? "" : " and ") + n;
            return s;
        };
        if (!present.empty()) {
            r.status = "present";
            r.sentence = fmt::format("{}: reported by or about {}", c.label, names(present));
        } else if (!unscreened.empty()) {
            r.status = "unknown";
            r.sentence = fmt::format("{}: not yet screened for {}", c.label, names(unscreened));
        } else {
            r.sentence = fmt::format("{}: none reported on the latest screens", c.label);
        }
        return r;
    }
    // An attestation about the case or about either partner.
    const AttestationFact* latest = nullptr;
    for (const auto& a : f.attestations)
        if (a.code == c.attestation) latest = &a;
    r.evidence = {{"attestation", c.attestation}};
    if (!latest) {
        r.sentence = fmt::format("{}: not recorded", c.label);
        return r;
    }
    r.evidence["attestation_id"] = latest->id;
    r.evidence["value"] = latest->value;
    r.evidence["recorded_on"] = latest->recorded_on;
    if (latest->value == "yes") {
        r.status = "present";
        r.sentence = fmt::format("{}: recorded on {}", c.label, latest->recorded_on);
    } else {
        r.sentence =
            fmt::format("{}: recorded as '{}' on {}", c.label, latest->value, latest->recorded_on);
    }
    return r;
}

} // namespace

int TransitionResult::unmet() const {
    int n = 0;
    for (const auto& c : criteria)
        n += c.status == "met" ? 0 : 1;
    return n;
}

Evaluation evaluate(const Protocol& p, const CaseFacts& f) {
    Evaluation e;
    e.phase = f.phase;
    const Phase* ph = p.phase(f.phase);
    e.phase_name = ph ? ph->name : f.phase;
    e.entered_on = f.phase_entered_on;
    e.days_in_phase = static_cast<int>(days_between(f.phase_entered_on, f.today));
    for (const auto& c : p.contraindications) {
        e.contraindications.push_back(evaluate_contraindication(c, f));
        e.suspended |= e.contraindications.back().status == "present";
    }
    for (const Transition* t : p.transitions_from(f.phase)) {
        TransitionResult tr;
        tr.from = t->from;
        tr.to = t->to;
        tr.name = t->name.empty() ? "to " + t->to : t->name;
        tr.relational = t->relational;
        for (const auto& c : t->criteria)
            tr.criteria.push_back(evaluate_criterion(c, f, e.phase_name));
        tr.open = tr.unmet() == 0 && !e.suspended;
        e.transitions.push_back(tr);
    }
    if (f.plan_review_on) {
        e.plan_review_on = f.plan_review_on;
        e.plan_review_due = parse_date("review_on", *f.plan_review_on).days_since_epoch() <=
                            f.today.days_since_epoch();
    }

    // One paragraph: contraindications first, then each way forward.
    std::string s;
    if (e.suspended) {
        s = "Conjoint and relational work is suspended:";
        for (const auto& c : e.contraindications)
            if (c.status == "present") s += " " + c.label + ".";
        s += " Only an override with a stated safety plan moves this case forward.";
    }
    for (const auto& t : e.transitions) {
        if (!s.empty()) s += " ";
        if (t.open) {
            s += fmt::format("{}: open.", t.name);
            continue;
        }
        std::string why;
        for (const auto& c : t.criteria)
            if (c.status != "met")
                why += (why.empty() ? "" : "; ") + c.label +
                       (c.status == "unknown" ? " (unknown)" : "");
        if (e.suspended && why.empty()) why = "suspended by a contraindication";
        s += fmt::format("{}: blocked ({} of {} criteria unmet: {}).", t.name, t.unmet(),
                         t.criteria.size(), why);
    }
    if (e.transitions.empty())
        s += (s.empty() ? "" : " ") + std::string("This is the protocol's last phase.");
    if (e.plan_review_due)
        s += fmt::format(" The treatment plan's review was due on {}.", *e.plan_review_on);
    e.summary = s;
    return e;
}

json to_json(const Evaluation& e) {
    json contra = json::array();
    for (const auto& c : e.contraindications)
        contra.push_back({{"code", c.code},
                          {"label", c.label},
                          {"status", c.status},
                          {"sentence", c.sentence},
                          {"evidence", c.evidence}});
    json transitions = json::array();
    for (const auto& t : e.transitions) {
        json criteria = json::array();
        for (const auto& c : t.criteria)
            criteria.push_back({{"id", c.id},
                                {"kind", c.kind},
                                {"label", c.label},
                                {"status", c.status},
                                {"sentence", c.sentence},
                                {"evidence", c.evidence}});
        transitions.push_back({{"from", t.from},
                               {"to", t.to},
                               {"name", t.name},
                               {"relational", t.relational},
                               {"open", t.open},
                               {"unmet", t.unmet()},
                               {"criteria", criteria}});
    }
    return {{"phase", e.phase},
            {"phase_name", e.phase_name},
            {"entered_on", e.entered_on},
            {"days_in_phase", e.days_in_phase},
            {"contraindications", contra},
            {"suspended", e.suspended},
            {"transitions", transitions},
            {"plan_review_on", e.plan_review_on ? json(*e.plan_review_on) : json(nullptr)},
            {"plan_review_due", e.plan_review_due},
            {"summary", e.summary}};
}

} // namespace mend::protocol
