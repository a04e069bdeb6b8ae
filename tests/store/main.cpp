// The store suite's main(): Catch2 v2 plus one option, --db DIR|URL (or the
// MEND_TEST_DB environment variable): a directory for the SQLite files (one
// new file per test case) or a postgresql:// URL whose public schema each
// test case empties first. Without either, SQLite files go to a new
// directory under the system's temporary directory.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "fixture.hpp"

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <unistd.h>

int main(int argc, char** argv) {
    Catch::Session session;
    std::string db;
    using namespace Catch::clara;
    auto cli = session.cli() |
               Opt(db, "dir|url")["--db"]("SQLite directory or postgresql:// URL for the tests");
    session.cli(cli);
    if (int rc = session.applyCommandLine(argc, argv); rc != 0) return rc;
    if (db.empty())
        if (const char* env = std::getenv("MEND_TEST_DB"); env && *env) db = env;
    bool made_dir = false;
    if (db.empty()) {
        auto dir = std::filesystem::temp_directory_path() /
                   ("mend-store-tests-" + std::to_string(::getpid()));
        db = dir.string();
        made_dir = true;
    }
    bool pg = db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0;
    std::cerr << "store tests on " << (pg ? "PostgreSQL: " : "SQLite files in ") << db << "\n";
    mend_test::set_database_base(db);
    int failures = session.run();
    if (failures == 0) {
        mend_test::remove_sqlite_files();
        if (made_dir) std::filesystem::remove_all(db);
    }
    return failures;
}
