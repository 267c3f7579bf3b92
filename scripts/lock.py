"""Regenerate requirements/lock.txt and requirements/build.txt, every line pinned with its sha256.

    python3 scripts/lock.py                      # re-pin with hashes, keeping the versions locked today
    python3 scripts/lock.py --upgrade-package X  # let X (and what it needs) move to the newest allowed
    python3 scripts/lock.py --upgrade            # resolve everything afresh

`make` installs both files with ``pip install --require-hashes``, so a file on the index that changed
after it was locked is refused. The script uses only pip and the standard library: in a scratch venv made
with the same python3, ``pip install --dry-run --ignore-installed --report`` resolves requirements/build.in
and requirements/base.in and gives each distribution's file and archive hash. Versions already in the old
lock are kept (passed as constraints) unless released with --upgrade/--upgrade-package. The resolution is
run twice, against the configured indexes (as `make` will see them on this machine) and against pip's
default index alone (no config files, no find-links), and the hashes of both are kept, so the lock holds
on a machine with or without a local mirror.

The hashes cover the files pip picks for the interpreter and platform that ran this script (wheels for
CPython 3.11 on Linux x86_64 here); a machine of another platform or Python needs the script re-run there.
pip itself is left out: `python3 -m venv` installs it from Python's own bundle, nothing is downloaded.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQ = ROOT / "requirements"
# Installed by `python3 -m venv` from the interpreter's own bundle, never downloaded by `make`.
NOT_LOCKED = {"pip"}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path: Path) -> dict[str, str]:
    """name -> version of a lock file's ``name==version`` lines (hashes and comments ignored)."""
    out: dict[str, str] = {}
    if not path.exists():
        return out
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        spec = line.split()[0]
        if "==" in spec:
            name, version = spec.split("==", 1)
            name = name.split("[", 1)[0]
            out[canonical(name)] = version
    return out


def resolve(
    python: Path, requirements: Path, constraints: dict[str, str], *, default_index_only: bool
) -> dict[str, tuple[str, str, set[str]]]:
    """canonical name -> (name, version, sha256 hashes) of every distribution pip would install."""
    with tempfile.TemporaryDirectory() as tmp:
        cons = Path(tmp) / "constraints.txt"
        cons.write_text("".join(f"{n}=={v}\n" for n, v in sorted(constraints.items())))
        report = Path(tmp) / "report.json"
        env = dict(os.environ)
        if default_index_only:
            env["PIP_CONFIG_FILE"] = os.devnull
            for key in ("PIP_FIND_LINKS", "PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_NO_INDEX"):
                env.pop(key, None)
        cmd = [str(python), "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet"]
        cmd += ["--disable-pip-version-check", "--only-binary=:all:", "--report", str(report)]
        cmd += ["-r", str(requirements), "-c", str(cons)]
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            sys.stderr.write(proc.stderr)
            raise SystemExit(
                f"lock.py: pip could not resolve {requirements.name}"
                + (" on the default index" if default_index_only else "")
                + "; if a locked version stands in the way, release it with --upgrade-package NAME"
            )
        data = json.loads(report.read_text())
    out: dict[str, tuple[str, str, set[str]]] = {}
    for item in data["install"]:
        meta = item["metadata"]
        hashes = item["download_info"].get("archive_info", {}).get("hashes", {})
        if "sha256" not in hashes:
            raise SystemExit(f"lock.py: no sha256 for {meta['name']} {meta['version']}")
        out[canonical(meta["name"])] = (meta["name"], meta["version"], {hashes["sha256"]})
    extras = requested_extras(data["install"])
    for key, (name, version, hashes) in out.items():
        if extras.get(key):
            out[key] = (f"{name}[{','.join(sorted(extras[key]))}]", version, hashes)
    return out


def requested_extras(install: list[dict]) -> dict[str, set[str]]:
    """canonical name -> the extras some installed distribution asks of it (weasel needs smart-open[http]).

    In --require-hashes mode pip wants such a requirement pinned with its extra, so the lock names it."""
    from pip._vendor.packaging.requirements import Requirement

    requires = {canonical(i["metadata"]["name"]): i["metadata"].get("requires_dist") or [] for i in install}
    active: dict[str, set[str]] = {name: set() for name in requires}
    for item in install:
        if item.get("requested_extras"):
            active[canonical(item["metadata"]["name"])].update(item["requested_extras"])
    changed = True
    while changed:
        changed = False
        for name, reqs in requires.items():
            for spec in reqs:
                req = Requirement(spec)
                dep = canonical(req.name)
                if not req.extras or dep not in active:
                    continue
                wanted = any(
                    req.marker is None or req.marker.evaluate({"extra": e}) for e in {"", *active[name]}
                )
                if wanted and not set(req.extras) <= active[dep]:
                    active[dep].update(req.extras)
                    changed = True
    return active


def locked(python: Path, requirements: Path, keep: dict[str, str]) -> dict[str, tuple[str, str, set[str]]]:
    """Resolve on the configured indexes, then with the same versions on the default index; union of hashes."""
    first = resolve(python, requirements, keep, default_index_only=False)
    exact = {n: v for n, (_, v, _) in first.items()}
    try:
        second = resolve(python, requirements, exact, default_index_only=True)
    except SystemExit as exc:
        print(f"{exc}; keeping the configured indexes' hashes only", file=sys.stderr)
        second = {}
    for key, (_, version, hashes) in second.items():
        if key in first and first[key][1] == version:
            first[key][2].update(hashes)
    return {k: v for k, v in first.items() if k not in NOT_LOCKED}


def write(path: Path, source: str, dists: dict[str, tuple[str, str, set[str]]]) -> None:
    impl = f"CPython {sys.version_info.major}.{sys.version_info.minor}"
    head = [
        f"# Generated by scripts/lock.py from requirements/{source}; do not edit (see README, Upgrading a dependency).",
        f"# Hashes are of the files pip picks for {impl} on {sys.platform} {os.uname().machine}; pip is left out",
        "# (python3 -m venv installs it from Python's own bundle). Installed with pip install --require-hashes.",
    ]
    lines = []
    for _, (name, version, hashes) in sorted(dists.items()):
        pinned = " ".join(f"--hash=sha256:{h}" for h in sorted(hashes))
        if "[" in name:
            # the bare name too: another package's plain `lxml>=6.1.3` is resolved under the bare name,
            # which the extras line alone leaves unpinned, so pip took the newest release and refused it
            lines.append(f"{name.split('[', 1)[0]}=={version} {pinned}")
        lines.append(f"{name}=={version} {pinned}")
    path.write_text("\n".join(head + lines) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--upgrade", action="store_true", help="ignore the old lock: newest allowed versions")
    ap.add_argument(
        "--upgrade-package", action="append", default=[], metavar="NAME", help="release NAME's pin"
    )
    args = ap.parse_args()
    released = {canonical(n) for n in args.upgrade_package}
    old = {} if args.upgrade else {**pins(REQ / "build.txt"), **pins(REQ / "lock.txt")}
    keep = {n: v for n, v in old.items() if n not in released}
    with tempfile.TemporaryDirectory() as tmp:
        # a fresh venv of this interpreter: the pip and the platform tags `make` gets
        subprocess.run([sys.executable, "-m", "venv", tmp], check=True)
        python = Path(tmp) / "bin" / "python"
        build = locked(python, REQ / "build.in", keep)
        # the runtime lock agrees with the build tools on shared packages (e.g. packaging)
        base = locked(python, REQ / "base.in", {**keep, **{n: v for n, (_, v, _) in build.items()}})
    write(REQ / "build.txt", "build.in", build)
    write(REQ / "lock.txt", "base.in", base)
    moved = sorted(n for n, (_, v, _) in {**build, **base}.items() if n in old and old[n] != v)
    print(
        f"lock.py: {len(build)} build and {len(base)} runtime distributions pinned with hashes",
        file=sys.stderr,
    )
    for name in moved:
        print(f"lock.py: {name} {old[name]} -> {({**build, **base})[name][1]}", file=sys.stderr)


if __name__ == "__main__":
    main()
