// Files the library writes for a host (written whole or not at all) and
// reads for one (whole, up to a limit).
#pragma once

#include <cstddef>
#include <string>

namespace mend {

// Writes `body` to `path` atomically: to "<path>.part" first, then renamed
// over `path`, so a reader never sees half a file. Throws Errc::invalid when
// the file cannot be created there (a missing directory, no permission) and
// Errc::generic when writing or renaming fails; no ".part" file is left.
void write_file_atomically(const std::string& path, const std::string& body);

// The whole of the file at `path`. Throws Errc::not_found when there is no
// file there, Errc::invalid when it cannot be read or is larger than
// `max_bytes`. Messages never hold the path (it may name a client).
std::string read_file(const std::string& path, std::size_t max_bytes);

} // namespace mend
