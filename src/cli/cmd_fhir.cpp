// `mend fhir`: FHIR R4 exchange with a host's EHR.
#include "commands.hpp"
#include "output.hpp"

#include <iostream>
#include <iterator>
#include <mend/mend.h>

namespace mend::cli {

namespace {

// A total as printed: whole numbers without ".0"; null as "none".
std::string total_text(const nlohmann::json& t) {
    if (t.is_null()) return "none";
    double v = t.get<double>();
    if (v == static_cast<double>(static_cast<long long>(v)))
        return std::to_string(static_cast<long long>(v));
    return t.dump();
}

} // namespace

int cmd_fhir(const Args& a) {
    const std::string verb = a.word(1);
    if (verb == "questionnaire") {
        a.allow({"db", "as", "now"});
        a.allow_positionals(2, 1);
        if (a.words.size() < 3) throw UsageError("which instrument? give its code, e.g. phq9");
        const std::string code = a.word(2);
        char* js = nullptr;
        nlohmann::json q;
        if (a.has("db")) { // the practice's instruments, loaded ones too
            Db db(a, true);
            q = fetch_data(db, mend_fhir_questionnaire_get_json(&js, db, code.c_str()), js);
        } else {
            check(mend_fhir_questionnaire_get_json(&js, nullptr, code.c_str()), nullptr);
            q = nlohmann::json::parse(take(js));
        }
        std::cout << q.dump(a.flag("json") ? -1 : 2) << "\n";
        return 0;
    }
    if (verb == "export") {
        a.allow({"case", "client", "release", "out"});
        a.allow_positionals(2, 0);
        mend_fhir_export_options o = MEND_FHIR_EXPORT_OPTIONS_INIT;
        if (a.has("case") == a.has("client"))
            throw UsageError("mend fhir export needs --case ID or --client ID");
        o.case_id = id_opt(a, "case");
        o.client_id = id_opt(a, "client");
        o.release_id = id_opt(a, "release");
        Db db(a, true);
        if (auto out = a.get("out")) {
            check(mend_fhir_export_write(db, &o, out->c_str()), db);
            wrote(a, *out);
            return 0;
        }
        char* js = nullptr;
        std::cout
            << fetch_data(db, mend_fhir_export_json(&js, db, &o), js).dump(a.flag("json") ? -1 : 2)
            << "\n";
        return 0;
    }
    if (verb == "card") { // the gate evaluation as a CDS Hooks response
        a.allow({"case", "on"});
        a.allow_positionals(2, 0);
        int64_t case_id = id_opt(a, "case", true);
        Db db(a, true);
        char* js = nullptr;
        auto cards = fetch(db, mend_fhir_card_json(&js, db, case_id, opt(a, "on")), js);
        std::cout << cards.dump(a.flag("json") ? -1 : 2) << "\n";
        return 0;
    }
    if (verb == "import") {
        a.allow({"db", "as", "now", "case"});
        a.allow_positionals(2, 1);
        if (a.words.size() < 3) throw UsageError("which file? give the FHIR JSON file to import");
        const std::string file = a.word(2);
        mend_fhir_import_options o = MEND_FHIR_IMPORT_OPTIONS_INIT;
        o.case_id = id_opt(a, "case");
        Db db(a, true);
        char* js = nullptr;
        nlohmann::json summary;
        if (file == "-") {
            std::string text((std::istreambuf_iterator<char>(std::cin)),
                             std::istreambuf_iterator<char>());
            summary = fetch(db, mend_fhir_import(&js, db, text.c_str(), &o), js);
        } else {
            summary = fetch(db, mend_fhir_import_file(&js, db, file.c_str(), &o), js);
        }
        if (a.flag("json")) {
            std::cout << summary.dump() << "\n";
            return 0;
        }
        for (const auto& p : summary["patients"])
            std::cout << p["path"].get<std::string>() << ": client " << p["client_id"] << " "
                      << p["action"].get<std::string>() << "\n";
        for (const auto& m : summary["administrations"]) {
            std::cout << m["path"].get<std::string>() << ": administration " << m["id"] << " of "
                      << m["instrument"].get<std::string>() << " for client " << m["client_id"]
                      << ", total " << total_text(m["total"]);
            if (!m["flags"].empty()) {
                std::cout << ", flags:";
                for (const auto& f : m["flags"])
                    std::cout << " " << f.get<std::string>();
            }
            std::cout << "\n";
            if (m["total_mismatch"].get<bool>())
                std::cout << "  total mismatch: the host's total " << total_text(m["host_total"])
                          << " differs from mend's " << total_text(m["total"])
                          << "; mend's score was stored\n";
        }
        std::cout << summary["patients"].size() << " patient(s), "
                  << summary["administrations"].size() << " administration(s) imported\n";
        return 0;
    }
    if (verb.empty())
        throw UsageError("mend fhir needs a subcommand: questionnaire, export, card or import");
    throw UsageError("unknown subcommand 'mend fhir " + verb + "'");
}

} // namespace mend::cli
