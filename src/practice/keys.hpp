// Key files (issue 14): the host's keys, never stored in the database.
#pragma once

#include "domain/keys.hpp"

#include <string>

namespace mend {

// The keys in the key file at `path`. Throws Errc::key when there is no
// file there, when other users may read it (it must be mode 0600 or
// stricter), or when a line is not a key line.
KeySource key_file_source(const std::string& path);

// Makes a key file with a new audit and wrap key (mode 0600); when the file
// exists, adds a newer key of each purpose to it, keeping the older ones
// (they verify what was written under them).
void create_key_file(const std::string& path);

} // namespace mend
