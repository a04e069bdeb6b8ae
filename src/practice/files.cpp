#include "practice/files.hpp"

#include "domain/error.hpp"
#include "practice/practice.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace mend {

void write_file_atomically(const std::string& path, const std::string& body) {
    if (path.empty()) fail(Errc::invalid, "path is empty");
    // A directory ("." or "out/") is the caller's mistake, told before
    // anything is written (the rename over it would fail last).
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) fail(Errc::invalid, "that path is a directory");
    const std::string tmp = path + ".part";
    {
        std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
        if (!f) fail(Errc::invalid, "the file cannot be written there");
        f << body;
        f.close();
        if (!f) {
            std::remove(tmp.c_str());
            fail(Errc::generic, "writing the file failed");
        }
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::remove(tmp.c_str());
        fail(Errc::generic, "the file could not be put in place");
    }
}

std::string read_file(const std::string& path, std::size_t max_bytes) {
    if (path.empty()) fail(Errc::invalid, "path is empty");
    std::error_code ec;
    auto status = std::filesystem::status(path, ec);
    if (!std::filesystem::exists(status)) fail(Errc::not_found, "there is no file at that path");
    if (std::filesystem::is_directory(status)) fail(Errc::invalid, "that path is a directory");
    std::ifstream f(path, std::ios::binary);
    if (!f) fail(Errc::invalid, "the file cannot be read (permission?)");
    std::string body;
    char buf[65536];
    while (f.read(buf, sizeof buf) || f.gcount() > 0) {
        body.append(buf, static_cast<std::size_t>(f.gcount()));
        if (body.size() > max_bytes)
            fail(Errc::invalid, "the file is larger than " + std::to_string(max_bytes) + " bytes");
    }
    if (f.bad()) fail(Errc::invalid, "reading the file failed");
    return body;
}

void Practice::write_report(const ReportOptions& o, const std::string& format,
                            const std::string& path) {
    write_file_atomically(path, render_report(o, format));
}

} // namespace mend
