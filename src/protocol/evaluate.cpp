#include "protocol/evaluate.hpp"

#include "protocol/criteria.hpp"

#include <fmt/format.h>

namespace mend::protocol {

namespace {

using nlohmann::json;

long days_between(const std::string& from, const Date& to) {
    return to.days_since_epoch() - parse_date("date", from.substr(0, 10)).days_since_epoch();
}

// A date (or a timestamp starting with one) on or before `day` (YYYY-MM-DD).
bool on_or_before(const std::string& date, const std::string& day) {
    return date.substr(0, 10) <= day;
}

template <class T, class Keep> void keep_only(std::vector<T>& v, Keep keep) {
    std::vector<T> out;
    for (auto& x : v)
        if (keep(x)) out.push_back(std::move(x));
    v = std::move(out);
}

// The facts as they stood on facts.today: what is dated later is left out,
// flags are those open on that day, agreements carry their status of that day.
CaseFacts as_of(CaseFacts f) {
    const std::string day = f.today.iso();
    for (auto& [key, points] : f.series)
        keep_only(points, [&](const measures::Point& p) { return on_or_before(p.date, day); });
    keep_only(f.screens, [&](const ScreenFact& s) { return on_or_before(s.administered_on, day); });
    keep_only(f.flags, [&](const FlagFact& fl) {
        return on_or_before(fl.raised_on, day) &&
               (fl.resolved_on.empty() || !on_or_before(fl.resolved_on, day));
    });
    keep_only(f.attestations,
              [&](const AttestationFact& a) { return on_or_before(a.recorded_on, day); });
    keep_only(f.agreements, [&](const AgreementFact& a) { return on_or_before(a.agreed_on, day); });
    for (auto& a : f.agreements) {
        if (a.events.empty()) continue; // no history: the status as it stands
        keep_only(a.events, [&](const AgreementStatusEvent& e) { return on_or_before(e.on, day); });
        a.status = a.events.empty() ? "active" : a.events.back().status;
    }
    keep_only(f.session_dates, [&](const std::string& d) { return on_or_before(d, day); });
    return f;
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

CriterionResult evaluate_criterion(const Criterion& c, const Judging& in) {
    CriterionResult r{c.id, c.kind, c.label, "", "", json::object()};
    const CriterionKind* k = criterion_kind(c.kind);
    Outcome o;
    if (!k) {
        o = {"unknown",
             fmt::format("{}: the criterion kind {} is not known", c.label, c.kind),
             {{"kind", c.kind}}};
    } else if (k->scope == CriterionKind::Scope::case_only ||
               (k->scope == CriterionKind::Scope::partner_or_case && c.subject == "case")) {
        o = k->judge(c, in, nullptr);
    } else {
        std::string missing;
        auto who = subjects(c, in.facts, missing);
        if (who.empty()) {
            o = {"unknown", fmt::format("{}: {}", c.label, missing), {{"subject", c.subject}}};
        } else {
            // "both": every partner must meet it; "either": one is enough.
            std::vector<Outcome> each;
            for (const Partner* p : who)
                each.push_back(k->judge(c, in, p));
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

std::string names(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& n : v)
        s += (s.empty() ? "" : " and ") + n;
    return s;
}

// Current violence or coercion: present when a partner's latest screen says
// so or a current-violence flag is open; unknown when a partner was never
// screened, the latest screen's result is unknown, or the latest screen is
// older than the protocol's window for screens (unknown is not safe; a
// screen out of date says nothing about now).
void ipv_current(const Contraindication& c, const Protocol& pr, const CaseFacts& f,
                 ContraindicationResult& r) {
    const int window = pr.max_age("safety_screen");
    json per = json::array();
    std::vector<std::string> present, unscreened, unknown;
    for (const auto& p : f.partners) {
        const ScreenFact* latest = nullptr;
        for (const auto& s : f.screens)
            if (s.client_id == p.client_id &&
                (!latest || s.administered_on >= latest->administered_on))
                latest = &s;
        bool flagged = false;
        for (const auto& fl : f.flags)
            flagged |= fl.client_id == p.client_id && fl.code == "ipv_current";
        if (flagged || (latest && latest->ipv == "current"))
            present.push_back(p.name);
        else if (!latest)
            unscreened.push_back(p.name);
        else if (latest->ipv == "unknown")
            unknown.push_back(
                fmt::format("{} screened on {}; result unknown", p.name, latest->administered_on));
        else if (window > 0 && days_between(latest->administered_on, f.today) > window)
            unknown.push_back(fmt::format("{} last screened on {}, more than {} days ago (out of "
                                          "date)",
                                          p.name, latest->administered_on, window));
        per.push_back({{"client_id", p.client_id},
                       {"latest_screen", latest ? json{{"screen_id", latest->id},
                                                       {"ipv", latest->ipv},
                                                       {"date", latest->administered_on}}
                                                : json(nullptr)},
                       {"open_ipv_flag", flagged}});
    }
    r.evidence = {{"partners", per}};
    if (!present.empty()) {
        r.status = "present";
        r.sentence = fmt::format("{}: reported by or about {}", c.label, names(present));
        return;
    }
    if (!unknown.empty() || !unscreened.empty()) {
        r.status = "unknown";
        std::string why;
        for (const auto& u : unknown)
            why += (why.empty() ? "" : "; ") + u;
        if (!unscreened.empty())
            why += (why.empty() ? "" : "; ") +
                   fmt::format("not yet screened for {}", names(unscreened));
        r.sentence = fmt::format("{}: {}", c.label, why);
        return;
    }
    r.sentence = fmt::format("{}: none reported on the latest screens", c.label);
}

// An attestation about the case or either partner; nobody attests a negative,
// so one never recorded is absent. Of it and a "yes" to its opposite, the
// later record stands.
void attested(const Contraindication& c, const Protocol& p, const CaseFacts& f,
              ContraindicationResult& r) {
    auto latest_of = [&](const std::string& code, bool yes_only) {
        const AttestationFact* found = nullptr;
        for (const auto& a : f.attestations)
            if (a.code == code && (!yes_only || a.value == "yes") &&
                (!found || a.recorded_on >= found->recorded_on))
                found = &a;
        return found;
    };
    const AttestationFact* latest = latest_of(c.attestation, false);
    r.evidence = {{"attestation", c.attestation}};
    if (!latest) {
        r.sentence = fmt::format("{}: not recorded", c.label);
        return;
    }
    r.evidence["attestation_id"] = latest->id;
    r.evidence["value"] = latest->value;
    r.evidence["recorded_on"] = latest->recorded_on;
    if (latest->value != "yes") {
        r.sentence =
            fmt::format("{}: recorded as '{}' on {}", c.label, latest->value, latest->recorded_on);
        return;
    }
    std::string opp = p.opposite(c.attestation);
    if (!opp.empty()) {
        const AttestationFact* o = latest_of(opp, true);
        if (o && (o->recorded_on > latest->recorded_on ||
                  (o->recorded_on == latest->recorded_on && o > latest))) {
            r.evidence["contradicted_by"] = {{"attestation_id", o->id},
                                             {"attestation", o->code},
                                             {"recorded_on", o->recorded_on}};
            r.sentence = fmt::format("{}: recorded on {}, but {} was recorded yes later, on {}; "
                                     "the later record stands",
                                     c.label, latest->recorded_on, opp, o->recorded_on);
            return;
        }
    }
    r.status = "present";
    r.sentence = fmt::format("{}: recorded on {}", c.label, latest->recorded_on);
}

ContraindicationResult evaluate_contraindication(const Contraindication& c, const Protocol& p,
                                                 const CaseFacts& f) {
    ContraindicationResult r{c.code, c.label, "absent", "", json::object(), c.suspends};
    if (c.kind == "ipv_current")
        ipv_current(c, p, f, r);
    else
        attested(c, p, f, r);
    return r;
}

std::string labels(const Evaluation& e, const std::vector<std::string>& codes) {
    std::string s;
    for (const auto& code : codes)
        for (const auto& c : e.contraindications)
            if (c.code == code) s += (s.empty() ? "" : "; ") + c.label;
    return s;
}

std::string summary(const Evaluation& e) {
    // Contraindications first: those that suspend every move, those that
    // suspend some, those not known to be absent; then each way forward.
    std::vector<std::string> all, some, unknown;
    for (const auto& c : e.contraindications) {
        if (c.status == "present") (c.suspends.empty() ? all : some).push_back(c.label);
        if (c.status == "unknown") unknown.push_back(c.label);
    }
    std::string s;
    auto add = [&](const std::string& part) { s += (s.empty() ? "" : " ") + part; };
    if (!all.empty()) {
        std::string list;
        for (const auto& l : all)
            list += " " + l + ".";
        add("Conjoint and relational work is suspended:" + list +
            " Only an override with a stated safety plan moves this case forward.");
    }
    if (!some.empty()) {
        std::string list;
        for (const auto& l : some)
            list += " " + l + ".";
        add("Relational work is suspended:" + list +
            " The moves it covers need an override with a stated safety plan.");
    }
    if (!unknown.empty()) {
        std::string list;
        for (const auto& l : unknown)
            list += " " + l + ".";
        add("Not known to be safe:" + list +
            " Until it is known, the moves it covers need an override with a stated safety "
            "plan.");
    }
    for (const auto& t : e.transitions) {
        if (t.open) {
            add(fmt::format("{}: open.", t.name));
            continue;
        }
        std::vector<std::string> parts;
        std::string why;
        for (const auto& c : t.criteria)
            if (c.status != "met")
                why += (why.empty() ? "" : "; ") + c.label +
                       (c.status == "unknown" ? " (unknown)" : "");
        if (t.unmet())
            parts.push_back(
                fmt::format("{} of {} criteria unmet: {}", t.unmet(), t.criteria.size(), why));
        if (!t.suspended_by.empty()) parts.push_back("suspended by " + labels(e, t.suspended_by));
        if (!t.blocked_by_unknown.empty())
            parts.push_back("not known to be safe: " + labels(e, t.blocked_by_unknown) +
                            " (unknown)");
        std::string joined;
        for (const auto& part : parts)
            joined += (joined.empty() ? "" : "; ") + part;
        add(fmt::format("{}: blocked ({}).", t.name, joined));
    }
    if (e.transitions.empty()) add("This is the protocol's last phase.");
    if (e.plan_review_due)
        add(fmt::format("The treatment plan's review was due on {}.", *e.plan_review_on));
    return s;
}

} // namespace

// An urgent flag, or one of unknown severity, open for a partner (the facts
// are already as of the date).
static bool urgent_flag_open(const CaseFacts& f) {
    for (const auto& fl : f.flags)
        for (const auto& p : f.partners)
            if (fl.client_id == p.client_id &&
                (fl.severity == "urgent" || fl.severity == "unknown"))
                return true;
    return false;
}

// The criteria that opened a gate, from the evaluation kept with the move.
// A row of the wrong shape gives nothing, never an error. `sentences`
// false keeps the labels only (a release copy).
nlohmann::json opened_by(const nlohmann::json& evaluation, bool sentences) {
    using nlohmann::json;
    json why = json::array();
    auto text = [](const json& o, const char* key) {
        auto it = o.find(key);
        return it != o.end() && it->is_string() ? *it : json(nullptr);
    };
    if (!evaluation.is_object()) return why;
    auto ts = evaluation.find("transitions");
    if (ts == evaluation.end() || !ts->is_array()) return why;
    for (const auto& t : *ts) {
        if (!t.is_object() || !t.contains("criteria") || !t["criteria"].is_array()) continue;
        for (const auto& c : t["criteria"])
            if (c.is_object() && text(c, "status") == "met")
                why.push_back({{"id", text(c, "id")},
                               {"label", text(c, "label")},
                               {"sentence", sentences ? text(c, "sentence") : json(nullptr)}});
    }
    return why;
}

int TransitionResult::unmet() const {
    int n = 0;
    for (const auto& c : criteria)
        n += c.status == "met" ? 0 : 1;
    return n;
}

Evaluation evaluate(const Protocol& p, const CaseFacts& all_facts) {
    const CaseFacts f = as_of(all_facts);
    Evaluation e;
    e.as_of = f.today.iso();
    e.phase = f.phase;
    const Phase* ph = p.phase(f.phase);
    e.phase_name = ph ? ph->name : f.phase;
    e.entered_on = f.phase_entered_on;
    e.days_in_phase = static_cast<int>(days_between(f.phase_entered_on, f.today));
    for (const auto& c : p.contraindications) {
        e.contraindications.push_back(evaluate_contraindication(c, p, f));
        e.suspended |= e.contraindications.back().status == "present";
    }
    Judging in{p, f, e.phase_name};
    for (const Transition* t : p.transitions_from(f.phase)) {
        TransitionResult tr;
        tr.from = t->from;
        tr.to = t->to;
        tr.name = t->name.empty() ? "to " + t->to : t->name;
        tr.relational = t->relational;
        for (const auto& c : t->criteria) {
            tr.criteria.push_back(evaluate_criterion(c, in));
            // An open urgent flag (suicide risk, self-harm thoughts, current
            // violence), or one whose risk is unknown, is passed over only
            // with a safety plan, whichever flag criterion reads it.
            if ((c.kind == "no_urgent_flags" || c.kind == "no_open_flags") &&
                tr.criteria.back().status != "met" && urgent_flag_open(f))
                tr.urgent_unmet.push_back(c.id);
        }
        for (std::size_t i = 0; i < p.contraindications.size(); ++i) {
            if (!p.contraindications[i].suspends_transition(t->from, t->to)) continue;
            const auto& status = e.contraindications[i].status;
            if (status == "present") tr.suspended_by.push_back(p.contraindications[i].code);
            if (status == "unknown") tr.blocked_by_unknown.push_back(p.contraindications[i].code);
        }
        tr.open = tr.unmet() == 0 && !tr.needs_safety_plan();
        e.transitions.push_back(tr);
    }
    if (f.plan_review_on) {
        e.plan_review_on = f.plan_review_on;
        e.plan_review_due = parse_date("review_on", *f.plan_review_on).days_since_epoch() <=
                            f.today.days_since_epoch();
    }
    e.summary = summary(e);
    return e;
}

json to_json(const Evaluation& e) {
    json contra = json::array();
    for (const auto& c : e.contraindications)
        contra.push_back({{"code", c.code},
                          {"label", c.label},
                          {"status", c.status},
                          {"sentence", c.sentence},
                          {"suspends", c.suspends},
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
                               {"suspended_by", t.suspended_by},
                               {"blocked_by_unknown", t.blocked_by_unknown},
                               {"urgent_unmet", t.urgent_unmet},
                               {"needs_safety_plan", t.needs_safety_plan()},
                               {"criteria", criteria}});
    }
    return {{"as_of", e.as_of},
            {"phase", e.phase},
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
