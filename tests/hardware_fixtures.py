"""Recorded machines for the hardware tests: fake /proc and /sys trees, a fake winreg, a fake pynvml,
a fake psutil. Figures follow real machines (FACTS.md §6: i5-11300H, RTX 3060 Laptop GPU)."""

from __future__ import annotations

import threading
from collections import namedtuple
from pathlib import Path
from types import SimpleNamespace
from typing import Any

GIB = 1024**3


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def link(root: Path, rel: str, target: Path) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    target.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


# /proc/cpuinfo ----------------------------------------------------------------------------------

I5_MODEL = "11th Gen Intel(R) Core(TM) i5-11300H @ 3.10GHz"
X86_FLAGS = "fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat ht syscall nx lm avx avx2"


def x86_cpuinfo(model: str, cpus: int, cores: int, flags: str = X86_FLAGS, vendor: str = "GenuineIntel") -> str:
    blocks = []
    for i in range(cpus):
        blocks.append(
            f"processor\t: {i}\nvendor_id\t: {vendor}\ncpu family\t: 6\nmodel\t\t: 140\nmodel name\t: {model}\n"
            f"cpu MHz\t\t: 2995.201\ncache size\t: 8192 KB\nphysical id\t: 0\nsiblings\t: {cpus}\n"
            f"core id\t\t: {i % cores}\ncpu cores\t: {cores}\nflags\t\t: {flags}\n")
    return "\n".join(blocks)


RPI4_CPUINFO = """processor\t: 0
BogoMIPS\t: 108.00
Features\t: fp asimd evtstrm crc32 cpuid
CPU implementer\t: 0x41
CPU architecture: 8
CPU variant\t: 0x0
CPU part\t: 0xd08
CPU revision\t: 3

processor\t: 1
BogoMIPS\t: 108.00
CPU implementer\t: 0x41
CPU part\t: 0xd08

Hardware\t: BCM2835
Revision\t: c03114
Serial\t\t: 10000000abcdef01
Model\t\t: Raspberry Pi 4 Model B Rev 1.4
"""

GRAVITON_CPUINFO = """processor\t: 0
BogoMIPS\t: 243.75
Features\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics
CPU implementer\t: 0x41
CPU architecture: 8
CPU variant\t: 0x3
CPU part\t: 0xd0c
CPU revision\t: 1
"""


# sysfs CPU trees --------------------------------------------------------------------------------


def cpu_tree(root: Path, cpus: int, caches: list[tuple[int, str, str, list[str]]],
             cores: int | None = None, max_khz: int | None = None, base_khz: int | None = None) -> None:
    """caches: (level, type, size, shared_cpu_list per cpu)."""
    cores = cores or cpus
    for cpu in range(cpus):
        base = f"sys/devices/system/cpu/cpu{cpu}"
        for i, (level, kind, size, shared) in enumerate(caches):
            write(root, f"{base}/cache/index{i}/level", f"{level}\n")
            write(root, f"{base}/cache/index{i}/type", f"{kind}\n")
            write(root, f"{base}/cache/index{i}/size", f"{size}\n")
            write(root, f"{base}/cache/index{i}/shared_cpu_list", f"{shared[cpu]}\n")
        write(root, f"{base}/topology/physical_package_id", "0\n")
        write(root, f"{base}/topology/core_id", f"{cpu % cores}\n")
        if max_khz:
            write(root, f"{base}/cpufreq/cpuinfo_max_freq", f"{max_khz}\n")
        if base_khz:
            write(root, f"{base}/cpufreq/base_frequency", f"{base_khz}\n")


def intel_laptop(root: Path) -> Path:
    """i5-11300H: 4 cores / 8 threads; Linux numbers cpu0-3 as first threads, cpu4-7 as siblings."""
    siblings = [f"{c % 4},{c % 4 + 4}" for c in range(8)]
    cpu_tree(root, 8, [
        (1, "Data", "48K", siblings), (1, "Instruction", "32K", siblings),
        (2, "Unified", "1280K", siblings), (3, "Unified", "8192K", ["0-7"] * 8),
    ], cores=4, max_khz=4_400_000, base_khz=3_100_000)
    write(root, "proc/cpuinfo", x86_cpuinfo(I5_MODEL, 8, 4))
    write(root, "proc/meminfo", "MemTotal:       16162816 kB\nMemFree:         8000000 kB\n")
    write(root, "etc/os-release", 'NAME="Ubuntu"\nPRETTY_NAME="Ubuntu 24.04.1 LTS"\nID=ubuntu\n')
    write(root, "proc/sys/kernel/osrelease", "6.8.0-45-generic\n")
    write(root, "sys/class/dmi/id/sys_vendor", "LENOVO\n")
    write(root, "sys/class/dmi/id/product_name", "82JU\n")
    write(root, "proc/self/cgroup", "0::/user.slice/user-1000.slice/session-2.scope\n")
    intel_igpu(root, "card0", "0000:00:02.0", "0x9a49")
    return root


def vm(root: Path) -> Path:
    """A 2-vCPU QEMU/KVM guest: the hypervisor flag, DMI names, no cpufreq."""
    cpu_tree(root, 2, [(1, "Data", "32K", ["0", "1"]), (2, "Unified", "512K", ["0", "1"]),
                       (3, "Unified", "32768K", ["0-1", "0-1"])])
    write(root, "proc/cpuinfo", x86_cpuinfo("Fixture Virtual CPU @ 2.45GHz", 2, 2, X86_FLAGS + " hypervisor", "AuthenticAMD"))
    write(root, "sys/class/dmi/id/sys_vendor", "QEMU\n")
    write(root, "sys/class/dmi/id/product_name", "Standard PC (Q35 + ICH9, 2009)\n")
    return root


def container_v2(root: Path, cpu_max: str = "200000 100000", memory_max: str = str(4 * GIB)) -> Path:
    write(root, "proc/self/cgroup", "0::/\n")
    write(root, "proc/self/mountinfo",
          "25 30 0:22 / /proc rw,nosuid - proc proc rw\n"
          "700 600 0:29 / /sys/fs/cgroup ro,nosuid,nodev,noexec,relatime - cgroup2 cgroup rw,nsdelegate\n")
    write(root, "sys/fs/cgroup/cgroup.controllers", "cpuset cpu io memory pids\n")
    write(root, "sys/fs/cgroup/cpu.max", f"{cpu_max}\n")
    write(root, "sys/fs/cgroup/memory.max", f"{memory_max}\n")
    write(root, ".dockerenv", "")
    return root


def container_v1(root: Path) -> Path:
    """cgroup v1 with the process in /docker/<id>: the limits are set on that group."""
    cid = "3f1c0ffee"
    write(root, "proc/self/cgroup",
          f"12:memory:/docker/{cid}\n4:cpu,cpuacct:/docker/{cid}\n1:name=systemd:/docker/{cid}\n")
    write(root, "proc/self/mountinfo",
          "30 25 0:26 / /sys/fs/cgroup ro - tmpfs tmpfs ro,mode=755\n"
          "35 30 0:31 / /sys/fs/cgroup/cpu,cpuacct ro - cgroup cgroup rw,cpu,cpuacct\n"
          "38 30 0:34 / /sys/fs/cgroup/memory ro - cgroup cgroup rw,memory\n")
    write(root, "sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us", "-1\n")
    write(root, "sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us", "100000\n")
    write(root, f"sys/fs/cgroup/cpu,cpuacct/docker/{cid}/cpu.cfs_quota_us", "150000\n")
    write(root, f"sys/fs/cgroup/cpu,cpuacct/docker/{cid}/cpu.cfs_period_us", "100000\n")
    write(root, "sys/fs/cgroup/memory/memory.limit_in_bytes", "9223372036854771712\n")
    write(root, f"sys/fs/cgroup/memory/docker/{cid}/memory.limit_in_bytes", f"{2 * GIB}\n")
    return root


# DRM GPUs ---------------------------------------------------------------------------------------


def drm_card(root: Path, card: str, bus: str, vendor: str, device: str, driver: str,
             extra: dict[str, str] | None = None) -> Path:
    dev = root / f"sys/devices/pci0000:00/{bus}"
    for name, value in {"vendor": vendor, "device": device, "class": "0x030000", **(extra or {})}.items():
        write(dev, name, f"{value}\n")
    link(root, f"sys/class/drm/{card}/device", dev)
    link(dev, "driver", root / f"sys/bus/pci/drivers/{driver}")
    (root / f"sys/class/drm/{card}-DP-1").mkdir(parents=True, exist_ok=True)  # a connector, not a card
    return dev


def intel_igpu(root: Path, card: str = "card1", bus: str = "0000:00:02.0", device: str = "0x4680") -> Path:
    return drm_card(root, card, bus, "0x8086", device, "i915")


def amd_gpu(root: Path, card: str = "card0", bus: str = "0000:03:00.0") -> Path:
    return drm_card(root, card, bus, "0x1002", "0x73df", "amdgpu",
                    {"mem_info_vram_total": str(12 * GIB), "mem_info_vram_used": str(1 * GIB),
                     "gpu_busy_percent": "37"})


PCI_IDS = """# fragment of pci.ids
1002  Advanced Micro Devices, Inc. [AMD/ATI]
\t73df  Navi 22 [Radeon RX 6700/6700 XT/6750 XT / 6800M/6850M XT]
\t\t1002 0e36  Radeon RX 6700 XT
10de  NVIDIA Corporation
\t2520  GA106M [GeForce RTX 3060 Mobile / Max-Q]
8086  Intel Corporation
\t4680  AlderLake-S GT1 [UHD Graphics 770]
\t9a49  TigerLake-LP GT2 [Iris Xe Graphics]
"""


def amd_and_intel(root: Path, with_pci_ids: bool = True) -> Path:
    amd_gpu(root)
    intel_igpu(root)
    (root / "sys/class/drm/renderD128").mkdir(parents=True, exist_ok=True)
    if with_pci_ids:
        write(root, "usr/share/hwdata/pci.ids", PCI_IDS)
    return root


# A fake winreg ----------------------------------------------------------------------------------


class FakeKey:
    def __init__(self, path: str, reg: FakeWinreg) -> None:
        self.path, self.reg = path, reg

    def __enter__(self) -> FakeKey:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


class FakeWinreg:
    """Keys are backslash paths under HKLM (case-insensitive, as in Windows); values are {name: value}."""

    HKEY_LOCAL_MACHINE = "HKLM"

    def __init__(self, keys: dict[str, dict[str, Any]], denied: tuple[str, ...] = ()) -> None:
        self.keys = dict(keys)
        self.denied = {d.lower() for d in denied}

    def _exists(self, path: str) -> bool:
        p = path.lower()
        return any(k.lower() == p or k.lower().startswith(p + "\\") for k in self.keys)

    def OpenKey(self, key: Any, sub: str) -> FakeKey:  # noqa: N802 — winreg's names
        path = sub if key == self.HKEY_LOCAL_MACHINE else f"{key.path}\\{sub}"
        if path.lower() in self.denied:
            raise PermissionError(5, "Access is denied")
        if not self._exists(path):
            raise FileNotFoundError(2, "The system cannot find the file specified")
        return FakeKey(path, self)

    def EnumKey(self, key: FakeKey, index: int) -> str:  # noqa: N802
        prefix = key.path.lower() + "\\"
        children: list[str] = []
        for k in self.keys:
            if k.lower().startswith(prefix):
                child = k[len(prefix):].split("\\")[0]
                if child not in children:
                    children.append(child)
        if index >= len(children):
            raise OSError(259, "No more data is available")
        return children[index]

    def QueryValueEx(self, key: FakeKey, name: str) -> tuple[Any, int]:  # noqa: N802
        for k, values in self.keys.items():
            if k.lower() == key.path.lower() and name in values:
                return values[name], 0
        raise FileNotFoundError(2, "The system cannot find the file specified")


CLASS = r"SYSTEM\CurrentControlSet\Control\Class\{4d36e968-e325-11ce-bfc1-08002be10318}"


def laptop_registry(build_display: str = "23H2", qw: Any = 6 * GIB) -> FakeWinreg:
    keys = {
        CLASS + r"\0000": {
            "DriverDesc": "Intel(R) Iris(R) Xe Graphics", "DriverVersion": "31.0.101.4502",
            "ProviderName": "Intel Corporation",
            "MatchingDeviceId": r"pci\ven_8086&dev_9a49&subsys_380117aa",
            "HardwareInformation.qwMemorySize": 128 * 1024**2,
        },
        CLASS + r"\0001": {
            "DriverDesc": "NVIDIA GeForce RTX 3060 Laptop GPU", "DriverVersion": "32.0.15.6636",
            "ProviderName": "NVIDIA", "MatchingDeviceId": r"pci\ven_10de&dev_2520&subsys_380117aa",
            "HardwareInformation.qwMemorySize": qw,
            "HardwareInformation.MemorySize": 0xFFFFFFFF,
        },
        CLASS + r"\Properties": {},
        r"HARDWARE\DESCRIPTION\System\CentralProcessor\0": {
            "ProcessorNameString": I5_MODEL + " ", "VendorIdentifier": "GenuineIntel", "~MHz": 3110,
        },
        r"HARDWARE\DESCRIPTION\System\BIOS": {"SystemManufacturer": "LENOVO", "SystemProductName": "82JU"},
        r"SOFTWARE\Microsoft\Windows NT\CurrentVersion": {
            "DisplayVersion": build_display, "UBR": 4317, "CurrentBuildNumber": "22631",
            "ProductName": "Windows 10 Pro",  # Windows 11 still says 10 here: never used
        },
    }
    return FakeWinreg(keys, denied=(CLASS + r"\Properties",))


WinVer = namedtuple("WinVer", "major minor build")


# A fake pynvml ----------------------------------------------------------------------------------


def fake_nvml(*, init_error: str | None = None, gpus: list[dict[str, Any]] | None = None,
              cuda: int = 12070, driver: str = "566.36") -> SimpleNamespace:
    """A module-like object with pynvml's names; init_error is an NVMLError subclass name."""

    class NVMLError(Exception):
        pass

    errors = {name: type(name, (NVMLError,), {}) for name in (
        "NVMLError_LibraryNotFound", "NVMLError_DriverNotLoaded", "NVMLError_NotSupported",
        "NVMLError_NoPermission", "NVMLError_Uninitialized")}
    gpus = gpus or []
    state = {"init": 0, "shutdown": 0}

    def check_init() -> None:
        if state["init"] <= state["shutdown"]:
            raise errors["NVMLError_Uninitialized"]()

    def nvmlInit() -> None:  # noqa: N802
        if init_error:
            raise errors[init_error]()
        state["init"] += 1

    def nvmlShutdown() -> None:  # noqa: N802
        state["shutdown"] += 1

    def handle(i: int) -> dict[str, Any]:
        check_init()
        return gpus[i]

    def maybe(g: dict[str, Any], key: str) -> Any:
        value = g.get(key)
        if value is None:
            raise errors["NVMLError_NotSupported"]()
        return value

    ns = SimpleNamespace(
        NVMLError=NVMLError, NVML_TEMPERATURE_GPU=0, state=state, **errors,
        nvmlInit=nvmlInit, nvmlShutdown=nvmlShutdown,
        nvmlSystemGetDriverVersion=lambda: driver,
        nvmlSystemGetCudaDriverVersion_v2=lambda: cuda,
        nvmlSystemGetCudaDriverVersion=lambda: cuda,
        nvmlDeviceGetCount=lambda: (check_init(), len(gpus))[1],
        nvmlDeviceGetHandleByIndex=handle,
        nvmlDeviceGetName=lambda h: h["name"],
        nvmlDeviceGetMemoryInfo=lambda h: SimpleNamespace(total=h["total"], used=h["used"], free=h["total"] - h["used"]),
        nvmlDeviceGetPciInfo=lambda h: SimpleNamespace(pciDeviceId=h["pci"], busId=h["bus"]),
        nvmlDeviceGetUtilizationRates=lambda h: SimpleNamespace(gpu=h["util"], memory=10),
        nvmlDeviceGetTemperature=lambda h, sensor: maybe(h, "temp"),
        nvmlDeviceGetPowerUsage=lambda h: maybe(h, "power_mw"),
        nvmlDeviceGetNumGpuCores=lambda h: maybe(h, "cores"),
    )
    return ns


TWO_NVIDIA = [
    {"name": "NVIDIA GeForce RTX 3060 Laptop GPU", "total": 6 * GIB, "used": 512 * 1024**2, "pci": 0x252010DE,
     "bus": "00000000:01:00.0", "util": 42, "temp": 61, "power_mw": 35_500, "cores": 3840},
    {"name": b"NVIDIA A100-SXM4-80GB", "total": 80 * GIB, "used": 0, "pci": 0x20B210DE,
     "bus": b"00000000:41:00.0", "util": 0, "temp": 30, "power_mw": None, "cores": None},
]


# A fake psutil ----------------------------------------------------------------------------------

VMem = namedtuple("VMem", "total available percent used free")
SMem = namedtuple("SMem", "total used free percent sin sout")
Freq = namedtuple("Freq", "current min max")


class FakePsutil:
    """psutil's calls the probe and the sampler use, with values chosen by the test."""

    def __init__(self, *, logical: int | None = 8, physical: int | None = 4, freq: Any = None,
                 total: int = 16 * GIB, swap: int = 2 * GIB, cpus: int = 8, affinity: list[int] | None = None) -> None:
        self.logical, self.physical, self.freq = logical, physical, freq
        self.total, self.swap, self.cpus = total, swap, cpus
        self.percent_threads: list[int] = []
        self.calls = 0
        self._affinity = affinity

    def cpu_count(self, logical: bool = True) -> int | None:
        return self.logical if logical else self.physical

    def cpu_freq(self) -> Any:
        return self.freq

    def virtual_memory(self) -> VMem:
        return VMem(self.total, self.total // 2, 50.0, self.total // 2, self.total // 4)

    def swap_memory(self) -> SMem:
        return SMem(self.swap, self.swap // 8, self.swap - self.swap // 8, 12.5, 0, 0)

    def cpu_percent(self, interval: float | None = None, percpu: bool = False) -> Any:
        self.percent_threads.append(threading.get_ident())
        self.calls += 1
        value = 0.0 if self.calls == 1 else 25.0
        return [value] * self.cpus if percpu else value

    def Process(self) -> Any:  # noqa: N802
        affinity = self._affinity
        return SimpleNamespace(cpu_affinity=lambda: affinity if affinity is not None else [])
