// `mend session ...`, `mend note ...` and `mend process-note ...`.
#include "commands.hpp"
#include "output.hpp"

#include <algorithm>
#include <iostream>
#include <sstream>

namespace mend::cli {

namespace {

using nlohmann::json;

int64_t id_word(const Args& a, const char* what) {
    if (a.words.size() < 3) throw UsageError(std::string("which ") + what + "? give its id");
    a.allow_positionals(2, 1);
    long long id = to_int(a.word(2), std::string(what) + " id");
    if (id <= 0) throw UsageError(std::string(what) + " id must be positive");
    return id;
}

std::vector<int64_t> id_list(const std::string& text, const char* what) {
    std::vector<int64_t> out;
    std::stringstream ss(text);
    std::string part;
    while (std::getline(ss, part, ','))
        out.push_back(to_int(part, what));
    if (out.empty()) throw UsageError(std::string(what) + " needs client ids, e.g. 3,4");
    return out;
}

// The note fields the command line takes, by their option names: every text
// field of every format, as the library's catalogue lists them.
const std::vector<std::string>& text_fields() {
    static const std::vector<std::string> fields = [] {
        std::vector<std::string> out;
        for (const auto& [format, list] : library_catalog()["note_formats"].items())
            for (const auto& f : list) {
                std::string name = f.get<std::string>();
                if (name != "interventions" && std::find(out.begin(), out.end(), name) == out.end())
                    out.push_back(name);
            }
        return out;
    }();
    return fields;
}

json content_from(const Args& a) {
    json c = json::object();
    for (const auto& f : text_fields())
        if (auto v = a.get(f)) c[f] = *v;
    if (auto v = a.get("interventions")) {
        json list = json::array();
        std::stringstream ss(*v);
        std::string part;
        while (std::getline(ss, part, ';'))
            list.push_back(part);
        c["interventions"] = list;
    }
    return c;
}

std::set<std::string> with_fields(std::set<std::string> base) {
    for (const auto& f : text_fields())
        base.insert(f);
    base.insert("interventions");
    return base;
}

void print_note(const json& n) {
    std::cout << "Note " << n["id"] << " (" << n["format"].get<std::string>() << ", "
              << n["status"].get<std::string>()
              << (n["late_entry"].get<bool>() ? ", late entry" : "") << ") for the session of "
              << n["date"].get<std::string>() << ", version " << n["version"] << "\n";
    if (!n["phase"].is_null()) std::cout << "Phase: " << n["phase"].get<std::string>() << "\n";
    if (!n["signed_at"].is_null())
        std::cout << "Signed by clinician " << n["signed_by"] << " at "
                  << n["signed_at"].get<std::string>()
                  << "\nSHA-256: " << n["content_hash"].get<std::string>() << "\n";
    for (const auto& [k, v] : n["content"].items()) {
        std::cout << "\n" << k << ":\n";
        if (v.is_array())
            for (const auto& x : v)
                std::cout << "  - " << x.get<std::string>() << "\n";
        else
            std::cout << "  " << v.get<std::string>() << "\n";
    }
    for (const auto& ad : n["addenda"])
        std::cout << "\nAddendum " << ad["id"] << " by clinician " << ad["author_id"] << " at "
                  << ad["created_at"].get<std::string>() << " (" << ad["reason"].get<std::string>()
                  << "):\n  " << ad["text"].get<std::string>() << "\n";
    for (const auto& s : n["cosignatures"])
        std::cout << "\nCo-signed by clinician " << s["signer_id"] << " at "
                  << s["signed_at"].get<std::string>() << "\n";
}

} // namespace

int cmd_session(const Args& a) {
    const std::string verb = a.word(1);
    if (verb == "create") {
        a.allow({"case", "at", "minutes", "modality", "participants", "patient", "cpt", "place",
                 "modifiers", "complexity", "diagnoses"});
        a.allow_positionals(2, 0);
        auto participants = id_list(required(a, "participants"), "--participants");
        std::vector<int64_t> diagnoses;
        if (a.has("diagnoses")) diagnoses = id_list(*a.get("diagnoses"), "--diagnoses");
        mend_session_fields f = MEND_SESSION_FIELDS_INIT;
        f.case_id = id_opt(a, "case", true);
        f.starts_at = required(a, "at").c_str();
        f.duration_minutes = static_cast<int>(to_int(required(a, "minutes"), "--minutes"));
        f.modality = a.has("modality") ? a.get("modality")->c_str() : "in_person";
        f.participants = participants.data();
        f.participant_count = participants.size();
        f.identified_patient_id = id_opt(a, "patient", false);
        f.cpt_code = required(a, "cpt").c_str();
        f.place_of_service = opt(a, "place");
        f.modifiers = opt(a, "modifiers");
        f.interactive_complexity = a.flag("complexity") ? 1 : 0;
        f.diagnosis_ids = diagnoses.data();
        f.diagnosis_count = diagnoses.size();
        Db db(a, true);
        int64_t id = 0;
        check(mend_session_create(&id, db, &f), db);
        done(a, {{"id", id}}, "recorded session " + std::to_string(id));
        return 0;
    }
    if (verb == "list") {
        a.allow({"case"});
        a.allow_positionals(2, 0);
        int64_t case_id = id_opt(a, "case", true);
        Db db(a, true);
        char* js = nullptr;
        auto list = fetch(db, mend_session_list_json(&js, db, case_id), js);
        std::vector<json> rows;
        for (auto s : list) {
            std::string who;
            for (const auto& p : s["participants"])
                who += (who.empty() ? "" : ",") + std::to_string(p.get<long long>());
            s["participants"] = who;
            rows.push_back(s);
        }
        print_records(a, rows,
                      {"id", "starts_at", "utc_offset", "duration_minutes", "modality",
                       "participants", "cpt_code", "phase"});
        return 0;
    }
    if (verb == "show") {
        a.allow({});
        int64_t id = id_word(a, "session");
        Db db(a, true);
        char* js = nullptr;
        auto s = fetch(db, mend_session_get_json(&js, db, id), js);
        print_record(a, s,
                     {"id", "case_id", "starts_at", "utc_offset", "starts_at_utc",
                      "duration_minutes", "modality", "participants", "identified_patient_id",
                      "cpt_code", "cpt_rule", "phase"});
        return 0;
    }
    if (verb.empty()) throw UsageError("mend session needs a subcommand: create, list or show");
    throw UsageError("unknown subcommand 'mend session " + verb + "'");
}

int cmd_note(const Args& a) {
    const std::string verb = a.word(1);
    if (verb == "create") {
        a.allow(with_fields({"session", "format"}));
        a.allow_positionals(2, 0);
        int64_t session = id_opt(a, "session", true);
        std::string content = content_from(a).dump();
        Db db(a, true);
        int64_t id = 0;
        check(mend_note_create(&id, db, session,
                               a.has("format") ? a.get("format")->c_str() : "soap",
                               content.c_str()),
              db);
        done(a, {{"id", id}, {"version", 1}},
             "saved draft note " + std::to_string(id) + " (version 1)");
        return 0;
    }
    if (verb == "edit") {
        a.allow(with_fields({"expected-version", "format"}));
        int64_t id = id_word(a, "note");
        int expected =
            static_cast<int>(to_int(required(a, "expected-version"), "--expected-version"));
        std::string content = content_from(a).dump();
        Db db(a, true);
        int version = 0;
        check(mend_note_update(&version, db, id, expected,
                               a.has("format") ? a.get("format")->c_str() : "soap",
                               content.c_str()),
              db);
        done(a, {{"id", id}, {"version", version}},
             "saved draft note " + std::to_string(id) + " (version " + std::to_string(version) +
                 ")");
        return 0;
    }
    if (verb == "sign" || verb == "cosign") {
        a.allow({});
        int64_t id = id_word(a, "note");
        Db db(a, true);
        check(verb == "sign" ? mend_note_sign(db, id) : mend_note_cosign(db, id), db);
        done(a, {{"id", id}, {verb == "sign" ? "signed" : "cosigned", true}},
             (verb == "sign" ? "signed note " : "co-signed note ") + std::to_string(id));
        return 0;
    }
    if (verb == "create-addendum") {
        a.allow({"text", "reason"});
        int64_t id = id_word(a, "note");
        Db db(a, true);
        int64_t addendum = 0;
        check(mend_note_addendum_create(&addendum, db, id, required(a, "text").c_str(),
                                        required(a, "reason").c_str()),
              db);
        done(a, {{"id", addendum}, {"note_id", id}},
             "added addendum " + std::to_string(addendum) + " to note " + std::to_string(id));
        return 0;
    }
    if (verb == "share" || verb == "unshare") {
        a.allow({});
        int64_t id = id_word(a, "note");
        Db db(a, true);
        check(mend_note_set_shareable(db, id, verb == "share"), db);
        done(a, {{"id", id}, {"shareable", verb == "share"}},
             "note " + std::to_string(id) +
                 (verb == "share" ? " shared into conjoint work" : " no longer shared"));
        return 0;
    }
    if (verb == "show") {
        a.allow({});
        int64_t id = id_word(a, "note");
        Db db(a, true);
        char* js = nullptr;
        auto n = fetch(db, mend_note_get_json(&js, db, id), js);
        if (a.flag("json"))
            std::cout << n.dump(2) << "\n";
        else
            print_note(n);
        return 0;
    }
    if (verb == "list") {
        a.allow({"case", "client", "text"});
        a.allow_positionals(2, 0);
        mend_note_list_options o = MEND_NOTE_LIST_OPTIONS_INIT;
        o.case_id = id_opt(a, "case", false);
        o.client_id = id_opt(a, "client", false);
        o.include_text = a.has("text") && *a.get("text") == "yes";
        Db db(a, true);
        char* js = nullptr;
        auto list = fetch(db, mend_note_list_json(&js, db, &o), js);
        print_records(
            a, std::vector<json>(list.begin(), list.end()),
            {"id", "date", "format", "status", "author_id", "phase", "late_entry", "addenda"});
        return 0;
    }
    if (verb == "search") {
        a.allow({"client", "process-notes", "limit"});
        a.allow_positionals(2, 1);
        if (a.words.size() < 3)
            throw UsageError("what to search for? e.g. mend note search \"trust\"");
        mend_note_search_options o = MEND_NOTE_SEARCH_OPTIONS_INIT;
        o.client_id = id_opt(a, "client", false);
        o.include_process_notes = a.has("process-notes") && *a.get("process-notes") == "yes";
        o.limit = a.has("limit") ? static_cast<int>(to_int(*a.get("limit"), "--limit")) : 50;
        Db db(a, true);
        char* js = nullptr;
        auto hits = fetch(db, mend_note_search_json(&js, db, a.word(2).c_str(), &o), js);
        print_records(a, std::vector<json>(hits.begin(), hits.end()),
                      {"kind", "note_id", "case_id", "date", "snippet"});
        return 0;
    }
    if (verb == "verify") {
        a.allow({});
        a.allow_positionals(2, 0);
        Db db(a, true);
        char* js = nullptr;
        auto v = fetch(db, mend_note_verify_json(&js, db), js);
        if (a.flag("json"))
            std::cout << v.dump(2) << "\n";
        else
            std::cout << v["notes_checked"] << " signed notes and " << v["addenda_checked"]
                      << " addenda checked: "
                      << (v["ok"].get<bool>()
                              ? "every hash matches"
                              : std::to_string(v["mismatches"].size()) + " MISMATCH(ES)")
                      << "\n";
        return v["ok"].get<bool>() ? 0 : 1;
    }
    if (verb.empty()) throw UsageError("mend note needs a subcommand");
    throw UsageError("unknown subcommand 'mend note " + verb + "'");
}

int cmd_process_note(const Args& a) {
    const std::string verb = a.word(1);
    if (verb == "create") {
        a.allow({"session", "text"});
        a.allow_positionals(2, 0);
        int64_t session = id_opt(a, "session", true);
        Db db(a, true);
        int64_t id = 0;
        check(mend_process_note_create(&id, db, session, required(a, "text").c_str()), db);
        done(a, {{"id", id}}, "saved process note " + std::to_string(id));
        return 0;
    }
    if (verb == "show") {
        a.allow({});
        int64_t id = id_word(a, "process note");
        Db db(a, true);
        char* js = nullptr;
        auto p = fetch(db, mend_process_note_get_json(&js, db, id), js);
        print_record(a, p, {"id", "session_id", "case_id", "author_id", "created_at", "text"});
        return 0;
    }
    if (verb == "list") {
        a.allow({"case"});
        a.allow_positionals(2, 0);
        int64_t case_id = id_opt(a, "case", true);
        Db db(a, true);
        char* js = nullptr;
        auto list = fetch(db, mend_process_note_list_json(&js, db, case_id), js);
        print_records(a, std::vector<json>(list.begin(), list.end()),
                      {"id", "session_id", "author_id", "created_at"});
        return 0;
    }
    if (verb == "grant") {
        a.allow({"clinician"});
        int64_t id = id_word(a, "process note");
        Db db(a, true);
        check(mend_process_note_grant(db, id, id_opt(a, "clinician", true)), db);
        done(a, {{"id", id}, {"granted", true}}, "granted");
        return 0;
    }
    if (verb.empty()) throw UsageError("mend process-note needs a subcommand");
    throw UsageError("unknown subcommand 'mend process-note " + verb + "'");
}

} // namespace mend::cli
