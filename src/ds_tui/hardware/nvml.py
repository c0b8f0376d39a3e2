"""NVIDIA GPUs through NVML (the ``nvidia-ml-py`` package, imported as ``pynvml``).

Nothing here raises: an ImportError or any ``NVMLError`` (LibraryNotFound when no NVIDIA driver is
installed, DriverNotLoaded, NoPermission, ...) becomes "unavailable" with the reason. ``nvmlInit``
can take seconds when persistence mode is off, so call these from a worker thread. Tests pass a
fake module as ``nvml``.
"""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import dataclass, field
from typing import Any, TypedDict

from ds_tui.hardware.ids import normalize_bus_id
from ds_tui.hardware.model import GPU, found, missing
from ds_tui.i18n import Text

SOURCE = "NVML"

_REASONS: dict[str, Text] = {
    "NVMLError_LibraryNotFound": Text(vi="không tìm thấy thư viện NVML: chưa cài driver NVIDIA",
                                      en="NVML library not found: no NVIDIA driver installed"),
    "NVMLError_DriverNotLoaded": Text(vi="driver NVIDIA chưa được nạp (không có GPU NVIDIA, hoặc driver lỗi)",
                                      en="the NVIDIA driver is not loaded (no NVIDIA GPU, or a broken driver)"),
    "NVMLError_NoPermission": Text(vi="không có quyền truy cập GPU NVIDIA", en="no permission to access the NVIDIA GPU"),
    "NVMLError_LibRmVersionMismatch": Text(vi="thư viện NVML và driver lệch phiên bản (cần khởi động lại máy?)",
                                           en="NVML and the driver have different versions (reboot needed?)"),
}


def reason_for(error: BaseException | None) -> Text:
    """A bilingual reason for a failed NVML call."""
    if isinstance(error, ImportError):
        return Text(vi="chưa cài gói nvidia-ml-py (pynvml)", en="the nvidia-ml-py package (pynvml) is not installed")
    for cls in type(error).__mro__:
        if cls.__name__ in _REASONS:
            return _REASONS[cls.__name__]
    detail = str(error) or type(error).__name__
    return Text(vi=f"NVML báo lỗi: {detail}", en=f"NVML failed: {detail}")


def library_loads() -> bool:
    """Whether NVML's shared library can be loaded: what ``nvmlInit`` tries first (outside Windows).

    pynvml is a large module (~3 MiB resident with the ctypes structures it builds); on a machine
    without the NVIDIA driver it can only fail with LibraryNotFound, so it is not imported there."""
    if sys.platform.startswith("win"):
        return True  # pynvml looks in System32 and Program Files; let it
    import ctypes  # lazy: ctypes only to try loading the NVIDIA library

    try:
        ctypes.CDLL("libnvidia-ml.so.1")  # the name pynvml loads, found the same way (the loader's paths)
    except OSError:
        return False
    return True


def load(nvml: Any = None) -> tuple[Any, Text | None]:
    """The pynvml module (or the fake given), or None and why it cannot be imported or used."""
    if nvml is not None:
        return nvml, None
    if "pynvml" not in sys.modules and importlib.util.find_spec("pynvml") is not None and not library_loads():
        return None, _REASONS["NVMLError_LibraryNotFound"]
    try:
        import pynvml  # lazy: pynvml (~3 MiB) only where the NVIDIA library loads
    except Exception as error:  # ImportError, or a broken install
        return None, reason_for(error if isinstance(error, ImportError) else ImportError(str(error)))
    return pynvml, None


def _str(value: Any) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


def cuda_version(code: int) -> str:
    """NVML's CUDA version number as people write it: 12070 -> "12.7", 11080 -> "11.8"."""
    return f"{code // 1000}.{(code % 1000) // 10}"


class GpuFigures(TypedDict):
    """One GPU's figures at one moment (None: NVML could not say)."""

    utilization_percent: float | None
    memory_used_bytes: int | None
    memory_total_bytes: int | None
    temperature_c: float | None
    power_w: float | None


@dataclass(frozen=True)
class NvmlProbe:
    available: bool
    gpus: tuple[GPU, ...] = ()
    reason: Text | None = None  # why NVML is unavailable
    driver: str | None = None
    cuda: str | None = None


def _try(fn: Any, *args: Any) -> tuple[Any, BaseException | None]:
    try:
        return fn(*args), None
    except Exception as error:  # each NVML query may be NotSupported on some boards
        return None, error


def probe_nvml(nvml: Any = None) -> NvmlProbe:
    """The NVIDIA GPUs NVML reports, with driver and CUDA versions. Never raises."""
    module, reason = load(nvml)
    if module is None:
        return NvmlProbe(False, reason=reason)
    try:
        module.nvmlInit()
    except Exception as error:
        return NvmlProbe(False, reason=reason_for(error))
    try:
        return _probe(module)
    except Exception as error:
        return NvmlProbe(False, reason=reason_for(error))
    finally:
        _try(module.nvmlShutdown)


def _probe(m: Any) -> NvmlProbe:
    driver_raw, driver_err = _try(m.nvmlSystemGetDriverVersion)
    driver_text = _str(driver_raw) if driver_raw is not None else None
    cuda_code, cuda_err = _try(getattr(m, "nvmlSystemGetCudaDriverVersion_v2", None) or m.nvmlSystemGetCudaDriverVersion)
    if cuda_code is None and hasattr(m, "nvmlSystemGetCudaDriverVersion_v2"):
        cuda_code, cuda_err = _try(m.nvmlSystemGetCudaDriverVersion)
    cuda_text = cuda_version(int(cuda_code)) if cuda_code else None
    count = m.nvmlDeviceGetCount()
    gpus = []
    for index in range(count):
        handle = m.nvmlDeviceGetHandleByIndex(index)
        name_raw, name_err = _try(m.nvmlDeviceGetName, handle)
        name = (found("gpu.name", _str(name_raw), "NVML nvmlDeviceGetName") if name_raw is not None
                else missing("gpu.name", reason_for(name_err), SOURCE))
        mem, mem_err = _try(m.nvmlDeviceGetMemoryInfo, handle)
        memory = (found("gpu.memory_bytes", int(mem.total), "NVML nvmlDeviceGetMemoryInfo") if mem is not None
                  else missing("gpu.memory_bytes", reason_for(mem_err), SOURCE))
        pci, _ = _try(m.nvmlDeviceGetPciInfo, handle)
        vendor_id = device_id = bus = None
        if pci is not None:
            combined = int(getattr(pci, "pciDeviceId", 0) or 0)
            if combined:
                vendor_id, device_id = f"{combined & 0xFFFF:#06x}", f"{combined >> 16:#06x}"
            bus = normalize_bus_id(getattr(pci, "busId", None) or getattr(pci, "busIdLegacy", None))
        cores_fn = getattr(m, "nvmlDeviceGetNumGpuCores", None)
        cores_n, _ = _try(cores_fn, handle) if cores_fn else (None, None)
        no_pci = Text(vi="NVML không trả thông tin PCI", en="NVML gave no PCI information")
        gpus.append(GPU(
            name=name,
            vendor=found("gpu.vendor", "NVIDIA", SOURCE),
            vendor_id=found("gpu.vendor_id", vendor_id, "NVML nvmlDeviceGetPciInfo") if vendor_id
            else missing("gpu.vendor_id", no_pci, SOURCE),
            device_id=found("gpu.device_id", device_id, "NVML nvmlDeviceGetPciInfo") if device_id
            else missing("gpu.device_id", no_pci, SOURCE),
            memory_bytes=memory,
            driver=found("gpu.driver", driver_text, "NVML nvmlSystemGetDriverVersion") if driver_text
            else missing("gpu.driver", reason_for(driver_err) if driver_err else Text(en="empty", vi="rỗng"), SOURCE),
            cuda=found("gpu.cuda", cuda_text, "NVML nvmlSystemGetCudaDriverVersion_v2") if cuda_text
            else missing("gpu.cuda", reason_for(cuda_err) if cuda_err else Text(en="empty", vi="rỗng"), SOURCE),
            cores=found("gpu.cores", int(cores_n), "NVML nvmlDeviceGetNumGpuCores") if cores_n
            else missing("gpu.cores", Text(vi="NVML của driver này không báo số lõi",
                                           en="this driver's NVML does not report the core count"), SOURCE),
            source=SOURCE,
            integrated=False,
            bus_id=bus,
        ))
    return NvmlProbe(True, tuple(gpus), None, driver_text, cuda_text)


# Live figures ----------------------------------------------------------------------------------


@dataclass
class NvmlSampler:
    """Keeps NVML open and reads each GPU's live figures; open() and sample() never raise.

    NVML is initialised once (it can take seconds) and shut down by close(); use it from the
    sampler thread.
    """

    nvml: Any = None
    reason: Text | None = None
    _module: Any = field(default=None, repr=False)
    names: list[str | None] = field(default_factory=list)
    _handles: list[Any] = field(default_factory=list, repr=False)

    def open(self) -> bool:
        module, self.reason = load(self.nvml)
        if module is None:
            return False
        try:
            module.nvmlInit()
        except Exception as error:
            self.reason = reason_for(error)
            return False
        try:
            self._handles = [module.nvmlDeviceGetHandleByIndex(i) for i in range(module.nvmlDeviceGetCount())]
        except Exception as error:
            self.reason = reason_for(error)
            _try(module.nvmlShutdown)
            return False
        self._module = module
        self.names = [_str(n) if (n := _try(module.nvmlDeviceGetName, h)[0]) is not None else None
                      for h in self._handles]
        return True

    @property
    def is_open(self) -> bool:
        return self._module is not None

    def sample(self) -> list[GpuFigures]:
        """Per GPU: utilization_percent, memory_used_bytes, memory_total_bytes, temperature_c, power_w."""
        m = self._module
        if m is None:
            return []
        out: list[GpuFigures] = []
        for handle in self._handles:
            util, _ = _try(m.nvmlDeviceGetUtilizationRates, handle)
            mem, _ = _try(m.nvmlDeviceGetMemoryInfo, handle)
            temp, _ = _try(m.nvmlDeviceGetTemperature, handle, getattr(m, "NVML_TEMPERATURE_GPU", 0))
            power, _ = _try(m.nvmlDeviceGetPowerUsage, handle)  # milliwatts
            out.append({
                "utilization_percent": float(util.gpu) if util is not None else None,
                "memory_used_bytes": int(mem.used) if mem is not None else None,
                "memory_total_bytes": int(mem.total) if mem is not None else None,
                "temperature_c": float(temp) if temp is not None else None,
                "power_w": power / 1000 if power is not None else None,
            })
        return out

    def close(self) -> None:
        if self._module is not None:
            _try(self._module.nvmlShutdown)
            self._module = None
            self._handles = []
