#include "capi/support.hpp"

#include <cstdlib>
#include <cstring>

namespace mend::capi {

namespace {
// The last failure on this thread: how a failed mend_open() explains itself.
thread_local int last_code = MEND_OK;
thread_local std::string last_message = "no error";
} // namespace

int thread_last_code() {
    return last_code;
}
const char* thread_last_message() {
    return last_message.c_str();
}

void set_error(mend_db* db, int code, const std::string& message) noexcept {
    try {
        last_code = code;
        last_message = message;
        if (db) {
            db->last_code = code;
            db->last_message = message;
        }
    } catch (...) {
        last_code = MEND_ENOMEM;
    }
}

void clear_error(mend_db* db) noexcept {
    if (db) {
        db->last_code = MEND_OK;
        db->last_message.assign("no error");
    }
}

mend::Practice& practice(mend_db* db) {
    if (!db) fail(Errc::invalid, "database handle is NULL");
    if (!db->practice) fail(Errc::state, "database handle is closed");
    return *db->practice;
}

std::string text(const char* s, const char* what) {
    return std::string(need(s, what));
}

char* dup_string(const std::string& s) {
    char* p = static_cast<char*>(std::malloc(s.size() + 1));
    if (!p) throw std::bad_alloc();
    std::memcpy(p, s.c_str(), s.size() + 1);
    return p;
}

} // namespace mend::capi
