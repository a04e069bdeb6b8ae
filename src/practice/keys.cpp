#include "practice/keys.hpp"

#include "domain/error.hpp"

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mend {

namespace {

constexpr std::size_t key_file_max_bytes = 1 << 20;

// The key file's text, read through one descriptor that is checked before a
// byte is read: never a symbolic link (O_NOFOLLOW), a regular file, owned by
// the user reading it, readable by no one else.
std::string read_key_file(const std::string& path) {
    if (path.empty()) fail(Errc::key, "the key file path is empty");
    int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        if (errno == ELOOP)
            fail(Errc::key, "the key file is a symbolic link: name the file itself");
        if (errno == ENOENT) fail(Errc::key, "there is no key file at that path");
        fail(Errc::key, "the key file cannot be opened");
    }
    struct Close {
        int fd;
        ~Close() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0) fail(Errc::key, "the key file cannot be read");
    if (!S_ISREG(st.st_mode)) fail(Errc::key, "the key file is not a regular file");
    if (st.st_uid != ::geteuid())
        fail(Errc::key, "the key file belongs to another user: it must be the reader's own");
    if (st.st_mode & (S_IRWXG | S_IRWXO))
        fail(Errc::key, "the key file may be read by other users: make it mode 0600 "
                        "(chmod 600) and keep it away from the database");
    if (static_cast<std::size_t>(st.st_size) > key_file_max_bytes)
        fail(Errc::key, "the key file is too large to be a key file");
    std::string text;
    char buf[4096];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) fail(Errc::key, "the key file cannot be read");
        if (n == 0) break;
        text.append(buf, static_cast<std::size_t>(n));
        if (text.size() > key_file_max_bytes)
            fail(Errc::key, "the key file is too large to be a key file");
    }
    return text;
}

} // namespace

KeySource key_file_source(const std::string& path) {
    return key_source_of(parse_key_file(read_key_file(path)));
}

void create_key_file(const std::string& path) {
    if (path.empty()) fail(Errc::invalid, "the key file path is empty");
    std::string body;
    Id audit = 1, wrap = 1;
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
        body = read_key_file(path);
        for (const auto& [k, v] : parse_key_file(body)) {
            (void)v;
            if (k.first == "audit") audit = std::max(audit, k.second + 1);
            if (k.first == "wrap") wrap = std::max(wrap, k.second + 1);
        }
        if (!body.empty() && body.back() != '\n') body += '\n';
    } else {
        body = "# mend key file: the host's keys. Keep it apart from the database, mode 0600,\n"
               "# and keep every line: an older key verifies what was written under it.\n";
    }
    body += key_file_line("audit", audit);
    body += key_file_line("wrap", wrap);
    // Written beside the file under a private mode, then renamed over it.
    const std::string tmp = path + ".part";
    // A stale or planted "<path>.part" is removed, never followed.
    ::unlink(tmp.c_str());
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) fail(Errc::invalid, "the key file cannot be written there");
    ::fchmod(fd, 0600);
    size_t done = 0;
    while (done < body.size()) {
        ssize_t n = ::write(fd, body.data() + done, body.size() - done);
        if (n <= 0) break;
        done += static_cast<size_t>(n);
    }
    bool ok = done == body.size() && ::fsync(fd) == 0;
    ok = ::close(fd) == 0 && ok;
    if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
        ::unlink(tmp.c_str());
        fail(Errc::generic, "writing the key file failed");
    }
}

} // namespace mend
