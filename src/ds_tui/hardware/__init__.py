"""This machine's hardware: a static probe (once, in a worker thread), a live sampler, the GPU chain,
advice and reports. Plain Python: nothing here imports Textual.

    report = probe_static()                 # cached; call it from a worker thread
    advice = advise(report)
    as_json(report), as_text(report, "vi"), as_markdown(report, "vi")
    sampler = SamplerThread(1.0, callback).start()   # callback(sample) runs on the sampler thread
"""

from ds_tui.hardware.advice import KIND_TITLES, KINDS, Advice, advise
from ds_tui.hardware.fields import FIELDS, Field, format_bytes, format_value
from ds_tui.hardware.model import CPU, GPU, Cache, HardwareReport, Memory, OSInfo, ProbeNote, PythonInfo, Reading
from ds_tui.hardware.probe import build_report, cached_report, clear_cache, probe_cpuinfo_fallback, probe_static
from ds_tui.hardware.report import as_json, as_markdown, as_text
from ds_tui.hardware.sampler import GpuSample, Sample, Sampler, SamplerThread

__all__ = [
    "CPU", "FIELDS", "GPU", "KINDS", "KIND_TITLES", "Advice", "Cache", "Field", "GpuSample", "HardwareReport",
    "Memory", "OSInfo", "ProbeNote", "PythonInfo", "Reading", "Sample", "Sampler", "SamplerThread", "advise",
    "as_json", "as_markdown", "as_text", "build_report", "cached_report", "clear_cache", "format_bytes",
    "format_value", "probe_cpuinfo_fallback", "probe_static",
]
