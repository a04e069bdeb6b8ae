// `mend protocol`, `mend phase`, `mend attest`, `mend plan`, `mend agreement`.
#include "commands.hpp"
#include "output.hpp"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

namespace mend::cli {

namespace {

using nlohmann::json;

std::string read_file(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) throw Failure("cannot read " + path, mend_errstr(MEND_ERROR));
    std::stringstream text;
    text << f.rdbuf();
    return text.str();
}

const char* mark(const std::string& status) {
    if (status == "met" || status == "absent") return "[ok]     ";
    if (status == "not_met") return "[not met]";
    if (status == "present") return "[PRESENT]";
    return "[unknown]";
}

void print_evaluation(const json& e) {
    std::cout << "Case " << e["case_id"] << ": " << e["protocol"]["name"].get<std::string>()
              << " (v" << e["protocol"]["version"] << ")\n";
    std::cout << "Phase: " << e["phase_name"].get<std::string>() << " since "
              << e["entered_on"].get<std::string>() << " (" << e["days_in_phase"] << " days)\n";
    if (!e["contraindications"].empty()) {
        std::cout << "\nContraindications"
                  << (e["suspended"].get<bool>() ? " (CONJOINT WORK SUSPENDED)" : "") << ":\n";
        for (const auto& c : e["contraindications"])
            std::cout << "  " << mark(c["status"]) << " " << c["sentence"].get<std::string>()
                      << "\n";
    }
    for (const auto& t : e["transitions"]) {
        std::cout << "\n"
                  << t["name"].get<std::string>() << " -> " << t["to"].get<std::string>() << ": "
                  << (t["open"].get<bool>() ? "OPEN" : "BLOCKED") << "\n";
        for (const auto& c : t["criteria"])
            std::cout << "  " << mark(c["status"]) << " " << c["sentence"].get<std::string>()
                      << "\n";
    }
    if (e["plan_review_due"].get<bool>())
        std::cout << "\nThe treatment plan's review was due on "
                  << e["plan_review_on"].get<std::string>() << ".\n";
    std::cout << "\n" << e["summary"].get<std::string>() << "\n";
}

} // namespace

int cmd_protocol(const Args& a) {
    const std::string verb = a.word(1);
    if (verb == "list") {
        a.allow({});
        a.allow_positionals(2, 0);
        Db db(a, true);
        char* js = nullptr;
        auto list = fetch(db, mend_protocol_list_json(&js, db), js);
        print_records(a, std::vector<json>(list.begin(), list.end()),
                      {"code", "version", "kind", "name"});
        return 0;
    }
    if (verb == "show") {
        a.allow({});
        a.allow_positionals(2, 1);
        if (a.words.size() < 3)
            throw UsageError("which protocol? e.g. mend protocol show betrayal_trauma_couples");
        Db db(a, true);
        char* js = nullptr;
        auto p = fetch(db, mend_protocol_get_json(&js, db, a.word(2).c_str()), js);
        if (a.flag("json")) {
            std::cout << p.dump(2) << "\n";
            return 0;
        }
        std::cout << p["name"].get<std::string>() << " (" << p["code"].get<std::string>() << " v"
                  << p["version"] << ", " << p["kind"].get<std::string>() << ")\n"
                  << p["description"].get<std::string>() << "\n\nPhases:\n";
        for (const auto& ph : p["phases"])
            std::cout << "  " << ph["code"].get<std::string>() << ": "
                      << ph["name"].get<std::string>() << "\n";
        for (const auto& t : p["transitions"]) {
            std::cout << "\n"
                      << t["from"].get<std::string>() << " -> " << t["to"].get<std::string>()
                      << " (" << t["name"].get<std::string>() << ")\n";
            for (const auto& c : t["criteria"])
                std::cout << "  - " << c["label"].get<std::string>() << "\n";
        }
        if (!p["contraindications"].empty()) {
            std::cout << "\nContraindications (hard stops):\n";
            for (const auto& c : p["contraindications"])
                std::cout << "  - " << c["label"].get<std::string>() << "\n";
        }
        return 0;
    }
    if (verb == "load") {
        a.allow({});
        a.allow_positionals(2, 1);
        if (a.words.size() < 3) throw UsageError("mend protocol load needs a definition file");
        std::string text = read_file(a.word(2));
        Db db(a, true);
        check(mend_protocol_load(db, text.c_str()), db);
        done(a, {{"loaded", true}}, "loaded the protocol definition");
        return 0;
    }
    if (verb.empty()) throw UsageError("mend protocol needs a subcommand: list, show or load");
    throw UsageError("unknown subcommand 'mend protocol " + verb + "'");
}

int cmd_phase(const Args& a) {
    const std::string verb = a.word(1);
    a.allow_positionals(2, 0);
    if (verb == "start") {
        a.allow({"case", "protocol", "betrayed", "on"});
        int64_t case_id = id_opt(a, "case", true);
        Db db(a, true);
        check(mend_phase_start(db, case_id, required(a, "protocol").c_str(),
                               id_opt(a, "betrayed", false), opt(a, "on")),
              db);
        done(a, {{"case_id", case_id}, {"started", true}},
             "case " + std::to_string(case_id) + " started on its protocol");
        return 0;
    }
    if (verb == "roles") {
        a.allow({"case", "betrayed", "rationale", "override"});
        int64_t case_id = id_opt(a, "case", true);
        int64_t betrayed = id_opt(a, "betrayed", true);
        const std::string& rationale = required(a, "rationale");
        Db db(a, true);
        check(a.flag("override")
                  ? mend_phase_override_roles(db, case_id, betrayed, rationale.c_str())
                  : mend_phase_set_roles(db, case_id, betrayed, rationale.c_str()),
              db);
        done(a, {{"case_id", case_id}, {"updated", true}}, "roles recorded");
        return 0;
    }
    if (verb == "status") {
        a.allow({"case", "on"});
        int64_t case_id = id_opt(a, "case", true);
        Db db(a, true);
        char* js = nullptr;
        auto e = fetch(db, mend_phase_evaluate_json(&js, db, case_id, opt(a, "on")), js);
        if (a.flag("json"))
            std::cout << e.dump(2) << "\n";
        else
            print_evaluation(e);
        return 0;
    }
    if (verb == "advance" || verb == "override" || verb == "back") {
        if (verb == "override")
            a.allow({"case", "to", "rationale", "safety-plan", "on"});
        else
            a.allow({"case", "to", "rationale", "on"});
        int64_t case_id = id_opt(a, "case", true);
        const std::string& to = required(a, "to");
        Db db(a, true);
        int rc;
        if (verb == "advance")
            rc = mend_phase_advance(db, case_id, to.c_str(), opt(a, "rationale"), opt(a, "on"));
        else if (verb == "override")
            rc = mend_phase_override(db, case_id, to.c_str(), required(a, "rationale").c_str(),
                                     opt(a, "safety-plan"), opt(a, "on"));
        else
            rc = mend_phase_back(db, case_id, to.c_str(), required(a, "rationale").c_str(),
                                 opt(a, "on"));
        check(rc, db);
        done(a, {{"case_id", case_id}, {"phase", to}},
             "case " + std::to_string(case_id) + " is now in " + to);
        return 0;
    }
    if (verb == "history") {
        a.allow({"case"});
        int64_t case_id = id_opt(a, "case", true);
        Db db(a, true);
        char* js = nullptr;
        auto h = fetch(db, mend_phase_history_json(&js, db, case_id), js);
        if (a.flag("json")) {
            std::cout << h.dump(2) << "\n";
            return 0;
        }
        // Why each step was taken: the criteria that opened a gate, or the
        // clinician's rationale; role changes among the moves, by date.
        std::vector<json> rows;
        for (const auto& e : h["entries"]) {
            std::string why;
            for (const auto& c : e["opened_by"])
                why += (why.empty() ? "gate open: " : "; ") + c["label"].get<std::string>();
            if (e["rationale"].is_string())
                why = e["rationale"].get<std::string>() + (why.empty() ? "" : " (" + why + ")");
            rows.push_back({{"date", e["entered_on"]},
                            {"phase", e["phase_name"]},
                            {"kind", e["kind"]},
                            {"days", e["days"]},
                            {"by", e["actor_id"]},
                            {"why", why.empty() ? json(nullptr) : json(why)}});
        }
        for (const auto& r : h["role_changes"]) {
            std::string betrayed = r["betrayed_client_id"].is_null()
                                       ? "not recorded"
                                       : "client " + r["betrayed_client_id"].dump();
            json row = {{"date", r["changed_on"]},
                        {"phase", "betrayed partner: " + betrayed},
                        {"kind", r["kind"] == "override" ? "roles override" : "roles"},
                        {"days", nullptr},
                        {"by", r["actor_id"]},
                        {"why", r["rationale"]}};
            auto at = std::find_if(rows.begin(), rows.end(), [&](const json& x) {
                return x["date"].get<std::string>() > r["changed_on"].get<std::string>();
            });
            rows.insert(at, row);
        }
        print_records(a, rows, {"date", "phase", "kind", "days", "by", "why"});
        return 0;
    }
    if (verb.empty()) throw UsageError("mend phase needs a subcommand");
    throw UsageError("unknown subcommand 'mend phase " + verb + "'");
}

int cmd_attest(const Args& a) {
    const std::string verb = a.word(1);
    a.allow_positionals(2, 0);
    if (verb == "create") {
        a.allow({"case", "client", "code", "value", "since", "note"});
        mend_attestation_fields f = MEND_ATTESTATION_FIELDS_INIT;
        f.case_id = id_opt(a, "case", true);
        f.client_id = id_opt(a, "client", false);
        f.code = required(a, "code").c_str();
        f.value = a.has("value") ? a.get("value")->c_str() : "yes";
        f.effective_on = opt(a, "since");
        f.note = opt(a, "note");
        Db db(a, true);
        int64_t id = 0;
        check(mend_attestation_create(&id, db, &f), db);
        done(a, {{"id", id}}, "recorded attestation " + std::to_string(id));
        return 0;
    }
    if (verb == "list") {
        a.allow({"case"});
        int64_t case_id = id_opt(a, "case", true);
        Db db(a, true);
        char* js = nullptr;
        auto list = fetch(db, mend_attestation_list_json(&js, db, case_id), js);
        print_records(a, std::vector<json>(list.begin(), list.end()),
                      {"id", "recorded_on", "code", "client_id", "value", "effective_on", "note"});
        return 0;
    }
    if (verb.empty()) throw UsageError("mend attestation needs a subcommand: create or list");
    throw UsageError("unknown subcommand 'mend attestation " + verb + "'");
}

int cmd_plan(const Args& a) {
    const std::string verb = a.word(1);
    a.allow_positionals(2, 0);
    if (verb == "set") {
        a.allow({"case", "phase", "file"});
        int64_t case_id = id_opt(a, "case", true);
        std::string text = read_file(required(a, "file"));
        Db db(a, true);
        int version = 0;
        check(mend_plan_set(&version, db, case_id, required(a, "phase").c_str(), text.c_str()), db);
        done(a, {{"version", version}},
             "treatment plan version " + std::to_string(version) + " saved");
        return 0;
    }
    if (verb == "show") {
        a.allow({"case", "phase"});
        int64_t case_id = id_opt(a, "case", true);
        Db db(a, true);
        char* js = nullptr;
        auto p = fetch(db, mend_plan_get_json(&js, db, case_id, required(a, "phase").c_str()), js);
        if (a.flag("json")) {
            std::cout << p.dump(2) << "\n";
            return 0;
        }
        std::cout << "Treatment plan, " << p["phase"].get<std::string>() << ", version "
                  << p["version"] << " (review " << p["review_on"].get<std::string>()
                  << (p["review_due"].get<bool>() ? ", DUE" : "") << ")\n";
        std::cout << "Problems:\n";
        for (const auto& x : p["problems"])
            std::cout << "  - " << x.get<std::string>() << "\n";
        std::cout << "Goals:\n";
        for (const auto& g : p["goals"]) {
            std::cout << "  - " << g["text"].get<std::string>() << "\n";
            for (const auto& o : g["objectives"])
                std::cout << "      * " << o["text"].get<std::string>() << "\n";
        }
        std::cout << "Interventions:\n";
        for (const auto& x : p["interventions"])
            std::cout << "  - " << x.get<std::string>() << "\n";
        return 0;
    }
    if (verb.empty()) throw UsageError("mend plan needs a subcommand: set or show");
    throw UsageError("unknown subcommand 'mend plan " + verb + "'");
}

int cmd_agreement(const Args& a) {
    const std::string verb = a.word(1);
    if (verb == "create") {
        a.allow({"case", "kind", "text", "agreed", "review"});
        a.allow_positionals(2, 0);
        mend_agreement_fields f = MEND_AGREEMENT_FIELDS_INIT;
        f.case_id = id_opt(a, "case", true);
        f.kind = required(a, "kind").c_str();
        f.text = required(a, "text").c_str();
        f.agreed_on = opt(a, "agreed");
        f.review_on = opt(a, "review");
        Db db(a, true);
        int64_t id = 0;
        check(mend_agreement_create(&id, db, &f), db);
        done(a, {{"id", id}}, "recorded agreement " + std::to_string(id));
        return 0;
    }
    if (verb == "update") {
        a.allow({"status", "note", "broken-by"});
        a.allow_positionals(2, 1);
        if (a.words.size() < 3) throw UsageError("which agreement? give its id");
        long long id = to_int(a.word(2), "agreement id");
        Db db(a, true);
        check(mend_agreement_update(db, id, required(a, "status").c_str(), opt(a, "note"),
                                    id_opt(a, "broken-by", false)),
              db);
        done(a, {{"id", id}, {"status", required(a, "status")}},
             "agreement " + std::to_string(id) + " is now " + required(a, "status"));
        return 0;
    }
    if (verb == "list") {
        a.allow({"case"});
        a.allow_positionals(2, 0);
        int64_t case_id = id_opt(a, "case", true);
        Db db(a, true);
        char* js = nullptr;
        auto list = fetch(db, mend_agreement_list_json(&js, db, case_id), js);
        print_records(a, std::vector<json>(list.begin(), list.end()),
                      {"id", "kind", "status", "agreed_on", "review_on", "text"});
        return 0;
    }
    if (verb.empty()) throw UsageError("mend agreement needs a subcommand: create, list or update");
    throw UsageError("unknown subcommand 'mend agreement " + verb + "'");
}

} // namespace mend::cli
