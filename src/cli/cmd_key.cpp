// `mend key`: the host's key file and adopting its keys.
#include "commands.hpp"
#include "output.hpp"

#include <iostream>

namespace mend::cli {

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
    throw UsageError(sub.empty() ? "mend key needs a subcommand: create, adopt, rewrap"
                                 : "unknown subcommand 'mend key " + sub + "'");
}

} // namespace mend::cli
