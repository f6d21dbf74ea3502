"""Build the one-folder app for this platform, report its size, and smoke-run it.

    uv run --group packaging python packaging/build.py [--dist DIR] [--work DIR] [--no-smoke]
                                                        [--budget-mb MB]

The folder lands in ``dist/etprio/`` and is what the Windows installer (``windows/etprio.iss``)
packs; on Linux ``linux/install.sh`` installs it per user, and on any platform it can be
zipped and run where it is unpacked. The smoke run proves the frozen app, not the source
tree, works: the bundled resources are found, ``rank --demo`` prints JSON (with both
methods, so scikit-criteria is known to be bundled), and the windowed executable opens its
main window and quits (``ETPRIO_SMOKE_TEST=1`` under Qt's offscreen platform, so this runs
on a headless build machine too). The build fails when the folder outgrows its budget
(:data:`SIZE_BUDGET_MB`). ``tests/packaging`` reuses these helpers.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "etprio.spec"
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""
SMOKE_MARKER = "ETPRIO_SMOKE_TEST: visible windows ['"

# The Linux folder measured 364 MB once matplotlib and seaborn were left out (381 MB with
# them). The budget leaves room for a library update, not for a new dependency: growing
# past it means deciding, on purpose, that what was added is worth the download.
SIZE_BUDGET_MB = 375


def build(dist: Path, work: Path, *, without_skcriteria: bool = False) -> Path:
    """Run PyInstaller on the spec and return the built folder (``dist/etprio``).

    PyInstaller runs in a child process so that a failed build cannot leave half-imported
    hooks in this one, and with ``--noconfirm`` so a rebuild replaces the old folder.
    """
    env = dict(os.environ)
    if without_skcriteria:
        env["ETPRIO_NO_SKCRITERIA"] = "1"
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        str(SPEC),
        "--noconfirm",
        "--log-level=WARN",
        f"--distpath={dist}",
        f"--workpath={work}",
    ]
    subprocess.run(command, check=True, cwd=ROOT, env=env)
    return dist / "etprio"


def folder_size(folder: Path) -> int:
    """Bytes in all files under ``folder`` (symlinks counted once, as links)."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def size_by_component(folder: Path) -> Counter[str]:
    """Bytes per top-level entry of the app folder and of its ``_internal`` folder, so a
    report shows at a glance whether Qt, scipy or the Python archive dominates."""
    sizes: Counter[str] = Counter()
    internal = folder / "_internal"
    for path in folder.rglob("*"):
        if not (path.is_file() or path.is_symlink()):
            continue
        if path.is_relative_to(internal):
            inner = path.relative_to(internal).parts
            name = inner[0] if len(inner) > 1 else "(shared libraries and modules)"
            if inner[0] == "PySide6" and len(inner) > 3:
                name = "/".join(inner[:3])  # PySide6/Qt/lib, PySide6/Qt/plugins, ...
        else:
            name = f"{path.relative_to(folder).parts[0]} (executable + its Python archive)"
        sizes[name] += path.lstat().st_size
    return sizes


def megabytes(n: int) -> str:
    return f"{n / 1_000_000:7.1f} MB"


def report_size(folder: Path, top: int = 15, budget_mb: float = SIZE_BUDGET_MB) -> int:
    """Print the folder's total against its budget and its largest components; return the
    total in bytes."""
    total = folder_size(folder)
    files = sum(1 for p in folder.rglob("*") if p.is_file())
    print(f"\n{folder}: {megabytes(total).strip()} in {files} files (budget {budget_mb:.0f} MB)")
    for name, size in size_by_component(folder).most_common(top):
        print(f"  {megabytes(size)}  {name}")
    return total


def executable(folder: Path, name: str) -> Path:
    """``etprio`` or ``etprio-gui`` in the built folder, with ``.exe`` on Windows."""
    return folder / f"{name}{EXE_SUFFIX}"


def smoke_environment(home: Path) -> dict[str, str]:
    """The environment for running the frozen app headless and sandboxed.

    PYTHONPATH and the virtual environment are dropped so the frozen app cannot quietly
    borrow modules from the source tree; home, XDG and Windows profile folders point under
    ``home`` so settings, logs, caches and recovery files never touch the real user's.
    """
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    env |= {"QT_QPA_PLATFORM": "offscreen", "ETPRIO_SMOKE_TEST": "1", "HOME": str(home)}
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[name] = str(home / name.lower())
    for name in ("APPDATA", "LOCALAPPDATA", "USERPROFILE"):
        env[name] = str(home / name.lower())
    return env


def run_frozen(
    program: Path, *args: str, env: dict[str, str], timeout: float = 180.0
) -> subprocess.CompletedProcess[str]:
    """Run a frozen executable from outside the source tree; print what it took."""
    started = time.perf_counter()
    result = subprocess.run(
        [str(program), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=env["HOME"],
    )
    command = " ".join([program.name, *args])
    print(f"  {command}: exit {result.returncode}, {time.perf_counter() - started:.1f} s")
    return result


def smoke_run(folder: Path) -> None:
    """Run the frozen executables headless; raise if any of them misbehaves."""
    with tempfile.TemporaryDirectory(prefix="etprio-smoke-") as home:
        env = smoke_environment(Path(home))
        cli = executable(folder, "etprio")

        def check(program: Path, *args: str) -> subprocess.CompletedProcess[str]:
            result = run_frozen(program, *args, env=env)
            if result.returncode != 0:
                raise RuntimeError(f"{program.name} {args} failed:\n{result.stderr}")
            return result

        print("\nsmoke run:")
        print(f"    {check(cli, '--version').stdout.strip()}")
        for method in ("wsm", "topsis"):
            out = check(cli, "rank", "--demo", "--method", method, "--format", "json").stdout
            bids = json.loads(out)["bids"]
            print(f"    {method}: {len(bids)} demo bids ranked, first {bids[0]['bid_id']}")
        if SMOKE_MARKER not in check(executable(folder, "etprio-gui")).stderr:
            raise RuntimeError("etprio-gui exited without showing its main window")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="PyInstaller cache")
    parser.add_argument("--no-smoke", action="store_true", help="build and measure only")
    parser.add_argument(
        "--budget-mb",
        type=float,
        default=SIZE_BUDGET_MB,
        help=f"fail when the folder is larger (default {SIZE_BUDGET_MB} MB)",
    )
    parser.add_argument(
        "--without-skcriteria",
        action="store_true",
        help="measuring only: leave out scikit-criteria (so no `rank --method topsis`)",
    )
    args = parser.parse_args(argv)

    started = time.perf_counter()
    folder = build(args.dist, args.work, without_skcriteria=args.without_skcriteria)
    print(f"built in {time.perf_counter() - started:.0f} s")
    total = report_size(folder, budget_mb=args.budget_mb)
    if not args.no_smoke and not args.without_skcriteria:
        smoke_run(folder)
    if total > args.budget_mb * 1_000_000:
        print(f"the folder is over its {args.budget_mb:.0f} MB budget", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
