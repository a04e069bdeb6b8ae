// SHA-256 (libsodium), as lowercase hex: the content hash of a signed note.
#pragma once

#include <string>

namespace mend {

std::string sha256_hex(const std::string& bytes);

} // namespace mend
