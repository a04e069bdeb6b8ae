#include "capi_db.hpp"

#include <filesystem>
#include <unistd.h>

namespace mend::fuzz {

namespace {
std::string g_dir;
void remove_dir() {
    std::error_code ec;
    if (!g_dir.empty()) std::filesystem::remove_all(g_dir, ec);
}
mend_db* open_at(const std::string& path, unsigned flags) {
    mend_open_options o = MEND_OPEN_OPTIONS_INIT;
    o.flags = flags;
    mend_db* db = nullptr;
    if (mend_open(&db, path.c_str(), &o) != MEND_OK) broken("mend_open", mend_last_errmsg());
    return db;
}
} // namespace

const std::string& scratch_dir() {
    if (g_dir.empty()) {
        // /dev/shm when there is one: every audited call commits, and a
        // sync on tmpfs costs nothing, so the fuzzer runs many times faster.
        const char* tmp = std::getenv("MEND_FUZZ_TMPDIR");
        if (!tmp || !*tmp) tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : std::getenv("TMPDIR");
        std::string templ = std::string(tmp && *tmp ? tmp : "/tmp") + "/mend-fuzz.XXXXXX";
        if (!mkdtemp(templ.data())) broken("mkdtemp");
        g_dir = templ;
        std::atexit(remove_dir);
    }
    return g_dir;
}

mend_db* new_practice(const std::string& path, std::int64_t* admin_id) {
    mend_db* db = open_at(path, MEND_OPEN_CREATE);
    mend_clinician_fields admin = MEND_CLINICIAN_FIELDS_INIT;
    admin.display_name = "Admin Person";
    admin.external_id = "staff-admin";
    if (mend_practice_init(admin_id, db, "Fuzz Practice", &admin) != MEND_OK)
        broken("mend_practice_init", mend_errmsg(db));
    return db;
}

mend_db* open_as(const std::string& path, std::int64_t actor_id) {
    mend_db* db = open_at(path, 0);
    if (mend_actor_set(db, actor_id) != MEND_OK) broken("mend_actor_set", mend_errmsg(db));
    return db;
}

void expect_documented(int rc, const char* call, mend_db* db) {
    if (rc == MEND_ERROR) broken(call, std::string("MEND_ERROR: ") + mend_errmsg(db));
}

nlohmann::json take_json(char* s, const char* call) {
    if (!s) return nullptr;
    auto j = nlohmann::json::parse(s, nullptr, false);
    mend_free(s);
    if (j.is_discarded()) broken(call, "returned text that is not JSON");
    return j;
}

void broken(const char* what, const std::string& detail) {
    std::fprintf(stderr, "fuzz invariant broken: %s%s%s\n", what, detail.empty() ? "" : ": ",
                 detail.c_str());
    std::abort();
}

} // namespace mend::fuzz
