// The practices of one PostgreSQL database: each a schema holding mend's
// tables (mend_schema among them), as the connecting role may use them.
#pragma once

#include "store/database.hpp"

#include <string>
#include <vector>

namespace mend::store {

struct PracticeSchema {
    std::string name;       // the schema ("public" for a practice kept there)
    int schema_version = 0; // its mend schema version
};

// Every schema the role has USAGE on that holds a mend_schema table, by name.
std::vector<PracticeSchema> list_practices(Database& server);

} // namespace mend::store
