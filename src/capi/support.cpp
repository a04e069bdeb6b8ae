#include "capi/support.hpp"

#include "domain/log.hpp"

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
    if (db->in_callback) fail(Errc::state, "a mend callback cannot call back into its own handle");
    if (!db->practice) fail(Errc::state, "database handle is closed");
    return *db->practice;
}

void log_error(int code, const char* message) noexcept {
    const bool failure_of_mend =
        code == MEND_ERROR || code == MEND_ENOMEM || code == MEND_ESTORE || code == MEND_ESCHEMA;
    const auto level = failure_of_mend ? log::Level::error : log::Level::warning;
    if (!log::enabled(level)) return;
    try {
        log::emit(level, std::string("a call failed: ") + mend_errstr(code) + ": " + message);
    } catch (...) {
    }
}

void deliver_events(mend_db* db) noexcept {
    if (!db || !db->practice || db->in_callback) return;
    std::vector<mend::Event> events;
    try {
        events = db->practice->take_committed_events();
    } catch (...) {
        return;
    }
    if (!db->event_callback) return;
    db->in_callback = true;
    for (const auto& e : events) {
        mend_event event{MEND_EVENT_VERSION, static_cast<int>(e.kind),
                         e.record_id,        e.case_id,
                         e.client_id,        e.actor_id};
        try {
            db->event_callback(&event, db->event_user_data);
        } catch (...) {
            // A C++ host's callback that throws must not unwind through mend.
        }
    }
    db->in_callback = false;
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
