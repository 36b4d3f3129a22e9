// Where per-user and per-file state lives, as the app tier sees it (stage 3's lesson): a session
// kept in one app server's memory, a file kept on one app server's disk. Pure bookkeeping, no
// engine; the app servers ask it and tell it.
//
// Model assumptions:
// - Every user already has a session when the run starts, created as if by an earlier login
//   routed by client hash: the session of user u is on server hash(u) mod n0 (n0 = the initial
//   server count; the same hash as the load balancer's `sticky` policy). Every file already
//   exists, likewise on server hash(key) mod n0. So a run starts warm, and memory grows only with
//   the sessions and files created during the run, never with the population.
// - A session is one record (the client's cookie names exactly one): a new login replaces it.
// - A server's memory is lost when it crashes or is removed (its sessions are gone); its disk is
//   lost only when it is removed (a crashed server's files are back when it recovers).
// - With a shared store (redis, jwt) a session is valid wherever the request lands.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "ladder/workload/Random.hpp"

namespace ladder {

class StateDirectory {
 public:
  enum class Found { here, other_server, lost };

  /// `initial_servers` place the pre-existing sessions and files; `max_servers` bounds indices.
  StateDirectory(int initial_servers, int max_servers)
      : initial_(initial_servers), memory_epoch_(static_cast<std::size_t>(max_servers), 0),
        disk_epoch_(static_cast<std::size_t>(max_servers), 0) {}

  /// Whether server `s` holds user `u`'s session in its memory.
  Found session_at(std::uint64_t u, int s) const { return locate(sessions_, memory_epoch_, u, home(u), s); }
  /// A login on server `s`: the user's session now lives there (the old one is abandoned).
  void login(std::uint64_t u, int s) { sessions_[u] = {s, memory_epoch_[static_cast<std::size_t>(s)]}; }

  /// Whether server `s` holds file `key` on its local disk.
  Found file_at(std::uint64_t key, int s) const {
    return locate(files_, disk_epoch_, key, home(key ^ kFileSalt), s);
  }
  void stored(std::uint64_t key, int s) { files_[key] = {s, disk_epoch_[static_cast<std::size_t>(s)]}; }

  /// Server `s` crashed: its memory (sessions) is gone.
  void memory_lost(int s) { ++memory_epoch_[static_cast<std::size_t>(s)]; }
  /// Server `s` was removed: its memory and its disk are gone.
  void server_removed(int s) {
    memory_lost(s);
    ++disk_epoch_[static_cast<std::size_t>(s)];
  }

  std::size_t sessions_created() const { return sessions_.size(); }

 private:
  struct Where {
    int server;
    std::uint32_t epoch;  ///< the server's memory (or disk) epoch when it was written
  };
  static constexpr std::uint64_t kFileSalt = 0x6a09e667f3bcc909ULL;
  int home(std::uint64_t x) const { return static_cast<int>(mix64(x) % static_cast<std::uint64_t>(initial_)); }
  static Found locate(const std::unordered_map<std::uint64_t, Where>& map, const std::vector<std::uint32_t>& epochs,
                      std::uint64_t id, int home, int s) {
    auto it = map.find(id);
    Where w = it == map.end() ? Where{home, 0} : it->second;
    if (w.epoch != epochs[static_cast<std::size_t>(w.server)])
      return Found::lost;
    return w.server == s ? Found::here : Found::other_server;
  }

  int initial_;
  std::vector<std::uint32_t> memory_epoch_, disk_epoch_;
  std::unordered_map<std::uint64_t, Where> sessions_, files_;
};

}  // namespace ladder
