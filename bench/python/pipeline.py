#!/usr/bin/env python3
"""A plain Python acquisition pipeline, the baseline Afferent is compared with (`afferent bench vs-python`).

What a robotics developer would write without Afferent: reader threads on absolute timelines (an IMU at
1 kHz on its own thread; wheel encoders at 200 Hz and a GPS at 10 Hz sharing another, as in
config/profiles/sim-laptop.yaml), each sample timestamped once at acquisition with time.monotonic_ns()
(CLOCK_MONOTONIC, the clock of Java's System.nanoTime), put into one queue.Queue, and one fusion thread
that takes each sample, runs a small estimator update and records its timings:

  lateness    acquisition - timeline point (coordinated-omission corrected, as Afferent's readers do:
              a reader that wakes more than a period late records the samples it could not take)
  queue       fusion thread starts handling - put into the queue
  service     end of the update - start of handling
  end to end  end of the update - acquisition

Standard library only (no PyPI here). Prints one JSON object shaped like the parts of Afferent's
summary.json that the comparison reads (microseconds).

  python3 bench/python/pipeline.py --duration 20 [--burn 1] [--json out.json]
"""
import argparse
import json
import math
import os
import queue
import random
import resource
import sys
import threading
import time

NS = 1_000_000_000


class Timeline:
    """One periodic source's deadlines start + k*period, with its lateness record."""

    def __init__(self, name, rate_hz, start_ns):
        self.name = name
        self.period = round(NS / rate_hz)
        self.next = start_ns + self.period
        self.lateness = []
        self.missed = 0

    def record(self, acquired):
        late = acquired - self.next
        self.lateness.append(late)
        # coordinated omission: the samples a stall kept from being taken, as HdrHistogram's
        # recordValueWithExpectedInterval records them
        missing = late - self.period
        while missing > 0:
            self.lateness.append(missing)
            missing -= self.period
        self.next += self.period
        if acquired >= self.next:
            skipped = (acquired - self.next) // self.period + 1
            self.next += skipped * self.period
            self.missed += skipped


def imu_sample(rng, k):
    return (0.02 * rng.gauss(0, 1), 0.02 * rng.gauss(0, 1), 9.81 + 0.02 * rng.gauss(0, 1),
            0.001 * rng.gauss(0, 1), 0.001 * rng.gauss(0, 1), 0.1 * math.sin(k * 1e-3) + 0.001 * rng.gauss(0, 1))


def reader(timelines, make, out, stop, rng):
    """Sleeps to the earliest deadline of its sources, then takes and puts each sample that is due."""
    counts = {t.name: 0 for t in timelines}
    while not stop.is_set():
        nxt = min(t.next for t in timelines)
        now = time.monotonic_ns()
        if nxt > now:
            time.sleep((nxt - now) / NS)
        for t in timelines:
            if time.monotonic_ns() < t.next:
                continue
            acquired = time.monotonic_ns()
            t.record(acquired)
            k = counts[t.name]
            counts[t.name] = k + 1
            payload = make[t.name](rng, k)
            out.put((t.name, acquired, time.monotonic_ns(), payload))


def fusion(inq, stop, timings):
    """Takes each sample and runs a small complementary-filter / dead-reckoning update."""
    heading = x = y = v = 0.0
    last_imu = None
    queue_ns, service_ns, e2e = timings['queue'], timings['service'], timings['e2e']
    while True:
        try:
            name, acquired, put, payload = inq.get(timeout=0.1)
        except queue.Empty:
            if stop.is_set():
                return
            continue
        start = time.monotonic_ns()
        if name == 'imu':
            if last_imu is not None:
                dt = (acquired - last_imu) * 1e-9
                heading += payload[5] * dt
                x += v * math.cos(heading) * dt
                y += v * math.sin(heading) * dt
            last_imu = acquired
        elif name == 'wheels':
            v = 0.98 * v + 0.02 * (payload[0] + payload[1]) * 0.5 * 1e-3
        else:
            x += 0.05 * (payload[0] - x)
            y += 0.05 * (payload[1] - y)
        end = time.monotonic_ns()
        queue_ns.append(start - put)
        service_ns.append(end - start)
        e2e[name].append(end - acquired)


def burn(stop):
    n = 0
    while not stop.is_set():
        n += 1


def summary(values):
    if not values:
        return None
    v = sorted(values)
    n = len(v)

    def pct(p):
        # HdrHistogram's getValueAtPercentile: the smallest value with at least p% of the values at or below it
        return v[max(0, min(n - 1, math.ceil(p / 100 * n) - 1))] / 1000.0

    return {'count': n, 'p50': pct(50), 'p90': pct(90), 'p99': pct(99), 'p999': pct(99.9),
            'max': v[-1] / 1000.0, 'mean': sum(v) / n / 1000.0}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--duration', type=float, default=20, help='seconds (default 20)')
    ap.add_argument('--burn', type=int, default=0, help='CPU-bound Python threads beside the pipeline (default 0)')
    ap.add_argument('--warmup', type=float, default=1.0, help='seconds at the start left out of the figures (default 1)')
    ap.add_argument('--json', help='also write the result here')
    a = ap.parse_args()

    q = queue.Queue()
    stop = threading.Event()
    start = time.monotonic_ns() + 50_000_000
    imu = Timeline('imu', 1000, start)
    wheels = Timeline('wheels', 200, start)
    gps = Timeline('gps', 10, start)
    make = {
        'imu': imu_sample,
        'wheels': lambda rng, k: (k * 8 + rng.randint(0, 1), k * 8 + rng.randint(0, 1)),
        'gps': lambda rng, k: (rng.gauss(0, 2.5), rng.gauss(0, 2.5), 52.2053, 0.1218),
    }
    timings = {'queue': [], 'service': [], 'e2e': {'imu': [], 'wheels': [], 'gps': []}}
    threads = [threading.Thread(target=reader, args=([imu], make, q, stop, random.Random(1)), name='reader-imu'),
               threading.Thread(target=reader, args=([wheels, gps], make, q, stop, random.Random(2)),
                                name='reader-slow-sensors'),
               threading.Thread(target=fusion, args=(q, stop, timings), name='fusion')]
    burners = [threading.Thread(target=burn, args=(stop,), name='burn-%d' % i, daemon=True) for i in range(a.burn)]
    cpu0 = time.process_time()
    wall0 = time.monotonic()
    for t in threads + burners:
        t.start()
    # leave the first second out, as Afferent's readers warm up before their timeline starts
    time.sleep(a.warmup)
    marks = (len(imu.lateness), len(wheels.lateness), len(gps.lateness), len(timings['queue']),
             {k: len(v) for k, v in timings['e2e'].items()})
    time.sleep(a.duration)
    stop.set()
    for t in threads:
        t.join()
    wall = time.monotonic() - wall0
    cpu = time.process_time() - cpu0
    burn_note = ' (including %d CPU-bound thread(s))' % a.burn if a.burn else ''
    out = {
        'schema': 'afferent.python-baseline/1',
        'python': sys.version.split()[0],
        'duration_s': a.duration,
        'burn_threads': a.burn,
        'switch_interval_s': sys.getswitchinterval(),
        'sources': {
            'imu': {'lateness_us': summary(imu.lateness[marks[0]:]), 'missed_periods': imu.missed},
            'wheels': {'lateness_us': summary(wheels.lateness[marks[1]:]), 'missed_periods': wheels.missed},
            'gps': {'lateness_us': summary(gps.lateness[marks[2]:]), 'missed_periods': gps.missed},
        },
        'stages': {'fusion': {'queue_us': summary(timings['queue'][marks[3]:]),
                              'service_us': summary(timings['service'][marks[3]:])}},
        'end_to_end_us': {'fusion/' + k: summary(v[marks[4][k]:]) for k, v in timings['e2e'].items()},
        'process': {'cpu_pct': round(100.0 * cpu / wall, 1), 'cpu_note': 'all threads' + burn_note},
    }
    text = json.dumps(out, indent=1)
    if a.json:
        with open(a.json, 'w') as f:
            f.write(text + '\n')
    print(text)


if __name__ == '__main__':
    main()
