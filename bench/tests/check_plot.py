#!/usr/bin/env python3
"""Runs bench/plot.py and bench/compare.py on a JSON that check_run.py
wrote, and checks they produce a PNG and a comparison.

    check_plot.py PYTHON bench/ IN.json OUT.png
"""
import subprocess
import sys


def main():
    python, bench, js, png = sys.argv[1:5]
    for args in ([f"{bench}/plot.py", js, png], [f"{bench}/plot.py", js, png + ".inplace.png",
                                                 "--inplace"]):
        run = subprocess.run([python] + args, capture_output=True, text=True, timeout=120)
        if run.returncode != 0:
            print(f"FAIL: {' '.join(args)}:\n{run.stdout}{run.stderr}")
            sys.exit(1)
    for p in (png, png + ".inplace.png"):
        with open(p, "rb") as f:
            head = f.read(8)
        if head != b"\x89PNG\r\n\x1a\n":
            print(f"FAIL: {p} is not a PNG")
            sys.exit(1)
    run = subprocess.run([python, f"{bench}/compare.py", js, js], capture_output=True, text=True,
                         timeout=60)
    if run.returncode != 0 or "geometric mean speed-up 1.000x" not in run.stdout:
        print(f"FAIL: compare.py of a file with itself:\n{run.stdout}{run.stderr}")
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main()
