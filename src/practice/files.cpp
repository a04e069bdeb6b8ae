#include "practice/files.hpp"

#include "domain/error.hpp"
#include "practice/practice.hpp"

#include <cstdio>
#include <fstream>

namespace mend {

void write_file_atomically(const std::string& path, const std::string& body) {
    if (path.empty()) fail(Errc::invalid, "path is empty");
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

void Practice::write_report(const ReportOptions& o, const std::string& format,
                            const std::string& path) {
    write_file_atomically(path, render_report(o, format));
}

} // namespace mend
