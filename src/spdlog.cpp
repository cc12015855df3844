// Compiled mode: spdlog's implementation, compiled once into the stormcpp library, so that a
// component's translation units see spdlog's declarations only (SPDLOG_COMPILED_LIB) instead
// of compiling spdlog's inline definitions again each time. Debian ships spdlog's headers
// (with the definitions in its *-inl.h files) but only a shared library, and a component
// binary must not need one; this file takes the library's place. It covers the core, the
// console and file sinks and the async logger; the explicit instantiations below are the
// sink templates a program can name.
#ifndef SPDLOG_COMPILED_LIB
#error "build this file with SPDLOG_COMPILED_LIB defined (compiled mode)"
#endif

#include <mutex>

#include <spdlog/async.h>
#include <spdlog/async_logger-inl.h>
#include <spdlog/cfg/helpers-inl.h>
#include <spdlog/common-inl.h>
#include <spdlog/details/backtracer-inl.h>
#include <spdlog/details/file_helper-inl.h>
#include <spdlog/details/log_msg-inl.h>
#include <spdlog/details/log_msg_buffer-inl.h>
#include <spdlog/details/null_mutex.h>
#include <spdlog/details/os-inl.h>
#include <spdlog/details/periodic_worker-inl.h>
#include <spdlog/details/registry-inl.h>
#include <spdlog/details/thread_pool-inl.h>
#include <spdlog/logger-inl.h>
#include <spdlog/pattern_formatter-inl.h>
#include <spdlog/sinks/ansicolor_sink-inl.h>
#include <spdlog/sinks/base_sink-inl.h>
#include <spdlog/sinks/basic_file_sink-inl.h>
#include <spdlog/sinks/rotating_file_sink-inl.h>
#include <spdlog/sinks/sink-inl.h>
#include <spdlog/sinks/stdout_color_sinks-inl.h>
#include <spdlog/sinks/stdout_sinks-inl.h>
#include <spdlog/spdlog-inl.h>

namespace spdlog {

// The base of every sink, thread-safe (_mt) and not (_st).
template class sinks::base_sink<std::mutex>;
template class sinks::base_sink<details::null_mutex>;

// Console sinks and their factories.
template class sinks::stdout_sink_base<details::console_mutex>;
template class sinks::stdout_sink_base<details::console_nullmutex>;
template class sinks::stdout_sink<details::console_mutex>;
template class sinks::stdout_sink<details::console_nullmutex>;
template class sinks::stderr_sink<details::console_mutex>;
template class sinks::stderr_sink<details::console_nullmutex>;
template class sinks::ansicolor_sink<details::console_mutex>;
template class sinks::ansicolor_sink<details::console_nullmutex>;
template class sinks::ansicolor_stdout_sink<details::console_mutex>;
template class sinks::ansicolor_stdout_sink<details::console_nullmutex>;
template class sinks::ansicolor_stderr_sink<details::console_mutex>;
template class sinks::ansicolor_stderr_sink<details::console_nullmutex>;
template std::shared_ptr<logger> stdout_logger_mt<synchronous_factory>(const std::string&);
template std::shared_ptr<logger> stdout_logger_st<synchronous_factory>(const std::string&);
template std::shared_ptr<logger> stderr_logger_mt<synchronous_factory>(const std::string&);
template std::shared_ptr<logger> stderr_logger_st<synchronous_factory>(const std::string&);
template std::shared_ptr<logger> stdout_color_mt<synchronous_factory>(const std::string&,
                                                                      color_mode);
template std::shared_ptr<logger> stdout_color_st<synchronous_factory>(const std::string&,
                                                                      color_mode);
template std::shared_ptr<logger> stderr_color_mt<synchronous_factory>(const std::string&,
                                                                      color_mode);
template std::shared_ptr<logger> stderr_color_st<synchronous_factory>(const std::string&,
                                                                      color_mode);

// File sinks.
template class sinks::basic_file_sink<std::mutex>;
template class sinks::basic_file_sink<details::null_mutex>;
template class sinks::rotating_file_sink<std::mutex>;
template class sinks::rotating_file_sink<details::null_mutex>;

}  // namespace spdlog
