"""What the SimPy peers share with the C++ bench programs (bench/floor/BenchCommon.hpp): the
arguments and the measurement. A request counts when it was created at or after the warm-up and
completed at or before the end; its response time goes into one of 20 batches of the measured
window by completion time; the standard error of the mean is that of the 20 batch means."""
import math
import sys

BATCHES = 20


def args(default_duration, default_warmup):
    a = sys.argv[1:]
    if len(a) > 3 or (a and a[0] == "--help"):
        sys.exit("usage: %s [DURATION_S [WARMUP_S [SEED]]]" % sys.argv[0])
    duration = float(a[0]) if len(a) > 0 else default_duration
    warmup = float(a[1]) if len(a) > 1 else default_warmup
    seed = int(a[2]) if len(a) > 2 else 1
    if not duration > warmup >= 0:
        sys.exit("%s: need DURATION_S > WARMUP_S >= 0" % sys.argv[0])
    return duration, warmup, seed


class Stats:
    def __init__(self, warmup, end):
        self.warmup, self.end = warmup, end
        self.width = (end - warmup) / BATCHES
        self.sum = [0.0] * BATCHES
        self.n = [0] * BATCHES
        self.generated = 0

    def complete(self, created, t):
        if created < self.warmup or t > self.end:
            return
        b = min(int((t - self.warmup) / self.width), BATCHES - 1)
        self.sum[b] += (t - created) * 1e3
        self.n[b] += 1

    def print(self, impl, model):
        count = sum(self.n)
        means = [s / n for s, n in zip(self.sum, self.n) if n > 0]
        m = sum(means) / len(means)
        var = sum((x - m) ** 2 for x in means) / (len(means) - 1)
        print("impl=%s model=%s requests=%d measured=%d mean_ms=%.6f se_ms=%.6f"
              % (impl, model, self.generated, count, sum(self.sum) / count if count else 0,
                 math.sqrt(var / len(means))))
