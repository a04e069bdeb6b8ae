// `mend check` (admins): what the library's check of the database found
// (mend_db_verify_json), as a summary or JSON. Exit 0 when clean, 1 when
// anything was found.
#include "commands.hpp"
#include "output.hpp"

#include <iostream>

namespace mend::cli {

namespace {

std::string count(const nlohmann::json& n, const char* what) {
    return n.dump() + " " + what;
}

} // namespace

int cmd_check(const Args& a) {
    a.allow({});
    a.allow_positionals(1, 0);
    Db db(a, true);
    char* js = nullptr;
    auto v = fetch(db, mend_db_verify_json(&js, db), js);
    const bool ok = v["ok"].get<bool>();
    if (a.flag("json")) {
        std::cout << v.dump(2) << "\n";
        return ok ? 0 : 1;
    }
    const auto& rows = v["rows_checked"];
    std::cout << "checked " << v["backend"].get<std::string>() << ": "
              << count(rows["clients"], "clients") << ", " << count(rows["couples"], "couples")
              << ", " << count(rows["cases"], "cases") << ", " << count(rows["notes"], "notes")
              << "\n";
    std::cout << "integrity:    " << (v["integrity"].empty() ? "ok" : "DAMAGED") << "\n";
    for (const auto& m : v["integrity"])
        std::cout << "  " << m.get<std::string>() << "\n";
    std::cout << "foreign keys: "
              << (v["foreign_keys"].empty() ? "ok"
                                            : std::to_string(v["foreign_keys"].size()) + " broken")
              << "\n";
    for (const auto& f : v["foreign_keys"])
        std::cout << "  " << f["table"].get<std::string>() << " " << f["id"] << " names a missing "
                  << f["parent"].get<std::string>() << "\n";
    std::cout << "rows:         "
              << (v["problems"].empty() ? "ok"
                                        : std::to_string(v["problems"].size()) + " problem(s)")
              << "\n";
    for (const auto& p : v["problems"])
        std::cout << "  " << p["table"].get<std::string>() << " " << p["id"] << ": "
                  << p["problem"].get<std::string>() << "\n";
    const auto& notes = v["notes"];
    if (notes.is_null()) {
        std::cout << "notes:        not verified (a note is unreadable)\n";
    } else {
        std::cout << "notes:        " << count(notes["notes_checked"], "signed notes") << ", "
                  << count(notes["addenda_checked"], "addenda") << ": "
                  << (notes["mismatches"].empty() ? "hashes match" : "MISMATCHES") << "\n";
        for (const auto& m : notes["mismatches"])
            std::cout << "  " << m["kind"].get<std::string>() << " " << m["id"] << ": "
                      << m["problem"].get<std::string>() << "\n";
    }
    const auto& chain = v["audit_chain"];
    std::cout << "audit chain:  ";
    if (!chain["ok"].get<bool>())
        std::cout << "BROKEN at event " << chain["first_bad_seq"] << ": "
                  << chain["reason"].get<std::string>() << "\n";
    else if (!chain["keyed"].get<bool>())
        std::cout << "not keyed (information: 'mend key adopt' keys it)\n";
    else
        std::cout << count(chain["events_checked"], "events") << ": verifies\n";
    std::cout << (ok ? "the database is clean" : "PROBLEMS FOUND") << "\n";
    return ok ? 0 : 1;
}

} // namespace mend::cli
