// Error reporting, the allocator and the version: the calls every host uses.
#include "capi/support.hpp"

#include <cstdlib>

using namespace mend::capi;

extern "C" {

const char* mend_errmsg(const mend_db* db) {
    return db ? db->last_message.c_str() : "database handle is NULL";
}

int mend_errcode(const mend_db* db) {
    return db ? db->last_code : MEND_EINVAL;
}

const char* mend_last_errmsg(void) {
    return thread_last_message();
}

int mend_last_errcode(void) {
    return thread_last_code();
}

const char* mend_errstr(int code) {
    switch (code) {
    case MEND_OK:
        return "MEND_OK";
    case MEND_ITEROVER:
        return "MEND_ITEROVER";
    case MEND_ERROR:
        return "MEND_ERROR";
    case MEND_EINVAL:
        return "MEND_EINVAL";
    case MEND_EENCODING:
        return "MEND_EENCODING";
    case MEND_ENOTFOUND:
        return "MEND_ENOTFOUND";
    case MEND_EDENIED:
        return "MEND_EDENIED";
    case MEND_ENOACTOR:
        return "MEND_ENOACTOR";
    case MEND_EEXISTS:
        return "MEND_EEXISTS";
    case MEND_ECONSTRAINT:
        return "MEND_ECONSTRAINT";
    case MEND_ESCHEMA:
        return "MEND_ESCHEMA";
    case MEND_EBUSY:
        return "MEND_EBUSY";
    case MEND_ENOMEM:
        return "MEND_ENOMEM";
    case MEND_ESTORE:
        return "MEND_ESTORE";
    case MEND_ESTATE:
        return "MEND_ESTATE";
    case MEND_EGATE:
        return "MEND_EGATE";
    case MEND_ECONFLICT:
        return "MEND_ECONFLICT";
    case MEND_EKEY:
        return "MEND_EKEY";
    case MEND_ECONNECTION:
        return "MEND_ECONNECTION";
    default:
        return "MEND_UNKNOWN";
    }
}

void mend_free(void* ptr) {
    std::free(ptr);
}

const char* mend_version(void) {
    return MEND_VERSION_STRING;
}

int mend_version_number(void) {
    return MEND_VERSION_NUMBER;
}

} // extern "C"
