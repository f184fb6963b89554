#!/usr/bin/env python3
"""Compares two rectify-bench JSON files (two builds, or two machines): for
every benchmark in both, the time per call of each (from Google Benchmark's
rates: CPU time, and the in-place runs' own clock; the median where there
were repetitions) and the speed-up of the second over the first.

    bench/compare.py before.json after.json [--filter REGEX] [--threshold 0.05]
"""
import argparse
import math
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import results  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("before")
    ap.add_argument("after")
    ap.add_argument("--filter", default="", help="only names matching this regex")
    ap.add_argument("--threshold", type=float, default=0.05,
                    help="mark changes larger than this fraction (default 0.05)")
    args = ap.parse_args()

    _, a = results.load(args.before)
    _, b = results.load(args.after)
    names = [n for n in a if n in b and re.search(args.filter, n)]
    if not names:
        sys.exit("no benchmark in common")
    width = max(len(n) for n in names)
    print(f"{'benchmark':<{width}}  {'before':>10}  {'after':>10}  {'speed-up':>8}")
    logs = []
    for n in names:
        ta, tb = a[n]["time"], b[n]["time"]
        if ta <= 0 or tb <= 0:
            continue
        s = ta / tb
        logs.append(math.log(s))
        mark = " +" if s > 1 + args.threshold else (" -" if s < 1 / (1 + args.threshold) else "")
        print(f"{n:<{width}}  {ta * 1e9:>8.0f}ns  {tb * 1e9:>8.0f}ns  {s:>7.2f}x{mark}")
    only_a = len([n for n in a if n not in b])
    only_b = len([n for n in b if n not in a])
    print(f"\n{len(logs)} in common; geometric mean speed-up {math.exp(sum(logs) / len(logs)):.3f}x"
          f" (>1: the second is faster); {only_a} only in the first, {only_b} only in the second")


if __name__ == "__main__":
    main()
