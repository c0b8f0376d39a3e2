"""The GPU chain: NVML, then the OS's own view (Linux DRM, Windows registry/CIM, macOS ioreg/system_profiler).

NVML knows NVIDIA cards best (memory, driver, CUDA); the OS step then adds the cards NVML does not
cover (AMD, Intel, Apple) and skips the NVIDIA ones NVML already reported. Each step leaves a
:class:`ProbeNote`, so "no dedicated GPU" comes with what was tried.
"""

from __future__ import annotations

import platform
from collections import Counter
from pathlib import Path
from typing import Any

from ds_tui.hardware import linux
from ds_tui.hardware.commands import Runner
from ds_tui.hardware.model import GPU, ProbeNote
from ds_tui.hardware.nvml import SOURCE as NVML
from ds_tui.hardware.nvml import probe_nvml
from ds_tui.i18n import Text

NO_GPU = Text(vi="không tìm thấy GPU nào", en="no GPU found")
NO_DEDICATED_GPU = Text(vi="không có GPU rời (chỉ có GPU tích hợp)", en="no dedicated GPU (integrated graphics only)")


def probe_gpus(system: str | None = None, *, nvml: Any = None, root: Path = Path("/"), winreg: Any = None,
               runner: Runner | None = None, apple_silicon: bool | None = None,
               ) -> tuple[tuple[GPU, ...], tuple[ProbeNote, ...]]:
    """Every GPU found, and a note per step of the chain. Never raises."""
    system = (system or platform.system()).lower()
    notes: list[ProbeNote] = []
    gpus: list[GPU] = []
    if system == "darwin":
        notes.append(ProbeNote(NVML, Text(vi="macOS không có driver NVIDIA (CUDA)", en="macOS has no NVIDIA (CUDA) driver")))
        reason = None
    else:
        nv = probe_nvml(nvml)
        reason = nv.reason
        gpus.extend(nv.gpus)
        if nv.available:
            notes.append(ProbeNote(NVML, Text(
                vi=f"{len(nv.gpus)} GPU NVIDIA, driver {nv.driver or '?'}, CUDA {nv.cuda or '?'}",
                en=f"{len(nv.gpus)} NVIDIA GPU{'' if len(nv.gpus) == 1 else 's'}, driver {nv.driver or '?'}, CUDA {nv.cuda or '?'}")))
        else:
            notes.append(ProbeNote(NVML, reason or Text(vi="không chạy", en="unavailable")))
    if system == "linux":
        more, more_notes = linux.drm_gpus(root, skip_bus_ids={g.bus_id for g in gpus if g.bus_id}, nvidia_reason=reason)
    elif system == "windows":
        from ds_tui.hardware import windows  # lazy: each OS's module only on that OS (ctypes, plistlib stay out)

        seen = Counter((g.vendor_id.value, g.device_id.value) for g in gpus if g.vendor_id.value and g.device_id.value)
        more, more_notes = windows.registry_gpus(winreg, skip=seen, nvidia_reason=reason)
        if not more:
            cim, cim_notes = windows.cim_gpus(runner, skip=seen, nvidia_reason=reason)
            more, more_notes = cim, more_notes + cim_notes
    elif system == "darwin":
        from ds_tui.hardware import macos  # lazy: each OS's module only on that OS (ctypes, plistlib stay out)

        if apple_silicon is None:
            apple_silicon = platform.machine() == "arm64"
        more, more_notes = macos.gpus(runner, apple_silicon)
    else:
        more, more_notes = [], [ProbeNote(system, Text(vi="chưa hỗ trợ dò GPU trên hệ điều hành này",
                                                       en="GPU probing is not supported on this OS"))]
    gpus.extend(more)
    notes.extend(more_notes)
    if not gpus:
        notes.append(ProbeNote("result", NO_GPU))
    elif not any(g.dedicated for g in gpus) and all(g.integrated for g in gpus):
        notes.append(ProbeNote("result", NO_DEDICATED_GPU))
    return tuple(gpus), tuple(notes)
