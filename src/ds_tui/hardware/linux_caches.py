"""Linux cache and core probes: /sys/devices/system/cpu's cache levels and sizes, and the physical cores.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from ds_tui.hardware.linux_read import ROOT, cpu_dirs, parse_int, read
from ds_tui.hardware.model import NOT_EXPOSED, Cache, Reading, found, missing


# Caches -----------------------------------------------------------------------------------------

_SIZE = re.compile(r"^\s*(\d+)\s*([KMG]?)i?B?\s*$", re.IGNORECASE)
_TYPES = {"data": "data", "instruction": "instruction", "unified": "unified"}


def parse_size(text: str | None) -> int | None:
    """sysfs cache sizes: "32K" -> 32768, "8M" -> 8388608, "512" -> 512."""
    match = _SIZE.match(text or "")
    if not match:
        return None
    return int(match.group(1)) * {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}[match.group(2).upper()]


def caches(root: Path = ROOT) -> Reading[tuple[Cache, ...]]:
    """Caches from sysfs, one entry per (level, type, size) with the number of distinct copies.

    Each ``cpu*/cache/index*`` directory describes the cache one CPU sees; CPUs that share a cache
    list each other in ``shared_cpu_list``, so a cache is counted once per distinct list.
    """
    source = "sysfs /sys/devices/system/cpu/cpu*/cache/index*"
    seen: set[tuple[int, str, int, str]] = set()
    for cpu in cpu_dirs(root):
        try:
            indexes = sorted(p for p in (cpu / "cache").iterdir() if p.name.startswith("index"))
        except OSError:
            continue
        for index in indexes:
            rel = str(index.relative_to(root))
            level = parse_int(read(root, f"{rel}/level"))
            kind = _TYPES.get((read(root, f"{rel}/type") or "").lower())
            size = parse_size(read(root, f"{rel}/size"))
            shared = read(root, f"{rel}/shared_cpu_list") or read(root, f"{rel}/shared_cpu_map") or cpu.name
            if level is None or kind is None or not size:
                continue
            seen.add((level, kind, size, shared))
    if not seen:
        return missing("cpu.caches", NOT_EXPOSED, source)
    counts = Counter((level, kind, size) for level, kind, size, _ in seen)
    order = {t: i for i, t in enumerate(("data", "instruction", "unified"))}
    result = tuple(
        Cache(level, kind, size, n)
        for (level, kind, size), n in sorted(counts.items(), key=lambda kv: (kv[0][0], order[kv[0][1]], -kv[0][2]))
    )
    return found("cpu.caches", result, source)


def physical_cores(root: Path = ROOT) -> Reading[int]:
    """Distinct (package, core) pairs in sysfs topology: the fallback when psutil gives None."""
    pairs = set()
    for cpu in cpu_dirs(root):
        rel = str(cpu.relative_to(root))
        package = read(root, f"{rel}/topology/physical_package_id")
        core = read(root, f"{rel}/topology/core_id")
        if package is not None and core is not None:
            pairs.add((package, core))
    source = "sysfs /sys/devices/system/cpu/cpu*/topology/{physical_package_id,core_id}"
    return found("cpu.physical_cores", len(pairs), source) if pairs else missing("cpu.physical_cores", NOT_EXPOSED, source)
