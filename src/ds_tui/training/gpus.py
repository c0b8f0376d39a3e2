"""GPU memory presets for the fit check.

Vendors sell GPU memory in binary units called "GB": an "80 GB" A100 holds 80 GiB = 80 × 2³⁰ bytes
(85.9 GB in the decimal units the calculators print). The presets store those real byte counts; a hardware
probe passes its own figure (e.g. NVML's total) straight to :func:`ds_tui.training.memory.fits`.
Sources: NVIDIA product specifications; the RTX 3060 Laptop GPU has 6 GB, the desktop RTX 3060 12 GB.
"""

from __future__ import annotations

from dataclasses import dataclass

from ds_tui.i18n import Text
from ds_tui.training.units import GIB, CalcError


@dataclass(frozen=True, slots=True)
class GpuPreset:
    key: str
    name: str  # without the memory size: "RTX 3060 Laptop"
    memory_gib: int  # the size as sold ("6 GB")

    @property
    def memory_bytes(self) -> int:
        return self.memory_gib * GIB

    @property
    def label(self) -> str:
        """The name as sold: "A100 80 GB"."""
        return f"{self.name} {self.memory_gib} GB"


GPU_PRESETS: dict[str, GpuPreset] = {p.key: p for p in (
    GpuPreset("rtx3060-laptop", "RTX 3060 Laptop", 6),
    GpuPreset("rtx3060", "RTX 3060", 12),
    GpuPreset("v100-16", "V100", 16),
    GpuPreset("v100-32", "V100", 32),
    GpuPreset("a100-40", "A100", 40),
    GpuPreset("a100-80", "A100", 80),
    GpuPreset("h100-80", "H100", 80),
)}

_ALIASES = {"v100": "v100-32", "a100": "a100-80", "h100": "h100-80"}


def gpu_preset(name: str) -> GpuPreset:
    """A preset by key (``a100-80``), label (``A100 80 GB``) or bare name for the common size (``h100``)."""
    wanted = "".join(ch for ch in name.lower() if ch.isalnum())
    for key, preset in GPU_PRESETS.items():
        forms = {key, preset.label.lower(), f"{preset.name} {preset.memory_gib}".lower()}
        if wanted in {"".join(ch for ch in form if ch.isalnum()) for form in forms}:
            return preset
    for alias, key in _ALIASES.items():
        if wanted == alias:
            return GPU_PRESETS[key]
    raise CalcError(Text(vi=f"không có GPU mẫu {name!r}; có: {', '.join(GPU_PRESETS)}",
                         en=f"no GPU preset {name!r}; known: {', '.join(GPU_PRESETS)}"))
