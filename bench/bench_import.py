"""Importing an Apple Health export.xml of 1 GB (mostly heart-rate and step records, like a real one), and
two smaller ones, against reading the same file with a plain full-tree parse.

Run by hand: `.venv/bin/python bench/bench_import.py [--sizes 100,300,1000] [--tree-max 300]`. The files are
written to /tmp (never into the repository) and reused between runs. Each import runs in a fresh process
(so its peak memory is its own), into a fresh SQLite journal; goal for 1 GB: under 60 s, peak memory under
300 MB. The full-tree parse (xml.etree.ElementTree.parse, the standard library's C parser) runs in its own
process too, up to --tree-max MB (beyond that it needs more memory than a phone's export should ever cost).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.adapters.imports.samples import write_big_health_export  # noqa: E402

GOAL_S = 60.0
GOAL_MB = 300.0


def export_file(megabytes: int) -> Path:
    path = Path(tempfile.gettempdir()) / f"twitchcheck-bench-export-{megabytes}mb.xml"
    if not path.exists():
        with path.open("w", encoding="utf-8") as out:
            write_big_health_export(out, megabytes * 1024 * 1024)
    return path


def child_import(path: str) -> None:
    from twitchcheck.adapters.imports import import_export
    from twitchcheck.adapters.storage.journal import Journal

    with tempfile.TemporaryDirectory() as folder:
        journal = Journal.open(str(Path(folder) / "journal.db"), zone="Europe/Berlin")
        start = time.perf_counter()
        summary = import_export(journal, Path(path))
        seconds = time.perf_counter() - start
        journal.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    added = {kind: counts.added for kind, counts in summary.counts.items()}
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "added": added}))


def child_tree(path: str) -> None:
    import xml.etree.ElementTree as ElementTree

    start = time.perf_counter()
    tree = ElementTree.parse(path)  # the benchmark's own file: a comparison
    wanted = sum(
        1
        for record in tree.getroot().iter("Record")
        if record.get("type") == "HKQuantityTypeIdentifierDietaryWater"
    )
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "water": wanted}))


def run(mode: str, path: Path) -> dict[str, object]:
    output = subprocess.run(
        [sys.executable, __file__, f"--child-{mode}", str(path)], check=True, capture_output=True, text=True
    ).stdout
    result: dict[str, object] = json.loads(output.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100,300,1000")
    parser.add_argument("--tree-max", type=int, default=300)
    parser.add_argument("--child-import")
    parser.add_argument("--child-tree")
    args = parser.parse_args()
    if args.child_import:
        child_import(args.child_import)
        return
    if args.child_tree:
        child_tree(args.child_tree)
        return
    print("| export.xml | records (approx.) | import s | MB/s | peak MB | full-tree parse s | its peak MB |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for megabytes in (int(size) for size in args.sizes.split(",")):
        path = export_file(megabytes)
        size_mb = path.stat().st_size / 1024**2
        imported = run("import", path)
        tree = run("tree", path) if megabytes <= args.tree_max else None
        seconds = float(imported["seconds"])  # type: ignore[arg-type]
        peak = float(imported["peak_mb"])  # type: ignore[arg-type]
        records = int(size_mb * 1024**2 / 330)
        tree_s = f"{float(tree['seconds']):.1f}" if tree else "not run"  # type: ignore[arg-type]
        tree_mb = f"{float(tree['peak_mb']):,.0f}" if tree else ""  # type: ignore[arg-type]
        print(
            f"| {size_mb:,.0f} MB | {records:,} | {seconds:.1f} | {size_mb / seconds:.0f} | {peak:.0f} "
            f"| {tree_s} | {tree_mb} |"
        )
        if megabytes >= 1000:
            verdict = "met" if seconds < GOAL_S and peak < GOAL_MB else "NOT met"
            print(
                f"\n1 GB goal (< {GOAL_S:.0f} s, < {GOAL_MB:.0f} MB): {verdict}; added {imported['added']}\n"
            )


if __name__ == "__main__":
    main()
