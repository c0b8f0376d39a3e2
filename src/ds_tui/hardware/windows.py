"""Windows probes: the registry, two kernel32 calls, and a PowerShell CIM fallback.

Importable everywhere; the ctypes calls run only on Windows. Registry readers take a
``winreg``-like object so tests pass a fake, and the CIM fallback takes a command runner.
"""

from __future__ import annotations

import ctypes
import json
import re
import struct
import sys
from collections import Counter
from typing import Any

from ds_tui.hardware.commands import Runner, run_command
from ds_tui.hardware.ids import PCI_VENDORS, X86_VENDORS, guess_integrated, is_vm_firmware
from ds_tui.hardware.model import GPU, NO_CUDA, NO_HYPERVISOR, NOT_EXPOSED, Cache, ProbeNote, Reading, found, missing
from ds_tui.i18n import Text

IS_WINDOWS = sys.platform == "win32"
DISPLAY_CLASS_KEY = r"SYSTEM\CurrentControlSet\Control\Class\{4d36e968-e325-11ce-bfc1-08002be10318}"
CPU_KEY = r"HARDWARE\DESCRIPTION\System\CentralProcessor\0"
VERSION_KEY = r"SOFTWARE\Microsoft\Windows NT\CurrentVersion"
REGISTRY = "Windows registry"
WINDOWS_11_BUILD = 22000

ONLY_WINDOWS = Text(vi="chỉ đọc được trên Windows", en="only readable on Windows")


def load_winreg(winreg: Any = None) -> Any:
    """The winreg module (or the fake given); None off Windows."""
    if winreg is not None:
        return winreg
    if not IS_WINDOWS:
        return None
    import winreg as real  # lazy: exists only on Windows

    return real


def _value(winreg: Any, key: Any, name: str) -> Any:
    try:
        return winreg.QueryValueEx(key, name)[0]
    except OSError:
        return None


def _subkeys(winreg: Any, key: Any) -> list[str]:
    names, i = [], 0
    while True:
        try:
            names.append(winreg.EnumKey(key, i))
        except OSError:
            return names
        i += 1


def _as_int(value: Any) -> int | None:
    """REG_QWORD/REG_DWORD ints, or REG_BINARY little-endian bytes (drivers write either)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, bytes | bytearray) and 0 < len(value) <= 8:
        return int.from_bytes(value, "little")
    return None


def _text(value: Any) -> str | None:
    if isinstance(value, list | tuple):  # REG_MULTI_SZ
        value = value[0] if value else None
    if isinstance(value, bytes):
        value = value.decode("utf-16-le", errors="replace").rstrip("\x00")
    return str(value).strip() if value not in (None, "") else None


_PCI_ID = re.compile(r"ven_([0-9a-f]{4})&dev_([0-9a-f]{4})", re.IGNORECASE)


def parse_pci_id(text: str | None) -> tuple[str | None, str | None]:
    """"PCI\\VEN_10DE&DEV_2520&SUBSYS_..." -> ("0x10de", "0x2520")."""
    match = _PCI_ID.search(text or "")
    return (f"0x{match.group(1).lower()}", f"0x{match.group(2).lower()}") if match else (None, None)


def _vendor_name(vendor_id: str | None, provider: str | None) -> str | None:
    return PCI_VENDORS.get(vendor_id or "") or provider


def _integrated(vendor: str | None, name: str) -> bool | None:
    return guess_integrated(vendor, name, None)


# GPUs -------------------------------------------------------------------------------------------


def registry_gpus(winreg: Any = None, skip: Counter[tuple[str, str]] | None = None,
                  nvidia_reason: Text | None = None) -> tuple[list[GPU], list[ProbeNote]]:
    """Display adapters from the registry's display class key.

    ``HardwareInformation.qwMemorySize`` is the 64-bit VRAM size (``Win32_VideoController.AdapterRAM``
    is 32-bit and caps at 4 GiB, so it is never used). ``skip`` counts (vendor id, device id) pairs
    NVML already reported.
    """
    step = f"{REGISTRY} HKLM\\{DISPLAY_CLASS_KEY}"
    reg = load_winreg(winreg)
    if reg is None:
        return [], [ProbeNote(REGISTRY, ONLY_WINDOWS)]
    skip = Counter(skip or {})
    gpus: list[GPU] = []
    notes: list[ProbeNote] = []
    try:
        root = reg.OpenKey(reg.HKEY_LOCAL_MACHINE, DISPLAY_CLASS_KEY)
    except OSError as error:
        return [], [ProbeNote(REGISTRY, Text(vi=f"không mở được khóa registry: {error}",
                                             en=f"could not open the registry key: {error}"))]
    with root:
        for sub in _subkeys(reg, root):
            if not sub.isdigit():  # "Properties" and "Configuration" are not adapters
                continue
            try:
                key = reg.OpenKey(root, sub)
            except OSError:
                continue
            with key:
                desc = _text(_value(reg, key, "DriverDesc"))
                matching = _text(_value(reg, key, "MatchingDeviceId"))
                if not desc:
                    continue
                if matching and not matching.lower().startswith("pci\\"):
                    notes.append(ProbeNote(REGISTRY, Text(vi=f"{desc}: bộ hiển thị không qua PCI, bỏ qua",
                                                          en=f"{desc}: not a PCI display adapter, skipped")))
                    continue
                vendor_id, device_id = parse_pci_id(matching)
                if vendor_id and device_id and skip[(vendor_id, device_id)] > 0:
                    skip[(vendor_id, device_id)] -= 1
                    continue
                where = f"{step}\\{sub}"
                vendor = _vendor_name(vendor_id, _text(_value(reg, key, "ProviderName")))
                integrated = _integrated(vendor, desc)
                qw = _as_int(_value(reg, key, "HardwareInformation.qwMemorySize"))
                dw = _as_int(_value(reg, key, "HardwareInformation.MemorySize"))
                if qw:
                    memory = found("gpu.memory_bytes", qw, f"{where} HardwareInformation.qwMemorySize")
                elif dw and dw < 0xFFF00000:
                    memory = found("gpu.memory_bytes", dw, f"{where} HardwareInformation.MemorySize (32-bit field)")
                else:
                    memory = missing("gpu.memory_bytes", Text(
                        vi="registry không ghi dung lượng 64-bit (trường 32-bit chỉ tới 4 GiB)",
                        en="the registry has no 64-bit size (the 32-bit field stops at 4 GiB)"), where)
                driver_version = _text(_value(reg, key, "DriverVersion"))
                cuda = (missing("gpu.cuda", nvidia_reason or Text(vi="NVML không chạy", en="NVML unavailable"), "NVML")
                        if vendor == "NVIDIA" else missing("gpu.cuda", NO_CUDA, where))
                gpus.append(GPU(
                    name=found("gpu.name", desc, f"{where} DriverDesc"),
                    vendor=found("gpu.vendor", vendor, f"{where} MatchingDeviceId/ProviderName") if vendor
                    else missing("gpu.vendor", NOT_EXPOSED, where),
                    vendor_id=found("gpu.vendor_id", vendor_id, f"{where} MatchingDeviceId") if vendor_id
                    else missing("gpu.vendor_id", NOT_EXPOSED, where),
                    device_id=found("gpu.device_id", device_id, f"{where} MatchingDeviceId") if device_id
                    else missing("gpu.device_id", NOT_EXPOSED, where),
                    memory_bytes=memory,
                    driver=found("gpu.driver", driver_version, f"{where} DriverVersion") if driver_version
                    else missing("gpu.driver", NOT_EXPOSED, where),
                    cuda=cuda,
                    cores=missing("gpu.cores", NOT_EXPOSED, where),
                    source=REGISTRY,
                    integrated=integrated,
                ))
    if not gpus and not notes:
        notes.append(ProbeNote(REGISTRY, Text(vi="không có bộ điều hợp hiển thị nào", en="no display adapter")))
    return gpus, notes


CIM_COMMAND = (
    "powershell", "-NoProfile", "-NonInteractive", "-Command",
    "Get-CimInstance Win32_VideoController | "
    "Select-Object Name,AdapterCompatibility,DriverVersion,PNPDeviceID | ConvertTo-Json",
)
CIM = "PowerShell Get-CimInstance Win32_VideoController"
NO_ADAPTER_RAM = Text(
    vi="Win32_VideoController.AdapterRAM là trường 32-bit (tối đa 4 GiB) nên không dùng",
    en="Win32_VideoController.AdapterRAM is a 32-bit field (caps at 4 GiB), so it is not used")


def cim_gpus(runner: Runner | None = None, skip: Counter[tuple[str, str]] | None = None,
             nvidia_reason: Text | None = None) -> tuple[list[GPU], list[ProbeNote]]:
    """The fallback when the registry cannot be read: names and driver versions, never AdapterRAM."""
    out = (runner or run_command)(CIM_COMMAND)
    if not out or not out.strip():
        return [], [ProbeNote(CIM, Text(vi="PowerShell không trả kết quả", en="PowerShell gave no output"))]
    try:
        data = json.loads(out)
    except ValueError:
        return [], [ProbeNote(CIM, Text(vi="PowerShell trả về JSON không hợp lệ", en="PowerShell gave invalid JSON"))]
    items = data if isinstance(data, list) else [data]
    skip = Counter(skip or {})
    gpus = []
    for item in items:
        if not isinstance(item, dict) or not item.get("Name"):
            continue
        name = str(item["Name"]).strip()
        vendor_id, device_id = parse_pci_id(item.get("PNPDeviceID"))
        if vendor_id and device_id and skip[(vendor_id, device_id)] > 0:
            skip[(vendor_id, device_id)] -= 1
            continue
        vendor = _vendor_name(vendor_id, item.get("AdapterCompatibility"))
        driver = item.get("DriverVersion")
        gpus.append(GPU(
            name=found("gpu.name", name, f"{CIM} Name"),
            vendor=found("gpu.vendor", vendor, f"{CIM} PNPDeviceID/AdapterCompatibility") if vendor
            else missing("gpu.vendor", NOT_EXPOSED, CIM),
            vendor_id=found("gpu.vendor_id", vendor_id, f"{CIM} PNPDeviceID") if vendor_id
            else missing("gpu.vendor_id", NOT_EXPOSED, CIM),
            device_id=found("gpu.device_id", device_id, f"{CIM} PNPDeviceID") if device_id
            else missing("gpu.device_id", NOT_EXPOSED, CIM),
            memory_bytes=missing("gpu.memory_bytes", NO_ADAPTER_RAM, f"{CIM} AdapterRAM"),
            driver=found("gpu.driver", str(driver), f"{CIM} DriverVersion") if driver
            else missing("gpu.driver", NOT_EXPOSED, CIM),
            cuda=(missing("gpu.cuda", nvidia_reason or Text(vi="NVML không chạy", en="NVML unavailable"), "NVML")
                  if vendor == "NVIDIA" else missing("gpu.cuda", NO_CUDA, CIM)),
            cores=missing("gpu.cores", NOT_EXPOSED, CIM),
            source=CIM,
            integrated=_integrated(vendor, name),
        ))
    return gpus, ([] if gpus else [ProbeNote(CIM, Text(vi="không có bộ điều hợp hiển thị nào", en="no display adapter"))])


# CPU --------------------------------------------------------------------------------------------


def cpu_registry(winreg: Any = None) -> dict[str, Reading[Any]]:
    """Model (ProcessorNameString), vendor and nominal clock (~MHz) of CPU 0 from the registry."""
    where = f"{REGISTRY} HKLM\\{CPU_KEY}"
    reg = load_winreg(winreg)
    out: dict[str, Reading[Any]] = {
        "model": missing("cpu.model", ONLY_WINDOWS, where),
        "vendor": missing("cpu.vendor", ONLY_WINDOWS, where),
        "base_mhz": missing("cpu.base_mhz", ONLY_WINDOWS, where),
    }
    if reg is None:
        return out
    try:
        key = reg.OpenKey(reg.HKEY_LOCAL_MACHINE, CPU_KEY)
    except OSError:
        return {k: missing(r.key, NOT_EXPOSED, where) for k, r in out.items()}
    with key:
        name = _text(_value(reg, key, "ProcessorNameString"))
        vendor = _text(_value(reg, key, "VendorIdentifier"))
        mhz = _as_int(_value(reg, key, "~MHz"))
    out["model"] = found("cpu.model", name, f"{where} ProcessorNameString") if name else missing("cpu.model", NOT_EXPOSED, where)
    out["vendor"] = (found("cpu.vendor", X86_VENDORS.get(vendor, vendor), f"{where} VendorIdentifier") if vendor
                     else missing("cpu.vendor", NOT_EXPOSED, where))
    out["base_mhz"] = found("cpu.base_mhz", float(mhz), f"{where} ~MHz") if mhz else missing("cpu.base_mhz", NOT_EXPOSED, where)
    return out


RELATION_CACHE = 2
_CACHE_TYPES = {0: "unified", 1: "instruction", 2: "data"}  # 3 = trace cache, not shown


def parse_cache_records(buffer: bytes) -> tuple[Cache, ...]:
    """Caches from GetLogicalProcessorInformationEx(RelationCache): one record per cache instance.

    Each SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX record: DWORD Relationship, DWORD Size, then
    CACHE_RELATIONSHIP: BYTE Level, BYTE Associativity, WORD LineSize, DWORD CacheSize, DWORD Type, ...
    """
    counts: Counter[tuple[int, str, int]] = Counter()
    offset = 0
    while offset + 8 <= len(buffer):
        relationship, size = struct.unpack_from("<II", buffer, offset)
        if size < 8:
            break
        if relationship == RELATION_CACHE and offset + 20 <= len(buffer):
            level, _assoc, _line, cache_size, kind = struct.unpack_from("<BBHII", buffer, offset + 8)
            if kind in _CACHE_TYPES and cache_size:
                counts[(level, _CACHE_TYPES[kind], cache_size)] += 1
        offset += size
    order = {"data": 0, "instruction": 1, "unified": 2}
    return tuple(Cache(level, kind, size, n)
                 for (level, kind, size), n in sorted(counts.items(), key=lambda kv: (kv[0][0], order[kv[0][1]], -kv[0][2])))


def _kernel32(kernel32: Any) -> Any:
    if kernel32 is not None:
        return kernel32
    if not IS_WINDOWS:
        return None
    return ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]  # Windows only: mypy reads this platform's ctypes


def caches(kernel32: Any = None) -> Reading[tuple[Cache, ...]]:
    source = "kernel32 GetLogicalProcessorInformationEx(RelationCache)"
    k32 = _kernel32(kernel32)
    if k32 is None:
        return missing("cpu.caches", ONLY_WINDOWS, source)
    try:
        length = ctypes.c_ulong(0)
        k32.GetLogicalProcessorInformationEx(RELATION_CACHE, None, ctypes.byref(length))
        if not length.value:
            return missing("cpu.caches", NOT_EXPOSED, source)
        buffer = ctypes.create_string_buffer(length.value)
        if not k32.GetLogicalProcessorInformationEx(RELATION_CACHE, buffer, ctypes.byref(length)):
            return missing("cpu.caches", NOT_EXPOSED, source)
        result = parse_cache_records(buffer.raw[: length.value])
    except (OSError, AttributeError, ValueError):
        return missing("cpu.caches", NOT_EXPOSED, source)
    return found("cpu.caches", result, source) if result else missing("cpu.caches", NOT_EXPOSED, source)


class MEMORYSTATUSEX(ctypes.Structure):
    _fields_ = [  # noqa: RUF012 — the ctypes way
        ("dwLength", ctypes.c_ulong), ("dwMemoryLoad", ctypes.c_ulong),
        ("ullTotalPhys", ctypes.c_ulonglong), ("ullAvailPhys", ctypes.c_ulonglong),
        ("ullTotalPageFile", ctypes.c_ulonglong), ("ullAvailPageFile", ctypes.c_ulonglong),
        ("ullTotalVirtual", ctypes.c_ulonglong), ("ullAvailVirtual", ctypes.c_ulonglong),
        ("ullAvailExtendedVirtual", ctypes.c_ulonglong),
    ]


def commit_limit(kernel32: Any = None) -> Reading[int]:
    """RAM + page file: GlobalMemoryStatusEx's ullTotalPageFile (the commit limit, despite the name)."""
    source = "kernel32 GlobalMemoryStatusEx ullTotalPageFile"
    k32 = _kernel32(kernel32)
    if k32 is None:
        return missing("memory.commit_limit_bytes", ONLY_WINDOWS, source)
    status = MEMORYSTATUSEX()
    status.dwLength = ctypes.sizeof(MEMORYSTATUSEX)
    try:
        ok = k32.GlobalMemoryStatusEx(ctypes.byref(status))
    except (OSError, AttributeError):
        ok = 0
    if not ok or not status.ullTotalPageFile:
        return missing("memory.commit_limit_bytes", NOT_EXPOSED, source)
    return found("memory.commit_limit_bytes", int(status.ullTotalPageFile), source)


BIOS_KEY = r"HARDWARE\DESCRIPTION\System\BIOS"


def hypervisor(winreg: Any = None) -> Reading[str]:
    """A virtual machine named by the firmware (SystemManufacturer / SystemProductName in the registry)."""
    where = f"{REGISTRY} HKLM\\{BIOS_KEY}"
    reg = load_winreg(winreg)
    if reg is None:
        return missing("cpu.hypervisor", ONLY_WINDOWS, where)
    try:
        key = reg.OpenKey(reg.HKEY_LOCAL_MACHINE, BIOS_KEY)
    except OSError:
        return missing("cpu.hypervisor", NOT_EXPOSED, where)
    with key:
        vendor = _text(_value(reg, key, "SystemManufacturer")) or ""
        product = _text(_value(reg, key, "SystemProductName")) or ""
    if is_vm_firmware(vendor, product):
        return found("cpu.hypervisor", " ".join(x for x in (vendor, product) if x),
                     f"{where} SystemManufacturer, SystemProductName")
    return missing("cpu.hypervisor", NO_HYPERVISOR, f"{where} SystemManufacturer, SystemProductName")


# OS ---------------------------------------------------------------------------------------------


def windows_name(build: int) -> str:
    """The Windows release from its build: 22000 and later is Windows 11 (platform.release() says "10"
    there before Python 3.12), 10240 and later Windows 10."""
    if build >= WINDOWS_11_BUILD:
        return "Windows 11"
    if build >= 10240:
        return "Windows 10"
    if build >= 9600:
        return "Windows 8.1"
    return f"Windows (build {build})"


def os_readings(version_info: Any = None, winreg: Any = None) -> dict[str, Reading[str]]:
    """Name ("Windows 11 23H2"), version ("10.0.22631.4317") and build ("22631").

    ``version_info`` is ``sys.getwindowsversion()`` (major, minor, build), or a fake.
    """
    build = getattr(version_info, "build", None)
    major, minor = getattr(version_info, "major", 10), getattr(version_info, "minor", 0)
    reg = load_winreg(winreg)
    display = ubr = None
    if reg is not None:
        try:
            key = reg.OpenKey(reg.HKEY_LOCAL_MACHINE, VERSION_KEY)
        except OSError:
            key = None
        if key is not None:
            with key:
                display = _text(_value(reg, key, "DisplayVersion")) or _text(_value(reg, key, "ReleaseId"))
                ubr = _as_int(_value(reg, key, "UBR"))
                if build is None:
                    raw = _text(_value(reg, key, "CurrentBuildNumber"))
                    build = int(raw) if raw and raw.isdigit() else None
    if build is None:
        return {"name": found("os.name", "Windows", "platform.system()"),
                "version": missing("os.version", NOT_EXPOSED, "sys.getwindowsversion()"),
                "build": missing("os.build", NOT_EXPOSED, "sys.getwindowsversion()")}
    name = windows_name(build)
    name_source = f"sys.getwindowsversion().build {build} {'≥' if build >= WINDOWS_11_BUILD else '<'} {WINDOWS_11_BUILD}"
    if display:
        name, name_source = f"{name} {display}", f"{name_source}; {REGISTRY} DisplayVersion"
    version = f"{major}.{minor}.{build}" + (f".{ubr}" if ubr is not None else "")
    return {
        "name": found("os.name", name, name_source),
        "version": found("os.version", version,
                         "sys.getwindowsversion()" + (f", {REGISTRY} UBR" if ubr is not None else "")),
        "build": found("os.build", str(build), "sys.getwindowsversion().build"),
    }
