#!/usr/bin/env python3
"""Draws rectify-bench's JSON: GB/s against size, one panel per kernel, one
line per ISA and per peer, with the copy roofline of the kernel's arity (one
thread); with --scaling, one line per thread count instead (the library's
ISA, and the copy roofline on as many threads, dashed).

    bench/plot.py rectify-bench.json out.png [--inplace] [--scaling]
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import results  # noqa: E402

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ISA_ORDER = ["scalar", "sse2", "avx2", "avx512", "neon"]
ISA_COLOR = {"scalar": "tab:gray", "sse2": "tab:blue", "avx2": "tab:green", "avx512": "tab:red",
             "neon": "tab:orange"}
PEER_STYLE = {"onednn": ("s--", "tab:purple"), "xnnpack": ("^--", "tab:brown")}


def size_label(n):
    if n % (1 << 20) == 0:
        return f"{n >> 20}M"
    if n % (1 << 10) == 0:
        return f"{n >> 10}K"
    return str(n)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("json")
    ap.add_argument("png")
    ap.add_argument("--inplace", action="store_true", help="plot the in-place runs")
    ap.add_argument("--scaling", action="store_true", help="a line per thread count")
    args = ap.parse_args()

    context, runs = results.load(args.json)
    runs = [r for r in runs.values() if r["inplace"] == args.inplace and r["input"] is None]
    if args.scaling:
        return plot_scaling(context, runs, args)
    runs = [r for r in runs if r["threads"] == 1]
    copies = [r for r in runs if r["kernel"].startswith("copy_")]
    kernels = []
    for r in runs:
        if not r["kernel"].startswith("copy_") and r["kernel"] not in kernels:
            kernels.append(r["kernel"])
    if not kernels:
        sys.exit(f"{args.json}: no kernel results to plot")

    cols = min(4, len(kernels))
    rows = (len(kernels) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, 3.4 * rows), squeeze=False)
    isas = context.get("rectify_isas", "").split(",")
    for ax, kernel in zip(axes.flat, kernels):
        mine = [r for r in runs if r["kernel"] == kernel]
        bpe = mine[0]["bytes_per_element"]
        # The roofline: the faster copy (ordinary or streaming stores) with
        # this kernel's bytes per element, at each size.
        roof = {}
        for c in copies:
            if c["bytes_per_element"] == bpe:
                roof[c["n"]] = max(roof.get(c["n"], 0.0), c["gbps"])
        if roof:
            xs = sorted(roof)
            ax.fill_between(xs, [roof[x] for x in xs], color="0.9", zorder=0)
            ax.plot(xs, [roof[x] for x in xs], "-", color="0.4", lw=2, label="copy roofline")
        variants = sorted({r["variant"] for r in mine},
                          key=lambda v: (v not in ISA_ORDER, ISA_ORDER.index(v) if v in ISA_ORDER else 0, v))
        for v in variants:
            pts = sorted((r["n"], r["gbps"]) for r in mine if r["variant"] == v)
            style, color = (("o-", ISA_COLOR[v]) if v in ISA_ORDER
                            else PEER_STYLE.get(v, ("x--", "black")))
            ax.plot([p[0] for p in pts], [p[1] for p in pts], style, color=color, ms=3.5, lw=1.3,
                    label=v)
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ns = sorted({r["n"] for r in mine} | set(roof))
        ax.set_xticks(ns)
        ax.set_xticklabels([size_label(n) for n in ns], fontsize=7)
        ax.minorticks_off()
        ax.set_title(f"{kernel} ({bpe} B/elem)", fontsize=9)
        ax.set_xlabel("floats", fontsize=8)
        ax.set_ylabel("GB/s", fontsize=8)
        ax.tick_params(labelsize=7)
        ax.grid(True, which="major", alpha=0.3)
        ax.legend(fontsize=6.5, loc="best")
    for ax in list(axes.flat)[len(kernels):]:
        ax.axis("off")
    host = context.get("host_name", "")
    mhz = context.get("mhz_per_cpu", "")
    fig.suptitle(f"rectify, one thread, {'in place' if args.inplace else 'out of place'}\n"
                 f"{host}, {mhz} MHz; ISAs {','.join(i for i in isas if i)};"
                 f" peers: {context.get('rectify_peers', '') or 'none'}",
                 fontsize=10 if cols > 1 else 8)
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.45 / fig.get_figheight()))
    fig.savefig(args.png, dpi=110)
    print(f"wrote {args.png}")


def plot_scaling(context, runs, args):
    """GB/s against size per kernel, a line per thread count: the library's
    ISA (the one the threaded runs use) solid, the copy roofline of the
    same arity and thread count dashed."""
    counts = sorted({r["threads"] for r in runs})
    threaded = [r for r in runs if r["threads"] > 1 and not r["kernel"].startswith("copy_")]
    kernels = []
    for r in threaded:
        if r["kernel"] not in kernels and r["variant"] in ISA_ORDER:
            kernels.append(r["kernel"])
    if not kernels:
        sys.exit(f"{args.json}: no runs on more than one thread (rectify-bench --threads=1,2)")
    isa = next(r["variant"] for r in threaded if r["variant"] in ISA_ORDER)
    cols = min(4, len(kernels))
    rows = (len(kernels) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, 3.4 * rows), squeeze=False)
    colors = ["tab:blue", "tab:red", "tab:green", "tab:purple", "tab:orange", "tab:brown"]
    for ax, kernel in zip(axes.flat, kernels):
        mine = [r for r in runs if r["kernel"] == kernel and r["variant"] == isa]
        bpe = mine[0]["bytes_per_element"]
        sizes = sorted({r["n"] for r in mine if r["threads"] > 1})
        for t, color in zip(counts, colors):
            pts = sorted((r["n"], r["gbps"]) for r in mine if r["threads"] == t and r["n"] in sizes)
            roof = {}
            for c in runs:
                if (c["kernel"].startswith("copy_") and c["threads"] == t and
                        c["bytes_per_element"] == bpe and c["n"] in sizes):
                    roof[c["n"]] = max(roof.get(c["n"], 0.0), c["gbps"])
            if pts:
                ax.plot([p[0] for p in pts], [p[1] for p in pts], "o-", color=color, ms=3.5,
                        lw=1.3, label=f"{t} thread{'s' if t > 1 else ''}")
            if roof:
                xs = sorted(roof)
                ax.plot(xs, [roof[x] for x in xs], "--", color=color, lw=1, alpha=0.7,
                        label=f"copy, {t}")
        ax.set_xscale("log", base=2)
        ax.set_xticks(sizes)
        ax.set_xticklabels([size_label(n) for n in sizes], fontsize=7)
        ax.minorticks_off()
        ax.set_ylim(bottom=0)
        ax.set_title(f"{kernel} ({bpe} B/elem), {isa}", fontsize=9)
        ax.set_xlabel("floats", fontsize=8)
        ax.set_ylabel("GB/s (wall clock)", fontsize=8)
        ax.tick_params(labelsize=7)
        ax.grid(True, which="major", alpha=0.3)
        ax.legend(fontsize=6.5, loc="best")
    for ax in list(axes.flat)[len(kernels):]:
        ax.axis("off")
    fig.suptitle(f"rectify, threads {','.join(map(str, counts))}, "
                 f"{'in place' if args.inplace else 'out of place'}; "
                 f"{context.get('host_name', '')}", fontsize=10 if cols > 1 else 8)
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.45 / fig.get_figheight()))
    fig.savefig(args.png, dpi=110)
    print(f"wrote {args.png}")


if __name__ == "__main__":
    main()
