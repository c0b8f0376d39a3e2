"""The live sampler: cpu_percent from one thread only, priming, history, GPUs, stopping."""

from __future__ import annotations

import threading
import time

import pytest

from ds_tui.hardware.sampler import Sample, Sampler, SamplerThread
from tests.hardware_fixtures import GIB, TWO_NVIDIA, FakePsutil, Freq, amd_and_intel, fake_nvml


def wait_for(predicate, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.01)


def test_first_sample_primes_and_has_no_cpu_figures():
    ps = FakePsutil(cpus=4, freq=Freq(2900.0, 0.0, 0.0))
    sampler = Sampler(ps, gpus=False)
    first = sampler.sample()
    assert first.per_cpu_percent is None and first.cpu_percent is None
    second = sampler.sample()
    assert second.per_cpu_percent == (25.0, 25.0, 25.0, 25.0) and second.cpu_percent == 25.0
    assert second.clock_mhz == 2900.0
    assert second.memory_total_bytes == 16 * GIB and second.memory_used_bytes == 8 * GIB
    assert second.swap_used_bytes == 2 * GIB // 8


def test_prime_then_sample_measures_at_once():
    sampler = Sampler(FakePsutil(cpus=2), gpus=False)
    sampler.prime()
    assert sampler.sample().per_cpu_percent == (25.0, 25.0)


def test_sampler_refuses_a_second_thread():
    ps = FakePsutil()
    sampler = Sampler(ps, gpus=False)
    sampler.sample()
    errors = []

    def other():
        try:
            sampler.sample()
        except RuntimeError as error:
            errors.append(error)

    t = threading.Thread(target=other)
    t.start()
    t.join()
    assert len(errors) == 1 and "thread that called it first" in str(errors[0])
    assert set(ps.percent_threads) == {threading.get_ident()}


def test_clock_missing_when_psutil_has_none():
    sampler = Sampler(FakePsutil(freq=None), gpus=False)
    sampler.sample()
    assert sampler.sample().clock_mhz is None


def test_sampler_thread_calls_cpu_percent_from_its_own_thread_only():
    ps = FakePsutil(cpus=2)
    received: list[Sample] = []
    thread = SamplerThread(0.02, received.append, history_size=3,
                           sampler_factory=lambda: Sampler(ps, gpus=False)).start()
    try:
        wait_for(lambda: len(received) >= 5)
    finally:
        thread.stop()
    assert not thread.running and thread.error is None
    assert len(set(ps.percent_threads)) == 1
    assert ps.percent_threads[0] != threading.get_ident()
    assert all(s.per_cpu_percent == (25.0, 25.0) for s in received)  # the priming sample is not delivered
    assert len(thread.history) == 3 and thread.latest is thread.history[-1]
    stamps = [s.monotonic for s in thread.history]
    assert stamps == sorted(stamps)


def test_sampler_thread_survives_a_failing_callback():
    calls = []

    def callback(sample):
        calls.append(sample)
        raise RuntimeError("the screen went away")

    thread = SamplerThread(0.02, callback, sampler_factory=lambda: Sampler(FakePsutil(), gpus=False)).start()
    try:
        wait_for(lambda: len(calls) >= 3)
    finally:
        thread.stop()
    assert isinstance(thread.callback_error, RuntimeError) and thread.error is None


def test_sampler_thread_records_what_stopped_it():
    def broken_factory():
        raise OSError("no /proc")

    thread = SamplerThread(0.02, sampler_factory=broken_factory).start()
    wait_for(lambda: not thread.running)
    assert isinstance(thread.error, OSError)


def test_interval_must_be_positive():
    with pytest.raises(ValueError):
        SamplerThread(0)


def test_nvidia_gpus_in_samples_and_nvml_closed_on_stop():
    fake = fake_nvml(gpus=TWO_NVIDIA)
    thread = SamplerThread(0.02, sampler_factory=lambda: Sampler(FakePsutil(), nvml=fake, drm_root=None)).start()
    try:
        wait_for(lambda: thread.latest is not None)
    finally:
        thread.stop()
    gpu0, gpu1 = thread.latest.gpus
    assert gpu0.name == "NVIDIA GeForce RTX 3060 Laptop GPU" and gpu0.utilization_percent == 42.0
    assert gpu0.temperature_c == 61.0 and gpu0.power_w == 35.5 and gpu0.source == "NVML"
    assert gpu1.power_w is None
    assert fake.state["shutdown"] == fake.state["init"] == 1


def test_amd_gpu_figures_from_sysfs(tmp_path):
    amd_and_intel(tmp_path)
    sampler = Sampler(FakePsutil(), nvml=fake_nvml(init_error="NVMLError_LibraryNotFound"), drm_root=tmp_path)
    sampler.sample()
    (gpu,) = sampler.sample().gpus  # the Intel iGPU has no gpu_busy_percent
    assert gpu.utilization_percent == 37 and gpu.memory_used_bytes == GIB and gpu.memory_total_bytes == 12 * GIB
    assert gpu.source.startswith("sysfs")


def test_real_psutil_sampler_on_this_machine():
    sampler = Sampler(gpus=False)
    sampler.prime()
    time.sleep(0.05)
    sample = sampler.sample()
    assert sample.per_cpu_percent is not None and len(sample.per_cpu_percent) >= 1
    assert all(0.0 <= p <= 100.0 for p in sample.per_cpu_percent)
    assert sample.memory_total_bytes and sample.memory_available_bytes
