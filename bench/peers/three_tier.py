"""The three-tier path in SimPy 3 (scenarios/validation/three-tier.json,
bench/floor/FloorThreeTier.cpp): Poisson arrivals at 800/s reach the load balancer one client
latency (5 ms) after they leave, round robin over 4 app servers one hop (0.5 ms) on. An app
server is a Resource of 4 workers (on 4 cores: a running request has a whole core, so its CPU
time is a plain timeout); a request holds its worker through the app CPU (exponential, 10 ms),
the hop to the database, the query and the hop back. The database is a Resource of 4
connections on 4 cores: exponential 3.5 ms of CPU. The way back (one hop and the client latency)
is added to the response time rather than simulated, as nothing waits on it (ladder and the
floor do the same).
Run with Debian's interpreter: /usr/bin/python3 bench/peers/three_tier.py [DURATION_S [WARMUP_S [SEED]]]"""
import random

import simpy

from benchstats import Stats, args

RATE = 800.0
CLIENT = 5e-3
HOP = 0.5e-3
APP_CPU = 10e-3
DB_CPU = 3.5e-3
APPS = 4
WORKERS = 4
CONNECTIONS = 4


def request(env, app, db, rng, stats):
    created = env.now
    yield env.timeout(CLIENT + HOP)  # to the load balancer, which routes it on to `app`
    with app.request() as worker:
        yield worker
        yield env.timeout(rng.expovariate(1 / APP_CPU))
        yield env.timeout(HOP)
        with db.request() as conn:
            yield conn
            yield env.timeout(rng.expovariate(1 / DB_CPU))
        yield env.timeout(HOP)
    stats.complete(created, env.now + HOP + CLIENT)


def source(env, apps, db, rng, stats, end):
    turn = 0
    while True:
        yield env.timeout(rng.expovariate(RATE))
        if env.now >= end:
            return
        stats.generated += 1
        env.process(request(env, apps[turn], db, rng, stats))
        turn = (turn + 1) % APPS


def main():
    duration, warmup, seed = args(270, 20)
    rng = random.Random(seed)
    stats = Stats(warmup, duration)
    env = simpy.Environment()
    apps = [simpy.Resource(env, capacity=WORKERS) for _ in range(APPS)]
    db = simpy.Resource(env, capacity=CONNECTIONS)
    env.process(source(env, apps, db, rng, stats, duration))
    env.run(until=duration)
    stats.print("simpy", "three-tier")


if __name__ == "__main__":
    main()
