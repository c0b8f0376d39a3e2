"""Linux cgroup limits (v1 and v2): the CPUs and memory a container or a systemd slice may use.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ds_tui.hardware.linux_read import ROOT, parse_int, read, shown
from ds_tui.hardware.model import NO_LIMIT, Reading, found, missing
from ds_tui.lessons.model import Text

# cgroups ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CgroupLimits:
    version: int | None  # 1, 2 or None (no cgroup files found)
    cpu_quota: Reading[float]
    memory_limit: Reading[int]


@dataclass(frozen=True)
class _Mount:
    root: str
    point: str
    fstype: str
    options: frozenset[str]


def _mounts(root: Path) -> list[_Mount]:
    mounts = []
    for line in (read(root, "proc/self/mountinfo") or "").splitlines():
        left, sep, right = line.partition(" - ")
        parts, rparts = left.split(), right.split()
        if not sep or len(parts) < 5 or len(rparts) < 3 or not rparts[0].startswith("cgroup"):
            continue
        mounts.append(_Mount(parts[3], parts[4], rparts[0], frozenset(rparts[2].split(","))))
    return mounts


def _self_cgroups(root: Path) -> dict[str, str]:
    """Controller -> cgroup path of this process ("" is the cgroup v2 entry)."""
    paths: dict[str, str] = {}
    for line in (read(root, "proc/self/cgroup") or "").splitlines():
        parts = line.split(":", 2)
        if len(parts) == 3:
            for controller in parts[1].split(",") if parts[1] else [""]:
                paths[controller] = parts[2]
    return paths


def _chain(root: Path, mount_point: str, mount_root: str, path: str | None) -> list[str]:
    """Directories (relative to root) from this process's cgroup up to the mount point: limits nest."""
    top = mount_point.strip("/")
    base = mount_root.rstrip("/")  # "/" -> ""
    if path is None or (base and path != base and not path.startswith(base + "/")):
        return [top]
    parts = [p for p in path[len(base):].split("/") if p]
    chain = ["/".join([top, *parts[:i]]) for i in range(len(parts), -1, -1)]
    return chain if (root / chain[0]).is_dir() else [top]


def _find(root: Path, controller: str) -> tuple[int, list[str]] | None:
    """(cgroup version, directories to read) for a controller, from mountinfo or the usual places."""
    mounts = _mounts(root)
    paths = _self_cgroups(root)
    for m in mounts:
        if m.fstype == "cgroup" and controller in m.options:
            return 1, _chain(root, m.point, m.root, paths.get(controller))
    for m in mounts:
        if m.fstype == "cgroup2":
            controllers = (read(root, f"{m.point}/cgroup.controllers") or "").split()
            if controller in controllers:
                return 2, _chain(root, m.point, m.root, paths.get(""))
    if mounts:
        return None
    # No mountinfo: look where systemd and Docker mount cgroups.
    if (root / "sys/fs/cgroup/cgroup.controllers").exists():
        return 2, _chain(root, "/sys/fs/cgroup", "/", paths.get(""))
    for name in (controller, f"{controller},cpuacct", f"cpuacct,{controller}"):
        if (root / "sys/fs/cgroup" / name).is_dir():
            return 1, _chain(root, f"/sys/fs/cgroup/{name}", "/", paths.get(controller))
    return None


UNLIMITED_V1 = 2**60  # memory.limit_in_bytes reads 9223372036854771712 when no limit is set


def cgroup_limits(root: Path = ROOT) -> CgroupLimits:
    """The CPU quota (in CPUs) and the memory limit of this process's cgroup (v2 or v1)."""
    version: int | None = None
    cpu: Reading[float] = missing("cpu.cpu_quota", Text(vi="không tìm thấy tệp cgroup", en="no cgroup files found"),
                                  "cgroup")
    found_cpu = _find(root, "cpu")
    if found_cpu:
        version, dirs = found_cpu
        quotas: list[tuple[float, str]] = []
        checked = ""
        for d in dirs:
            if version == 2:
                text = read(root, f"{d}/cpu.max")
                if text is None:
                    continue
                checked = checked or shown(f"{d}/cpu.max")
                parts = text.split()
                if len(parts) == 2 and parts[0] != "max" and (q := parse_int(parts[0])) and (p := parse_int(parts[1])):
                    quotas.append((q / p, f"cgroup v2 {shown(d)}/cpu.max \"{text}\""))
            else:
                q, p = parse_int(read(root, f"{d}/cpu.cfs_quota_us")), parse_int(read(root, f"{d}/cpu.cfs_period_us"))
                if q is None:
                    continue
                checked = checked or shown(f"{d}/cpu.cfs_quota_us")
                if q > 0 and p:
                    quotas.append((q / p, f"cgroup v1 {shown(d)}/cpu.cfs_quota_us {q} / cpu.cfs_period_us {p}"))
        if quotas:
            value, source = min(quotas)
            cpu = found("cpu.cpu_quota", value, source)
        elif checked:
            cpu = missing("cpu.cpu_quota", NO_LIMIT, f"cgroup v{version} {checked}")
        else:
            name = "cpu.max" if version == 2 else "cpu.cfs_quota_us"
            cpu = missing("cpu.cpu_quota", NO_LIMIT, f"cgroup v{version}: no {name} on this process's cgroup path")
    mem: Reading[int] = missing("memory.container_limit_bytes",
                                Text(vi="không tìm thấy tệp cgroup", en="no cgroup files found"), "cgroup")
    found_mem = _find(root, "memory")
    if found_mem:
        mversion, dirs = found_mem
        version = version or mversion
        limits: list[tuple[int, str]] = []
        checked = ""
        name = "memory.max" if mversion == 2 else "memory.limit_in_bytes"
        for d in dirs:
            text = read(root, f"{d}/{name}")
            if text is None:
                continue
            checked = checked or shown(f"{d}/{name}")
            if (limit := parse_int(text)) and limit < UNLIMITED_V1:
                limits.append((limit, f"cgroup v{mversion} {shown(d)}/{name}"))
        if limits:
            value, source = min(limits)
            mem = found("memory.container_limit_bytes", value, source)
        elif checked:
            mem = missing("memory.container_limit_bytes", NO_LIMIT, f"cgroup v{mversion} {checked}")
        else:
            mem = missing("memory.container_limit_bytes", NO_LIMIT,
                          f"cgroup v{mversion}: no {name} on this process's cgroup path")
    return CgroupLimits(version, cpu, mem)
