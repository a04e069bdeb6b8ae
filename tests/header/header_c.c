/* <mend/mend.h> on its own, as strict C99 (-std=c99 -pedantic -Werror):
 * every declaration and _INIT macro compiles, and the library links. */
#include <mend/mend.h>

#include <stdio.h>
#include <string.h>

int main(void) {
    mend_open_options open_options = MEND_OPEN_OPTIONS_INIT;
    mend_clinician_fields clinician = MEND_CLINICIAN_FIELDS_INIT;
    mend_client_fields client = MEND_CLIENT_FIELDS_INIT;
    mend_couple_fields couple = MEND_COUPLE_FIELDS_INIT;
    mend_case_fields kase = MEND_CASE_FIELDS_INIT;
    mend_clinician_list_options l1 = MEND_CLINICIAN_LIST_OPTIONS_INIT;
    mend_client_list_options l2 = MEND_CLIENT_LIST_OPTIONS_INIT;
    mend_couple_list_options l3 = MEND_COUPLE_LIST_OPTIONS_INIT;
    mend_case_list_options l4 = MEND_CASE_LIST_OPTIONS_INIT;
    int64_t (*getter)(const mend_client*) = mend_client_id;
    int ok = strcmp(mend_version(), MEND_VERSION_STRING) == 0 &&
             mend_version_number() == MEND_VERSION_NUMBER && getter(NULL) == 0 &&
             open_options.version == MEND_OPEN_OPTIONS_VERSION &&
             clinician.version == MEND_CLINICIAN_FIELDS_VERSION &&
             client.version == MEND_CLIENT_FIELDS_VERSION &&
             couple.version == MEND_COUPLE_FIELDS_VERSION && couple.children_in_household == -1 &&
             kase.version == MEND_CASE_FIELDS_VERSION && l1.version == 1 && l2.version == 1 &&
             l3.version == 1 && l4.version == 1;
    printf("mend %s (C99): %s\n", mend_version(), ok ? "ok" : "MISMATCH");
    return ok ? 0 : 1;
}
