"""Linux GPUs through DRM (/sys/class/drm, named from pci.ids) and the live figures of AMD cards.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ds_tui.hardware.ids import PCI_VENDORS, VIRTUAL_DISPLAY_VENDORS, guess_integrated, normalize_bus_id
from ds_tui.hardware.linux_read import ROOT, parse_int, read, shown
from ds_tui.hardware.model import GPU, NO_CUDA, NOT_EXPOSED, ProbeNote, found, missing
from ds_tui.lessons.model import Text

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
        vram = parse_int(read(root, f"{rel}/mem_info_vram_total"))
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
