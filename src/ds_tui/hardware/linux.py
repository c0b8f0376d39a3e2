"""Linux probes: /proc, /sys and the cgroup files.

Every function takes ``root`` (default ``/``) and reads only below it, so tests build a fake tree
in a temporary folder. Nothing here runs a program, and nothing raises on a missing or unreadable
file: a figure the tree does not have comes back missing, with the reason.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ds_tui.hardware.ids import (
    ARM_IMPLEMENTERS,
    ARM_PARTS,
    PCI_VENDORS,
    VIRTUAL_DISPLAY_VENDORS,
    X86_VENDORS,
    guess_integrated,
    is_vm_firmware,
    normalize_bus_id,
)
from ds_tui.hardware.model import (
    GPU,
    NO_CUDA,
    NO_HYPERVISOR,
    NO_LIMIT,
    NOT_EXPOSED,
    NOT_IN_CONTAINER,
    Cache,
    ProbeNote,
    Reading,
    found,
    missing,
)
from ds_tui.lessons.model import Text

ROOT = Path("/")
UNNAMED_HYPERVISOR = "unknown hypervisor"  # the CPU says "hypervisor" but nothing names it


def read(root: Path, path: str) -> str | None:
    """The stripped text of ``root/path``, or None when it is absent or unreadable."""
    try:
        return (root / path.lstrip("/")).read_text(errors="replace").strip()
    except (OSError, ValueError):
        return None


def shown(path: str) -> str:
    """A path as the user would look for it on the real machine."""
    return "/" + path.lstrip("/")


# /proc/cpuinfo ----------------------------------------------------------------------------------


def parse_cpuinfo(text: str) -> list[dict[str, str]]:
    """The blocks of /proc/cpuinfo (one per processor; ARM adds a trailing block with Hardware/Model)."""
    blocks: list[dict[str, str]] = []
    current: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            if current:
                blocks.append(current)
                current = {}
            continue
        key, sep, value = line.partition(":")
        if sep:
            current.setdefault(key.strip(), value.strip())
    if current:
        blocks.append(current)
    return blocks


def cpuinfo_fields(root: Path = ROOT) -> dict[str, str]:
    """The fields of the first processor block, plus those of the other blocks it lacks."""
    text = read(root, "proc/cpuinfo")
    merged: dict[str, str] = {}
    for block in parse_cpuinfo(text or ""):
        for key, value in block.items():
            merged.setdefault(key, value)
    return merged


def _int(text: str | None) -> int | None:
    """Decimal ("3100000", "-1") or hexadecimal ("0x41") integers from /proc and /sys."""
    if text is None:
        return None
    try:
        return int(text, 16) if text.lower().startswith("0x") else int(text)
    except ValueError:
        return None


def cpu_model(root: Path = ROOT) -> Reading[str]:
    """The CPU model exactly as /proc/cpuinfo names it ("model name"; ARM: Processor, Hardware, Model)."""
    fields = cpuinfo_fields(root)
    if not fields:
        return missing("cpu.model", Text(vi="không đọc được /proc/cpuinfo", en="/proc/cpuinfo could not be read"),
                       "/proc/cpuinfo")
    # "model name" on x86 (and on some arm64 kernels); "Processor" on 32-bit ARM ("ARMv7 Processor rev 4 (v7l)");
    # "cpu model" on MIPS; "cpu" on PowerPC ("POWER9"); "Hardware" (the SoC) and "Model" (the board) on ARM boards.
    for key in ("model name", "Processor", "cpu model", "cpu", "Hardware", "Model"):
        value = fields.get(key)
        if value and not value.isdigit():
            return found("cpu.model", value, f"/proc/cpuinfo {key}")
    implementer, part = _int(fields.get("CPU implementer")), _int(fields.get("CPU part"))
    if implementer == 0x41 and part in ARM_PARTS:
        return found("cpu.model", f"ARM {ARM_PARTS[part]}",
                     f"/proc/cpuinfo CPU implementer/part (0x41/{part:#x}), named from Linux's cputype.h")
    board = read(root, "proc/device-tree/model") or read(root, "sys/firmware/devicetree/base/model")
    if board:
        return found("cpu.model", board.rstrip("\x00"), "/proc/device-tree/model (the board)")
    return missing("cpu.model", Text(vi="/proc/cpuinfo không ghi tên CPU", en="/proc/cpuinfo gives no CPU name"),
                   "/proc/cpuinfo")


def cpu_vendor(root: Path = ROOT) -> Reading[str]:
    fields = cpuinfo_fields(root)
    vendor_id = fields.get("vendor_id")
    if vendor_id:
        return found("cpu.vendor", X86_VENDORS.get(vendor_id, vendor_id), "/proc/cpuinfo vendor_id")
    implementer = _int(fields.get("CPU implementer"))
    if implementer is not None:
        name = ARM_IMPLEMENTERS.get(implementer)
        if name:
            return found("cpu.vendor", name, f"/proc/cpuinfo CPU implementer ({implementer:#x})")
    return missing("cpu.vendor", NOT_EXPOSED, "/proc/cpuinfo")


def cpu_flags(root: Path = ROOT) -> set[str] | None:
    """The x86 feature flags (None where /proc/cpuinfo has no flags line, e.g. on ARM)."""
    fields = cpuinfo_fields(root)
    flags = fields.get("flags")
    return set(flags.split()) if flags is not None else None


# Caches -----------------------------------------------------------------------------------------

_SIZE = re.compile(r"^\s*(\d+)\s*([KMG]?)i?B?\s*$", re.IGNORECASE)
_TYPES = {"data": "data", "instruction": "instruction", "unified": "unified"}
_CPU_DIR = re.compile(r"^cpu\d+$")


def parse_size(text: str | None) -> int | None:
    """sysfs cache sizes: "32K" -> 32768, "8M" -> 8388608, "512" -> 512."""
    match = _SIZE.match(text or "")
    if not match:
        return None
    return int(match.group(1)) * {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}[match.group(2).upper()]


def _cpu_dirs(root: Path) -> list[Path]:
    base = root / "sys/devices/system/cpu"
    try:
        return sorted((p for p in base.iterdir() if _CPU_DIR.match(p.name)), key=lambda p: int(p.name[3:]))
    except OSError:
        return []


def caches(root: Path = ROOT) -> Reading[tuple[Cache, ...]]:
    """Caches from sysfs, one entry per (level, type, size) with the number of distinct copies.

    Each ``cpu*/cache/index*`` directory describes the cache one CPU sees; CPUs that share a cache
    list each other in ``shared_cpu_list``, so a cache is counted once per distinct list.
    """
    source = "sysfs /sys/devices/system/cpu/cpu*/cache/index*"
    seen: set[tuple[int, str, int, str]] = set()
    for cpu in _cpu_dirs(root):
        try:
            indexes = sorted(p for p in (cpu / "cache").iterdir() if p.name.startswith("index"))
        except OSError:
            continue
        for index in indexes:
            rel = str(index.relative_to(root))
            level = _int(read(root, f"{rel}/level"))
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
    for cpu in _cpu_dirs(root):
        rel = str(cpu.relative_to(root))
        package = read(root, f"{rel}/topology/physical_package_id")
        core = read(root, f"{rel}/topology/core_id")
        if package is not None and core is not None:
            pairs.add((package, core))
    source = "sysfs /sys/devices/system/cpu/cpu*/topology/{physical_package_id,core_id}"
    return found("cpu.physical_cores", len(pairs), source) if pairs else missing("cpu.physical_cores", NOT_EXPOSED, source)


# Clocks -----------------------------------------------------------------------------------------

_AT_GHZ = re.compile(r"@\s*(\d+(?:\.\d+)?)\s*GHz", re.IGNORECASE)


def clocks(root: Path = ROOT) -> tuple[Reading[float], Reading[float]]:
    """(base MHz, max MHz) from cpufreq / ACPI CPPC, or the "@ 3.10GHz" of an Intel model name."""
    cpus = [str(c.relative_to(root)) for c in _cpu_dirs(root)]
    maxima = [v for c in cpus if (v := _int(read(root, f"{c}/cpufreq/cpuinfo_max_freq")))]
    top: Reading[float]
    if maxima:
        top = found("cpu.max_mhz", max(maxima) / 1000, "sysfs cpufreq/cpuinfo_max_freq")
    else:
        top = missing("cpu.max_mhz", NOT_EXPOSED, "sysfs cpufreq/cpuinfo_max_freq")
    base: Reading[float] = missing("cpu.base_mhz", NOT_EXPOSED, "sysfs cpufreq/base_frequency")
    if cpus:
        if khz := _int(read(root, f"{cpus[0]}/cpufreq/base_frequency")):
            base = found("cpu.base_mhz", khz / 1000, "sysfs cpufreq/base_frequency")
        elif mhz := _int(read(root, f"{cpus[0]}/acpi_cppc/nominal_freq")):
            base = found("cpu.base_mhz", float(mhz), "sysfs acpi_cppc/nominal_freq")
    if base.value is None:
        model = cpuinfo_fields(root).get("model name", "")
        if match := _AT_GHZ.search(model):
            base = found("cpu.base_mhz", float(match.group(1)) * 1000, "/proc/cpuinfo model name (\"@ …GHz\")")
    return base, top


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
                if len(parts) == 2 and parts[0] != "max" and (q := _int(parts[0])) and (p := _int(parts[1])):
                    quotas.append((q / p, f"cgroup v2 {shown(d)}/cpu.max \"{text}\""))
            else:
                q, p = _int(read(root, f"{d}/cpu.cfs_quota_us")), _int(read(root, f"{d}/cpu.cfs_period_us"))
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
            if (limit := _int(text)) and limit < UNLIMITED_V1:
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


# Containers and virtual machines ----------------------------------------------------------------

_CGROUP_HINTS = (("kubepods", "Kubernetes"), ("libpod", "Podman"), ("docker", "Docker"),
                 ("containerd", "containerd"), ("lxc", "LXC"))


def container(root: Path = ROOT, environ: Mapping[str, str] | None = None) -> Reading[str]:
    """The kind of container this process runs in, from marker files, $container and /proc/self/cgroup."""
    env = os.environ if environ is None else environ
    cgroup = read(root, "proc/self/cgroup") or ""
    if "kubepods" in cgroup or env.get("KUBERNETES_SERVICE_HOST"):
        return found("cpu.container", "Kubernetes",
                     "/proc/self/cgroup (kubepods)" if "kubepods" in cgroup else "$KUBERNETES_SERVICE_HOST")
    if (root / ".dockerenv").exists():
        return found("cpu.container", "Docker", "/.dockerenv")
    if (root / "run/.containerenv").exists():
        engine = re.search(r'engine="([a-z]+)', read(root, "run/.containerenv") or "")
        return found("cpu.container", engine.group(1).capitalize() if engine else "Podman", "/run/.containerenv")
    if env.get("container"):
        return found("cpu.container", env["container"], "$container")
    for hint, name in _CGROUP_HINTS:
        if hint in cgroup:
            return found("cpu.container", name, f"/proc/self/cgroup ({hint})")
    return missing("cpu.container", NOT_IN_CONTAINER, "/.dockerenv, /run/.containerenv, /proc/self/cgroup")


def wsl(root: Path = ROOT) -> str | None:
    """"WSL 2" or "WSL 1" when Linux runs inside Windows, from the kernel release."""
    release = read(root, "proc/sys/kernel/osrelease") or ""
    if "microsoft" in release.lower():
        return "WSL 2" if "WSL2" in release or "microsoft-standard" in release else "WSL 1"
    return None


def hypervisor(root: Path = ROOT) -> Reading[str]:
    """The hypervisor this OS runs under: the ``hypervisor`` CPU flag, then its name from Xen or DMI."""
    kind = wsl(root)
    if kind == "WSL 2":
        return found("cpu.hypervisor", "Microsoft Hyper-V (WSL 2)", "/proc/sys/kernel/osrelease")
    if kind == "WSL 1":
        return missing("cpu.hypervisor", Text(vi="WSL 1: không có máy ảo, Windows dịch các lời gọi Linux",
                                              en="WSL 1: no VM, Windows translates the Linux calls"),
                       "/proc/sys/kernel/osrelease")
    flags = cpu_flags(root)
    xen = read(root, "sys/hypervisor/type")
    vendor = read(root, "sys/class/dmi/id/sys_vendor") or ""
    product = read(root, "sys/class/dmi/id/product_name") or ""
    dmi = " ".join(x for x in (vendor, product) if x)
    dmi_source = "DMI /sys/class/dmi/id/{sys_vendor,product_name}"
    if flags is not None:  # x86: the CPU says whether a hypervisor runs it; DMI or Xen only name it
        if "hypervisor" not in flags:
            return missing("cpu.hypervisor", NO_HYPERVISOR, "/proc/cpuinfo flags (no \"hypervisor\")")
        if dmi and is_vm_firmware(vendor, product):
            return found("cpu.hypervisor", dmi, dmi_source)
        if xen:
            return found("cpu.hypervisor", xen, "/sys/hypervisor/type")
        if dmi:
            return found("cpu.hypervisor", dmi, dmi_source)
        return found("cpu.hypervisor", UNNAMED_HYPERVISOR, "/proc/cpuinfo flag \"hypervisor\"")
    if dmi and is_vm_firmware(vendor, product):  # ARM and others: only the firmware can tell
        return found("cpu.hypervisor", dmi, dmi_source)
    if xen:
        return found("cpu.hypervisor", xen, "/sys/hypervisor/type")
    return missing("cpu.hypervisor", Text(vi="không phát hiện máy ảo", en="no VM detected"), f"{dmi_source}, /sys/hypervisor")


# OS ---------------------------------------------------------------------------------------------


def os_pretty_name(root: Path = ROOT) -> Reading[str]:
    for path in ("etc/os-release", "usr/lib/os-release"):
        text = read(root, path)
        if text is None:
            continue
        for line in text.splitlines():
            key, _, value = line.partition("=")
            if key == "PRETTY_NAME" and value:
                name = value.strip().strip('"').strip("'")
                kind = wsl(root)
                return found("os.name", f"{name} ({kind})" if kind else name, f"{shown(path)} PRETTY_NAME")
    return missing("os.name", NOT_EXPOSED, "/etc/os-release")


# GPUs through DRM -------------------------------------------------------------------------------

PCI_IDS_PATHS = ("usr/share/misc/pci.ids", "usr/share/hwdata/pci.ids", "usr/share/pci.ids")
_PCI_ADDR = re.compile(r"^[0-9a-f]{4,8}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$", re.IGNORECASE)


def pci_names(vendor_id: str, device_id: str, root: Path = ROOT) -> tuple[str | None, str | None, str | None]:
    """(vendor name, device name, path of pci.ids) from the pci.ids database when it is installed."""
    vid, did = vendor_id.lower().removeprefix("0x"), device_id.lower().removeprefix("0x")
    for rel in PCI_IDS_PATHS:
        try:
            handle = (root / rel).open(encoding="utf-8", errors="replace")
        except OSError:
            continue
        vendor_name = device_name = None
        with handle:
            in_vendor = False
            for line in handle:
                if not line.strip() or line.startswith("#"):
                    continue
                if not line.startswith("\t"):
                    if in_vendor or line.startswith("C "):
                        break
                    if line[:4].lower() == vid and line[4:6] == "  ":
                        in_vendor, vendor_name = True, line[6:].strip()
                elif in_vendor and not line.startswith("\t\t") and line[1:5].lower() == did:
                    device_name = line[7:].strip()
                    break
        return vendor_name, device_name, shown(rel)
    return None, None, None


def drm_gpus(root: Path = ROOT, skip_bus_ids: set[str] | frozenset[str] = frozenset(),
             nvidia_reason: Text | None = None) -> tuple[list[GPU], list[ProbeNote]]:
    """GPUs from /sys/class/drm/card*/device: AMD and Intel (and NVIDIA cards NVML did not report).

    ``skip_bus_ids`` are PCI addresses already reported (by NVML); ``nvidia_reason`` says why NVML
    did not give the details of an NVIDIA card found here.
    """
    gpus: list[GPU] = []
    notes: list[ProbeNote] = []
    base = root / "sys/class/drm"
    try:
        cards = sorted((p for p in base.iterdir() if re.match(r"^card\d+$", p.name)), key=lambda p: int(p.name[4:]))
    except OSError:
        return gpus, [ProbeNote("sysfs /sys/class/drm", Text(vi="không có /sys/class/drm", en="no /sys/class/drm"))]
    seen: set[str] = set()
    for card in cards:
        rel = f"sys/class/drm/{card.name}/device"
        dev = card / "device"
        step = f"sysfs /{rel}"
        vendor_id = (read(root, f"{rel}/vendor") or "").lower() or None
        device_id = (read(root, f"{rel}/device") or "").lower() or None
        driver_link = dev / "driver"
        driver_name = Path(os.readlink(driver_link)).name if driver_link.is_symlink() else None
        if vendor_id is None or device_id is None:
            notes.append(ProbeNote(step, Text(
                vi=f"{card.name}: GPU không qua PCI (driver {driver_name or '?'}), bỏ qua",
                en=f"{card.name}: not a PCI GPU (driver {driver_name or '?'}), skipped")))
            continue
        bus = dev.resolve().name if _PCI_ADDR.match(dev.resolve().name) else None
        if bus is None:
            for line in (read(root, f"{rel}/uevent") or "").splitlines():
                if line.startswith("PCI_SLOT_NAME="):
                    bus = line.partition("=")[2]
        bus = normalize_bus_id(bus)
        key = bus or f"{vendor_id}:{device_id}:{card.name}"
        if key in seen:
            continue
        seen.add(key)
        if vendor_id in VIRTUAL_DISPLAY_VENDORS:
            notes.append(ProbeNote(step, Text(
                vi=f"{card.name}: bộ hiển thị ảo {VIRTUAL_DISPLAY_VENDORS[vendor_id]} của máy ảo, bỏ qua",
                en=f"{card.name}: virtual display {VIRTUAL_DISPLAY_VENDORS[vendor_id]} of a VM, skipped")))
            continue
        if bus and bus in skip_bus_ids:
            continue
        vendor = PCI_VENDORS.get(vendor_id)
        ids_vendor, ids_device, ids_path = pci_names(vendor_id, device_id, root)
        product = read(root, f"{rel}/product_name")
        if product:
            name = found("gpu.name", product, f"{step}/product_name")
        elif ids_device:
            name = found("gpu.name", ids_device, f"{ids_path} ({vendor_id[2:]}:{device_id[2:]})")
        else:
            name = found("gpu.name", f"{vendor or ids_vendor or 'PCI'} GPU [{vendor_id[2:]}:{device_id[2:]}]",
                         f"{step}/{{vendor,device}} (no pci.ids installed to name the model)")
        integrated = guess_integrated(vendor, name.value, device_id)
        vram = _int(read(root, f"{rel}/mem_info_vram_total"))
        if vram:
            memory = found("gpu.memory_bytes", vram, f"{step}/mem_info_vram_total")
        elif integrated:
            memory = missing("gpu.memory_bytes", Text(vi="GPU tích hợp: dùng chung RAM hệ thống",
                                                      en="integrated GPU: it shares the system RAM"), step)
        elif vendor == "NVIDIA" and nvidia_reason:
            memory = missing("gpu.memory_bytes", nvidia_reason, "NVML")
        else:
            memory = missing("gpu.memory_bytes", Text(vi=f"driver {driver_name or '?'} không báo dung lượng VRAM",
                                                      en=f"the {driver_name or '?'} driver does not report VRAM"), step)
        if driver_name:
            version = read(root, f"sys/module/{driver_name}/version")
            driver = found("gpu.driver", f"{driver_name} {version}" if version else driver_name,
                           f"{step}/driver" + (f", /sys/module/{driver_name}/version" if version else ""))
        else:
            driver = missing("gpu.driver", Text(vi="chưa nạp driver nào", en="no driver bound"), f"{step}/driver")
        if vendor == "NVIDIA":
            cuda = missing("gpu.cuda", nvidia_reason or Text(vi="NVML không chạy", en="NVML unavailable"), "NVML")
        else:
            cuda = missing("gpu.cuda", NO_CUDA, step)
        gpus.append(GPU(
            name=name,
            vendor=found("gpu.vendor", vendor or ids_vendor or vendor_id,
                         f"{step}/vendor" + ("" if vendor else f" ({ids_path})" if ids_vendor else "")),
            vendor_id=found("gpu.vendor_id", vendor_id, f"{step}/vendor"),
            device_id=found("gpu.device_id", device_id, f"{step}/device"),
            memory_bytes=memory,
            driver=driver,
            cuda=cuda,
            cores=missing("gpu.cores", NOT_EXPOSED, step),
            source=step.removesuffix("/device"),
            integrated=integrated,
            bus_id=bus,
        ))
    if not gpus and not notes:
        notes.append(ProbeNote("sysfs /sys/class/drm", Text(vi="không có card đồ họa nào", en="no graphics card")))
    return gpus, notes


# Live figures of AMD cards (the sampler reads these every second; each read is a small sysfs file)


def drm_gpu_sample(card_device: Path) -> dict[str, float | int | None]:
    """Utilization %, VRAM used, temperature °C and power W of an amdgpu card, where readable."""

    def num(path: Path) -> int | None:
        try:
            return int(path.read_text().strip())
        except (OSError, ValueError):
            return None

    hwmon = next(iter(sorted((card_device / "hwmon").glob("hwmon*"))), None) if (card_device / "hwmon").is_dir() else None
    temp = num(hwmon / "temp1_input") if hwmon else None
    power = (num(hwmon / "power1_average") or num(hwmon / "power1_input")) if hwmon else None
    return {
        "utilization_percent": num(card_device / "gpu_busy_percent"),
        "memory_used_bytes": num(card_device / "mem_info_vram_used"),
        "temperature_c": temp / 1000 if temp is not None else None,
        "power_w": power / 1_000_000 if power is not None else None,
    }
