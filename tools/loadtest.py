#!/usr/bin/env python3
"""Load test for `khabar serve`, loopback only, bounded in time.

    python3 tools/loadtest.py --port 8080 --seconds 10 --concurrency 16
    python3 tools/loadtest.py --port 8080 --burst 16 --pid $(pgrep -n khabar)

The first form runs each endpoint (search, events, timeline) for --seconds with
--concurrency keep-alive clients and prints req/s, p50/p99 latency and errors;
with --pid also the server's CPU time per request (what it would serve on cores
of its own: the machine and the client share them). The server keeps answers to
searches while the store is unchanged, so the fixed word list mostly hits that
cache; --uncached gives each search a random page (limit, offset) so that
almost every one is ranked afresh.
The second sends --burst pathological searches at once (a word in most
articles, the deepest page allowed), then reports the server's CPU in each
0.25 s after the last answer (from /proc/PID/stat) and the latency of a light
search sent meanwhile. Standard library only; the Python client itself costs
CPU, so on 2 cores it understates the server's throughput.
"""

import argparse
import http.client
import os
import random
import statistics
import sys
import threading
import time
import urllib.parse

SEARCH_WORDS = ["إيران", "العراق", "الرياض", "وزير", "مجلس", "الأمن", "النفط", "اليمن",
                "سوريا", "مصر", "الحوثي", "القمة", "الرئيس", "الحرس الثوري", "مباحثات"]
DYADS = [("SAU", "YEM"), ("IRN", "IRQ"), ("SAU", "USA"), ("USA", "IRN"), ("SAU", "EGY")]


def paths(kind, rng, uncached=False):
    if kind == "search":
        q = urllib.parse.quote(rng.choice(SEARCH_WORDS))
        if uncached:
            # one of ~30,000 pages, each within the hits of most words
            return f"/api/search?q={q}&limit={rng.randrange(10, 31)}&offset={rng.randrange(0, 100)}"
        return f"/api/search?q={q}&limit=20"
    if kind == "events":
        a = rng.choice(DYADS)[0]
        return f"/api/events?actor={a}&limit=50&offset={rng.randrange(0, 200)}"
    s, t = rng.choice(DYADS)
    return f"/api/timeline?source={s}&target={t}&by=month"


def worker(host, port, kind, until, lat, errors, seed, uncached=False):
    rng = random.Random(seed)
    conn = http.client.HTTPConnection(host, port, timeout=30)
    while time.monotonic() < until:
        p = paths(kind, rng, uncached)
        t0 = time.monotonic()
        try:
            conn.request("GET", p)
            r = conn.getresponse()
            r.read()
            if r.status != 200:
                errors.append(r.status)
            else:
                lat.append(time.monotonic() - t0)
        except (OSError, http.client.HTTPException) as e:
            errors.append(type(e).__name__)
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=30)
    conn.close()


def pct(xs, p):
    if not xs:
        return float("nan")
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p / 100 * len(xs)))]


def load(args):
    for kind in [args.only] if args.only else ["search", "events", "timeline"]:
        lat, errors = [], []
        until = time.monotonic() + args.seconds
        ts = [threading.Thread(target=worker,
                               args=(args.host, args.port, kind, until, lat, errors, i, args.uncached))
              for i in range(args.concurrency)]
        cpu0 = cpu_ticks(args.pid) if args.pid else 0
        t0 = time.monotonic()
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        secs = time.monotonic() - t0
        cpu = ""
        if args.pid and lat:
            ms = (cpu_ticks(args.pid) - cpu0) / os.sysconf("SC_CLK_TCK") * 1000 / (len(lat) + len(errors))
            cpu = f"  server CPU {ms:5.2f} ms/req"
        name = kind + (" (uncached)" if kind == "search" and args.uncached else "")
        print(f"{name:9} C={args.concurrency:<3} {len(lat) / secs:7.1f} req/s  "
              f"p50 {pct(lat, 50) * 1000:7.1f} ms  p99 {pct(lat, 99) * 1000:7.1f} ms  "
              f"errors {len(errors)}{' ' + str(sorted(set(map(str, errors)))) if errors else ''}{cpu}")


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def get(host, port, path):
    c = http.client.HTTPConnection(host, port, timeout=60)
    t0 = time.monotonic()
    c.request("GET", path)
    r = c.getresponse()
    r.read()
    c.close()
    return r.status, time.monotonic() - t0


def burst(args):
    q = urllib.parse.quote("في")
    heavy = f"/api/search?q={q}&limit=500&offset=9500"
    statuses = []
    ts = [threading.Thread(target=lambda: statuses.append(get(args.host, args.port, heavy)))
          for _ in range(args.burst)]
    t0 = time.monotonic()
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    print(f"burst of {args.burst} heavy searches: statuses {sorted(s for s, _ in statuses)}, "
          f"last answer after {time.monotonic() - t0:.2f} s")
    light = get(args.host, args.port, "/api/search?q=" + urllib.parse.quote("الحرس الثوري"))
    print(f"light search right after: status {light[0]}, {light[1] * 1000:.1f} ms")
    if args.pid:
        hz = os.sysconf("SC_CLK_TCK")
        prev = cpu_ticks(args.pid)
        for i in range(8):
            time.sleep(0.25)
            now = cpu_ticks(args.pid)
            print(f"  server CPU {0.25 * (i + 1):.2f} s after: {(now - prev) / hz / 0.25 * 100:5.0f} %")
            prev = now


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8080)
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--burst", type=int, default=0)
    ap.add_argument("--pid", type=int, default=0)
    ap.add_argument("--uncached", action="store_true")
    ap.add_argument("--only", choices=["search", "events", "timeline"])
    args = ap.parse_args()
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("loopback only")
    args.seconds = min(args.seconds, 120)
    args.concurrency = max(1, min(args.concurrency, 256))
    args.burst = min(args.burst, 256)
    if args.burst:
        burst(args)
    else:
        load(args)


if __name__ == "__main__":
    main()
