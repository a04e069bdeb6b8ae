#include "fhir/cds_card.hpp"

#include "report/escape.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <string>
#include <vector>

namespace mend::fhir {

namespace {

using nlohmann::json;
using report::escape_markdown;

// A string member, "" when absent or not a string: the evaluation is read
// as given, never trusted to be complete.
std::string text(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

const json& array(const json& j, const char* key) {
    static const json none = json::array();
    auto it = j.find(key);
    return it != j.end() && it->is_array() ? *it : none;
}

long long number(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_number_integer() ? it->get<long long>() : 0;
}

bool flag(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_boolean() && it->get<bool>();
}

// At most max_card_summary bytes, cut at a character boundary.
std::string summary_of(std::string s) {
    if (s.size() <= max_card_summary) return s;
    const std::string more = "\xE2\x80\xA6"; // U+2026
    std::size_t cut = max_card_summary - more.size();
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80)
        --cut;
    return s.substr(0, cut) + more;
}

struct Context {
    const json& e;
    json source;
    std::string heading; // the detail's first line: date, phase, protocol
};

json card(const Context& ctx, const char* indicator, const std::string& summary,
          const std::string& detail) {
    return {{"summary", summary_of(summary)},
            {"indicator", indicator},
            {"detail", ctx.heading + "\n\n" + detail},
            {"source", ctx.source}};
}

// The labels of the contraindications with these codes, escaped, "; "-joined.
std::string contraindication_labels(const json& e, const json& codes) {
    std::string s;
    for (const auto& code : codes)
        for (const auto& c : array(e, "contraindications"))
            if (code.is_string() && text(c, "code") == code.get<std::string>())
                s += (s.empty() ? "" : "; ") + escape_markdown(text(c, "label"));
    return s;
}

// The names of the steps out of the current phase that list `code` under `key`.
std::vector<std::string> steps_held(const json& e, const char* key, const std::string& code) {
    std::vector<std::string> names;
    for (const auto& t : array(e, "transitions"))
        for (const auto& c : array(t, key))
            if (c == code) names.push_back(escape_markdown(text(t, "name")));
    return names;
}

std::string joined(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v)
        s += (s.empty() ? "" : "; ") + x;
    return s;
}

json contraindication_card(const Context& ctx, const json& c) {
    const std::string label = text(c, "label");
    const std::string code = text(c, "code");
    const bool present = text(c, "status") == "present";
    std::string d = fmt::format("**{}**: {}.\n\n{}", escape_markdown(label),
                                present ? "present" : "not known (it is not treated as absent)",
                                escape_markdown(text(c, "sentence")));
    auto held = steps_held(ctx.e, present ? "suspended_by" : "blocked_by_unknown", code);
    if (!held.empty())
        d += fmt::format("\n\n{} the steps it holds ({}) need an override with a stated "
                         "safety plan.",
                         present ? "While it is present," : "Until it is known,", joined(held));
    if (present && array(c, "suspends").empty())
        d += "\n\nConjoint and relational work is suspended.";
    if (present) {
        const auto& ts = array(ctx.e, "transitions");
        bool every = !ts.empty() && std::all_of(ts.begin(), ts.end(), [](const json& t) {
            return !array(t, "suspended_by").empty();
        });
        if (every) d += "\n\nEvery way forward from this phase is suspended.";
        return card(ctx, "critical", "Contraindication present: " + label, d);
    }
    return card(ctx, "warning", "Not known to be safe: " + label, d);
}

json transition_card(const Context& ctx, const json& t) {
    const std::string name = text(t, "name");
    const auto& criteria = array(t, "criteria");
    std::string d = fmt::format("**{}** ({} to {}): ", escape_markdown(name),
                                escape_markdown(text(t, "from")), escape_markdown(text(t, "to")));
    if (flag(t, "open")) {
        d += fmt::format("open; every criterion is met ({}).", criteria.size());
        for (const auto& c : criteria)
            d += fmt::format("\n- {}: {}", escape_markdown(text(c, "label")),
                             escape_markdown(text(c, "sentence")));
        return card(ctx, "info", "Gate open: " + name, d);
    }
    long long unmet = number(t, "unmet");
    d += fmt::format("not open; {} of {} criteria not met.", unmet, criteria.size());
    std::vector<std::string> met;
    for (const auto& c : criteria) {
        const std::string status = text(c, "status");
        if (status == "met") {
            met.push_back(escape_markdown(text(c, "label")));
            continue;
        }
        d += fmt::format("\n- **{}** ({}): {}", escape_markdown(text(c, "label")),
                         status == "unknown" ? "not known" : "not met",
                         escape_markdown(text(c, "sentence")));
    }
    if (!met.empty()) d += "\n\nMet: " + joined(met) + ".";
    if (!array(t, "suspended_by").empty())
        d += "\n\nSuspended by: " + contraindication_labels(ctx.e, t["suspended_by"]) + ".";
    if (!array(t, "blocked_by_unknown").empty())
        d +=
            "\n\nNot known to be safe: " + contraindication_labels(ctx.e, t["blocked_by_unknown"]) +
            ".";
    if (!array(t, "urgent_unmet").empty())
        d += "\n\nAn urgent safety flag, or one of unknown severity, is open.";
    if (flag(t, "needs_safety_plan"))
        d += "\n\nOnly an override with a written rationale and a stated safety plan moves "
             "along this step.";
    if (flag(t, "relational")) return card(ctx, "warning", "Relational work not yet indicated", d);
    return card(ctx, flag(t, "needs_safety_plan") ? "warning" : "info", "Not yet open: " + name, d);
}

int rank(const json& c) {
    const std::string i = c["indicator"];
    return i == "critical" ? 0 : i == "warning" ? 1 : 2;
}

} // namespace

json cds_cards(const json& e) {
    static const json none = json::object();
    auto pit = e.find("protocol");
    const json& protocol = pit != e.end() && pit->is_object() ? *pit : none;
    json topic = {{"system", protocol_system}, {"code", text(protocol, "code")}};
    if (number(protocol, "version") > 0)
        topic["version"] = std::to_string(number(protocol, "version"));
    if (!text(protocol, "name").empty()) topic["display"] = text(protocol, "name");
    Context ctx{e, {{"label", "mend phase protocol"}, {"topic", topic}}, ""};
    ctx.heading =
        fmt::format("As of {}: phase *{}*, entered on {} ({} days).",
                    escape_markdown(text(e, "as_of")), escape_markdown(text(e, "phase_name")),
                    escape_markdown(text(e, "entered_on")), number(e, "days_in_phase"));
    if (flag(e, "suspended")) ctx.heading += " The protocol is suspended by a contraindication.";

    json cards = json::array();
    for (const auto& c : array(e, "contraindications")) {
        const std::string status = text(c, "status");
        if (status != "absent") cards.push_back(contraindication_card(ctx, c));
    }
    for (const auto& t : array(e, "transitions"))
        cards.push_back(transition_card(ctx, t));
    if (array(e, "transitions").empty())
        cards.push_back(card(ctx, "info", "Last phase of the protocol: " + text(e, "phase_name"),
                             "This is the protocol's last phase: no gate is ahead."));
    std::stable_sort(cards.begin(), cards.end(),
                     [](const json& a, const json& b) { return rank(a) < rank(b); });
    return {{"cards", cards}};
}

} // namespace mend::fhir
