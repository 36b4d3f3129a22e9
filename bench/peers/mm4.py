"""M/M/4 FCFS at rho = 0.75 in SimPy 3, written the way SimPy's documentation models a queue:
a source process, one process per customer, a Resource with 4 servers (FIFO requests).
The same model as scenarios/validation/mmc.json and bench/floor/FloorMm4.cpp: Poisson arrivals
at 300/s, exponential service with mean 10 ms; Erlang C mean response 15.094 ms.
Run with Debian's interpreter: /usr/bin/python3 bench/peers/mm4.py [DURATION_S [WARMUP_S [SEED]]]"""
import random

import simpy

from benchstats import Stats, args

RATE = 300.0
SERVICE = 10e-3
SERVERS = 4


def customer(env, servers, rng, stats):
    created = env.now
    with servers.request() as req:
        yield req
        yield env.timeout(rng.expovariate(1 / SERVICE))
    stats.complete(created, env.now)


def source(env, servers, rng, stats, end):
    while True:
        yield env.timeout(rng.expovariate(RATE))
        if env.now >= end:
            return
        stats.generated += 1
        env.process(customer(env, servers, rng, stats))


def main():
    duration, warmup, seed = args(1020, 20)
    rng = random.Random(seed)
    stats = Stats(warmup, duration)
    env = simpy.Environment()
    servers = simpy.Resource(env, capacity=SERVERS)
    env.process(source(env, servers, rng, stats, duration))
    env.run(until=duration)
    stats.print("simpy", "mm4")


if __name__ == "__main__":
    main()
