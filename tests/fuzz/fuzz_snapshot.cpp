// libFuzzer harness: report snapshot reading. A snapshot (JSON,
// docs/report-schema.md) is read back by the renderers: read_case_report /
// read_caseload_report, then Markdown, HTML and canonical JSON. Checks: bad
// input is refused with mend::Error only; rendering is deterministic.
#include "harness.hpp"
#include "report/render.hpp"
#include "report/snapshot.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace mend;
    auto j = nlohmann::json::parse(data, data + size, nullptr, false);
    if (j.is_discarded()) return 0; // not JSON: the C API's parser refuses it first
    fuzz::refused_only_with_mend_error("snapshot case", [&] { (void)report::read_case_report(j); });
    fuzz::refused_only_with_mend_error("snapshot caseload",
                                       [&] { (void)report::read_caseload_report(j); });
    fuzz::refused_only_with_mend_error("snapshot markdown", [&] {
        fuzz::require_same("snapshot: Markdown rendered twice", report::render_markdown(j),
                           report::render_markdown(j));
    });
    fuzz::refused_only_with_mend_error("snapshot html", [&] { (void)report::render_html(j); });
    fuzz::refused_only_with_mend_error("snapshot json", [&] { (void)report::render_json(j); });
    return 0;
}
