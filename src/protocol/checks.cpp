#include "protocol/checks.hpp"

#include "domain/catalog.hpp"
#include "domain/error.hpp"
#include "domain/json_reader.hpp"
#include "domain/text.hpp"

namespace mend::protocol {

bool is_decision(const std::string& v) {
    return one_of(v, decision_values);
}

void validate(const Attestation& a, const Date& today) {
    JsonReader codes("attestation");
    codes.code(nlohmann::json{{"code", a.code}}, "code", "");
    check_text("value", a.value, 40);
    if (a.code == "decision") {
        if (!is_decision(a.value))
            fail(Errc::invalid, "a decision is one of: " + joined(decision_values));
    } else if (!one_of(a.value, attestation_values)) {
        fail(Errc::invalid, "an attestation's value is one of: " + joined(attestation_values));
    }
    if (a.effective_on) parse_date_in("effective_on", *a.effective_on, earliest_date(), today);
    if (a.note) check_text("note", *a.note, 4000, false);
}

nlohmann::json validate_plan(const std::string& text) {
    using nlohmann::json;
    const JsonReader rd("treatment plan");
    json j = rd.parse(text);
    auto strings = [&](const char* key, bool required) {
        json out = json::array();
        const json& arr = rd.array(j, key, "", required);
        if (required && arr.empty()) rd.bad(key, "must not be empty");
        for (std::size_t i = 0; i < arr.size(); ++i) {
            if (!arr[i].is_string()) rd.bad(JsonReader::index(key, i), "must be text");
            std::string s = arr[i].get<std::string>();
            if (!is_valid_utf8(s) || s.empty() || s.size() > 2000)
                rd.bad(JsonReader::index(key, i), "must be 1 to 2000 bytes of UTF-8 text");
            out.push_back(s);
        }
        return out;
    };
    json plan;
    plan["problems"] = strings("problems", true);
    plan["interventions"] = strings("interventions", false);
    json goals = json::array();
    const json& gs = rd.array(j, "goals", "", true);
    if (gs.empty()) rd.bad("goals", "must not be empty");
    for (std::size_t i = 0; i < gs.size(); ++i) {
        std::string gp = JsonReader::index("goals", i);
        json goal = {{"text", rd.str(gs[i], "text", gp, true, 2000)},
                     {"objectives", json::array()}};
        const json& os = rd.array(gs[i], "objectives", gp, false);
        for (std::size_t k = 0; k < os.size(); ++k) {
            std::string op = gp + JsonReader::index("objectives", k);
            json obj = {{"text", rd.str(os[k], "text", op, true, 2000)}};
            if (const json* m = JsonReader::member(os[k], "measure")) {
                std::string mp = op + "measure.";
                obj["measure"] = {{"instrument", rd.code(*m, "instrument", mp)},
                                  {"comparator", rd.comparator(*m, mp)},
                                  {"value", rd.num(*m, "value", mp)}};
            }
            std::string target = rd.str(os[k], "target_date", op, false, 10);
            if (!target.empty()) {
                parse_date("target_date", target);
                obj["target_date"] = target;
            }
            goal["objectives"].push_back(obj);
        }
        goals.push_back(goal);
    }
    plan["goals"] = goals;
    std::string review = rd.str(j, "review_on", "", true, 10);
    parse_date("review_on", review);
    plan["review_on"] = review;
    return plan;
}

} // namespace mend::protocol
