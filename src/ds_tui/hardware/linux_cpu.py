"""Linux CPU probes: /proc/cpuinfo (model, vendor, flags) and the clocks (cpufreq, or the model name's
"@ 3.10GHz").
"""

from __future__ import annotations

import re
from pathlib import Path

from ds_tui.hardware.ids import ARM_IMPLEMENTERS, ARM_PARTS, X86_VENDORS
from ds_tui.hardware.linux_read import ROOT, cpu_dirs, parse_int, read
from ds_tui.hardware.model import NOT_EXPOSED, Reading, found, missing
from ds_tui.lessons.model import Text

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
    implementer, part = parse_int(fields.get("CPU implementer")), parse_int(fields.get("CPU part"))
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
    implementer = parse_int(fields.get("CPU implementer"))
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


# Clocks -----------------------------------------------------------------------------------------

_AT_GHZ = re.compile(r"@\s*(\d+(?:\.\d+)?)\s*GHz", re.IGNORECASE)


def clocks(root: Path = ROOT) -> tuple[Reading[float], Reading[float]]:
    """(base MHz, max MHz) from cpufreq / ACPI CPPC, or the "@ 3.10GHz" of an Intel model name."""
    cpus = [str(c.relative_to(root)) for c in cpu_dirs(root)]
    maxima = [v for c in cpus if (v := parse_int(read(root, f"{c}/cpufreq/cpuinfo_max_freq")))]
    top: Reading[float]
    if maxima:
        top = found("cpu.max_mhz", max(maxima) / 1000, "sysfs cpufreq/cpuinfo_max_freq")
    else:
        top = missing("cpu.max_mhz", NOT_EXPOSED, "sysfs cpufreq/cpuinfo_max_freq")
    base: Reading[float] = missing("cpu.base_mhz", NOT_EXPOSED, "sysfs cpufreq/base_frequency")
    if cpus:
        if khz := parse_int(read(root, f"{cpus[0]}/cpufreq/base_frequency")):
            base = found("cpu.base_mhz", khz / 1000, "sysfs cpufreq/base_frequency")
        elif mhz := parse_int(read(root, f"{cpus[0]}/acpi_cppc/nominal_freq")):
            base = found("cpu.base_mhz", float(mhz), "sysfs acpi_cppc/nominal_freq")
    if base.value is None:
        model = cpuinfo_fields(root).get("model name", "")
        if match := _AT_GHZ.search(model):
            base = found("cpu.base_mhz", float(match.group(1)) * 1000, "/proc/cpuinfo model name (\"@ …GHz\")")
    return base, top
