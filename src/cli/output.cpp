#include "output.hpp"

#include "commands.hpp"
#include "display.hpp"

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <limits>
#include <unistd.h>

namespace mend::cli {

void check(int rc, mend_db* db) {
    if (rc >= 0) return;
    const char* msg = db ? mend_errmsg(db) : mend_last_errmsg();
    throw Failure(msg, mend_errstr(rc));
}

std::string take(char* s) {
    std::string out = s ? s : "";
    mend_free(s);
    return out;
}

std::string database_location(const Args& args) {
    if (auto db = args.get("db")) return *db;
    if (const char* env = std::getenv("MEND_DB"); env && *env) return env;
    throw UsageError("name the database with --db FILE|URL or the MEND_DB environment variable");
}

std::optional<std::string> key_file_location(const Args& args) {
    // --key-file "" opens without keys, whatever MEND_KEY_FILE says.
    if (auto k = args.get("key-file")) return k->empty() ? std::nullopt : std::optional(*k);
    if (const char* env = std::getenv("MEND_KEY_FILE"); env && *env) return std::string(env);
    return std::nullopt;
}

void act_as(mend_db* db, const ActorRef& who) {
    if (who.external)
        check(mend_actor_set_external(db, who.external_id.c_str()), db);
    else
        check(mend_actor_set(db, who.id), db);
}

namespace {
// --events: each event a committed call made, as one JSON line on stderr.
void print_event(const mend_event* e, void*) {
    std::string kind = "unknown";
    for (const auto& k : library_catalog()["event_kinds"])
        if (k["code"] == e->kind) kind = k["name"].get<std::string>();
    auto id = [](int64_t v) { return v ? nlohmann::json(v) : nlohmann::json(nullptr); };
    std::cerr << nlohmann::json{{"event", kind},
                                {"record_id", e->record_id},
                                {"case_id", id(e->case_id)},
                                {"client_id", id(e->client_id)},
                                {"actor_id", e->actor_id}}
                     .dump()
              << std::endl;
}
} // namespace

Connection::Connection(const Args& args) {
    // --practice, else MEND_PRACTICE; the library checks the name.
    if (auto p = args.get("practice"))
        practice = *p;
    else if (const char* env = std::getenv("MEND_PRACTICE"); env && *env)
        practice = env;
    if (practice) options.practice = practice->c_str();
    if (args.flag("transaction-pooling")) options.flags |= MEND_OPEN_TRANSACTION_POOLING;
    // Out of int's range stays out of the library's range (it says which).
    auto whole = [](long long v) {
        return static_cast<int>(std::clamp<long long>(v, std::numeric_limits<int>::min(),
                                                      std::numeric_limits<int>::max()));
    };
    if (auto t = args.get("connect-timeout"))
        options.connect_timeout_s = whole(to_int(*t, "--connect-timeout"));
    if (auto t = args.get("statement-timeout"))
        options.statement_timeout_ms = whole(to_int(*t, "--statement-timeout"));
}

Db::Db(const Args& args, bool act, bool create) {
    // Every command calls allow() first; this is the backstop.
    if (!args.dangling.empty()) throw UsageError("--" + args.dangling + " needs a value");
    std::string where = database_location(args);
    ActorRef who;
    if (act) {
        if (auto as = args.get("as"))
            who = parse_actor(*as, "--as");
        else if (const char* env = std::getenv("MEND_ACTOR"); env && *env)
            who = parse_actor(env, "MEND_ACTOR");
        else
            throw UsageError("name the acting clinician with --as ID|ext:ID|NAME or MEND_ACTOR");
    }
    mend_db* opened = nullptr;
    const Connection connection(args);
    mend_open_options options = connection.options;
    if (create) options.flags |= MEND_OPEN_CREATE;
    const auto key_file = key_file_location(args);
    if (key_file) options.key_file = key_file->c_str();
    int rc = mend_open(&opened, where.c_str(), &options);
    db_.reset(opened);
    check(rc, nullptr);
    if (args.flag("events")) check(mend_event_set_callback(get(), print_event, nullptr), get());
    // The host's clock: --now, else MEND_NOW, else the system clock.
    const char* now = nullptr;
    if (auto given = args.get("now"))
        now = given->c_str();
    else if (const char* env = std::getenv("MEND_NOW"); env && *env)
        now = env;
    if (now) check(mend_practice_set_now(get(), now), get());
    if (act) act_as(get(), who);
}

namespace {
std::string cell(const nlohmann::json& v) {
    if (v.is_null()) return "";
    if (v.is_string()) return shown(std::string_view(v.get_ref<const std::string&>()));
    if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
    return v.dump();
}

// Display width of UTF-8 text: code points, not bytes.
std::size_t width(const std::string& s) {
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}
} // namespace

void print_record(const Args& args, const nlohmann::json& record,
                  const std::vector<std::string>& order) {
    if (args.flag("json")) {
        std::cout << record.dump(2) << "\n";
        return;
    }
    std::size_t w = 0;
    for (const auto& k : order)
        w = std::max(w, k.size());
    for (const auto& k : order) {
        if (!record.contains(k)) continue;
        std::cout << k << ":" << std::string(w - k.size() + 1, ' ') << cell(record[k]) << "\n";
    }
}

void print_records(const Args& args, const std::vector<nlohmann::json>& records,
                   const std::vector<std::string>& columns) {
    if (args.flag("json")) {
        std::cout << nlohmann::json(records).dump(2) << "\n";
        return;
    }
    std::vector<std::size_t> w(columns.size());
    for (std::size_t i = 0; i < columns.size(); ++i)
        w[i] = columns[i].size();
    for (const auto& r : records)
        for (std::size_t i = 0; i < columns.size(); ++i)
            w[i] = std::max(w[i], width(cell(r.value(columns[i], nlohmann::json()))));
    auto row = [&](const std::vector<std::string>& cells) {
        std::string line;
        for (std::size_t i = 0; i < cells.size(); ++i) {
            line += cells[i];
            if (i + 1 < cells.size()) line += std::string(w[i] - width(cells[i]) + 2, ' ');
        }
        std::cout << line << "\n";
    };
    row(columns);
    for (const auto& r : records) {
        std::vector<std::string> cells;
        for (const auto& c : columns)
            cells.push_back(cell(r.value(c, nlohmann::json())));
        row(cells);
    }
    if (records.empty()) std::cout << "(none)\n";
}

bool stderr_is_terminal() {
    return isatty(STDERR_FILENO) == 1;
}

const char* opt(const Args& a, const char* name) {
    auto v = a.get(name);
    return v ? v->c_str() : nullptr;
}

const std::string& required(const Args& a, const char* name) {
    auto v = a.get(name);
    if (!v) throw UsageError(std::string("--") + name + " is required");
    return *v;
}

int64_t id_opt(const Args& a, const char* name, bool must) {
    auto v = a.get(name);
    if (!v) {
        if (must) throw UsageError(std::string("--") + name + " is required");
        return 0;
    }
    long long id = to_int(*v, std::string("--") + name);
    if (id < 0) throw UsageError(std::string("--") + name + " must not be negative");
    return id;
}

namespace {
bool g_text_output = false;
} // namespace

void set_text_output(bool text) {
    g_text_output = text;
}

nlohmann::json fetch(mend_db* db, int rc, char*& js) {
    auto j = fetch_data(db, rc, js);
    return g_text_output ? shown_json(j) : j;
}

nlohmann::json fetch_data(mend_db* db, int rc, char*& js) {
    check(rc, db);
    return nlohmann::json::parse(take(js));
}

void done(const Args& a, const nlohmann::json& j, const std::string& text) {
    if (a.flag("json"))
        std::cout << j.dump() << "\n";
    else
        std::cout << text << "\n";
}

void wrote(const Args& a, const std::string& path) {
    if (a.flag("json"))
        std::cout << nlohmann::json{{"wrote", path}}.dump(-1, ' ', false,
                                                          nlohmann::json::error_handler_t::replace)
                  << "\n";
    else
        std::cerr << "wrote " << path << "\n";
}

} // namespace mend::cli
