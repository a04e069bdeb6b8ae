// `mend key`: the host's key file and adopting its keys.
#include "commands.hpp"
#include "output.hpp"

#include <iostream>

namespace mend::cli {

namespace {

// Carries the key job under way to its end, --batch rows per call (the
// library's default batch without it), showing progress on stderr when it is a terminal; --steps N
// stops after N calls (the job is resumed by 'mend key reseal').
int reseal(const Args& a, Db& db, const std::string& started) {
    const long long batch = a.has("batch") ? to_int(*a.get("batch"), "--batch") : 0;
    const long long steps = a.has("steps") ? to_int(*a.get("steps"), "--steps") : -1;
    if (a.has("steps") && steps < 1) throw UsageError("--steps needs at least 1");
    const bool progress = stderr_is_terminal();
    int64_t remaining = -1;
    long long calls = 0;
    while (remaining != 0 && (steps < 0 || calls < steps)) {
        check(mend_key_reseal(&remaining, db, batch), db);
        ++calls;
        if (progress)
            std::cerr << "\rmend: re-sealing, " << remaining << " rows to go   " << std::flush;
    }
    if (progress) std::cerr << "\n";
    std::string text =
        remaining == 0
            ? started + "every value is sealed under the new data key; the "
                        "older keys are erased and the database vacuumed"
            : started + std::to_string(remaining) + " rows to go: resume with 'mend key reseal'";
    done(a, {{"remaining", remaining}, {"calls", calls}}, text);
    return 0;
}

void need_key_file(const Args& a, const std::string& sub) {
    if (!key_file_location(a))
        throw UsageError("mend key " + sub +
                         " needs the key file: --key-file FILE or MEND_KEY_FILE");
}

} // namespace

int cmd_key(const Args& a) {
    const std::string sub = a.word(1);
    if (sub == "create") {
        a.allow({});
        a.allow_positionals(2, 1);
        std::string path = a.word(2);
        if (path.empty()) {
            auto given = key_file_location(a);
            if (!given)
                throw UsageError("name the key file: mend key create FILE, --key-file FILE or "
                                 "MEND_KEY_FILE");
            path = *given;
        }
        check(mend_key_file_create(path.c_str()), nullptr);
        done(a, {{"key_file", path}},
             "wrote a new audit key and wrap key to " + path +
                 " (mode 0600); keep it away from the database and its backups, and keep "
                 "every line: older keys verify what was written under them");
        return 0;
    }
    if (sub == "adopt") {
        a.allow({});
        a.allow_positionals(2, 0);
        if (!key_file_location(a))
            throw UsageError("mend key adopt needs the key file: --key-file FILE or MEND_KEY_FILE");
        Db db(a, true);
        check(mend_key_adopt(db), db);
        done(a, {{"adopted", true}},
             "the practice's audit chain is now keyed under the key file's newest audit key");
        return 0;
    }
    if (sub == "rewrap") {
        a.allow({});
        a.allow_positionals(2, 0);
        if (!key_file_location(a))
            throw UsageError(
                "mend key rewrap needs the key file: --key-file FILE or MEND_KEY_FILE");
        Db db(a, true);
        int moved = 0;
        check(mend_key_rewrap(&moved, db), db);
        done(a, {{"rewrapped", moved}},
             "wrapped " + std::to_string(moved) +
                 " data key(s) under the key file's newest wrap key; the older wrap key is no "
                 "longer needed to open the practice");
        return 0;
    }
    if (sub == "encrypt" || sub == "reencrypt" || sub == "reseal") {
        a.allow({"batch", "steps"});
        a.allow_positionals(2, 0);
        need_key_file(a, sub);
        Db db(a, true);
        std::string started;
        if (sub == "encrypt") {
            check(mend_key_encrypt(db), db);
            started = "encrypting the practice's records: ";
        } else if (sub == "reencrypt") {
            check(mend_key_reencrypt(db), db);
            started = "re-encrypting the practice's records under a new data key: ";
        }
        return reseal(a, db, started);
    }
    throw UsageError(sub.empty() ? "mend key needs a subcommand: create, adopt, rewrap, "
                                   "encrypt, reencrypt, reseal"
                                 : "unknown subcommand 'mend key " + sub + "'");
}

} // namespace mend::cli
