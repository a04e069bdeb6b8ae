#include "store/practices.hpp"

#include "domain/error.hpp"

#include <soci/soci.h>

namespace mend::store {

std::vector<PracticeSchema> list_practices(Database& server) {
    auto& sql = server.sql();
    std::vector<PracticeSchema> out;
    try {
        std::string name;
        soci::statement names =
            (sql.prepare << "SELECT n.nspname FROM pg_namespace n"
                            " JOIN pg_class c ON c.relnamespace = n.oid"
                            " WHERE c.relname = 'mend_schema' AND c.relkind = 'r'"
                            " AND has_schema_privilege(n.oid, 'USAGE')"
                            " AND has_table_privilege(c.oid, 'SELECT')"
                            " ORDER BY n.nspname",
             soci::into(name));
        names.execute();
        while (names.fetch())
            out.push_back({name, 0});
        // Each schema's version, read through the search path: a name is
        // bound, never written into the statement.
        for (auto& p : out) {
            std::string path;
            soci::indicator ind = soci::i_ok;
            sql << "SELECT set_config('search_path', quote_ident(:n), false)", soci::use(p.name),
                soci::into(path);
            sql << "SELECT MAX(version) FROM mend_schema", soci::into(p.schema_version, ind);
            if (ind != soci::i_ok) p.schema_version = 0;
        }
    } catch (const mend::Error&) {
        throw;
    } catch (...) {
        server.rethrow_as_error();
    }
    return out;
}

} // namespace mend::store
