// Field encryption (pure: src/domain/field_crypto.cpp): sealing bound to a
// table, column and row; blind indexes; the note word index; wrapping the
// data key.
#include "domain/field_crypto.hpp"

#include "errors.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using mend::Errc;
using mend::FieldKey;
using mend::FieldPlace;
using mend_test::error_of;
using mend_test::message_of;

namespace {
FieldKey fresh(mend::Id id = 1) {
    return FieldKey(id, mend::random_data_key());
}
const FieldPlace at{"client", "given_name", 7};
} // namespace

TEST_CASE("a sealed value opens where it was sealed, and only there", "[crypto]") {
    auto key = fresh();
    const std::string secret = "Lena Vögel, born 1984";
    auto sealed = key.seal(secret, at);
    CHECK(mend::is_sealed(sealed));
    CHECK(sealed.rfind("mend:e1:1:", 0) == 0);
    CHECK(sealed.find("Lena") == std::string::npos);
    CHECK(key.open(sealed, at) == secret);
    CHECK(key.seal("", at) != key.seal("", at)); // a fresh nonce each time
    CHECK(key.open(key.seal("", at), at).empty());

    CHECK(error_of([&] { key.open(sealed, {"client", "given_name", 8}); }) == Errc::key);
    CHECK(error_of([&] { key.open(sealed, {"client", "family_name", 7}); }) == Errc::key);
    CHECK(error_of([&] { key.open(sealed, {"note", "given_name", 7}); }) == Errc::key);
    CHECK(message_of([&] {
              key.open(sealed, {"client", "given_name", 8});
          }) == "a stored value does not decrypt: wrong key or damaged row");

    SECTION("a changed byte") {
        for (std::size_t i = std::string("mend:e1:1:").size(); i < sealed.size(); i += 7) {
            std::string t = sealed;
            t[i] = t[i] == 'A' ? 'B' : 'A';
            CHECK(error_of([&] { key.open(t, at); }) == Errc::key);
        }
        CHECK(error_of([&] { key.open(sealed.substr(0, sealed.size() - 4), at); }) == Errc::key);
        CHECK(error_of([&] { key.open("mend:e1:1:", at); }) == Errc::key);
        CHECK(error_of([&] { key.open("Lena", at); }) == Errc::key);
    }
    SECTION("another key, or another key id") {
        CHECK(error_of([&] { fresh().open(sealed, at); }) == Errc::key);
        mend::KeyBytes raw = mend::random_data_key();
        FieldKey one(1, raw), two(2, raw);
        CHECK(error_of([&] { two.open(one.seal("x", at), at); }) == Errc::key);
        mend::FieldKeys keys;
        keys.add(one);
        keys.add(two);
        CHECK(keys.current().id() == 2);
        CHECK(keys.open(one.seal("x", at), at) == "x"); // each opens under its own key
        CHECK(keys.open(keys.seal("y", at), at) == "y");
        CHECK(error_of([&] { keys.open(fresh(3).seal("x", at), at); }) == Errc::key);
    }
}

TEST_CASE("blind indexes and word hashes are stable and keyed", "[crypto]") {
    mend::KeyBytes raw = mend::random_data_key();
    FieldKey a(1, raw), same(1, raw), other = fresh();
    CHECK(a.blind_index("client.external_id", "ehr-1") ==
          same.blind_index("client.external_id", "ehr-1"));
    CHECK(a.blind_index("client.external_id", "ehr-1").size() == 64);
    CHECK(a.blind_index("client.external_id", "ehr-1") !=
          other.blind_index("client.external_id", "ehr-1"));
    CHECK(a.blind_index("client.external_id", "ehr-1") != a.blind_index("client.name", "ehr-1"));
    CHECK(a.blind_index("client.external_id", "ehr-1") !=
          a.blind_index("client.external_id", "ehr-2"));
    CHECK(a.word_hash("affair") == same.word_hash("affair"));
    CHECK(a.word_hash("affair") != other.word_hash("affair"));
    CHECK(a.word_hash("affair") != a.word_hash("affairs"));
    CHECK(mend::normalised_for_index("  Lena \t  VOGEL ") == "lena vogel");
}

TEST_CASE("the note word index's words", "[crypto]") {
    using V = std::vector<std::string>;
    CHECK(mend::index_words("Trust-building: the AFFAIR's disclosure; trust again.") ==
          V{"trust", "building", "the", "affair", "s", "disclosure", "again"});
    CHECK(mend::index_words("Ärger über Ölpreise, week 12b") ==
          V{"ärger", "über", "ölpreise", "week", "12b"});
    CHECK(mend::index_words(" ,;- ").empty());
    CHECK(mend::search_snippet("One two three four five six seven eight nine ten eleven twelve "
                               "thirteen fourteen affair fifteen.",
                               {"affair"}) ==
          "...five six seven eight nine ten eleven twelve thirteen fourteen [affair] fifteen");
    CHECK(mend::search_snippet("affair one two three four five six seven eight nine ten eleven "
                               "twelve thirteen",
                               {"affair"}) ==
          "[affair] one two three four five six seven eight nine ten eleven...");
    CHECK(mend::search_snippet("The affair came out.", {"affair", "out"}) ==
          "The [affair] came [out]");
}

TEST_CASE("the data key wraps under the host's wrap key, and only unwraps under it", "[crypto]") {
    mend::KeyBytes data = mend::random_data_key();
    mend::HostKey wrap{3, mend::random_data_key()};
    auto wrapped = mend::wrap_data_key(data, 1, wrap);
    CHECK(mend::unwrap_data_key(wrapped, 1, wrap) == data);
    CHECK(error_of([&] { mend::unwrap_data_key(wrapped, 2, wrap); }) == Errc::key);
    CHECK(error_of([&] { mend::unwrap_data_key(wrapped, 1, {4, wrap.key}); }) == Errc::key);
    CHECK(error_of([&] {
              mend::unwrap_data_key(wrapped, 1, {3, mend::random_data_key()});
          }) == Errc::key);
    CHECK(error_of([&] { mend::unwrap_data_key("not base64!", 1, wrap); }) == Errc::key);
}
