"""The lock (constraints.txt) pins every dependency pyproject.toml names, within its range, so CI
installs the same versions on any machine until someone refreshes the lock on purpose."""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).parent.parent


def pins() -> dict[str, Version]:
    pinned: dict[str, Version] = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"{line!r} is not an exact pin"
            pinned[canonicalize_name(name)] = Version(version)
    return pinned


def declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    extras = project["project"]["optional-dependencies"]
    names = project["project"]["dependencies"] + extras["test"] + extras["lint"]
    names += project["build-system"]["requires"]
    return [Requirement(r) for r in names]


def test_every_declared_dependency_is_pinned_within_its_range():
    pinned = pins()
    for requirement in declared():
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{requirement} is not in constraints.txt: run .ci/refresh-lock"
        assert requirement.specifier.contains(pinned[name], prereleases=True), \
            f"constraints.txt pins {name}=={pinned[name]}, outside {requirement}"


def test_the_torch_pin_is_the_build_ci_installs():
    assert pins()["torch"] == Version("2.13.0")  # the CPU build on this kind of machine's disk


def test_what_is_installed_here_matches_the_lock_when_ci_installed_from_it():
    """In CI (PIP_CONSTRAINT set to the lock) the running environment is exactly the lock's."""
    import importlib.metadata as md
    import os

    if Path(os.environ.get("PIP_CONSTRAINT", "")).resolve() != (ROOT / "constraints.txt").resolve():
        import pytest

        pytest.skip("not installed from the lock (PIP_CONSTRAINT is not constraints.txt)")
    pinned = pins()
    for requirement in declared():
        name = canonicalize_name(requirement.name)
        if name == "hatchling":
            continue  # the build backend lives in pip's build environment, not here
        assert Version(md.version(requirement.name)).release == pinned[name].release, name
