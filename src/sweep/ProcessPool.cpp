// See include/ladder/sweep/ProcessPool.hpp. The parent sleeps in poll() on a self-pipe that the
// SIGCHLD, SIGINT and SIGTERM handlers write to, so a child's end wakes it at once without
// busy-waiting; children are started with posix_spawn (exec jobs) or fork (function jobs).
#include "ladder/sweep/ProcessPool.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <stdexcept>

extern char** environ;

namespace ladder {

namespace {

int g_wake_fd = -1;                       // write end of the self-pipe, for the handlers
volatile sig_atomic_t g_stop_signal = 0;  // SIGINT or SIGTERM received during run()

extern "C" void on_signal(int sig) {
  if (sig == SIGINT || sig == SIGTERM) g_stop_signal = sig;
  const int saved = errno;
  if (g_wake_fd >= 0) {
    char c = 0;
    [[maybe_unused]] ssize_t n = write(g_wake_fd, &c, 1);
  }
  errno = saved;
}

using Clock = std::chrono::steady_clock;

struct Running {
  std::size_t index;
  Clock::time_point start;
};

/// Installs the handlers for the duration of run() and restores the previous ones.
class SignalScope {
 public:
  SignalScope() {
    if (pipe2(fds_, O_CLOEXEC | O_NONBLOCK) != 0) throw std::runtime_error("cannot create a pipe for the process pool");
    g_wake_fd = fds_[1];
    g_stop_signal = 0;
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
    sigaction(SIGCHLD, &sa, &old_chld_);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGINT, &sa, &old_int_);
    sigaction(SIGTERM, &sa, &old_term_);
  }
  ~SignalScope() {
    sigaction(SIGCHLD, &old_chld_, nullptr);
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
    g_wake_fd = -1;
    close(fds_[0]);
    close(fds_[1]);
  }
  int read_fd() const { return fds_[0]; }
  void drain() const {
    char buf[256];
    while (read(fds_[0], buf, sizeof buf) > 0) {
    }
  }
  /// Restores the handlers a child must not keep (used between fork and the job's body).
  void restore_in_child() const {
    sigaction(SIGCHLD, &old_chld_, nullptr);
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
  }

 private:
  int fds_[2] = {-1, -1};
  struct sigaction old_chld_ {}, old_int_ {}, old_term_ {};
};

int open_for_child(const std::string& path, int fallback_flags) {
  if (path.empty()) return open("/dev/null", fallback_flags | O_CLOEXEC);
  return open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
}

/// Starts one job; returns its pid, or -1 with `error` set.
pid_t start(const ChildJob& job, const SignalScope& scope, std::string& error) {
  if (!job.argv.empty()) {
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, job.stdout_path.empty() ? "/dev/null" : job.stdout_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (!job.stderr_path.empty())
      posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, job.stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    // The child starts with default SIGCHLD/SIGINT/SIGTERM dispositions (caught signals are
    // reset by exec anyway) and an empty signal mask.
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none, dflt;
    sigemptyset(&none);
    sigemptyset(&dflt);
    sigaddset(&dflt, SIGINT);
    sigaddset(&dflt, SIGTERM);
    sigaddset(&dflt, SIGCHLD);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &dflt);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    std::vector<char*> argv;
    for (const auto& a : job.argv) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_t pid = -1;
    int rc = posix_spawn(&pid, argv[0], &fa, &attr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    if (rc != 0) {
      error = std::string("could not start ") + job.argv[0] + ": " + std::strerror(rc);
      return -1;
    }
    return pid;
  }
  std::fflush(nullptr);
  pid_t pid = fork();
  if (pid < 0) {
    error = std::string("could not fork: ") + std::strerror(errno);
    return -1;
  }
  if (pid == 0) {
    scope.restore_in_child();
    int out = open_for_child(job.stdout_path, O_WRONLY);
    if (out >= 0) dup2(out, STDOUT_FILENO);
    if (!job.stderr_path.empty()) {
      int err = open_for_child(job.stderr_path, O_WRONLY);
      if (err >= 0) dup2(err, STDERR_FILENO);
    }
    int code = 3;
    try {
      code = job.body ? job.body() : 0;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "ladder: %s\n", e.what());
    }
    std::fflush(nullptr);
    _exit(code);
  }
  return pid;
}

}  // namespace

std::string ChildExit::describe() const {
  if (!start_error.empty()) return start_error;
  if (exited) return "exit code " + std::to_string(code);
  return "killed by signal " + std::to_string(signal) + " (" + strsignal(signal) + ")";
}

ProcessPool::ProcessPool(int jobs) : jobs_(std::max(1, jobs)) {}

int ProcessPool::available_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? static_cast<int>(n) : 1;
}

void ProcessPool::run(const std::vector<ChildJob>& jobs, const std::function<void(const ChildExit&)>& on_exit,
                      const std::function<void()>& on_tick, double tick_s) {
  int stop_signal = 0;
  {
  SignalScope scope;
  std::map<pid_t, Running> running;
  std::size_t next = 0;
  auto last_tick = Clock::now();
  const int timeout_ms = std::max(10, static_cast<int>(tick_s * 1000));

  auto reap = [&](bool block) {
    for (auto it = running.begin(); it != running.end();) {
      int status = 0;
      pid_t r = waitpid(it->first, &status, block ? 0 : WNOHANG);
      if (r == it->first) {
        ChildExit e;
        e.index = it->second.index;
        e.exited = WIFEXITED(status);
        e.code = e.exited ? WEXITSTATUS(status) : -1;
        e.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
        e.wall_s = std::chrono::duration<double>(Clock::now() - it->second.start).count();
        it = running.erase(it);
        if (on_exit) on_exit(e);
      } else {
        ++it;
      }
    }
  };

  while (next < jobs.size() || !running.empty()) {
    while (!g_stop_signal && next < jobs.size() && static_cast<int>(running.size()) < jobs_) {
      std::string error;
      const auto t0 = Clock::now();
      pid_t pid = start(jobs[next], scope, error);
      if (pid < 0) {
        ChildExit e;
        e.index = next;
        e.start_error = error;
        if (on_exit) on_exit(e);
      } else {
        running[pid] = {next, t0};
      }
      ++next;
    }
    if (g_stop_signal) break;
    if (running.empty()) continue;
    pollfd pfd{scope.read_fd(), POLLIN, 0};
    poll(&pfd, 1, timeout_ms);
    scope.drain();
    reap(false);
    if (on_tick && std::chrono::duration<double>(Clock::now() - last_tick).count() >= tick_s) {
      last_tick = Clock::now();
      on_tick();
    }
  }
  if (g_stop_signal) {
    stop_signal = g_stop_signal;
    for (const auto& entry : running) kill(entry.first, SIGTERM);
    reap(true);
  }
  }  // the caller's handlers are back
  if (stop_signal) raise(stop_signal);
}

}  // namespace ladder
