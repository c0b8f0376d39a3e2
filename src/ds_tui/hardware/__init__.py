"""This machine's hardware: a static probe (once, in a worker thread), a live sampler, the GPU chain,
advice and reports. Plain Python: nothing here imports Textual.

    report = probe_static()                 # cached; call it from a worker thread
    advice = advise(report)
    as_json(report), as_text(report, "vi"), as_markdown(report, "vi")
    sampler = SamplerThread(1.0, callback).start()   # callback(sample) runs on the sampler thread
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ds_tui.hardware.strings import STRINGS as _STRINGS
from ds_tui.i18n import register as _register

_register(_STRINGS, "ds_tui.hardware.strings")  # the report's strings join ds_tui.i18n

if TYPE_CHECKING:
    from ds_tui.hardware.advice import KIND_TITLES, KINDS, Advice, advise
    from ds_tui.hardware.fields import FIELDS, Field, format_bytes, format_value
    from ds_tui.hardware.model import CPU, GPU, Cache, HardwareReport, Memory, OSInfo, ProbeNote, PythonInfo, Reading
    from ds_tui.hardware.probe import build_report, cached_report, clear_cache, probe_cpuinfo_fallback, probe_static
    from ds_tui.hardware.report import as_json, as_markdown, as_text
    from ds_tui.hardware.sampler import GpuSample, Sample, Sampler, SamplerThread

# name -> the module that defines it. Imported on first use (PEP 562): the app needs only the sampler
# and the machine source before its first frame, not the probe, the advice or the reports
_EXPORTS = {
    "Advice": "advice", "CPU": "model", "Cache": "model", "FIELDS": "fields", "Field": "fields", "GPU": "model",
    "GpuSample": "sampler", "HardwareReport": "model", "KINDS": "advice", "KIND_TITLES": "advice",
    "Memory": "model", "OSInfo": "model", "ProbeNote": "model", "PythonInfo": "model", "Reading": "model",
    "Sample": "sampler", "Sampler": "sampler", "SamplerThread": "sampler", "advise": "advice", "as_json": "report",
    "as_markdown": "report", "as_text": "report", "build_report": "probe", "cached_report": "probe",
    "clear_cache": "probe", "format_bytes": "fields", "format_value": "fields", "probe_cpuinfo_fallback": "probe",
    "probe_static": "probe",
}

__all__ = [
    "CPU", "FIELDS", "GPU", "KINDS", "KIND_TITLES", "Advice", "Cache", "Field", "GpuSample", "HardwareReport",
    "Memory", "OSInfo", "ProbeNote", "PythonInfo", "Reading", "Sample", "Sampler", "SamplerThread", "advise",
    "as_json", "as_markdown", "as_text", "build_report", "cached_report", "clear_cache", "format_bytes",
    "format_value", "probe_cpuinfo_fallback", "probe_static",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
