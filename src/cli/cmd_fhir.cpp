// `mend fhir`: FHIR R4 exchange with a host's EHR.
#include "commands.hpp"
#include "output.hpp"

#include <iostream>
#include <mend/mend.h>

namespace mend::cli {

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
            q = fetch(db, mend_fhir_questionnaire_get_json(&js, db, code.c_str()), js);
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
        std::cout << fetch(db, mend_fhir_export_json(&js, db, &o), js).dump(a.flag("json") ? -1 : 2)
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
    if (verb.empty())
        throw UsageError("mend fhir needs a subcommand: questionnaire, export or card");
    throw UsageError("unknown subcommand 'mend fhir " + verb + "'");
}

} // namespace mend::cli
