#!/usr/bin/python3
"""Interleaved rounds of corpus_bench (1 and 2 threads) and wink-nlp on one JSON Lines corpus.

On a shared virtual machine the host's speed drifts by tens of percent between runs, so a
ratio of two programs timed minutes apart says little. Each round here runs every program once,
one after the other, and the ratios are reported three ways: best against best, median against
median, and within each round (then their median and range). An optional second corpus_bench
binary (--old) runs in the same rounds, to compare two builds. Two 1-thread runs side by side
("pair") measure what the host's two cores give the job at the time: the ceiling of the
2-thread run. Each run comes after a pause (--settle), so that none of them finds the memory
the one before freed (see main()).

    bench/rounds.py --rounds 8 build-perf/bench-data/reuters.jsonl
    bench/rounds.py --old /tmp/old/corpus_bench --rounds 8 /tmp/reuters.jsonl

Needs `npm ci` in bench/peers for wink-nlp (without it the wink-nlp column is left out).
"""

import argparse
import concurrent.futures
import os
import re
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOTAL = re.compile(r"TOTAL \(wall\)\s+([\d.]+) s")
BUILD = re.compile(r"build total \(wall\)\s+([\d.]+) s")
WRITE = re.compile(r"write JSON-LD\s+([\d.]+) s")
PEAK = re.compile(r"peak memory: (\d+) MB")
CPU = re.compile(r"CPU \(build and write, all threads\): user ([\d.]+) s, system ([\d.]+) s")
WINK = re.compile(r"in ([\d.]+) s:")


def run(cmd, cwd=None):
    out = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"rounds.py: {' '.join(cmd)} failed: {out.stderr.strip()[:300]}")
    return out.stdout + out.stderr


class Run:
    """One corpus_bench run: its seconds in all and by phase, peak MB and CPU seconds."""

    def __init__(self, seconds, peak=None, cpu=None, phases=None):
        self.seconds, self.peak, self.cpu = seconds, peak, cpu
        self.phases = phases or {}  # "build" (read, extract, merge) and "write" (JSON-LD)


def corpus_bench(binary, threads, corpus):
    text = run([binary, "--threads", str(threads), corpus])
    total, peak, cpu = TOTAL.search(text), PEAK.search(text), CPU.search(text)
    if not total:
        sys.exit(f"rounds.py: no TOTAL line from {binary}: {text.strip()[:300]}")
    # The CPU times are printed by corpus_bench since the twenty-first session.
    cpu_seconds = (float(cpu.group(1)), float(cpu.group(2))) if cpu else None
    phases = {name: float(m.group(1))
              for name, m in (("build", BUILD.search(text)), ("write", WRITE.search(text))) if m}
    return Run(float(total.group(1)), int(peak.group(1)) if peak else 0, cpu_seconds, phases)


def side_by_side(binary, corpus):
    """Two 1-thread runs started together: the seconds of the slower one.

    What two cores of this host give the whole job when nothing is shared between the two:
    twice the 1-thread run's time over this is the most any 2-thread build could gain over one
    thread in that round (the host's second core may be slower, or busy with another guest).
    """
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        runs = list(pool.map(lambda _: corpus_bench(binary, 1, corpus), range(2)))
    # Each phase's ceiling from the slower of the two in that phase.
    phases = {name: max(r.phases[name] for r in runs)
              for name in runs[0].phases if all(name in r.phases for r in runs)}
    return Run(max(r.seconds for r in runs), phases=phases)


def wink(corpus):
    text = run(["node", "wink.mjs", os.path.abspath(corpus)], cwd=os.path.join(HERE, "peers"))
    m = WINK.search(text)
    return float(m.group(1)) if m else None


def describe(name, seconds):
    return (f"{name:>8}: best {min(seconds):.2f} s, median {statistics.median(seconds):.2f} s, "
            f"worst {max(seconds):.2f} s")


def ratio(rounds, a, b, label):
    """How many times faster b is than a (a's seconds over b's), three ways."""
    pairs = [(r[a], r[b]) for r in rounds if a in r and b in r]
    if not pairs:
        return
    xs, ys = [p[0] for p in pairs], [p[1] for p in pairs]
    within = [x / y for x, y in pairs]
    print(f"{label}: {min(xs) / min(ys):.2f}x best against best, "
          f"{statistics.median(xs) / statistics.median(ys):.2f}x median against median, "
          f"{statistics.median(within):.2f}x within a round (median; "
          f"{min(within):.2f}-{max(within):.2f})")


def ceiling(rounds, one, pair, label):
    """Twice `one`'s seconds over `pair`'s, within each round: the host's ceiling for 2 threads."""
    xs = [2 * r[one] / r[pair] for r in rounds if one in r and pair in r]
    if xs:
        print(f"{label}: at most {statistics.median(xs):.2f}x one thread within a round "
              f"(median; {min(xs):.2f}-{max(xs):.2f})")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", help="a JSON Lines corpus (bench/reuters_to_jsonl.py makes one)")
    ap.add_argument("--bench", default=os.path.join(HERE, "..", "build-perf", "bench",
                                                     "corpus_bench"),
                    help="the corpus_bench to time (default: build-perf/bench/corpus_bench)")
    ap.add_argument("--old", help="another corpus_bench to time in the same rounds")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--no-wink", action="store_true", help="leave wink-nlp out")
    ap.add_argument("--no-pair", action="store_true",
                    help="leave out the two 1-thread runs side by side (the host's ceiling)")
    ap.add_argument("--settle", type=float, default=2.0,
                    help="seconds to pause before each run (default 2; 0 for none)")
    args = ap.parse_args()
    if not os.path.exists(args.corpus):
        sys.exit(f"rounds.py: {args.corpus}: no such file")
    for binary in filter(None, [args.bench, args.old]):
        if not os.access(binary, os.X_OK):
            sys.exit(f"rounds.py: {binary}: not an executable (build it with "
                     "-DNEWSGRAPH_BUILD_BENCH=ON)")
    use_wink = not args.no_wink and os.path.isdir(os.path.join(HERE, "peers", "node_modules"))
    if not args.no_wink and not use_wink:
        print("rounds.py: bench/peers/node_modules is missing (npm ci there); no wink-nlp",
              file=sys.stderr)

    # The runs of a round, each a key and a function giving (seconds, peak MB, CPU seconds),
    # each after a pause of --settle seconds, and round i starting at run i (mod their number).
    # Where the
    # host takes back the memory a guest frees (free page reporting, as on the twenty-first
    # session's machine, within a second), a program run right after another's exit finds that
    # memory still backed and one run after a pause does not: there the same 1-thread Reuters
    # run took 1.25-1.31 s right after another and 1.51-1.59 s after 5 s (0.05 s of system
    # time against 0.30 s). Without the pause the order of the runs would decide which of them
    # pay that; with it every run starts as a user's first run does.
    runs = []
    for name, binary in [("new", args.bench), ("old", args.old)]:
        if binary:
            for threads in (1, 2):
                runs.append((f"{name}{threads}",
                             lambda b=binary, t=threads: corpus_bench(b, t, args.corpus)))
    if not args.no_pair:
        runs.append(("pair", lambda: side_by_side(args.bench, args.corpus)))
    if use_wink:
        runs.append(("wink", lambda: Run(wink(args.corpus))))

    # A round maps "new1" to its seconds in all, "new1.build" to its build phase's, and so on.
    rounds, peaks, cpus = [], {}, {}
    for i in range(args.rounds):
        r = {}
        for key, run_once in runs[i % len(runs):] + runs[:i % len(runs)]:
            time.sleep(args.settle)
            result = run_once()
            if result.seconds is None:
                continue
            r[key] = result.seconds
            for phase, seconds in result.phases.items():
                r[f"{key}.{phase}"] = seconds
            if result.peak is not None:
                peaks.setdefault(key, []).append(result.peak)
            if result.cpu is not None:
                cpus.setdefault(key, []).append(result.cpu)
        rounds.append(r)
        print(f"round {i + 1}/{args.rounds}: " +
              ", ".join(f"{k} {r[k]:.2f} s" for k, _ in runs if k in r), file=sys.stderr,
              flush=True)

    for key in ["new1", "new2", "old1", "old2", "pair", "wink"]:
        seconds = [r[key] for r in rounds if key in r]
        if seconds:
            peak = f", peak {min(peaks[key])}-{max(peaks[key])} MB" if key in peaks else ""
            # CPU time varies less than wall time: user mode is the program's own work, the
            # kernel's mostly the zeroing of first-touched memory.
            cpu = ""
            if key in cpus:
                cpu = (f", CPU median user {statistics.median(c[0] for c in cpus[key]):.2f} s, "
                       f"system {statistics.median(c[1] for c in cpus[key]):.2f} s")
            print(describe(key, seconds) + peak + cpu)
    ratio(rounds, "wink", "new1", "1 thread against wink-nlp")
    ratio(rounds, "new1", "new2", "2 threads against 1")
    # Two jobs in the pair's time against one in the 1-thread time: the most two threads
    # could give on this host, round by round.
    ceiling(rounds, "new1", "pair", "the host's two cores (two 1-thread runs side by side, "
            "the slower)")
    # The same by phase: the build (read, extract, merge) and the JSON-LD write, synced to the
    # disk, whose host may not keep up with two cores' output.
    for phase, what in (("build", "read, extract, merge"), ("write", "JSON-LD, synced")):
        ratio(rounds, f"new1.{phase}", f"new2.{phase}", f"  {phase} phase ({what}), 2 threads "
              "against 1")
        ceiling(rounds, f"new1.{phase}", f"pair.{phase}", f"  {phase} phase, the pair")
    if args.old:
        ratio(rounds, "wink", "old1", "old, 1 thread against wink-nlp")
        ratio(rounds, "old1", "old2", "old, 2 threads against 1")
        ratio(rounds, "old1", "new1", "new against old, 1 thread")
        ratio(rounds, "old2", "new2", "new against old, 2 threads")


if __name__ == "__main__":
    main()
