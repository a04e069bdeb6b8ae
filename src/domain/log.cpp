#include "domain/log.hpp"

#include <atomic>
#include <mutex>

namespace mend::log {

namespace {
// Held while the sink runs, so that set_sink() waits for a running sink to
// return; recursive, so a sink may itself set the sink or use mend.
std::recursive_mutex sink_mutex;
Sink current_sink = nullptr;
void* current_user = nullptr;
std::atomic<int> current_max{0};
thread_local bool in_sink = false;
} // namespace

void set_sink(Sink sink, int max_level, void* user_data) noexcept {
    std::lock_guard<std::recursive_mutex> lock(sink_mutex);
    current_sink = sink;
    current_user = user_data;
    current_max.store(sink ? max_level : 0, std::memory_order_release);
}

bool enabled(Level level) noexcept {
    return static_cast<int>(level) <= current_max.load(std::memory_order_acquire) && !in_sink;
}

void emit(Level level, const std::string& message) noexcept {
    if (!enabled(level)) return;
    std::lock_guard<std::recursive_mutex> lock(sink_mutex);
    if (!current_sink || static_cast<int>(level) > current_max.load()) return;
    in_sink = true;
    try {
        current_sink(static_cast<int>(level), message.c_str(), current_user);
    } catch (...) {
        // A C++ host's sink that throws must not unwind through mend.
    }
    in_sink = false;
}

} // namespace mend::log
