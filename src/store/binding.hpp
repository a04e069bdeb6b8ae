// Small helpers for binding optional values to SOCI with indicators.
#pragma once

#include "domain/records.hpp"

#include <soci/soci.h>
#include <vector>

namespace mend::store {

// An optional text value to bind with use(value, ind). Keep it in a named
// local: SOCI holds references until the statement runs.
struct InText {
    std::string value;
    soci::indicator ind;
    explicit InText(const Text& t) : value(t.value_or("")), ind(t ? soci::i_ok : soci::i_null) {}
};

// An optional text column read with into(value, ind).
struct OutText {
    std::string value;
    soci::indicator ind = soci::i_null;
    Text get() const { return ind == soci::i_ok ? Text(value) : Text(); }
};

// An id column that may be NULL (0 means none).
struct OutId {
    long long value = 0;
    soci::indicator ind = soci::i_null;
    Id get() const { return ind == soci::i_ok ? static_cast<Id>(value) : 0; }
};

struct InId {
    long long value;
    soci::indicator ind;
    explicit InId(Id id) : value(id), ind(id ? soci::i_ok : soci::i_null) {}
};

// Runs a prepared statement and collects every row through `row.get()`
// (the row's into() targets were bound to the statement).
template <class Row> auto fetch_all(soci::statement& st, Row& row) {
    std::vector<decltype(row.get())> out;
    if (st.execute(true)) {
        do
            out.push_back(row.get());
        while (st.fetch());
    }
    return out;
}

} // namespace mend::store
