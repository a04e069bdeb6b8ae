// `mend init`, `mend info`, `mend practice` and `mend audit`.
#include "commands.hpp"
#include "display.hpp"
#include "output.hpp"

#include <cstdlib>
#include <filesystem>
#include <iostream>

namespace mend::cli {

int cmd_init(const Args& a) {
    a.allow({"admin", "credentials", "external-id", "name", "timezone"});
    a.allow_positionals(1, 0);
    auto admin = a.get("admin");
    if (!admin) throw UsageError("mend init needs --admin NAME (the practice's first admin)");
    // A keyed practice: its key file is written when there is none.
    const auto key_file = key_file_location(a);
    if (key_file && !std::filesystem::exists(*key_file))
        check(mend_key_file_create(key_file->c_str()), nullptr);
    Db db(a, false, true);
    mend_clinician_fields f = MEND_CLINICIAN_FIELDS_INIT;
    f.display_name = admin->c_str();
    f.credentials = a.has("credentials") ? a.get("credentials")->c_str() : nullptr;
    f.external_id = a.has("external-id") ? a.get("external-id")->c_str() : nullptr;
    std::string practice = a.has("name") ? *a.get("name") : "My practice";
    int64_t id = 0;
    // One transaction: a refused time zone leaves the database as it was
    // (closing the handle rolls back).
    check(mend_transaction_begin(db), db);
    check(mend_practice_init(&id, db, practice.c_str(), &f), db);
    if (auto tz = a.get("timezone")) check(mend_practice_set_timezone(db, tz->c_str()), db);
    check(mend_transaction_commit(db), db);
    if (a.flag("json"))
        std::cout << nlohmann::json{{"admin_id", id}}.dump() << "\n";
    else
        std::cout << "set up the practice with admin clinician " << id << "; act as them with --as "
                  << id << "\n";
    return 0;
}

int cmd_info(const Args& a) {
    a.allow({});
    a.allow_positionals(1, 0);
    const char* env_actor = std::getenv("MEND_ACTOR");
    bool act = a.has("as") || (env_actor && *env_actor);
    std::optional<ActorRef> who;
    if (auto as = a.get("as"))
        who = parse_actor(*as, "--as");
    else if (act)
        who = parse_actor(env_actor, "MEND_ACTOR");
    // A key file that is refused still lets the practice identify itself.
    std::optional<Db> opened;
    std::optional<std::string> refused;
    try {
        opened.emplace(a, false);
    } catch (const Failure& e) {
        if (e.code != mend_errstr(MEND_EKEY) || !key_file_location(a)) throw;
        refused = e.what();
        Args without = a;
        without.options["key-file"] = "";
        opened.emplace(without, false);
    }
    Db& db = *opened;
    int schema = 0;
    check(mend_db_schema_version(&schema, db), db);
    int key_state = 0;
    check(mend_key_state(&key_state, db), db);
    std::string key_name = std::to_string(key_state);
    for (const auto& k : library_catalog()["key_states"])
        if (k["code"] == key_state) key_name = k["name"].get<std::string>();
    nlohmann::json info = {{"version", mend_version()}, {"backend", mend_db_backend(db)},
                           {"schema_version", schema},  {"keys", key_name},
                           {"timezone", nullptr},       {"today", nullptr},
                           {"actor_id", nullptr}};
    if (refused) info["keys_refused"] = *refused;
    // A keyed practice opened without its keys identifies itself and no more.
    if (key_state == MEND_KEY_STATE_NONE || key_state == MEND_KEY_STATE_HELD) {
        int64_t actor = 0;
        if (who) {
            act_as(db, *who);
            check(mend_actor_id(&actor, db), db);
        }
        char* tz = nullptr;
        check(mend_practice_timezone(&tz, db), db);
        char* today = nullptr;
        check(mend_practice_today(&today, db), db);
        info["timezone"] = take(tz);
        info["today"] = take(today);
        if (who) info["actor_id"] = actor;
    }
    print_record(a, info,
                 {"version", "backend", "schema_version", "keys", "keys_refused", "timezone",
                  "today", "actor_id"});
    return 0;
}

namespace {

// The database's practices as the library lists them (mend_practice_list_json).
nlohmann::json practices_of(const Args& a) {
    const std::string where = database_location(a);
    const Connection connection(a);
    char* out = nullptr;
    check(mend_practice_list_json(&out, where.c_str(), &connection.options), nullptr);
    return nlohmann::json::parse(take(out));
}

int practice_list(const Args& a) {
    a.allow({});
    a.allow_positionals(2, 0);
    const nlohmann::json list = practices_of(a);
    if (a.flag("json")) {
        std::cout << list.dump() << "\n";
        return 0;
    }
    std::vector<nlohmann::json> rows(list["practices"].begin(), list["practices"].end());
    print_records(a, rows, {"practice", "schema_version", "needs_migration"});
    return 0;
}

// Opens each practice that needs it (opening migrates), one after another:
// a run stopped anywhere leaves each practice at its old version or its new
// one, and the next run goes on with those still behind.
int practice_migrate(const Args& a) {
    a.allow({"all"});
    a.allow_positionals(2, 0);
    if (!a.flag("all") && !a.has("practice"))
        throw UsageError("mend practice migrate needs --all (every practice of the database) "
                         "or --practice NAME");
    nlohmann::json list = practices_of(a);
    nlohmann::json due = nlohmann::json::array();
    for (const auto& p : list["practices"])
        if (p["needs_migration"].get<bool>() &&
            (!a.has("practice") || p["practice"] == *a.get("practice")))
            due.push_back(p);
    // Progress on stderr: always in text mode, with --json only on a terminal.
    const bool progress = !a.flag("json") || stderr_is_terminal();
    nlohmann::json done_list = nlohmann::json::array();
    std::size_t i = 0;
    for (const auto& p : due) {
        ++i;
        const std::string name = p["practice"].get<std::string>();
        Args one = a;
        one.options["practice"] = name;
        one.flags.erase("all");
        if (progress)
            std::cerr << "migrating " << i << "/" << due.size() << ": " << shown(name) << " from v"
                      << p["schema_version"].get<int>() << "\n";
        Db db(one, false);
        int version = 0;
        check(mend_db_schema_version(&version, db), db);
        done_list.push_back(
            {{"practice", name}, {"from", p["schema_version"]}, {"schema_version", version}});
    }
    if (a.flag("json"))
        std::cout << nlohmann::json{{"migrated", done_list}}.dump() << "\n";
    else
        std::cout << "migrated " << done_list.size() << " of " << list["practices"].size()
                  << " practices to schema version " << list["latest_schema_version"] << "\n";
    return 0;
}

} // namespace

int cmd_practice(const Args& a) {
    const std::string sub = a.word(1);
    if (sub == "timezone") {
        a.allow({});
        a.allow_positionals(2, 0);
        Db db(a, false);
        char* tz = nullptr;
        check(mend_practice_timezone(&tz, db), db);
        nlohmann::json j = {{"timezone", take(tz)}};
        done(a, j, j["timezone"].get<std::string>());
        return 0;
    }
    if (sub == "set-timezone") {
        a.allow({});
        a.allow_positionals(2, 1);
        if (a.word(2).empty())
            throw UsageError("mend practice set-timezone needs a zone, e.g. America/Chicago");
        Db db(a, true);
        check(mend_practice_set_timezone(db, a.word(2).c_str()), db);
        done(a, {{"timezone", a.word(2)}}, "the practice's time zone is now " + a.word(2));
        return 0;
    }
    if (sub == "list") return practice_list(a);
    if (sub == "migrate") return practice_migrate(a);
    throw UsageError(sub.empty() ? "mend practice needs a subcommand: timezone, set-timezone, "
                                   "list, migrate"
                                 : "unknown subcommand 'mend practice " + sub + "'");
}

namespace {

// `mend audit report`: the options map one to one onto mend_audit_report_options; the
// library checks them. JSON is printed as a table, or as it is with --json; CSV as it is.
int audit_report(const Args& a) {
    a.allow({"client", "actor", "from", "to", "format", "after", "limit"});
    a.allow_positionals(2, 0);
    mend_audit_report_options o = MEND_AUDIT_REPORT_OPTIONS_INIT;
    if (auto v = a.get("client")) o.client_id = to_int(*v, "--client");
    if (auto v = a.get("actor")) o.actor_id = to_int(*v, "--actor");
    if (auto v = a.get("from")) o.from = v->c_str();
    if (auto v = a.get("to")) o.to = v->c_str();
    const std::string format = a.has("format") ? *a.get("format") : "json";
    if (format == "json")
        o.format = MEND_AUDIT_REPORT_JSON;
    else if (format == "csv")
        o.format = MEND_AUDIT_REPORT_CSV;
    else
        throw UsageError("--format must be json or csv");
    if (auto v = a.get("after")) o.after_seq = to_int(*v, "--after");
    if (auto v = a.get("limit")) {
        const long long max = catalog_limit("audit_limit_max");
        long long limit = to_int(*v, "--limit");
        if (limit < 1 || limit > max)
            throw UsageError("--limit must be between 1 and " + std::to_string(max));
        o.limit = static_cast<int>(limit);
    }
    Db db(a, true);
    char* text = nullptr;
    check(mend_audit_report_render(&text, db, &o), db);
    std::string report = take(text);
    if (o.format == MEND_AUDIT_REPORT_CSV) {
        std::cout << report;
        return 0;
    }
    auto events = nlohmann::json::parse(report);
    std::vector<nlohmann::json> rows(events.begin(), events.end());
    print_records(
        a, rows,
        {"seq", "at", "actor_id", "actor_name", "action", "object_type", "object_id", "outcome"});
    return 0;
}

// `mend audit verify`: exit 0 only for a keyed chain that verifies.
int audit_verify(const Args& a) {
    a.allow({"checkpoint"});
    a.allow_positionals(2, 0);
    Db db(a, true);
    char* js = nullptr;
    const std::string* given = a.get("checkpoint");
    // --checkpoint "" is no checkpoint.
    const std::string* checkpoint = given && !given->empty() ? given : nullptr;
    auto v =
        fetch(db, mend_audit_verify_json(&js, db, checkpoint ? checkpoint->c_str() : nullptr), js);
    const bool ok = v["ok"].get<bool>();
    if (a.flag("json")) {
        std::cout << v.dump(2) << "\n";
    } else if (ok) {
        std::cout << v["events_checked"] << " audit events checked, " << v["events_chained"]
                  << " chained: the chain verifies"
                  << (checkpoint ? " and reaches the checkpoint" : "") << "\n";
    } else if (v["reason"] == "not_keyed") {
        std::cout << "this practice keeps no keyed audit chain: adopt the host's keys with "
                     "'mend key adopt --key-file FILE'\n";
    } else {
        std::cout << "the audit chain is BROKEN at event " << v["first_bad_seq"] << ": "
                  << v["reason"].get<std::string>() << " (" << v["events_checked"]
                  << " events checked)\n";
    }
    return ok ? 0 : 1;
}

} // namespace

int cmd_audit(const Args& a) {
    if (a.word(1) == "report") return audit_report(a);
    if (a.word(1) == "verify") return audit_verify(a);
    if (a.word(1) == "checkpoint") {
        a.allow({});
        a.allow_positionals(2, 0);
        Db db(a, true);
        char* text = nullptr;
        check(mend_audit_checkpoint(&text, db), db);
        const std::string checkpoint = take(text);
        done(a, {{"checkpoint", checkpoint}}, checkpoint);
        return 0;
    }
    if (a.word(1) != "list")
        throw UsageError(a.word(1).empty()
                             ? "mend audit needs a subcommand: list, report, checkpoint, verify"
                             : "unknown subcommand 'mend audit " + a.word(1) + "'");
    a.allow({"after", "limit"});
    a.allow_positionals(2, 0);
    long long after = a.has("after") ? to_int(*a.get("after"), "--after") : 0;
    const long long max = catalog_limit("audit_limit_max");
    long long limit =
        a.has("limit") ? to_int(*a.get("limit"), "--limit") : catalog_limit("audit_limit_default");
    if (limit < 1 || limit > max)
        throw UsageError("--limit must be between 1 and " + std::to_string(max));
    Db db(a, true);
    char* js = nullptr;
    check(mend_audit_list_json(&js, db, after, static_cast<int>(limit)), db);
    auto events = nlohmann::json::parse(take(js));
    std::vector<nlohmann::json> rows(events.begin(), events.end());
    print_records(a, rows,
                  {"seq", "at", "actor_id", "action", "object_type", "object_id", "outcome"});
    return 0;
}

int cmd_emergency(const Args& a) {
    const std::string sub = a.word(1);
    if (sub == "open") {
        a.allow({"client", "reason", "minutes"});
        a.allow_positionals(2, 0);
        if (!a.has("client") || !a.has("reason"))
            throw UsageError("mend emergency open needs --client ID and --reason TEXT");
        long long client = to_int(*a.get("client"), "--client");
        long long minutes = a.has("minutes") ? to_int(*a.get("minutes"), "--minutes") : 0;
        if (a.has("minutes") && (minutes < 1 || minutes > catalog_limit("emergency_minutes_max")))
            throw UsageError("--minutes must be between 1 and " +
                             std::to_string(catalog_limit("emergency_minutes_max")));
        Db db(a, true);
        int64_t id = 0;
        check(mend_emergency_open(&id, db, client, a.get("reason")->c_str(),
                                  static_cast<int>(minutes)),
              db);
        done(a, {{"grant_id", id}},
             "emergency grant " + std::to_string(id) + " opened client " + std::to_string(client) +
                 "'s record; every access is audited");
        return 0;
    }
    if (sub == "report") {
        a.allow({});
        a.allow_positionals(2, 0);
        Db db(a, true);
        char* js = nullptr;
        check(mend_emergency_list_json(&js, db), db);
        auto report = nlohmann::json::parse(take(js));
        if (a.flag("json")) {
            std::cout << report.dump() << "\n";
            return 0;
        }
        std::vector<nlohmann::json> rows;
        for (auto g : report["grants"]) {
            g["accesses"] = g["accesses"].size();
            rows.push_back(g);
        }
        print_records(a, rows,
                      {"grant_id", "clinician_id", "clinician_name", "client_id", "opened_at",
                       "expires_at", "accesses", "reason"});
        return 0;
    }
    if (sub == "set-reason-min") {
        a.allow({});
        a.allow_positionals(2, 1);
        if (a.word(2).empty())
            throw UsageError("mend emergency set-reason-min needs a number of characters");
        long long n = to_int(a.word(2), "characters");
        Db db(a, true);
        check(mend_emergency_set_reason_min(db, static_cast<int>(n)), db);
        done(a, {{"reason_min", n}},
             "an emergency reason now needs at least " + a.word(2) + " characters");
        return 0;
    }
    throw UsageError(sub.empty() ? "mend emergency needs a subcommand: open, report, set-reason-min"
                                 : "unknown subcommand 'mend emergency " + sub + "'");
}

} // namespace mend::cli
