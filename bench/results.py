"""Reads rectify-bench's Google Benchmark JSON (shared by plot.py and compare.py)."""
import json


def load(path):
    """{name: result} for each benchmark, the median of its repetitions where
    there are several; result: kernel, variant, inplace, input (the second
    input's label, or None for the op's own), threads (the ".../t<N>/..."
    part, 1 without it), n, gbps and time (seconds per call), both from
    Google Benchmark's own rates (CPU time; in place the calls' own clock),
    bytes_per_element. In-place runs make 8 calls an iteration, timed by
    manual time, and Google Benchmark names them ".../manual_time": the name
    here is without it."""
    with open(path) as f:
        data = json.load(f)
    runs = {}
    for b in data["benchmarks"]:
        if b.get("error_occurred"):
            continue
        aggregate = b.get("aggregate_name", "")
        if b.get("run_type") == "aggregate" and aggregate != "median":
            continue
        name = b.get("run_name", b["name"]).removesuffix("/manual_time")
        if name in runs and aggregate != "median":
            continue  # a repetition; the median wins
        parts = name.split("/")
        if len(parts) < 3 or not parts[-1].isdigit():
            continue
        middle = parts[2:-1]
        threads = next((int(p[1:]) for p in middle if p[:1] == "t" and p[1:].isdigit()), 1)
        bps, ips = b.get("bytes_per_second", 0.0), b.get("items_per_second", 0.0)
        runs[name] = {
            "kernel": parts[0],
            "variant": parts[1],
            "inplace": "inplace" in middle,
            "input": next((p for p in middle if p != "inplace" and p != f"t{threads}"), None),
            "threads": threads,
            "n": int(parts[-1]),
            "gbps": bps * 1e-9,
            "time": int(parts[-1]) / ips if ips else 0.0,
            "bytes_per_element": round(bps / ips) if ips else 0,
        }
    return data.get("context", {}), runs
