#!/usr/bin/env python3
"""Timing impact of telemetry: sim-laptop with telemetry on (a local Mosquitto) and off, alternated.

  python3 bench/telemetry-ab.py [--runs 3] [--duration 30s]

Starts its own Mosquitto on a free loopback port (needs the mosquitto package), runs ./afferent run for each
variant in turn (off, on, off, on, ...), and prints IMU wake-up lateness and imu->fusion end-to-end latency
p99/p99.9 (after warm-up where the report has it), deadline misses and CPU, one row a run, then the medians
and the ratios on/off. Figures on a shared machine are noisy: alternate, repeat, read the ratios.
"""
import argparse, json, os, socket, statistics, subprocess, sys, tempfile, time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

def start_broker(d):
    port = free_port()
    conf = os.path.join(d, "mosquitto.conf")
    with open(conf, "w") as f:
        f.write(f"user root\nlog_dest file {d}/mosquitto.log\nlistener {port} 127.0.0.1\nallow_anonymous true\n")
    exe = next(p for p in ("/usr/sbin/mosquitto", "/usr/bin/mosquitto") if os.access(p, os.X_OK))
    proc = subprocess.Popen([exe, "-c", conf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close(); return proc, port
        except OSError:
            time.sleep(0.05)
    proc.kill(); sys.exit("mosquitto did not start")

def profiles(d, port, profile):
    base = open(os.path.join(root, "config/profiles", profile + ".yaml")).read()
    tel = f"\ntelemetry:\n  mqtt:\n    broker: tcp://127.0.0.1:{port}\n    robot: bench\n"
    texts = {"off": base, "on": base + tel + "    topics: [{topic: pose, rate_hz: 5}]\n", "intervals": base + tel}
    out = {}
    for v, text in texts.items():
        out[v] = os.path.join(d, f"{v}.yaml")
        open(out[v], "w").write(text)
    return out

def q(h, k):
    return h.get(k) if h else None

def run(profile, reports, duration):
    out = subprocess.run([os.path.join(root, "afferent"), "run", profile, "--duration", duration, "--report-dir", reports],
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"run failed ({out.returncode}):\n{out.stderr[-2000:]}")
    d = sorted(os.listdir(reports))[-1]
    s = json.load(open(os.path.join(reports, d, "summary.json")))
    imu = s["sources"]["imu"]
    late = imu.get("lateness_after_warmup_us") or imu["lateness_us"]
    e2e = s["end_to_end_us"]["fusion/imu"]
    t = s.get("telemetry", {}).get("counters", {})
    return {"late_p99": late["p99"], "late_p999": late["p999"], "late_max": late["max"],
            "e2e_p99": e2e["p99"], "e2e_p999": e2e["p999"],
            "misses": sum(st["deadline_misses"] for st in s["stages"].values()),
            "drops": sum(x["dropped"] for x in s["sources"].values()),
            "cpu": s["process"].get("cpu_pct_timeline", s["process"]["cpu_pct"]),
            "published": t.get("published"), "tdropped": t.get("dropped")}

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--duration", default="30s")
    ap.add_argument("--profile", default="sim-laptop", help="a profile of config/profiles (sim-laptop, sim-laptop-rt)")
    ap.add_argument("--variants", default="off,on",
                    help="off: no telemetry; on: telemetry with pose at 5 Hz; intervals: telemetry without topics")
    a = ap.parse_args()
    subprocess.run([os.path.join(root, "afferent"), "--version"], check=True, capture_output=True)  # build once
    d = tempfile.mkdtemp(prefix="telemetry-ab-")
    broker, port = start_broker(d)
    try:
        p = profiles(d, port, a.profile)
        rows = []
        variants = a.variants.split(",")
        print(f"telemetry A/B: {a.profile} {a.duration} x{a.runs} each, alternated; started {time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())},"
              f" load average {os.getloadavg()[0]:.2f}")
        hdr = f"{'#':>2} {'telemetry':9} {'late p99':>9} {'late p99.9':>10} {'late max':>9} {'e2e p99':>8} {'e2e p99.9':>9} {'misses':>6} {'drops':>5} {'CPU %':>6} {'published':>9} {'t.drops':>7} {'load':>5}"
        print(hdr); print("-" * len(hdr))
        for i in range(a.runs):
            for v in variants:
                r = run(p[v], os.path.join(d, f"r-{v}-{i}"), a.duration)
                r["v"] = v; r["load"] = os.getloadavg()[0]; rows.append(r)
                print(f"{i+1:>2} {v:9} {r['late_p99']:>9.1f} {r['late_p999']:>10.1f} {r['late_max']:>9.1f} {r['e2e_p99']:>8.1f} {r['e2e_p999']:>9.1f}"
                      f" {r['misses']:>6} {r['drops']:>5} {r['cpu']:>6.1f} {str(r['published'] if r['published'] is not None else '-'):>9}"
                      f" {str(r['tdropped'] if r['tdropped'] is not None else '-'):>7} {r['load']:>5.2f}", flush=True)
        print(f"medians (µs; lateness after warm-up, e2e imu -> fusion) and ratios to {variants[0]}:")
        for k in ("late_p99", "late_p999", "late_max", "e2e_p99", "e2e_p999", "misses", "cpu"):
            med = {v: statistics.median(r[k] for r in rows if r["v"] == v) for v in variants}
            ref = med[variants[0]]
            print(f"  {k:10} " + "  ".join(f"{v} {med[v]:9.1f}" + (f" ({med[v] / ref:4.2f}x)" if v != variants[0] and ref else "")
                                         for v in variants))
    finally:
        broker.terminate(); broker.wait()

if __name__ == "__main__":
    main()
