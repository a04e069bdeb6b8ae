// The host's callbacks: events after a commit (per handle) and the log
// (process-wide).
#include "capi/support.hpp"
#include "domain/catalog.hpp"
#include "domain/log.hpp"

using namespace mend::capi;

static_assert(static_cast<int>(mend::EventKind::flag_raised) == MEND_EVENT_FLAG_RAISED);
static_assert(static_cast<int>(mend::EventKind::flag_resolved) == MEND_EVENT_FLAG_RESOLVED);
static_assert(static_cast<int>(mend::EventKind::phase_changed) == MEND_EVENT_PHASE_CHANGED);
static_assert(static_cast<int>(mend::EventKind::note_signed) == MEND_EVENT_NOTE_SIGNED);
static_assert(static_cast<int>(mend::EventKind::note_cosigned) == MEND_EVENT_NOTE_COSIGNED);
static_assert(static_cast<int>(mend::EventKind::release_created) == MEND_EVENT_RELEASE_CREATED);
static_assert(static_cast<int>(mend::EventKind::emergency_access) == MEND_EVENT_EMERGENCY_ACCESS);
static_assert(static_cast<int>(mend::log::Level::error) == MEND_LOG_ERROR);
static_assert(static_cast<int>(mend::log::Level::debug) == MEND_LOG_DEBUG);
static_assert(mend::event_kind_names.size() == MEND_EVENT_EMERGENCY_ACCESS + 1);
static_assert(mend::log_level_names.size() == MEND_LOG_DEBUG + 1);

extern "C" {

int mend_event_set_callback(mend_db* db, mend_event_callback callback, void* user_data) {
    return guarded(db, [&] {
        practice(db);
        db->event_callback = callback;
        db->event_user_data = user_data;
    });
}

int mend_log_set_callback(mend_log_callback callback, int max_level, void* user_data) {
    return guarded(nullptr, [&] {
        if (callback && (max_level < MEND_LOG_ERROR || max_level > MEND_LOG_DEBUG))
            mend::fail(mend::Errc::invalid,
                       "max_level must be MEND_LOG_ERROR, MEND_LOG_WARNING, MEND_LOG_INFO or "
                       "MEND_LOG_DEBUG");
        mend::log::set_sink(callback, max_level, user_data);
    });
}

} // extern "C"
