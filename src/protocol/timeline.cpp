#include "protocol/timeline.hpp"

namespace mend::protocol {

std::vector<PhaseSpan> phase_spans(const std::vector<PhaseEntry>& entries,
                                   const std::vector<std::string>& session_dates,
                                   const Date& today) {
    std::vector<PhaseSpan> out;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        bool last = i + 1 == entries.size();
        PhaseSpan span;
        if (!last) span.left_on = entries[i + 1].entered_on;
        long start = parse_date("entered_on", entries[i].entered_on).days_since_epoch();
        long end = last ? today.days_since_epoch()
                        : parse_date("entered_on", *span.left_on).days_since_epoch();
        span.days = end - start;
        // A session on the day of a phase change belongs to the new phase;
        // the current phase runs to today inclusive.
        for (const auto& d : session_dates) {
            long day = parse_date("session date", d).days_since_epoch();
            span.sessions += day >= start && (last ? day <= end : day < end);
        }
        out.push_back(span);
    }
    return out;
}

} // namespace mend::protocol
