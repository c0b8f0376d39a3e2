"""Vendor and device tables shared by the probes (PCI ids, x86 vendor strings, ARM cores)."""

from __future__ import annotations

import re

# Common ARM cores (Linux arch/arm64/include/asm/cputype.h): implementer 0x41 (Arm Ltd.), part id.
ARM_PARTS: dict[int, str] = {
    0xD03: "Cortex-A53", 0xD04: "Cortex-A35", 0xD05: "Cortex-A55", 0xD07: "Cortex-A57", 0xD08: "Cortex-A72",
    0xD09: "Cortex-A73", 0xD0A: "Cortex-A75", 0xD0B: "Cortex-A76", 0xD0C: "Neoverse-N1", 0xD0D: "Cortex-A77",
    0xD40: "Neoverse-V1", 0xD41: "Cortex-A78", 0xD44: "Cortex-X1", 0xD46: "Cortex-A510", 0xD47: "Cortex-A710",
    0xD48: "Cortex-X2", 0xD49: "Neoverse-N2", 0xD4F: "Neoverse-V2", 0xD80: "Cortex-A520", 0xD81: "Cortex-A720",
}
ARM_IMPLEMENTERS: dict[int, str] = {
    0x41: "ARM", 0x42: "Broadcom", 0x43: "Cavium", 0x4E: "NVIDIA", 0x51: "Qualcomm", 0x61: "Apple",
    0x69: "Intel", 0xC0: "Ampere",
}
X86_VENDORS: dict[str, str] = {"GenuineIntel": "Intel", "AuthenticAMD": "AMD", "HygonGenuine": "Hygon",
                               "CentaurHauls": "Centaur", "Shanghai": "Zhaoxin"}


PCI_VENDORS: dict[str, str] = {"0x1002": "AMD", "0x8086": "Intel", "0x10de": "NVIDIA"}
VIRTUAL_DISPLAY_VENDORS: dict[str, str] = {
    "0x1af4": "virtio-gpu", "0x15ad": "VMware SVGA", "0x1234": "QEMU/Bochs VGA", "0x1b36": "QXL",
    "0x1414": "Hyper-V video", "0x80ee": "VirtualBox VGA", "0x1013": "Cirrus VGA", "0x1a03": "ASPEED BMC VGA",
}

def normalize_bus_id(bus: str | bytes | None) -> str | None:
    """"00000000:01:00.0" (NVML) and "0000:01:00.0" (sysfs) -> "0000:01:00.0"."""
    if bus is None:
        return None
    if isinstance(bus, bytes):
        bus = bus.decode(errors="replace")
    bus = bus.strip().lower()
    match = re.match(r"^([0-9a-f]+):([0-9a-f]{2}):([0-9a-f]{2})\.([0-7])$", bus)
    if not match:
        return bus or None
    return f"{int(match.group(1), 16):04x}:{match.group(2)}:{match.group(3)}.{match.group(4)}"


def guess_integrated(vendor: str | None, name: str | None, device_id: str | None) -> bool | None:
    """Whether a GPU shares the system RAM; None when the ids and name cannot tell."""
    text = name or ""
    if vendor == "Intel":
        dev = (device_id or "").lower()
        discrete = "Arc" in text or "Data Center GPU" in text or dev.startswith(("0x56", "0xe2"))
        return not discrete
    if vendor == "NVIDIA":
        return "Tegra" in text or "Orin" in text
    if vendor == "AMD":
        if re.search(r"\bRX\b|Radeon Pro|Instinct|FirePro|Navi \d\d|Vega (?:56|64)", text):
            return False
        if re.search(r"Radeon(?:\(TM\))? (?:\d+M |Vega \d+ )?Graphics|Renoir|Cezanne|Rembrandt|Phoenix|Barcelo|Lucienne|Picasso|Raven|Van Gogh|Mendocino|Strix", text):
            return True
    return None


_VM_MAKERS = ("QEMU", "innotek", "VMware", "Xen", "Amazon EC2", "Parallels", "Red Hat", "DigitalOcean", "Hetzner",
              "OpenStack", "Bochs", "BHYVE", "Nutanix", "oVirt", "Proxmox")
_VM_PRODUCTS = ("VirtualBox", "VMware", "KVM", "Google Compute Engine", "HVM domU", "Standard PC", "OpenStack",
                "Parallels", "BHYVE", "Bochs", "Cloud Hypervisor")


def is_vm_firmware(vendor: str, product: str) -> bool:
    """Whether the firmware's maker / product names (DMI, or the registry's BIOS key) are a VM's."""
    if vendor.startswith("Microsoft") and product == "Virtual Machine":  # Hyper-V; Surface laptops say Microsoft too
        return True
    return vendor.startswith(_VM_MAKERS) or product.startswith(_VM_PRODUCTS)
