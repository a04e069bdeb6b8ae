// Shared by the C API harnesses of tests/fuzz: a scratch directory (removed
// at exit), a practice made in it through the public C API, and the checks
// every harness makes on a call's outcome. Uses <mend/mend.h> only (and
// nlohmann/json to read what mend returns).
#pragma once

#include <mend/mend.h>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace mend::fuzz {

// A directory of its own under $MEND_FUZZ_TMPDIR, else /dev/shm, else
// $TMPDIR or /tmp, made on first use and removed with its files when the
// process exits.
const std::string& scratch_dir();

// Opens (creating) the SQLite database at `path`, making it a practice
// whose admin is the actor; fatal on failure.
mend_db* new_practice(const std::string& path, std::int64_t* admin_id);
// Opens an existing database and names the actor; fatal on failure.
mend_db* open_as(const std::string& path, std::int64_t actor_id);

// Aborts, naming the call, when `rc` is MEND_ERROR: the C layer's code for an
// exception mend did not expect, i.e. a defect. Every other code is a
// refusal the API documents.
void expect_documented(int rc, const char* call, mend_db* db);

// A string mend returned, parsed and freed (null JSON when `s` is NULL);
// aborts when mend returned text that is not JSON.
nlohmann::json take_json(char* s, const char* call);

// Aborts with a message: an invariant broke.
[[noreturn]] void broken(const char* what, const std::string& detail = "");

} // namespace mend::fuzz
