#include "domain/sessions.hpp"

#include "domain/billing.hpp"
#include "domain/catalog.hpp"
#include "domain/dates.hpp"
#include "domain/error.hpp"
#include "domain/text.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <set>

namespace mend {

namespace {

// CPT psychotherapy time rules (AMA CPT 2013 revision): 90832 16-37 minutes,
// 90834 38-52, 90837 53 or more; 90846 and 90847 are 50-minute services,
// billable once the midpoint is passed (26 minutes or more). 90791 (a
// diagnostic evaluation) has no time in its descriptor. Verify against the
// payer's current rules before billing.
using TimeRule = CptRule;

const std::vector<CptRule> time_rules = {
    {"90791", 1, 0, false, "psychiatric diagnostic evaluation (intake)"},
    {"90832", 16, 37, false, "individual psychotherapy, 30 minutes (16-37)"},
    {"90834", 38, 52, false, "individual psychotherapy, 45 minutes (38-52)"},
    {"90837", 53, 0, false, "individual psychotherapy, 60 minutes (53 or more)"},
    // Psychotherapy for crisis: 90839 for the first 60 minutes (30-74), and
    // the add-on 90840 for each further 30 (75-104 one, 105-134 two, ...).
    {"90839", 30, 0, false,
     "psychotherapy for crisis, first 60 minutes (30-74; each further 30 adds 90840)"},
    {"90846", 26, 0, true,
     "family/couple psychotherapy without the patient present, 50 minutes (26 or more)"},
    {"90847", 26, 0, true,
     "family/couple psychotherapy with the patient present, 50 minutes (26 or more)"},
};

const TimeRule* rule_for(const std::string& code) {
    for (const auto& r : time_rules)
        if (code == r.code) return &r;
    return nullptr;
}

} // namespace

const std::vector<CptRule>& cpt_rules() {
    return time_rules;
}

std::string cpt_time_rule(const std::string& code) {
    const TimeRule* r = rule_for(code);
    return r ? r->what : "";
}

void validate(const Session& s, bool conjoint_case) {
    // "YYYY-MM-DDTHH:MM"
    if (s.starts_at.size() != 16 || s.starts_at[10] != 'T' || s.starts_at[13] != ':')
        fail(Errc::invalid, "starts_at must be written YYYY-MM-DDTHH:MM");
    parse_date("starts_at", s.starts_at.substr(0, 10));
    auto two = [&](std::size_t at) {
        char a = s.starts_at[at], b = s.starts_at[at + 1];
        if (a < '0' || a > '9' || b < '0' || b > '9')
            fail(Errc::invalid, "starts_at must be written YYYY-MM-DDTHH:MM");
        return (a - '0') * 10 + (b - '0');
    };
    if (two(11) > 23 || two(14) > 59) fail(Errc::invalid, "starts_at holds no such time of day");
    if (s.duration_minutes < session_minutes_min || s.duration_minutes > session_minutes_max)
        fail(Errc::invalid, fmt::format("duration_minutes must be between {} and {}",
                                        session_minutes_min, session_minutes_max));
    if (!one_of(s.modality, session_modalities))
        fail(Errc::invalid, "modality must be one of: " + joined(session_modalities));
    if (s.participants.empty()) fail(Errc::invalid, "a session needs at least one participant");
    std::set<Id> seen(s.participants.begin(), s.participants.end());
    if (seen.size() != s.participants.size()) fail(Errc::invalid, "a participant is listed twice");
    const TimeRule* r = rule_for(s.cpt_code);
    if (!r) {
        std::string codes;
        for (const auto& t : time_rules)
            codes += (codes.empty() ? "" : ", ") + std::string(t.code);
        fail(Errc::invalid, "cpt_code must be one of: " + codes);
    }
    if (s.duration_minutes < r->min_minutes ||
        (r->max_minutes && s.duration_minutes > r->max_minutes))
        fail(Errc::invalid, fmt::format("{} minutes do not fit CPT {}: {}", s.duration_minutes,
                                        s.cpt_code, r->what));
    if (r->conjoint && !conjoint_case)
        fail(Errc::invalid, fmt::format("CPT {} is for a couple's sessions", s.cpt_code));
    if (conjoint_case && s.identified_patient_id == 0 && r->conjoint)
        fail(Errc::invalid,
             "a couple's session billed as family psychotherapy names the identified patient");
    if (s.identified_patient_id) {
        bool present = std::find(s.participants.begin(), s.participants.end(),
                                 s.identified_patient_id) != s.participants.end();
        // "Is the identified patient in the room? If yes, 90847" (and 90846 if not).
        if (s.cpt_code == "90847" && !present)
            fail(Errc::invalid,
                 "CPT 90847 needs the identified patient present; without them use 90846");
        if (s.cpt_code == "90846" && present)
            fail(Errc::invalid,
                 "CPT 90846 is without the identified patient; with them present use 90847");
    }
    validate_billing(s);
}

std::vector<std::string> note_fields(const std::string& format) {
    if (format == "soap")
        return {"subjective", "objective", "assessment", "plan", "risk", "interventions"};
    if (format == "dap") return {"data", "assessment", "plan", "risk", "interventions"};
    if (format == "birp")
        return {"behavior", "intervention", "response", "plan", "risk", "interventions"};
    if (format == "free") return {"text", "plan", "risk", "interventions"};
    fail(Errc::invalid, "format must be one of: " + joined(note_formats));
}

nlohmann::json validate_note_content(const std::string& format, const nlohmann::json& content) {
    auto fields = note_fields(format);
    if (!content.is_object())
        fail(Errc::invalid, "note content must be a JSON object of the format's fields");
    nlohmann::json out = nlohmann::json::object();
    bool any = false;
    for (const auto& [key, value] : content.items()) {
        if (std::find(fields.begin(), fields.end(), key) == fields.end())
            fail(Errc::invalid,
                 fmt::format("a {} note has no such field; its fields are listed in mend/note.h",
                             format));
        if (value.is_null()) continue;
        if (key == "interventions") {
            if (!value.is_array()) fail(Errc::invalid, "interventions must be a list of texts");
            for (const auto& v : value) {
                if (!v.is_string()) fail(Errc::invalid, "interventions must be a list of texts");
                check_text("interventions", v.get<std::string>(), intervention_max_bytes);
            }
            if (value.size() > interventions_max)
                fail(Errc::invalid,
                     fmt::format("interventions holds at most {} entries", interventions_max));
            if (!value.empty()) out[key] = value;
            any |= !value.empty();
            continue;
        }
        if (!value.is_string()) fail(Errc::invalid, fmt::format("{} must be text", key));
        std::string text = value.get<std::string>();
        check_text(key.c_str(), text, note_field_max_bytes, false);
        if (!text.empty()) {
            out[key] = text;
            any = true;
        }
    }
    if (!any) fail(Errc::invalid, "a note needs at least one field filled in");
    return out;
}

nlohmann::json validate_note_content(const std::string& format, const std::string& content_json) {
    if (content_json.size() > note_content_max_bytes)
        fail(Errc::invalid,
             fmt::format("content_json is longer than {} bytes", note_content_max_bytes));
    if (!is_valid_utf8(content_json)) fail(Errc::encoding, "content_json is not valid UTF-8");
    auto j = nlohmann::json::parse(content_json, nullptr, false);
    if (j.is_discarded()) fail(Errc::invalid, "content_json is not valid JSON");
    return validate_note_content(format, j);
}

std::string note_search_text(const Note& n) {
    std::string out;
    for (const auto& f : note_fields(n.format)) {
        auto it = n.content.find(f);
        if (it == n.content.end()) continue;
        if (it->is_string())
            out += it->get<std::string>() + "\n";
        else
            for (const auto& v : *it)
                out += v.get<std::string>() + "\n";
    }
    return out;
}

std::string note_canonical(const Note& n) {
    nlohmann::json j = {
        {"v", 1},
        {"note_id", n.id},
        {"session_id", n.session_id},
        {"case_id", n.case_id},
        {"author_id", n.author_id},
        {"format", n.format},
        {"content", n.content},
        {"late_entry", n.late_entry},
        {"phase", n.phase ? nlohmann::json(*n.phase) : nlohmann::json(nullptr)},
        {"signed_by", n.signed_by},
        {"signed_at", n.signed_at ? nlohmann::json(*n.signed_at) : nlohmann::json(nullptr)}};
    return j.dump();
}

std::string addendum_canonical(const Addendum& a, const std::string& note_hash) {
    // The addendum's own id is not known until it is stored, so it is not covered.
    nlohmann::json j = {{"v", 1},
                        {"note_id", a.note_id},
                        {"author_id", a.author_id},
                        {"text", a.text},
                        {"reason", a.reason},
                        {"created_at", a.created_at},
                        {"note_hash", note_hash}};
    return j.dump();
}

} // namespace mend
