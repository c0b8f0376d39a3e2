"""The static probe: everything about this machine that does not change while the app runs.

:func:`probe_static` runs once per process and is cached; it takes from a few milliseconds (Linux
without NVIDIA) to a few seconds (NVML with persistence mode off, ``system_profiler`` on Intel
Macs), so the UI calls it from a worker thread. :func:`build_report` does the work and takes every
OS dependency as an argument, so tests run each platform's path on any machine.

py-cpuinfo is not used on this path (it costs ~1.2 s per call): only when the OS gives no CPU
model at all does :func:`probe_cpuinfo_fallback` run, and the report notes it.
"""

from __future__ import annotations

import math
import os
import platform
import sys
import sysconfig
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ds_tui.hardware import linux
from ds_tui.hardware.commands import Runner
from ds_tui.hardware.gpu import probe_gpus
from ds_tui.hardware.model import (
    CPU,
    NOT_EXPOSED,
    NOT_ON_THIS_OS,
    HardwareReport,
    Memory,
    OSInfo,
    ProbeNote,
    PythonInfo,
    Reading,
    first,
    found,
    missing,
)
from ds_tui.i18n import Text

ONLY_LINUX = Text(vi="chỉ đọc trên Linux (cgroup)", en="only read on Linux (cgroups)")
NO_COMMIT_LIMIT = Text(vi="chỉ Windows có giới hạn commit cố định; Linux và macOS cho cấp phát vượt (overcommit)",
                       en="only Windows has a fixed commit limit; Linux and macOS overcommit memory")
WINDOWS_NOMINAL = Text(vi="Windows chỉ báo xung danh định; xung turbo có trong thông số của hãng",
                       en="Windows reports only the nominal clock; the turbo clock is on the maker's spec sheet")
CONTAINER_ONLY_LINUX = Text(vi="chỉ dò container trên Linux", en="containers are only detected on Linux")


def _call(fn: Callable[..., Any] | None, *args: Any, **kwargs: Any) -> Any:
    if fn is None:
        return None
    try:
        return fn(*args, **kwargs)
    except Exception:  # psutil raises NotImplementedError, OSError, RuntimeError on odd platforms
        return None


def _psutil(psutil_mod: Any) -> Any:
    if psutil_mod is not None:
        return psutil_mod
    try:
        import psutil  # lazy: psutil stays out of the first frame
    except ImportError:
        return None
    return psutil


def python_info(sys_mod: Any = sys, config_var: Callable[[str], Any] = sysconfig.get_config_var) -> PythonInfo:
    """Version, implementation, and whether the GIL is on now and whether this is a free-threaded build."""
    is_enabled = getattr(sys_mod, "_is_gil_enabled", None)
    if is_enabled is not None:
        gil = found("python.gil_enabled", bool(is_enabled()), "sys._is_gil_enabled()")
    else:
        gil = found("python.gil_enabled", True, "no sys._is_gil_enabled (before 3.13 the GIL is always on)")
    ft = bool(config_var("Py_GIL_DISABLED"))
    return PythonInfo(
        version=found("python.version", platform.python_version(), "platform.python_version()"),
        implementation=found("python.implementation", platform.python_implementation(),
                             "platform.python_implementation()"),
        gil_enabled=gil,
        free_threaded_build=found("python.free_threaded_build", ft, 'sysconfig.get_config_var("Py_GIL_DISABLED")'),
    )


def affinity_count(os_mod: Any = os, psutil_mod: Any = None) -> Reading[int]:
    """CPUs this process may run on: sched_getaffinity, process_cpu_count (3.13+), or psutil's affinity."""
    if hasattr(os_mod, "sched_getaffinity"):
        cpus = _call(os_mod.sched_getaffinity, 0)
        if cpus:
            return found("cpu.affinity_cpus", len(cpus), "os.sched_getaffinity(0)")
    if hasattr(os_mod, "process_cpu_count"):
        n = _call(os_mod.process_cpu_count)
        if n:
            return found("cpu.affinity_cpus", int(n), "os.process_cpu_count()")
    ps = psutil_mod
    if ps is not None and hasattr(ps, "Process"):
        proc = _call(ps.Process)
        cpus = _call(getattr(proc, "cpu_affinity", None)) if proc is not None else None
        if cpus:
            return found("cpu.affinity_cpus", len(cpus), "psutil.Process().cpu_affinity()")
    return missing("cpu.affinity_cpus", Text(vi="hệ điều hành này không cho đọc affinity (macOS)",
                                             en="this OS does not expose CPU affinity (macOS)"), "os.sched_getaffinity")


def usable_cpus(logical: Reading[int], affinity: Reading[int], quota: Reading[float]) -> Reading[int]:
    """affinity ∩ quota: the CPUs a process pool here can keep busy (a fractional quota rounds up)."""
    parts: list[tuple[int, str]] = []
    if affinity.value:
        parts.append((affinity.value, affinity.source))
    elif logical.value:
        parts.append((logical.value, logical.source))
    if quota.value:
        parts.append((max(1, math.ceil(quota.value - 1e-9)), f"⌈{quota.value:g}⌉ from {quota.source}"))
    if not parts:
        return missing("cpu.usable_cpus", NOT_EXPOSED, "")
    value = min(p[0] for p in parts)
    return found("cpu.usable_cpus", value, " ∩ ".join(p[1] for p in parts))


def probe_cpuinfo_fallback(get_cpu_info: Callable[[], dict[str, Any]] | None = None) -> dict[str, Reading[Any]]:
    """CPU model and advertised clock from py-cpuinfo. SLOW (~1.2 s per call): a last resort only."""
    source = "py-cpuinfo get_cpu_info()"
    if get_cpu_info is None:
        try:
            # lazy: py-cpuinfo only when the system's own readers fall short
            from cpuinfo import get_cpu_info as library_get_cpu_info
        except ImportError:
            reason = Text(vi="chưa cài py-cpuinfo", en="py-cpuinfo is not installed")
            return {"model": missing("cpu.model", reason, source), "base_mhz": missing("cpu.base_mhz", reason, source)}
        get_cpu_info = library_get_cpu_info
    info = _call(get_cpu_info) or {}
    brand = info.get("brand_raw")
    hz = info.get("hz_advertised")  # [hz, 0] parsed from the brand string, e.g. "@ 3.10GHz"
    hz_value = hz[0] if isinstance(hz, list | tuple) and hz else None
    return {
        "model": found("cpu.model", str(brand), f"{source} brand_raw") if brand else missing("cpu.model", NOT_EXPOSED, source),
        "base_mhz": found("cpu.base_mhz", hz_value / 1e6, f"{source} hz_advertised") if hz_value
        else missing("cpu.base_mhz", NOT_EXPOSED, source),
    }


def _memory_total_linux(root: Path) -> Reading[int]:
    for line in (linux.read(root, "proc/meminfo") or "").splitlines():
        if line.startswith("MemTotal:"):
            parts = line.split()
            if len(parts) >= 2 and parts[1].isdigit():
                return found("memory.total_bytes", int(parts[1]) * 1024, "/proc/meminfo MemTotal")
    return missing("memory.total_bytes", NOT_EXPOSED, "/proc/meminfo")


def build_report(*, system: str | None = None, machine: str | None = None, psutil_mod: Any = None,
                 root: Path = Path("/"), environ: Mapping[str, str] | None = None, nvml: Any = None,
                 winreg: Any = None, kernel32: Any = None, runner: Runner | None = None, os_mod: Any = os,
                 sys_mod: Any = sys, config_var: Callable[[str], Any] = sysconfig.get_config_var,
                 cpuinfo: Callable[[], dict[str, Any]] | None = None) -> HardwareReport:
    """Probe everything once. Every OS dependency can be injected; nothing raises for a missing figure."""
    started = time.perf_counter()
    system = (system or platform.system()).lower()
    machine = machine if machine is not None else platform.machine()
    ps = _psutil(psutil_mod)
    notes: list[ProbeNote] = []

    # Counts, clocks and memory from psutil (each may be None or 0 in VMs and containers) ------------
    n_logical = _call(ps.cpu_count, logical=True) if ps else None
    n_physical = _call(ps.cpu_count, logical=False) if ps else None
    freq = _call(ps.cpu_freq) if ps else None
    vm = _call(ps.virtual_memory) if ps else None
    swap = _call(ps.swap_memory) if ps else None

    if n_logical:
        logical = found("cpu.logical_cpus", int(n_logical), "psutil.cpu_count(logical=True)")
    elif n := os_mod.cpu_count():
        logical = found("cpu.logical_cpus", int(n), "os.cpu_count()")
    else:
        logical = missing("cpu.logical_cpus", Text(vi="psutil và os.cpu_count() đều trả None",
                                                   en="psutil and os.cpu_count() both returned None"), "os.cpu_count()")
    physical = (found("cpu.physical_cores", int(n_physical), "psutil.cpu_count(logical=False)") if n_physical
                else missing("cpu.physical_cores", Text(vi="psutil.cpu_count(logical=False) trả None",
                                                        en="psutil.cpu_count(logical=False) returned None"),
                             "psutil.cpu_count(logical=False)"))
    psutil_max = (found("cpu.max_mhz", float(freq.max), "psutil.cpu_freq().max")
                  if freq is not None and freq.max else
                  missing("cpu.max_mhz", Text(vi="psutil.cpu_freq() không có xung tối đa (thường gặp trong máy ảo)",
                                              en="psutil.cpu_freq() has no max clock (common in VMs)"), "psutil.cpu_freq()"))
    total = (found("memory.total_bytes", int(vm.total), "psutil.virtual_memory().total")
             if vm is not None and vm.total else
             missing("memory.total_bytes", Text(vi="psutil không trả tổng RAM", en="psutil gave no RAM total"),
                     "psutil.virtual_memory()"))
    swap_total = (found("memory.swap_total_bytes", int(swap.total), "psutil.swap_memory().total")
                  if swap is not None and getattr(swap, "total", None) is not None else
                  missing("memory.swap_total_bytes", NOT_EXPOSED, "psutil.swap_memory()"))

    # The OS's own sources -------------------------------------------------------------------------
    quota: Reading[float] = missing("cpu.cpu_quota", ONLY_LINUX, "cgroup")
    container: Reading[str] = missing("cpu.container", CONTAINER_ONLY_LINUX, "")
    mem_limit: Reading[int] = missing("memory.container_limit_bytes", ONLY_LINUX, "cgroup")
    commit: Reading[int] = missing("memory.commit_limit_bytes", NO_COMMIT_LIMIT, "")
    arch = machine or ""
    apple_silicon = None
    if system == "linux":
        base, top = linux.clocks(root)
        model, vendor = linux.cpu_model(root), linux.cpu_vendor(root)
        caches, hypervisor = linux.caches(root), linux.hypervisor(root)
        top = first(top, psutil_max)
        physical = first(physical, linux.physical_cores(root))
        limits = linux.cgroup_limits(root)
        quota, mem_limit = limits.cpu_quota, limits.memory_limit
        container = linux.container(root, environ)
        total = first(total, _memory_total_linux(root))
        kernel = linux.read(root, "proc/sys/kernel/osrelease")
        os_name = linux.os_pretty_name(root)
        os_version = (found("os.version", kernel, "/proc/sys/kernel/osrelease (kernel)") if kernel
                      else found("os.version", platform.release(), "platform.release() (kernel)"))
        os_build = missing("os.build", Text(vi="Linux không có số build; phiên bản nhân xác định hệ thống",
                                            en="Linux has no build number; the kernel version identifies it"), "")
    elif system == "windows":
        from ds_tui.hardware import windows  # lazy: each OS's module only on that OS (ctypes, plistlib stay out)

        reg = windows.cpu_registry(winreg)
        model, vendor, base = reg["model"], reg["vendor"], reg["base_mhz"]
        if freq is not None and freq.max:
            base = first(base, found("cpu.base_mhz", float(freq.max), "psutil.cpu_freq().max (nominal on Windows)"))
        top = missing("cpu.max_mhz", WINDOWS_NOMINAL, "psutil.cpu_freq()")
        caches, hypervisor = windows.caches(kernel32), windows.hypervisor(winreg)
        commit = windows.commit_limit(kernel32)
        getver = getattr(sys_mod, "getwindowsversion", None)
        osr = windows.os_readings(_call(getver) if getver else None, winreg)
        os_name, os_version, os_build = osr["name"], osr["version"], osr["build"]
    elif system == "darwin":
        from ds_tui.hardware import macos  # lazy: each OS's module only on that OS (ctypes, plistlib stay out)

        values = macos.sysctl_values(runner)
        mac = macos.cpu_readings(values)
        model, vendor, caches, base, top = mac["model"], mac["vendor"], mac["caches"], mac["base_mhz"], mac["max_mhz"]
        physical = first(physical, mac.get("physical_cores", physical))
        logical = first(logical, mac.get("logical_cpus", logical))
        total = first(total, mac.get("memsize", total))
        hypervisor = macos.hypervisor(values)
        apple_silicon = macos.is_apple_silicon(values)
        if macos.rosetta(values):
            arch = f"{arch} (Rosetta 2 on Apple Silicon)"
        osr = macos.os_readings(values, platform.mac_ver()[0])
        os_name, os_version, os_build = osr["name"], osr["version"], osr["build"]
    else:
        model = missing("cpu.model", NOT_ON_THIS_OS, "")
        vendor = missing("cpu.vendor", NOT_ON_THIS_OS, "")
        caches = missing("cpu.caches", NOT_ON_THIS_OS, "")
        base, top = missing("cpu.base_mhz", NOT_ON_THIS_OS, ""), psutil_max
        hypervisor = missing("cpu.hypervisor", NOT_ON_THIS_OS, "")
        os_name = found("os.name", platform.system() or system, "platform.system()")
        os_version = found("os.version", platform.release(), "platform.release()")
        os_build = missing("os.build", NOT_ON_THIS_OS, "")

    if model.value is None:  # the last resort: slow, so only when every OS source failed
        fallback = probe_cpuinfo_fallback(cpuinfo)
        model, base = first(model, fallback["model"]), first(base, fallback["base_mhz"])
        notes.append(ProbeNote("py-cpuinfo", Text(vi="hệ điều hành không báo tên CPU; đã dùng py-cpuinfo (chậm)",
                                                  en="the OS gave no CPU name; py-cpuinfo was used (slow)")))

    affinity = affinity_count(os_mod, ps)
    cpu = CPU(
        model=model, vendor=vendor,
        architecture=found("cpu.architecture", arch, "platform.machine()") if arch
        else missing("cpu.architecture", NOT_EXPOSED, "platform.machine()"),
        physical_cores=physical, logical_cpus=logical, affinity_cpus=affinity, cpu_quota=quota,
        usable_cpus=usable_cpus(logical, affinity, quota), base_mhz=base, max_mhz=top, caches=caches,
        hypervisor=hypervisor, container=container,
    )
    memory = Memory(total_bytes=total, swap_total_bytes=swap_total, commit_limit_bytes=commit,
                    container_limit_bytes=mem_limit)
    gpus, gpu_notes = probe_gpus(system, nvml=nvml, root=root, winreg=winreg, runner=runner,
                                 apple_silicon=apple_silicon)
    return HardwareReport(
        cpu=cpu, memory=memory, gpus=gpus,
        os=OSInfo(system, os_name, os_version, os_build),
        python=python_info(sys_mod, config_var),
        gpu_notes=gpu_notes, probed_at=time.time(), probe_seconds=time.perf_counter() - started,
        notes=tuple(notes),
    )


_lock = threading.Lock()
_report: HardwareReport | None = None


def probe_static() -> HardwareReport:
    """This machine's report: probed on the first call (from any thread), then cached for the process.

    Concurrent first calls wait for one probe instead of running two. Call it from a worker thread:
    it may take seconds (NVML start-up, ``system_profiler``).
    """
    global _report
    if _report is not None:
        return _report
    with _lock:
        if _report is None:
            _report = build_report()
        return _report


def cached_report() -> HardwareReport | None:
    """The report if :func:`probe_static` has already run, else None (never probes)."""
    return _report


def clear_cache() -> None:
    """Forget the cached report (tests; a "probe again" action)."""
    global _report
    with _lock:
        _report = None
