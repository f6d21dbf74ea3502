"""Reading the TOML files users exchange (criteria sets, grade scales) with errors that
name the file and the key, because these files are edited by hand."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from etprio.core.errors import FileAccessError, InvalidDataError


def read_toml(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FileAccessError(f"{path}: cannot read the file ({exc.strerror or exc})") from exc
    try:
        return tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InvalidDataError(f"{path}: not a UTF-8 text file") from exc
    except tomllib.TOMLDecodeError as exc:
        raise InvalidDataError(f"{path}: not valid TOML ({exc})") from exc


def fail(path: Path, key: str, message: str) -> InvalidDataError:
    return InvalidDataError(f"{path}: {key}: {message}")


def check_keys(
    path: Path, where: str, table: dict[str, Any], required: set[str], allowed: set[str]
) -> None:
    """Unknown and missing keys are errors: a typo must never silently drop a setting."""
    prefix = f"{where}." if where else ""
    for key in sorted(set(table) - allowed):
        raise fail(path, f"{prefix}{key}", "unknown key")
    for key in sorted(required - set(table)):
        raise fail(path, f"{prefix}{key}", "missing required key")


def number(path: Path, key: str, value: object, *, minimum: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise fail(path, key, f"must be a number, not {value!r}")
    if minimum is not None and value < minimum:
        raise fail(path, key, f"must be at least {minimum:g}, not {value!r}")
    return float(value)
