// <mend/mend.h> on its own, as C++17 (-Wpedantic -Werror): the declarations
// get C linkage and every _INIT macro is a valid aggregate initialiser.
#include <mend/mend.h>

#include <cstdio>
#include <cstring>
#include <type_traits>

static_assert(std::is_standard_layout<mend_open_options>::value, "C layout");
static_assert(std::is_trivially_copyable<mend_client_fields>::value, "plain C struct");
static_assert(
    std::is_same<decltype(&mend_client_get), int (*)(mend_client**, mend_db*, int64_t)>::value,
    "signature as documented");

int main() {
    mend_open_options open_options = MEND_OPEN_OPTIONS_INIT;
    mend_clinician_fields clinician = MEND_CLINICIAN_FIELDS_INIT;
    mend_client_fields client = MEND_CLIENT_FIELDS_INIT;
    mend_couple_fields couple = MEND_COUPLE_FIELDS_INIT;
    mend_case_fields kase = MEND_CASE_FIELDS_INIT;
    mend_clinician_list_options l1 = MEND_CLINICIAN_LIST_OPTIONS_INIT;
    mend_client_list_options l2 = MEND_CLIENT_LIST_OPTIONS_INIT;
    mend_couple_list_options l3 = MEND_COUPLE_LIST_OPTIONS_INIT;
    mend_case_list_options l4 = MEND_CASE_LIST_OPTIONS_INIT;
    mend_open_options filled{};
    bool ok = std::strcmp(mend_version(), MEND_VERSION_STRING) == 0 &&
              mend_version_number() == MEND_VERSION_NUMBER &&
              mend_open_options_init(&filled, MEND_OPEN_OPTIONS_VERSION) == MEND_OK &&
              std::memcmp(&filled, &open_options, sizeof filled) == 0 &&
              clinician.version == MEND_CLINICIAN_FIELDS_VERSION &&
              client.version == MEND_CLIENT_FIELDS_VERSION && couple.children_in_household == -1 &&
              kase.version == MEND_CASE_FIELDS_VERSION && l1.version == 1 && l2.version == 1 &&
              l3.version == 1 && l4.version == 1 && mend_client_id(nullptr) == 0;
    std::printf("mend %s (C++17): %s\n", mend_version(), ok ? "ok" : "MISMATCH");
    return ok ? 0 : 1;
}
