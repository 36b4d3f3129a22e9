// Where sessions and files live on the app tier (components/StateDirectory.hpp).
#include <gtest/gtest.h>

#include "ladder/components/StateDirectory.hpp"

using namespace ladder;
using Found = StateDirectory::Found;

TEST(StateDirectory, PreExistingSessionsLiveWhereTheClientHashPutsThem) {
  StateDirectory d(3, 5);
  for (std::uint64_t u = 1; u < 300; ++u) {
    int home = static_cast<int>(mix64(u) % 3);
    for (int s = 0; s < 5; ++s)
      EXPECT_EQ(d.session_at(u, s), s == home ? Found::here : Found::other_server);
  }
}

TEST(StateDirectory, ALoginMovesTheSession) {
  StateDirectory d(2, 2);
  const std::uint64_t u = 7;
  int home = static_cast<int>(mix64(u) % 2);
  d.login(u, 1 - home);
  EXPECT_EQ(d.session_at(u, 1 - home), Found::here);
  EXPECT_EQ(d.session_at(u, home), Found::other_server) << "the old session is abandoned";
}

TEST(StateDirectory, ACrashLosesMemoryButNotDisk) {
  StateDirectory d(2, 2);
  d.login(1, 0);
  d.login(2, 1);
  d.stored(10, 0);
  d.memory_lost(0);
  EXPECT_EQ(d.session_at(1, 0), Found::lost);
  EXPECT_EQ(d.session_at(1, 1), Found::lost) << "lost wherever the request lands";
  EXPECT_EQ(d.session_at(2, 1), Found::here) << "other servers keep theirs";
  EXPECT_EQ(d.file_at(10, 0), Found::here) << "a crashed server's disk survives";
  d.login(1, 0);  // a new login after the restart
  EXPECT_EQ(d.session_at(1, 0), Found::here);
}

TEST(StateDirectory, RemovalLosesMemoryAndDisk) {
  StateDirectory d(2, 2);
  d.stored(10, 1);
  d.login(3, 1);
  d.server_removed(1);
  EXPECT_EQ(d.file_at(10, 0), Found::lost);
  EXPECT_EQ(d.session_at(3, 0), Found::lost);
  d.stored(10, 0);
  EXPECT_EQ(d.file_at(10, 0), Found::here);
}
