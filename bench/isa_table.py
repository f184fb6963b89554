#!/usr/bin/env python3
"""Prints, from rectify-bench's JSON, ns per element of every kernel on every
ISA and peer side by side (out of place), one size: the per-ISA view the
summary table leaves out. --input negative: the runs on that second input.

    bench/isa_table.py JSON [--size 16384] [--filter REGEX] [--input LABEL]
"""
import argparse
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import results  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("json")
    ap.add_argument("--size", type=int, default=16384)
    ap.add_argument("--filter", default="", help="only kernels matching this regex")
    ap.add_argument("--input", default=None, help="the runs on this second input (negative)")
    args = ap.parse_args()
    _, runs = results.load(args.json)
    rows, columns = {}, []
    for r in runs.values():
        if (r["n"] != args.size or r["inplace"] or r["threads"] != 1 or
                not re.search(args.filter, r["kernel"])):
            continue
        if r["input"] != args.input and not r["kernel"].startswith("copy_"):
            continue
        if r["kernel"].startswith("copy_") and r["variant"] == "stream":
            continue
        column = "copy" if r["kernel"].startswith("copy_") else r["variant"]
        if column not in columns:
            columns.append(column)
        rows.setdefault(r["kernel"], {})[column] = r["time"] * 1e9 / r["n"]
    if not rows:
        sys.exit(f"no out-of-place runs of size {args.size} matching '{args.filter}'")
    order = ["scalar", "sse2", "avx2", "avx512", "neon"]
    columns.sort(key=lambda c: (order.index(c) if c in order else len(order), c))
    on = f", input {args.input}" if args.input else ""
    print(f"ns per element, {args.size} floats, out of place{on}")
    print(f"| kernel | {' | '.join(columns)} |")
    print(f"| --- |{' --- |' * len(columns)}")
    for kernel in sorted(rows):
        cells = [f"{rows[kernel][c]:.3f}" if c in rows[kernel] else "" for c in columns]
        print(f"| {kernel} | {' | '.join(cells)} |")


if __name__ == "__main__":
    main()
