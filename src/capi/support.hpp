// Plumbing shared by the extern "C" shims: handle layouts, the exception
// firewall, argument conversion and iterator paging. No business rules here.
#pragma once

#include "capi/struct_versions.hpp"
#include "domain/error.hpp"
#include "domain/json.hpp"
#include "domain/records.hpp"
#include "domain/text.hpp"
#include "practice/practice.hpp"

#include <mend/mend.h>

#include <deque>
#include <memory>
#include <new>
#include <string>

struct mend_db {
    std::unique_ptr<mend::Practice> practice;
    int last_code = MEND_OK;
    std::string last_message = "no error";
    // The host's event callback; while it runs, the handle refuses calls.
    mend_event_callback event_callback = nullptr;
    void* event_user_data = nullptr;
    bool in_callback = false;
};

struct mend_clinician {
    mend::Clinician rec;
};
struct mend_client {
    mend::Client rec;
};
struct mend_couple {
    mend::Couple rec;
};
struct mend_case {
    mend::Case rec;
};

namespace mend::capi {

int thread_last_code();
const char* thread_last_message();
void set_error(mend_db* db, int code, const std::string& message) noexcept;
void clear_error(mend_db* db) noexcept;
// Logs a failed call's code and message (messages hold no client data).
void log_error(int code, const char* message) noexcept;
// Hands the handle's committed events to its callback, in order; the handle
// refuses calls meanwhile.
void deliver_events(mend_db* db) noexcept;

// Runs `work`, turning every exception into an error code: nothing thrown
// inside mend ever reaches the host. Then delivers the events the call
// committed, and only then records the call's own outcome on the handle.
template <class Work> int guarded(mend_db* db, Work&& work) noexcept {
    int code = MEND_OK;
    const char* message = "no error";
    std::string what;
    try {
        work();
    } catch (const mend::Error& e) {
        code = static_cast<int>(e.code());
        try {
            what = e.what();
            message = what.c_str();
        } catch (...) {
            message = "out of memory";
        }
    } catch (const std::bad_alloc&) {
        code = MEND_ENOMEM;
        message = "out of memory";
    } catch (...) {
        code = MEND_ERROR;
        message = "internal error";
    }
    deliver_events(db);
    if (code == MEND_OK) {
        clear_error(db);
    } else {
        set_error(db, code, message);
        log_error(code, message);
    }
    return code;
}

// Throws Errc::invalid naming `what` when p is NULL.
template <class T> T* need(T* p, const char* what) {
    if (!p) fail(Errc::invalid, std::string(what) + " is NULL");
    return p;
}

// The handle's practice, or Errc::invalid for a NULL handle; Errc::state for
// a closed handle or one whose event callback is running.
mend::Practice& practice(mend_db* db);

// A NULL string means "leave unchanged"; anything else is the new value.
inline Change change(const char* s) {
    return s ? Change(std::string(s)) : Change();
}

// A required C string argument.
std::string text(const char* s, const char* what);

// The host's key callback as a key source (capi/key.cpp): it answers
// nullopt for MEND_ENOTFOUND and throws Errc::key when the callback fails or
// returns a key of another id. `owner`, the handle it serves (which
// outlives it), refuses calls while the callback runs.
KeySource callback_key_source(mend_key_callback callback, void* user_data, mend_db* owner);

// mend_open_options (NULL: the defaults) as the store's options, checked
// (db.cpp). `db` owns a key callback's source (NULL when no handle is made).
mend::store::OpenOptions open_options(const mend_open_options* opts, mend_db* db);

// A copy the host frees with mend_free().
char* dup_string(const std::string& s);

inline const char* cstr(const std::string& s) {
    return s.c_str();
}
inline const char* cstr(const Text& t) {
    return t ? t->c_str() : nullptr;
}

// Iteration a page at a time: only one page of records is held in memory.
template <class Rec> struct Pager {
    mend_db* db = nullptr;
    ListOptions options;
    std::deque<Rec> buffered;
    bool exhausted = false;

    template <class Fetch> int next(Rec& out, Fetch fetch) {
        if (buffered.empty() && !exhausted) {
            auto page = fetch(options);
            exhausted = static_cast<int>(page.size()) < options.limit;
            if (!page.empty()) options.after_id = page.back().id;
            for (auto& r : page)
                buffered.push_back(std::move(r));
        }
        if (buffered.empty()) return MEND_ITEROVER;
        out = std::move(buffered.front());
        buffered.pop_front();
        return MEND_OK;
    }
};

// The shared body of every *_iter_next(): *out is set only on success.
template <class Handle, class Iter, class Fetch>
int iter_next(Handle** out, Iter* it, Fetch fetch) {
    if (out) *out = nullptr;
    int rc = MEND_ITEROVER;
    int status = guarded(it ? it->pager.db : nullptr, [&] {
        need(out, "out");
        need(it, "iterator");
        auto rec = std::make_unique<Handle>();
        rc = it->pager.next(rec->rec, fetch);
        if (rc == MEND_OK) *out = rec.release();
    });
    return status != MEND_OK ? status : rc;
}

// The shared body of every *_get(): *out is NULL unless the read succeeds.
template <class Handle, class Get> int get_record(Handle** out, mend_db* db, Get get) {
    if (out) *out = nullptr;
    return guarded(db, [&] {
        need(out, "out");
        auto h = std::make_unique<Handle>();
        h->rec = get(practice(db));
        *out = h.release();
    });
}

// The shared body of every call that hands the host a JSON document.
template <class Produce> int json_out(char** out, mend_db* db, Produce produce) {
    if (out) *out = nullptr;
    return guarded(db, [&] {
        need(out, "out");
        *out = dup_string(produce(practice(db)).dump());
    });
}

// An optional C string: NULL is "".
inline std::string optional_text(const char* s) {
    return s ? std::string(s) : std::string();
}

// The shared body of every *_to_json().
template <class Handle> int record_json(char** out, const Handle* h) {
    if (out) *out = nullptr;
    return guarded(nullptr, [&] {
        need(out, "out");
        need(h, "record");
        *out = dup_string(mend::to_json(h->rec).dump());
    });
}

// The shared body of every *_iter_new(): `configure` reads the options.
template <class Iter, class Configure> int iter_new(Iter** out, mend_db* db, Configure configure) {
    if (out) *out = nullptr;
    return guarded(db, [&] {
        need(out, "out");
        practice(db);
        auto it = std::make_unique<Iter>();
        it->pager.db = db;
        configure(*it);
        *out = it.release();
    });
}

} // namespace mend::capi
