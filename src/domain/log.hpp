// The library's log: one process-wide sink the host sets through
// mend_log_set_callback(). Messages never hold client data: they name
// fields, codes and schema versions, never a value a host entered.
#pragma once

#include <string>

namespace mend::log {

// The same numbers as MEND_LOG_ERROR .. MEND_LOG_DEBUG.
enum class Level { error = 1, warning = 2, info = 3, debug = 4 };

using Sink = void (*)(int level, const char* message, void* user_data);

// Replaces the sink (nullptr: no log). When it returns, the previous sink is
// not running on any other thread and is not called again.
void set_sink(Sink sink, int max_level, void* user_data) noexcept;

// True when a message of `level` would reach a sink: build costly messages
// only then.
bool enabled(Level level) noexcept;

// Hands `message` to the sink, if one takes `level`. A message logged from
// inside the sink on the same thread is dropped (no recursion).
void emit(Level level, const std::string& message) noexcept;

} // namespace mend::log
