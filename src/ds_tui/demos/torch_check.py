"""Whether PyTorch is installed, for the allreduce demo's torch-gloo run: looked up, never imported
(importing torch takes seconds and hundreds of MiB). A leaf, so the demo and its torch worker both ask it."""

from __future__ import annotations

import importlib.util


def torch_available() -> bool:
    try:
        return importlib.util.find_spec("torch") is not None
    except (ImportError, ValueError):
        return False
