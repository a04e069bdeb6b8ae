// libFuzzer harness: FHIR R4 import. The input, when it is JSON, goes through
// fhir::read_import (src/fhir/import.cpp) with the builtin instruments, then
// through the practice's import on the C API (mend_fhir_import) into one
// SQLite practice kept for the whole run (a scratch directory). Checks: the
// pure reader refuses with mend::Error only; the C API returns a documented
// code and, on success, a JSON summary; an import is all or nothing, so a
// refused one adds no client.
#include "capi_db.hpp"
#include "fhir/import.hpp"
#include "harness.hpp"
#include "measures/builtin.hpp"

namespace {

mend_db* g_db = nullptr;

long count_clients() {
    mend_client_list_options o = MEND_CLIENT_LIST_OPTIONS_INIT;
    o.include_archived = 1;
    mend_client_iter* it = nullptr;
    if (mend_client_iter_new(&it, g_db, &o) != MEND_OK)
        mend::fuzz::broken("mend_client_iter_new", mend_errmsg(g_db));
    long n = 0;
    mend_client* c = nullptr;
    int rc;
    while ((rc = mend_client_iter_next(&c, it)) == MEND_OK) {
        ++n;
        mend_client_free(c);
    }
    mend_client_iter_free(it);
    if (rc != MEND_ITEROVER) mend::fuzz::broken("mend_client_iter_next", mend_errmsg(g_db));
    return n;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace mend;
    std::string text = fuzz::text_of(data, size);
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_discarded()) {
        fuzz::refused_only_with_mend_error("fhir read_import", [&] {
            (void)fhir::read_import(j, [](const std::string& code) {
                for (const auto& i : measures::builtin_instruments())
                    if (i.code == code) return i;
                fail(Errc::not_found, "no such instrument");
            });
        });
    }
    if (!g_db) {
        std::int64_t admin = 0;
        g_db = fuzz::new_practice(fuzz::scratch_dir() + "/fhir.db", &admin);
    }
    long before = count_clients();
    char* out = nullptr;
    int rc = mend_fhir_import(&out, g_db, text.c_str(), nullptr);
    fuzz::expect_documented(rc, "mend_fhir_import", g_db);
    if (rc == MEND_OK) {
        if (!fuzz::take_json(out, "mend_fhir_import").is_object())
            fuzz::broken("mend_fhir_import's summary is not an object");
    } else if (out || count_clients() != before) {
        fuzz::broken("a refused import changed something");
    }
    return 0;
}
