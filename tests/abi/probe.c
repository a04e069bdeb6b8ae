/* A tiny library exporting calls that take mend_client_fields, built against
 * a copy of the public headers by tests/abi/abi_check_bites.sh to prove that
 * scripts/abi.sh check fails on a broken ABI. */
#include <mend/client.h>

MEND_EXTERN(int) mend_client_fields_init(mend_client_fields* fields, unsigned int version) {
    if (fields == NULL) return -2;
    fields->version = version;
    return 0;
}

MEND_EXTERN(int) mend_client_create(int64_t* out, mend_db* db, const mend_client_fields* fields) {
    (void)db;
    *out = fields->version;
    return 0;
}

#ifndef PROBE_ID_T
#define PROBE_ID_T int64_t
#endif

#ifndef PROBE_DROP_ARCHIVE
MEND_EXTERN(int) mend_client_archive(mend_db* db, PROBE_ID_T id) {
    (void)db;
    return id > 0 ? 0 : -2;
}
#endif
