#include "fhir/questionnaire.hpp"

#include <string>
#include <vector>

namespace mend::fhir {

namespace {

using nlohmann::json;

// A LOINC answer list: the answer codes of the options min, min+1, ...
struct AnswerList {
    const char* list;
    int min;
    std::vector<std::pair<const char*, const char*>> answers; // code, display
};

// LL358-3, the frequency scale of the PHQ-9 (items 1-9) and GAD-7 (items
// 1-7): https://loinc.org/LL358-3 (0 Not at all ... 3 Nearly every day).
const AnswerList frequency = {"LL358-3",
                              0,
                              {{"LA6568-5", "Not at all"},
                               {"LA6569-3", "Several days"},
                               {"LA6570-1", "More than half the days"},
                               {"LA6571-9", "Nearly every day"}}};

// The answer list of an item, or nullptr: the instruments whose scored items
// LOINC codes with LL358-3.
const AnswerList* answer_list(const measures::Instrument& in, const measures::Item& item) {
    if (!item.scored || item.min != 0 || item.max != 3) return nullptr;
    if (in.code == "phq9" || in.code == "gad7") return &frequency;
    return nullptr;
}

json coding(const char* system, const std::string& code, const std::string& display = "") {
    json c = {{"system", system}, {"code", code}};
    if (!display.empty()) c["display"] = display;
    return c;
}

} // namespace

std::string questionnaire_url(const measures::Instrument& in) {
    return "urn:mend:questionnaire:" + in.code;
}

json questionnaire(const measures::Instrument& in) {
    json items = json::array();
    for (const auto& item : in.items) {
        json q = {{"linkId", std::to_string(item.number)},
                  {"prefix", std::to_string(item.number) + "."},
                  {"text", item.text},
                  {"type", "choice"},
                  {"required", item.required}};
        q["code"] = json::array(
            {item.code.empty()
                 ? coding(local_system, in.code + "/" + std::to_string(item.number), item.text)
                 : coding(loinc_system, item.code, item.text)});
        json options = json::array();
        const AnswerList* list = answer_list(in, item);
        for (int v = item.min; v <= item.max; ++v) {
            if (list) {
                const auto& [code, display] =
                    list->answers[static_cast<std::size_t>(v - list->min)];
                int score = item.reverse ? item.min + item.max - v : v;
                options.push_back(
                    {{"valueCoding",
                      {{"system", loinc_system},
                       {"code", code},
                       {"display", display},
                       {"extension",
                        json::array(
                            {{{"url", "http://hl7.org/fhir/StructureDefinition/ordinalValue"},
                              {"valueDecimal", score}}})}}}});
            } else {
                options.push_back({{"valueInteger", v}});
            }
        }
        q["answerOption"] = options;
        items.push_back(q);
    }
    json code = json::array();
    if (!in.loinc_panel.empty())
        code.push_back(coding(loinc_system, in.loinc_panel, in.name));
    else
        code.push_back(coding(local_system, in.code, in.name));
    std::string name;
    for (char c : in.code) // FHIR's name: [A-Z]([A-Za-z0-9_]){0,254}
        name += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A')
                : ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) ? c
                                                                     : '_';
    std::string id = "mend-"; // FHIR's id: [A-Za-z0-9\-\.]{1,64}
    for (char c : in.code)
        id +=
            ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) ? c : '-';
    id = id.substr(0, 56) + "-v" + std::to_string(in.version);
    json out = {{"resourceType", "Questionnaire"},
                {"id", id},
                {"url", questionnaire_url(in)},
                {"version", std::to_string(in.version)},
                {"name", "MEND_" + name},
                {"title", in.name + (in.abbreviation.empty() ? "" : " (" + in.abbreviation + ")")},
                {"status", "active"},
                {"subjectType", json::array({"Patient"})},
                {"code", code},
                {"item", items}};
    if (!in.licence.empty()) out["copyright"] = in.licence;
    if (!in.construct.empty()) out["purpose"] = in.construct;
    return out;
}

} // namespace mend::fhir
