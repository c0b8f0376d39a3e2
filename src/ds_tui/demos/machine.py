"""What the demos need to know about this machine and this Python: usable cores, the GIL, start method.

Small on purpose (the hardware package has the full probe); all cheap calls, no subprocess.
"""

from __future__ import annotations

import math
import os
import platform
import sys
import sysconfig
from pathlib import Path
from typing import Any


def affinity_cpus() -> int:
    """CPUs this process may be scheduled on: the affinity mask where the OS has one, else all."""
    if hasattr(os, "process_cpu_count"):  # 3.13+: affinity-aware on every OS
        n = os.process_cpu_count()
        if n:
            return n
    if hasattr(os, "sched_getaffinity"):
        try:
            return len(os.sched_getaffinity(0)) or 1
        except OSError:
            pass
    return os.cpu_count() or 1


def cpu_quota(root: Path = Path("/sys/fs/cgroup")) -> float | None:
    """A cgroup CPU quota in CPUs (e.g. 1.5 from cpu.max "150000 100000"), None when unlimited or unknown."""
    try:
        text = (root / "cpu.max").read_text().split()  # cgroup v2
        if text and text[0] != "max":
            return int(text[0]) / int(text[1])
        return None
    except (OSError, ValueError, IndexError):
        pass
    try:  # cgroup v1
        quota = int((root / "cpu" / "cpu.cfs_quota_us").read_text())
        period = int((root / "cpu" / "cpu.cfs_period_us").read_text())
        return quota / period if quota > 0 and period > 0 else None
    except (OSError, ValueError):
        return None


def speedup_bound() -> float:
    """The most parallel CPU-bound workers can gain here: min(affinity, quota) — it may be fractional."""
    quota = cpu_quota()
    n = float(affinity_cpus())
    return min(n, quota) if quota else n


def usable_cores() -> int:
    """Workers worth starting for CPU-bound work: affinity ∩ quota, the quota rounded up."""
    quota = cpu_quota()
    n = affinity_cpus()
    return max(1, min(n, math.ceil(quota))) if quota else n


def free_threaded_build() -> bool:
    return bool(sysconfig.get_config_var("Py_GIL_DISABLED"))


def gil_enabled() -> bool:
    """Whether the GIL is on right now (a free-threaded build can turn it back on for an old extension)."""
    check = getattr(sys, "_is_gil_enabled", None)
    return bool(check()) if check else True


def default_start_method() -> str:
    """The start method multiprocessing would use — without fixing it, as get_start_method() does."""
    import multiprocessing  # lazy: multiprocessing stays out of the first frame

    return multiprocessing.get_start_method(allow_none=True) or multiprocessing.get_all_start_methods()[0]


def machine_info(start_method: str | None = None) -> dict[str, Any]:
    try:
        import psutil  # lazy: psutil stays out of the first frame

        physical = psutil.cpu_count(logical=False)
    except Exception:  # noqa: BLE001 - psutil may not know; the figure is then missing
        physical = None
    return {
        "usable_cores": usable_cores(),
        "speedup_bound": round(speedup_bound(), 3),
        "logical_cpus": os.cpu_count() or 1,
        "physical_cores": physical,
        "affinity_cpus": affinity_cpus(),
        "cpu_quota": cpu_quota(),
        "gil_enabled": gil_enabled(),
        "free_threaded_build": free_threaded_build(),
        "start_method": start_method or default_start_method(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(terse=True),
        "os": platform.system(),
    }
