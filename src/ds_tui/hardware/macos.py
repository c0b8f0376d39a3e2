"""macOS probes: ``sysctl``, ``ioreg`` and ``system_profiler``, run through an injectable runner.

One ``sysctl`` call reads every key at once (without ``-n`` so that each line names its key: a key
the machine lacks, such as ``hw.l3cachesize`` on Apple Silicon, is simply absent). Apple Silicon
has unified memory: the GPU uses the system RAM, so it has no VRAM figure of its own.
"""

from __future__ import annotations

import json
import plistlib
import re
from typing import Any

from ds_tui.hardware.commands import Runner, run_command
from ds_tui.hardware.ids import X86_VENDORS, guess_integrated
from ds_tui.hardware.model import GPU, NO_CUDA, NO_HYPERVISOR, NOT_EXPOSED, Cache, ProbeNote, Reading, found, missing
from ds_tui.i18n import Text

SYSCTL_KEYS: tuple[str, ...] = (
    "machdep.cpu.brand_string", "machdep.cpu.vendor", "hw.physicalcpu", "hw.logicalcpu", "hw.memsize",
    "hw.l1dcachesize", "hw.l1icachesize", "hw.l2cachesize", "hw.l3cachesize", "hw.cacheconfig",
    "hw.cpufrequency", "hw.cpufrequency_max", "hw.optional.arm64", "hw.nperflevels", "sysctl.proc_translated",
    "kern.hv_vmm_present",
    "kern.osproductversion", "kern.osversion",
    *(f"hw.perflevel{i}.{k}" for i in (0, 1) for k in
      ("name", "physicalcpu", "logicalcpu", "l1dcachesize", "l1icachesize", "l2cachesize", "cpusperl2")),
)

UNIFIED = Text(vi="bộ nhớ hợp nhất (unified memory): GPU dùng chung RAM hệ thống với CPU",
               en="unified memory: the GPU shares the system RAM with the CPU")
APPLE_NO_CUDA = Text(vi="GPU Apple không có CUDA; PyTorch dùng Metal (backend MPS)",
                     en="Apple GPUs have no CUDA; PyTorch uses Metal (the MPS backend)")
APPLE_NO_CLOCK = Text(vi="macOS không báo xung nhịp của chip Apple Silicon",
                      en="macOS does not report Apple Silicon clock speeds")
OS_DRIVER = Text(vi="driver đi kèm macOS (cập nhật cùng hệ điều hành)", en="built into macOS (updated with the OS)")


def parse_sysctl(text: str) -> dict[str, str]:
    """"hw.memsize: 17179869184" lines -> {"hw.memsize": "17179869184"}."""
    values = {}
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip():
            values[key.strip()] = value.strip()
    return values


def sysctl_values(runner: Runner | None = None) -> dict[str, str]:
    return parse_sysctl((runner or run_command)(["sysctl", *SYSCTL_KEYS]) or "")


def _int(values: dict[str, str], key: str) -> int | None:
    try:
        return int(values[key])
    except (KeyError, ValueError):
        return None


def is_apple_silicon(values: dict[str, str]) -> bool:
    return _int(values, "hw.optional.arm64") == 1 or values.get("machdep.cpu.brand_string", "").startswith("Apple")


def caches(values: dict[str, str]) -> Reading[tuple[Cache, ...]]:
    """Per performance level on Apple Silicon (hw.perflevelN.*), else hw.l*cachesize with hw.cacheconfig."""
    result: list[Cache] = []
    levels = _int(values, "hw.nperflevels") or 0
    if is_apple_silicon(values) and levels:
        for i in range(levels):
            p = f"hw.perflevel{i}"
            scope = values.get(f"{p}.name")
            cores = _int(values, f"{p}.physicalcpu")
            logical = _int(values, f"{p}.logicalcpu") or cores
            for key, level, kind, copies in (
                ("l1dcachesize", 1, "data", cores), ("l1icachesize", 1, "instruction", cores),
                ("l2cachesize", 2, "unified",
                 logical // per if logical and (per := _int(values, f"{p}.cpusperl2")) else None),
            ):
                if size := _int(values, f"{p}.{key}"):
                    result.append(Cache(level, kind, size, copies, scope))
        source = "sysctl hw.perflevel*.{l1dcachesize,l1icachesize,l2cachesize,cpusperl2}"
    else:
        logical = _int(values, "hw.logicalcpu")
        config = [int(x) for x in values.get("hw.cacheconfig", "").split() if x.isdigit()]
        for key, level, kind in (("hw.l1dcachesize", 1, "data"), ("hw.l1icachesize", 1, "instruction"),
                                 ("hw.l2cachesize", 2, "unified"), ("hw.l3cachesize", 3, "unified")):
            if size := _int(values, key):
                sharing = config[level] if len(config) > level else 0
                copies = logical // sharing if logical and sharing else None
                result.append(Cache(level, kind, size, copies))
        source = "sysctl hw.l1dcachesize, hw.l1icachesize, hw.l2cachesize, hw.l3cachesize, hw.cacheconfig"
    return found("cpu.caches", tuple(result), source) if result else missing("cpu.caches", NOT_EXPOSED, "sysctl")


def cpu_readings(values: dict[str, str]) -> dict[str, Reading[Any]]:
    brand = values.get("machdep.cpu.brand_string")
    vendor = values.get("machdep.cpu.vendor")
    out: dict[str, Reading[Any]] = {
        "model": found("cpu.model", brand, "sysctl machdep.cpu.brand_string") if brand
        else missing("cpu.model", NOT_EXPOSED, "sysctl machdep.cpu.brand_string"),
        "caches": caches(values),
    }
    if vendor:
        out["vendor"] = found("cpu.vendor", X86_VENDORS.get(vendor, vendor), "sysctl machdep.cpu.vendor")
    elif is_apple_silicon(values):
        out["vendor"] = found("cpu.vendor", "Apple", "sysctl hw.optional.arm64")
    else:
        out["vendor"] = missing("cpu.vendor", NOT_EXPOSED, "sysctl machdep.cpu.vendor")
    if is_apple_silicon(values):
        out["base_mhz"] = missing("cpu.base_mhz", APPLE_NO_CLOCK, "sysctl hw.cpufrequency")
        out["max_mhz"] = missing("cpu.max_mhz", APPLE_NO_CLOCK, "sysctl hw.cpufrequency_max")
    else:
        hz, hz_max = _int(values, "hw.cpufrequency"), _int(values, "hw.cpufrequency_max")
        out["base_mhz"] = (found("cpu.base_mhz", hz / 1e6, "sysctl hw.cpufrequency") if hz
                           else missing("cpu.base_mhz", NOT_EXPOSED, "sysctl hw.cpufrequency"))
        out["max_mhz"] = (found("cpu.max_mhz", hz_max / 1e6, "sysctl hw.cpufrequency_max") if hz_max and hz_max != hz
                          else missing("cpu.max_mhz", Text(vi="macOS trên Intel không báo xung turbo",
                                                           en="macOS on Intel does not report the turbo clock"),
                                       "sysctl hw.cpufrequency_max"))
    for key, field in (("hw.physicalcpu", "physical_cores"), ("hw.logicalcpu", "logical_cpus")):
        if (n := _int(values, key)) is not None:
            out[field] = found(f"cpu.{field}", n, f"sysctl {key}")
    if (size := _int(values, "hw.memsize")) is not None:
        out["memsize"] = found("memory.total_bytes", size, "sysctl hw.memsize")
    return out


def hypervisor(values: dict[str, str]) -> Reading[str]:
    """kern.hv_vmm_present is 1 when macOS itself runs in a virtual machine."""
    present = _int(values, "kern.hv_vmm_present")
    if present == 1:
        return found("cpu.hypervisor", "unknown hypervisor", "sysctl kern.hv_vmm_present = 1")
    if present == 0:
        return missing("cpu.hypervisor", NO_HYPERVISOR, "sysctl kern.hv_vmm_present = 0")
    return missing("cpu.hypervisor", NOT_EXPOSED, "sysctl kern.hv_vmm_present")


def rosetta(values: dict[str, str]) -> bool:
    """True when this Python is an x86_64 build translated by Rosetta 2 on Apple Silicon."""
    return _int(values, "sysctl.proc_translated") == 1


def os_readings(values: dict[str, str], mac_ver: str = "") -> dict[str, Reading[str]]:
    version = values.get("kern.osproductversion") or mac_ver
    source = "sysctl kern.osproductversion" if values.get("kern.osproductversion") else "platform.mac_ver()"
    build = values.get("kern.osversion")
    return {
        "name": found("os.name", f"macOS {version}" if version else "macOS", source),
        "version": found("os.version", version, source) if version else missing("os.version", NOT_EXPOSED, source),
        "build": found("os.build", build, "sysctl kern.osversion") if build
        else missing("os.build", NOT_EXPOSED, "sysctl kern.osversion"),
    }


# GPUs -------------------------------------------------------------------------------------------

IOREG_COMMAND = ("ioreg", "-a", "-r", "-d", "1", "-c", "IOAccelerator")
IOREG = "ioreg -c IOAccelerator"
PROFILER_COMMAND = ("system_profiler", "SPDisplaysDataType", "-json")
PROFILER = "system_profiler SPDisplaysDataType"


def parse_ioreg(text: str) -> list[dict[str, Any]]:
    """The accelerator entries of ``ioreg -a`` (a plist array of dictionaries)."""
    try:
        data = plistlib.loads(text.encode() if isinstance(text, str) else text)
    except Exception:  # plistlib raises several kinds on bad input
        return []
    items = data if isinstance(data, list) else [data]
    return [d for d in items if isinstance(d, dict)]


def ioreg_gpus(runner: Runner | None = None) -> tuple[list[GPU], list[ProbeNote]]:
    """Apple Silicon GPUs: model and gpu-core-count from ioreg; memory is unified."""
    out = (runner or run_command)(IOREG_COMMAND)
    entries = parse_ioreg(out or "")
    gpus = []
    for entry in entries:
        model = entry.get("model")
        if isinstance(model, bytes):
            model = model.decode(errors="replace").rstrip("\x00")
        io_class = str(entry.get("IOClass", ""))
        if not model or not (io_class.startswith("AGX") or str(model).startswith("Apple")):
            continue  # Intel Macs' accelerators are named better by system_profiler
        cores = entry.get("gpu-core-count")
        gpus.append(GPU(
            name=found("gpu.name", str(model), f"{IOREG} model"),
            vendor=found("gpu.vendor", "Apple", f"{IOREG} IOClass {io_class}"),
            vendor_id=missing("gpu.vendor_id", Text(vi="GPU tích hợp trong chip, không qua PCI",
                                                    en="built into the chip, not a PCI device"), IOREG),
            device_id=missing("gpu.device_id", Text(vi="GPU tích hợp trong chip, không qua PCI",
                                                    en="built into the chip, not a PCI device"), IOREG),
            memory_bytes=missing("gpu.memory_bytes", UNIFIED, IOREG),
            driver=missing("gpu.driver", OS_DRIVER, IOREG),
            cuda=missing("gpu.cuda", APPLE_NO_CUDA, IOREG),
            cores=found("gpu.cores", int(cores), f"{IOREG} gpu-core-count") if isinstance(cores, int)
            else missing("gpu.cores", NOT_EXPOSED, IOREG),
            source=IOREG,
            integrated=True,
            unified_memory=True,
        ))
    if gpus:
        return gpus, []
    text = Text(vi="ioreg không chạy được", en="ioreg could not run") if out is None else \
        Text(vi="không có GPU Apple Silicon", en="no Apple Silicon GPU")
    return [], [ProbeNote(IOREG, text)]


_VRAM = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(MB|GB|TB)\s*$", re.IGNORECASE)


def parse_vram(text: str | None) -> int | None:
    """system_profiler's "4 GB" / "1536 MB" (binary units, as macOS counts VRAM) -> bytes."""
    match = _VRAM.match(text or "")
    if not match:
        return None
    return int(float(match.group(1)) * {"MB": 1024**2, "GB": 1024**3, "TB": 1024**4}[match.group(2).upper()])


def _vendor(text: str) -> str | None:
    low = text.lower()
    for hint, name in (("intel", "Intel"), ("amd", "AMD"), ("ati", "AMD"), ("nvidia", "NVIDIA"), ("apple", "Apple")):
        if hint in low:
            return name
    return None


def profiler_gpus(runner: Runner | None = None) -> tuple[list[GPU], list[ProbeNote]]:
    """GPUs from system_profiler's JSON: names, PCI ids and VRAM (Intel Macs' discrete AMD/NVIDIA cards)."""
    out = (runner or run_command)(PROFILER_COMMAND)
    try:
        items = json.loads(out or "").get("SPDisplaysDataType", [])
    except (ValueError, AttributeError):
        return [], [ProbeNote(PROFILER, Text(vi="system_profiler không trả JSON", en="system_profiler gave no JSON"))]
    gpus = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        name = item.get("sppci_model") or item.get("_name")
        if not name:
            continue
        vendor = _vendor(str(item.get("spdisplays_vendor", ""))) or _vendor(str(name))
        device_id = item.get("spdisplays_device-id")
        vendor_id = item.get("spdisplays_vendor-id")
        builtin = item.get("sppci_bus") == "spdisplays_builtin"
        apple = vendor == "Apple"
        integrated = True if (builtin or apple) else guess_integrated(vendor, str(name), device_id)
        vram = parse_vram(item.get("spdisplays_vram"))
        if vram:
            memory = found("gpu.memory_bytes", vram, f"{PROFILER} spdisplays_vram")
        elif apple:
            memory = missing("gpu.memory_bytes", UNIFIED, PROFILER)
        elif item.get("spdisplays_vram_shared") or integrated:
            memory = missing("gpu.memory_bytes", Text(vi="GPU tích hợp: dùng chung RAM hệ thống",
                                                      en="integrated GPU: it shares the system RAM"), PROFILER)
        else:
            memory = missing("gpu.memory_bytes", NOT_EXPOSED, PROFILER)
        cores = item.get("sppci_cores")
        gpus.append(GPU(
            name=found("gpu.name", str(name), f"{PROFILER} sppci_model"),
            vendor=found("gpu.vendor", vendor, f"{PROFILER} spdisplays_vendor") if vendor
            else missing("gpu.vendor", NOT_EXPOSED, PROFILER),
            vendor_id=found("gpu.vendor_id", str(vendor_id).lower(), f"{PROFILER} spdisplays_vendor-id") if vendor_id
            else missing("gpu.vendor_id", NOT_EXPOSED, PROFILER),
            device_id=found("gpu.device_id", str(device_id).lower(), f"{PROFILER} spdisplays_device-id") if device_id
            else missing("gpu.device_id", NOT_EXPOSED, PROFILER),
            memory_bytes=memory,
            driver=missing("gpu.driver", OS_DRIVER, PROFILER),
            cuda=missing("gpu.cuda", APPLE_NO_CUDA if apple else NO_CUDA, PROFILER),
            cores=found("gpu.cores", int(str(cores)), f"{PROFILER} sppci_cores") if str(cores or "").isdigit()
            else missing("gpu.cores", NOT_EXPOSED, PROFILER),
            source=PROFILER,
            integrated=integrated,
            unified_memory=apple,
        ))
    return gpus, ([] if gpus else [ProbeNote(PROFILER, Text(vi="không có GPU", en="no GPU"))])


def gpus(runner: Runner | None = None, apple_silicon: bool = False) -> tuple[list[GPU], list[ProbeNote]]:
    """ioreg on Apple Silicon (fast); system_profiler on Intel Macs (slower, but it knows the VRAM)."""
    if apple_silicon:
        found_gpus, notes = ioreg_gpus(runner)
        if found_gpus:
            return found_gpus, notes
        more, more_notes = profiler_gpus(runner)
        return more, notes + more_notes
    return profiler_gpus(runner)
