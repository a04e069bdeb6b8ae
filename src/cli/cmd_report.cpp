// `mend report` and `mend release`.
#include "commands.hpp"
#include "display.hpp"
#include "output.hpp"

#include <iostream>

namespace mend::cli {

int cmd_report(const Args& a) {
    a.allow({"case", "caseload", "clinician", "format", "out", "release", "from", "to", "date",
             "notes", "overdue-weeks"});
    a.allow_positionals(1, 0);
    mend_report_options o = MEND_REPORT_OPTIONS_INIT;
    o.kind = a.flag("caseload") ? "caseload" : "case";
    if (!a.flag("caseload") && !a.has("case"))
        throw UsageError("mend report needs --case ID or --caseload");
    if (a.flag("caseload") && a.has("case"))
        throw UsageError("--case and --caseload are two different reports");
    o.case_id = id_opt(a, "case");
    o.clinician_id = id_opt(a, "clinician");
    o.release_id = id_opt(a, "release");
    // --json asks for JSON on stdout: a report in another format cannot be that.
    if (a.flag("json") && a.has("format") && *a.get("format") != "json")
        throw UsageError("--format " + *a.get("format") +
                         " is not JSON: drop --json, or use --format json");
    o.format = a.has("format") ? a.get("format")->c_str() : (a.flag("json") ? "json" : "markdown");
    o.from = opt(a, "from");
    o.to = opt(a, "to");
    o.generated_on = opt(a, "date");
    o.include_note_text = a.has("notes") && *a.get("notes") == "yes";
    if (auto w = a.get("overdue-weeks"))
        o.overdue_weeks = static_cast<int>(to_int(*w, "--overdue-weeks"));
    Db db(a, true);
    if (auto out = a.get("out")) {
        check(mend_report_write(db, &o, out->c_str()), db);
        wrote(a, *out);
        return 0;
    }
    char* text = nullptr;
    check(mend_report_render(&text, db, &o), db);
    // JSON escapes on its own; another document shown on a terminal has
    // its records' control characters escaped (--out writes it as it is).
    const bool json_document = std::string(o.format) == "json";
    std::cout << (json_document ? take(text) : shown_lines(take(text)));
    return 0;
}

int cmd_release(const Args& a) {
    const std::string verb = a.word(1);
    if (verb == "create") {
        a.allow({"case", "for", "recipient", "purpose", "expires"});
        a.allow_positionals(2, 0);
        mend_release_fields f = MEND_RELEASE_FIELDS_INIT;
        f.case_id = id_opt(a, "case");
        f.for_client_id = id_opt(a, "for");
        f.recipient = opt(a, "recipient");
        f.purpose = opt(a, "purpose");
        f.expires_on = opt(a, "expires");
        Db db(a, true);
        int64_t id = 0;
        check(mend_release_create(&id, db, &f), db);
        if (a.flag("json"))
            std::cout << nlohmann::json{{"id", id}}.dump() << "\n";
        else
            std::cout << "recorded release " << id << "\n";
        return 0;
    }
    if (verb == "authorise") {
        a.allow({"client"});
        a.allow_positionals(2, 1);
        if (a.words.size() < 3) throw UsageError("which release? give its id");
        long long id = to_int(a.word(2), "release id");
        Db db(a, true);
        check(mend_release_authorise(db, id, id_opt(a, "client")), db);
        if (a.flag("json"))
            std::cout << nlohmann::json{{"id", id}, {"authorised", true}}.dump() << "\n";
        else
            std::cout << "recorded the authorisation\n";
        return 0;
    }
    if (verb == "accounting") {
        a.allow({"client"});
        a.allow_positionals(2, 0);
        int64_t client = id_opt(a, "client", true);
        Db db(a, true);
        char* js = nullptr;
        auto acc = fetch(db, mend_release_accounting_json(&js, db, client), js);
        if (a.flag("json")) {
            std::cout << acc.dump() << "\n";
            return 0;
        }
        std::cout << "Accounting of disclosures for client " << client << " as of "
                  << acc["generated_on"].get<std::string>() << ": " << acc["disclosures"].size()
                  << " release(s)\n";
        for (const auto& d : acc["disclosures"]) {
            std::cout << "- release " << d["release_id"] << " of case " << d["case_id"] << ", "
                      << d["created_on"].get<std::string>() << " to "
                      << d["recipient"].get<std::string>() << " for "
                      << d["purpose"].get<std::string>() << " (expires "
                      << d["expires_on"].get<std::string>() << "); holds "
                      << (d["holds"]["own_record"].get<bool>() ? "the client's own record" : "")
                      << (d["holds"]["own_record"].get<bool>() &&
                                  d["holds"]["joint_content"].get<bool>()
                              ? " and "
                              : "")
                      << (d["holds"]["joint_content"].get<bool>() ? "the couple's joint content"
                                                                  : "")
                      << "; provided " << d["provided"].size() << " time(s)\n";
        }
        return 0;
    }
    if (verb.empty())
        throw UsageError("mend release needs a subcommand: create, authorise or accounting");
    throw UsageError("unknown subcommand 'mend release " + verb + "'");
}

} // namespace mend::cli
