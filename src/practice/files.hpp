// Files the library writes for a host: written whole or not at all.
#pragma once

#include <string>

namespace mend {

// Writes `body` to `path` atomically: to "<path>.part" first, then renamed
// over `path`, so a reader never sees half a file. Throws Errc::invalid when
// the file cannot be created there (a missing directory, no permission) and
// Errc::generic when writing or renaming fails; no ".part" file is left.
void write_file_atomically(const std::string& path, const std::string& body);

} // namespace mend
