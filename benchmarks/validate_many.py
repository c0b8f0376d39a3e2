"""Validating 1,000 generated lesson files, against reading the same files with PyYAML's C loader alone.

Two shapes are generated, each file with its own id:
- "teacher": the test fixture with one question of every kind (~3 KB), the size of a lesson a
  teacher adds with --lessons. Budget: 1,000 of them validated within 2 s on a 2-core machine.
- "bundled": copies of the four bundled lessons (~80 KB each, 20 bilingual questions): reported.
The ratio to a bare yaml.load shows what position tracking and the schema checks cost.

    python benchmarks/validate_many.py [--files 1000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import yaml

from ds_tui.lessons import bundled_lessons_dir, load_paths

BUDGET_S = 2.0


FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "every_kind.yaml"


def generate(folder: Path, count: int, sources: list[Path]) -> int:
    total = 0
    for i in range(count):
        text = sources[i % len(sources)].read_text(encoding="utf-8")
        first, rest = text.split("\n", 1)
        assert first.startswith("id: "), first  # every generated file gets its own lesson id
        data = f"id: generated-{i:04d}\n{rest}"
        (folder / f"lesson-{i:04d}.yaml").write_text(data, encoding="utf-8")
        total += len(data.encode())
    return total


def measure(shape: str, sources: list[Path], count: int) -> tuple[float, float, int, int]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        size = generate(folder, count, sources)
        files = sorted(folder.glob("*.yaml"))

        start = time.perf_counter()
        for file in files:
            yaml.load(file.read_bytes(), Loader=loader)
        baseline = time.perf_counter() - start

        start = time.perf_counter()
        library = load_paths([folder])
        ours = time.perf_counter() - start
    errors = sum(len(r.errors) for r in library.results)
    ok = errors == 0 and len(library.lessons) == count
    print(f"{shape:8s} {count} files, {size / 1e6:5.1f} MB: bare yaml.load {baseline:6.2f} s, "
          f"ds-tui validation {ours:6.2f} s ({ours / count * 1000:.2f} ms/file, {size / 1e6 / ours:.1f} MB/s), "
          f"ratio {ours / baseline:.2f}x{'' if ok else '  [LOAD ERRORS]'}")
    return ours, baseline, errors, len(library.lessons)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=1000)
    args = parser.parse_args()
    teacher, _, errors, loaded = measure("teacher", [FIXTURE], args.files)
    measure("bundled", sorted(bundled_lessons_dir().glob("*.yaml")), args.files)
    verdict = "within" if teacher <= BUDGET_S else "OVER"
    print(f"teacher-size lessons: {teacher:.2f} s for {args.files} files, {verdict} the {BUDGET_S:.0f} s budget")
    return 0 if teacher <= BUDGET_S and errors == 0 and loaded == args.files else 1


if __name__ == "__main__":
    sys.exit(main())
