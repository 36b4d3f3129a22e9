// Kernel::start_comm: flows where bytes matter, as SimGrid communications started from maestro.
// With CM02, no TCP-gamma and no latency or bandwidth factors (platform/Platform.cpp's
// configure_network_model), one flow of B bytes over a link of bandwidth W and latency L takes
// L + B/W; n flows sharing the link at once each get W/n.
#include <map>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <simgrid/s4u.hpp>
#include <xbt/log.h>

#include "ladder/platform/Platform.hpp"
#include "ladder/sim/Kernel.hpp"

namespace ladder {
namespace {

namespace sg4 = simgrid::s4u;

constexpr double kBandwidth = 1e8;  // bytes/s
constexpr double kLatency = 0.01;   // s

// Two hosts joined by one link.
std::pair<sg4::Host*, sg4::Host*> two_hosts() {
  static int argc = 1;
  static char arg0[] = "kernel-comm-test";
  static char* argv[] = {arg0, nullptr};
  xbt_log_control_set("root.thres:warning");
  auto* engine = new sg4::Engine(&argc, argv);
  configure_network_model(*engine);
  auto* zone = sg4::create_full_zone("world");
  sg4::Host* a = zone->create_host("origin", 1e9);
  sg4::Host* b = zone->create_host("edge", 1e9);
  sg4::Link* link = zone->create_link("wan", kBandwidth)->set_latency(kLatency)->seal();
  zone->add_route(a->get_netpoint(), b->get_netpoint(), nullptr, nullptr, {sg4::LinkInRoute(link)}, true);
  zone->seal();
  return {a, b};
}

class Fetcher : public Component {
 public:
  Fetcher(Kernel& k, sg4::Host* from, sg4::Host* to) : k_(k), from_(from), to_(to) {}
  std::vector<double> bytes;  // per request id
  std::map<RequestId, double> done;
  void on_event(int, RequestId req) override { k_.start_comm(from_, to_, bytes.at(req), this, 0, req); }
  void on_done(int, RequestId req) override { done[req] = k_.now(); }

 private:
  Kernel& k_;
  sg4::Host* from_;
  sg4::Host* to_;
};

}  // namespace

// One 10 MB flow alone: L + B/W = 0.01 + 0.1 s. Two 10 MB flows started together at t = 1 share
// the link: each at W/2, both end at 1 + 0.01 + 0.2. A 5 MB flow at t = 2 runs alone again.
TEST(KernelComm, FlowsShareTheLinkBandwidth) {
  auto [origin, edge] = two_hosts();
  Kernel k(10.0);
  Fetcher f(k, origin, edge);
  f.bytes = {1e7, 1e7, 1e7, 5e6};
  k.at(0.0, &f, 0, 0);
  k.at(1.0, &f, 0, 1);
  k.at(1.0, &f, 0, 2);
  k.at(2.0, &f, 0, 3);
  k.run();
  ASSERT_EQ(f.done.size(), 4u);
  EXPECT_NEAR(f.done[0], kLatency + 1e7 / kBandwidth, 1e-6);
  EXPECT_NEAR(f.done[1], 1.0 + kLatency + 2e7 / kBandwidth, 1e-6);
  EXPECT_NEAR(f.done[2], 1.0 + kLatency + 2e7 / kBandwidth, 1e-6);
  EXPECT_NEAR(f.done[3], 2.0 + kLatency + 5e6 / kBandwidth, 1e-6);
  EXPECT_EQ(k.events(), 8u);  // 4 timed events + 4 completions, each once
}

// A cancelled flow never reports and gives its bandwidth back: the other flow, started with it,
// finishes as if it had been alone from the cancellation on.
TEST(KernelComm, CancelledFlowNeverReports) {
  auto [origin, edge] = two_hosts();
  Kernel k(10.0);
  Fetcher victim(k, origin, edge), other(k, origin, edge);
  victim.bytes = {1e7};
  other.bytes = {1e7};
  struct Canceller : Component {
    Kernel& k;
    const Component* target;
    Canceller(Kernel& kk, const Component* t) : k(kk), target(t) {}
    void on_event(int, RequestId) override { k.cancel_owned(target); }
    void on_done(int, RequestId) override {}
  } cancel(k, &victim);
  k.at(0.0, &victim, 0, 0);
  k.at(0.0, &other, 0, 0);
  k.at(0.06, &cancel, 0, 0);
  k.run();
  EXPECT_TRUE(victim.done.empty());
  ASSERT_EQ(other.done.size(), 1u);
  // 0.01 s latency, then 0.05 s at W/2 (2.5 MB), then the remaining 7.5 MB at W.
  EXPECT_NEAR(other.done[0], 0.06 + 7.5e6 / kBandwidth, 1e-6);
}

}  // namespace ladder
