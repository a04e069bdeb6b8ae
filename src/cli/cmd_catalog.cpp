// mend catalog: the library's limits and values (mend_catalog_get_json), and
// the parts of --help texts that list them, read from the library at run
// time so that no list is copied here.
#include "commands.hpp"
#include "output.hpp"

#include <mend/mend.h>

#include <iostream>
#include <sstream>

namespace mend::cli {

namespace {

std::string words(const nlohmann::json& list, const char* sep = ", ") {
    std::string out;
    for (const auto& v : list)
        out += (out.empty() ? "" : sep) + v.get<std::string>();
    return out;
}

std::string diagnosis_lines(const nlohmann::json& cat) {
    std::ostringstream out;
    for (const auto& c : cat["diagnosis_codes"])
        out << "  " << c["code"].get<std::string>() << "  " << c["title"].get<std::string>()
            << "\n";
    return out.str();
}

std::string cpt_lines(const nlohmann::json& cat) {
    std::ostringstream out;
    for (const auto& c : cat["cpt_codes"]) {
        out << "  " << c["code"].get<std::string>() << "  " << c["min_minutes"].get<int>();
        if (c["max_minutes"].is_null())
            out << "+ minutes";
        else
            out << "-" << c["max_minutes"].get<int>() << " minutes";
        out << "  " << c["description"].get<std::string>() << "\n";
    }
    return out.str();
}

std::string format_lines(const nlohmann::json& cat) {
    std::ostringstream out;
    for (const auto& [format, fields] : cat["note_formats"].items()) {
        out << "  " << format << ":";
        for (const auto& f : fields)
            out << " --" << f.get<std::string>();
        out << "\n";
    }
    return out.str();
}

std::string attestation_lines(const nlohmann::json& cat) {
    std::ostringstream out;
    for (const auto& a : cat["attestation_codes"])
        out << "  " << a["code"].get<std::string>() << " (" << words(a["values"], "|") << ")\n";
    return out.str();
}

} // namespace

const nlohmann::json& library_catalog() {
    static const nlohmann::json cat = [] {
        char* js = nullptr;
        check(mend_catalog_get_json(&js, nullptr), nullptr);
        return nlohmann::json::parse(take(js));
    }();
    return cat;
}

long long catalog_limit(const char* name) {
    return library_catalog()["limits"][name].get<long long>();
}

std::string catalog_help(const std::string& command) {
    const auto& cat = library_catalog();
    const auto& v = cat["values"];
    std::ostringstream out;
    if (command == "measure")
        out << "\nBuilt-in instruments (from the library): " << words(cat["instruments"])
            << "\n('mend measure instruments' lists a practice's, loaded ones included.)\n";
    else if (command == "attestation")
        out << "\nCodes the built-in protocols read (from the library):\n"
            << attestation_lines(cat);
    else if (command == "session")
        out << "\nCPT codes and their time rules (from the library):\n"
            << cpt_lines(cat) << "Modalities: " << words(v["session_modalities"]) << "\n";
    else if (command == "diagnosis")
        out << "\nICD-10-CM codes mend knows (from the library; 'mend catalog --json' has each "
               "code's group and notes):\n"
            << diagnosis_lines(cat);
    else if (command == "note")
        out << "\nNote formats and their fields (from the library):\n" << format_lines(cat);
    else if (command == "couple")
        out << "\nPolicies: " << words(v["secrets_policies"])
            << ". Statuses: " << words(v["relationship_statuses"]) << ". --children "
            << cat["limits"]["children_in_household_min"].get<int>() << ".."
            << cat["limits"]["children_in_household_max"].get<int>() << ".\n";
    else if (command == "case")
        out << "\nKinds: " << words(v["case_kinds"]) << ". Statuses: " << words(v["case_statuses"])
            << ".\n";
    else if (command == "audit")
        out << "\n--limit is 1.." << cat["limits"]["audit_limit_max"].get<int>() << " (default "
            << cat["limits"]["audit_limit_default"].get<int>() << ").\n";
    else if (command == "safety")
        out << "\n--ipv: " << words(v["ipv_values"])
            << ". --suicide-risk: " << words(v["suicide_risk_values"]) << ".\n";
    return out.str();
}

int cmd_catalog(const Args& a) {
    a.allow({"db", "as", "now"});
    a.allow_positionals(1, 0);
    nlohmann::json cat;
    if (a.has("db")) { // the practice's instruments and protocols
        Db db(a, true);
        char* js = nullptr;
        check(mend_catalog_get_json(&js, db), db);
        cat = nlohmann::json::parse(take(js));
    } else {
        cat = library_catalog();
    }
    if (a.flag("json")) {
        std::cout << cat.dump() << "\n";
        return 0;
    }
    std::cout << "Limits:\n";
    for (const auto& [name, value] : cat["limits"].items())
        std::cout << "  " << name << " = " << value.dump() << "\n";
    std::cout << "Values:\n";
    for (const auto& [name, list] : cat["values"].items())
        std::cout << "  " << name << ": " << words(list) << "\n";
    std::cout << "Note formats:\n"
              << format_lines(cat) << "CPT codes:\n"
              << cpt_lines(cat) << "Instruments: " << words(cat["instruments"]) << "\n"
              << "Protocols: " << words(cat["protocols"]) << "\n"
              << "Attestation codes:\n"
              << attestation_lines(cat) << "Diagnosis codes (ICD-10-CM):\n"
              << diagnosis_lines(cat);
    return 0;
}

} // namespace mend::cli
