// Output: standard output with write errors reported and broken pipes quiet, files written to a
// temporary and renamed. Signal handlers only call async-signal-safe functions (unlink, signal,
// raise) on a path prepared before the write starts.
#include "ladder/report/Output.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "ladder/scenario/Loader.hpp"

namespace ladder {

namespace {

namespace fs = std::filesystem;

bool g_stdout_broken = false;

// The temporary file being written, for the signal handlers.
volatile std::sig_atomic_t g_tmp_active = 0;
char g_tmp_path[4096];

extern "C" void remove_tmp_and_die(int sig) {
  if (g_tmp_active) unlink(g_tmp_path);
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

/// Writes all of `text` to `fd`; returns 0 or the errno of the failure.
int write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  return 0;
}

[[noreturn]] void cannot_write(const std::string& path, int err) {
  throw InputError({{"-o", "", "expected a writable file, found '" + path + "' (cannot write: " +
                                   std::strerror(err) + ")"}});
}

}  // namespace

void write_stdout(std::string_view text) {
  if (g_stdout_broken) return;
  std::fflush(stdout);  // anything printed through stdio first, in order
  int err = write_all(STDOUT_FILENO, text);
  if (err == EPIPE) {
    g_stdout_broken = true;
    return;
  }
  if (err != 0)
    throw InputError({{"stdout", "", std::string("expected a writable standard output, found a write error (") +
                                         std::strerror(err) + ")"}});
}

bool stdout_broken() { return g_stdout_broken; }

void write_output(const std::string& text, const std::string& path) {
  if (path.empty() || path == "-") {
    write_stdout(text);
    return;
  }
  std::error_code ec;
  fs::path target(path);
  if (auto st = fs::status(target, ec); fs::exists(st) && !fs::is_regular_file(st)) {
    // A device or a pipe, maybe behind a link (-o /dev/stdout): a stream, written in place,
    // never renamed over.
    int fd = ::open(target.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
    if (fd < 0) cannot_write(path, errno);
    int err = write_all(fd, text);
    if (::close(fd) != 0 && err == 0) err = errno;
    if (err != 0) cannot_write(path, err);
    return;
  }
  if (fs::is_symlink(target, ec)) {
    // Replace the link's target, keep the link.
    fs::path link = fs::read_symlink(target, ec);
    if (!ec) target = link.is_absolute() ? link : target.parent_path() / link;
  }
  fs::path tmp = target;
  tmp += ".tmp-" + std::to_string(getpid());
  const std::string tmp_s = tmp.string();
  const bool guarded = tmp_s.size() < sizeof g_tmp_path;
  if (guarded) {
    std::memcpy(g_tmp_path, tmp_s.c_str(), tmp_s.size() + 1);
    g_tmp_active = 1;
  }
  auto fail = [&](int err) {
    ::unlink(tmp_s.c_str());
    g_tmp_active = 0;
    cannot_write(path, err);
  };
  int fd = ::open(tmp_s.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) {
    int err = errno;
    g_tmp_active = 0;
    cannot_write(path, err);
  }
  int err = write_all(fd, text);
  if (::close(fd) != 0 && err == 0) err = errno;
  if (err != 0) fail(err);
  fs::rename(tmp, target, ec);
  if (ec) {
    ::unlink(tmp_s.c_str());
    g_tmp_active = 0;
    throw InputError({{"-o", "", "expected a writable file, found '" + path + "' (cannot rename into place: " +
                                     ec.message() + ")"}});
  }
  g_tmp_active = 0;
}

void install_output_guards() {
  for (int fd : {STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO})
    if (::fcntl(fd, F_GETFD) < 0 && errno == EBADF) {
      int nul = ::open("/dev/null", O_RDONLY);
      if (nul >= 0 && nul != fd) {
        ::dup2(nul, fd);
        ::close(nul);
      }
    }
  std::signal(SIGPIPE, SIG_IGN);
  std::signal(SIGXFSZ, SIG_IGN);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) std::signal(sig, remove_tmp_and_die);
}

}  // namespace ladder
