#include "practice/keys.hpp"

#include "domain/error.hpp"

#include <cerrno>
#include <fcntl.h>
#include <sodium.h>
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
    // Read whole into a buffer sized once (no reallocation leaves key bytes
    // behind), wiped by the caller's Wiped.
    std::string text(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t got = 0;
    while (got < text.size()) {
        ssize_t n = ::read(fd, text.data() + got, text.size() - got);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            sodium_memzero(text.data(), text.size());
            fail(Errc::key, "the key file cannot be read");
        }
        if (n == 0) break;
        got += static_cast<std::size_t>(n);
    }
    text.resize(got);
    return text;
}

// A string holding key material, wiped when it goes.
struct Wiped {
    std::string text;
    ~Wiped() { sodium_memzero(text.data(), text.size()); }
};

// Writes all of `body` to `fd`, retrying on EINTR.
bool write_all(int fd, const std::string& body) {
    std::size_t done = 0;
    while (done < body.size()) {
        ssize_t n = ::write(fd, body.data() + done, body.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

// Makes a rename in the directory of `path` durable.
bool sync_directory_of(const std::string& path) {
    const auto slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? "."
                            : slash == 0               ? "/"
                                                       : path.substr(0, slash);
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return false;
    bool ok = ::fsync(fd) == 0;
    return ::close(fd) == 0 && ok;
}

} // namespace

KeySource key_file_source(const std::string& path) {
    Wiped text{read_key_file(path)};
    return key_source_of(parse_key_file(text.text));
}

void create_key_file(const std::string& path) {
    if (path.empty()) fail(Errc::invalid, "the key file path is empty");
    Wiped body;
    Id audit = 1, wrap = 1;
    struct stat st {};
    if (::lstat(path.c_str(), &st) == 0) {
        Wiped old{read_key_file(path)};
        auto keys = parse_key_file(old.text);
        for (auto& [k, v] : keys) {
            if (k.first == "audit") audit = std::max(audit, k.second + 1);
            if (k.first == "wrap") wrap = std::max(wrap, k.second + 1);
            sodium_memzero(v.data(), v.size());
        }
        body.text.reserve(old.text.size() + 256);
        body.text = old.text;
        if (!body.text.empty() && body.text.back() != '\n') body.text += '\n';
    } else {
        body.text = "# mend key file: the host's keys. Keep it apart from the database, mode "
                    "0600,\n# and keep every line: an older key verifies what was written under "
                    "it.\n";
        body.text.reserve(body.text.size() + 256);
    }
    Wiped audit_line{key_file_line("audit", audit)}, wrap_line{key_file_line("wrap", wrap)};
    body.text += audit_line.text;
    body.text += wrap_line.text;
    // Written beside the file under a private mode, then renamed over it.
    const std::string tmp = path + ".part";
    // A stale or planted "<path>.part" is removed, never followed.
    ::unlink(tmp.c_str());
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) fail(Errc::invalid, "the key file cannot be written there");
    ::fchmod(fd, 0600);
    bool ok = write_all(fd, body.text) && ::fsync(fd) == 0;
    ok = ::close(fd) == 0 && ok;
    if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
        ::unlink(tmp.c_str());
        fail(Errc::generic, "writing the key file failed");
    }
    // The rename must outlive a crash before the practice adopts the new keys.
    if (!sync_directory_of(path)) fail(Errc::generic, "the key file's directory cannot be synced");
}

} // namespace mend
