// Key files' text, the audit chain's encoding and checkpoints (pure:
// src/domain/keys.cpp, src/domain/audit_chain.cpp).
#include "domain/audit_chain.hpp"
#include "domain/keys.hpp"

#include "errors.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using mend::Errc;
using mend_test::error_of;
using mend_test::message_of;

namespace {
const std::string hex64 = std::string(62, 'a') + "0f";
}

TEST_CASE("a key file's lines: purposes, ids, 64 hex digits, comments", "[keys]") {
    auto keys = mend::parse_key_file("# a comment\n\naudit 1 " + hex64 + "\r\nwrap 3 " + hex64 +
                                     "\naudit 2 " + hex64 + "\n");
    CHECK(keys.size() == 3);
    CHECK(keys.at({"audit", 1})[31] == 0x0f);
    auto source = mend::key_source_of(keys);
    CHECK(source("audit", 0)->id == 2); // the newest is the current one
    CHECK(source("wrap", 0)->id == 3);
    CHECK(source("audit", 1)->id == 1);
    CHECK(!source("audit", 9));
    CHECK(!source("wrap", 1));

    for (const std::string& bad : std::vector<std::string>{
             "audit 1", "audit 1 " + hex64 + " extra", "mac 1 " + hex64, "audit 0 " + hex64,
             "audit -1 " + hex64, "audit x " + hex64, "audit 1 " + hex64.substr(2),
             "audit 1 " + std::string(63, 'a') + "g", "audit 1 " + hex64 + "\naudit 1 " + hex64}) {
        INFO(bad);
        CHECK(error_of([&] { mend::parse_key_file(bad); }) == Errc::key);
        // The message names the line, never the key.
        CHECK(message_of([&] { mend::parse_key_file(bad); }).find(hex64) == std::string::npos);
    }
    // A fresh line parses and holds a new random key each time.
    auto one = mend::parse_key_file(mend::key_file_line("audit", 4));
    auto two = mend::parse_key_file(mend::key_file_line("audit", 4));
    CHECK(one.at({"audit", 4}) != two.at({"audit", 4}));
}

TEST_CASE("the chain's encoding tells every field apart, and a checkpoint is checked",
          "[keys][audit_chain]") {
    mend::KeyBytes key{};
    key[0] = 1;
    mend::ChainRow r;
    r.seq = 7;
    r.at_us = 1000;
    r.actor_id = 3;
    r.action = "read";
    r.object_type = "client";
    r.object_id = 12;
    r.outcome = "ok";
    r.key_id = 1;
    r.prev_mac = hex64;
    const std::string mac = mend::audit_mac(key, r);
    CHECK(mac.size() == 64);
    // Moving a byte from one field to the next changes the encoding.
    auto moved = r;
    moved.action = "rea";
    moved.object_type = "dclient";
    CHECK(mend::audit_mac(key, moved) != mac);
    // NULL and 0 are the same id (0 is never one); NULL and "" are not the same detail.
    auto empty_detail = r;
    empty_detail.detail = "";
    CHECK(mend::audit_mac(key, empty_detail) != mac);
    auto other_key = key;
    other_key[0] = 2;
    CHECK(mend::audit_mac(other_key, r) != mac);

    const std::string cp = mend::checkpoint_text(key, 7, mac, 1);
    auto parsed = mend::parse_checkpoint(cp);
    CHECK((parsed.seq == 7 && parsed.mac == mac && parsed.key_id == 1));
    CHECK(parsed.signature == mend::checkpoint_signature(key, 7, mac, 1));
    for (const std::string& bad : std::vector<std::string>{
             std::string(), "mend-audit-checkpoint.v1.", "mend-audit-checkpoint.v2" + cp.substr(24),
             cp + ".1", cp.substr(0, cp.size() - 1),
             "mend-audit-checkpoint.v1.0." + mac + ".1." + mac,
             "mend-audit-checkpoint.v1.7." + mac + ".0." + mac,
             "mend-audit-checkpoint.v1.-7." + mac + ".1." + mac}) {
        INFO(bad);
        CHECK(error_of([&] { mend::parse_checkpoint(bad); }) == Errc::invalid);
    }
}
