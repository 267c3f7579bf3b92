"""The supply chain `make` installs: every requirement pinned to one version with its sha256, and the
Makefile installing each of these files with --require-hashes, so a changed file on the index is refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOCKED = ["build.txt", "lock.txt", "model.txt"]
LINE = re.compile(
    r"^[A-Za-z0-9][A-Za-z0-9._-]*(?:\[[A-Za-z0-9._,-]+\])?==[A-Za-z0-9.+!_-]+(?:\s+--hash=sha256:[0-9a-f]{64})+$"
)


def requirement_lines(name: str) -> list[str]:
    lines = []
    for raw in (ROOT / "requirements" / name).read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            lines.append(line)
    return lines


@pytest.mark.parametrize("name", LOCKED)
def test_every_requirement_is_pinned_with_a_sha256(name: str) -> None:
    lines = requirement_lines(name)
    assert lines, name
    bad = [line for line in lines if not LINE.match(line)]
    assert not bad, (name, bad)
    names = [re.sub(r"[-_.]+", "-", line.split("==")[0]).lower() for line in lines]
    assert len(names) == len(set(names)), (name, "a distribution pinned twice")
    pins = {n: line.split("==", 1)[1] for n, line in zip(names, lines, strict=True)}
    for key, pin in pins.items():
        if "[" in key:
            # pip resolves another package's plain requirement of it under the bare name: pinned there too
            assert pins.get(key.split("[")[0]) == pin, (name, key, "the bare name is not pinned the same")


def pip_installs() -> dict[str, str]:
    """requirements file -> the Makefile's pip install line for it."""
    out: dict[str, str] = {}
    for line in (ROOT / "Makefile").read_text().splitlines():
        if "pip install" in line:
            for m in re.finditer(r"-r\s+requirements/(\S+)", line):
                out[m.group(1)] = line
    return out


@pytest.mark.parametrize("name", LOCKED)
def test_the_makefile_installs_each_locked_file_with_require_hashes(name: str) -> None:
    installs = pip_installs()
    assert name in installs, f"the Makefile installs no requirements/{name}"
    assert "--require-hashes" in installs[name].split(), installs[name]


def test_the_makefile_installs_no_requirements_file_unhashed() -> None:
    assert set(pip_installs()) <= set(LOCKED), pip_installs()


def test_the_lock_covers_the_top_level_pins() -> None:
    """Every top-level pin of base.in and build.in is in its lock at the same version."""
    for source, lock in (("base.in", "lock.txt"), ("build.in", "build.txt")):
        locked = dict(line.split()[0].split("==") for line in requirement_lines(lock))
        locked = {re.sub(r"[-_.]+", "-", k.split("[")[0]).lower(): v for k, v in locked.items()}
        for line in requirement_lines(source):
            name, version = line.split()[0].split("==")
            assert locked.get(re.sub(r"[-_.]+", "-", name).lower()) == version, (source, line)
