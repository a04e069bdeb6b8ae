// Listing the practices of a PostgreSQL database (mend practice list).
#include "store/practices.hpp"
#include "practice/practice.hpp"

namespace mend {

nlohmann::json Practice::practices_json(const std::string& where,
                                        const store::OpenOptions& options) {
    auto server = store::Database::open_server(where, options);
    const int latest = store::latest_schema_version();
    nlohmann::json list = nlohmann::json::array();
    for (const auto& p : store::list_practices(*server))
        list.push_back({{"practice", p.name},
                        {"schema_version", p.schema_version},
                        {"needs_migration", p.schema_version < latest}});
    return {{"latest_schema_version", latest}, {"practices", std::move(list)}};
}

} // namespace mend
