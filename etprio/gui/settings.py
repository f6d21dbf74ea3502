"""The one place the app reads and writes QSettings (STYLE "Settings and files are versioned").

Keys live under a version prefix (``v1/...``). When a release changes what a key means it
bumps :data:`SETTINGS_VERSION` and adds a migration from the old prefix, so an older
install's window layout or scenarios are carried over rather than misread.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

SETTINGS_VERSION = 1
MAX_RECENT_FILES = 8
_PREFIX = f"v{SETTINGS_VERSION}"


@dataclass(frozen=True)
class RecentFile:
    """A file the user imported or opened, and as what (``bids``, ``survey``, ``project``)."""

    kind: str
    path: Path


class AppSettings:
    """Typed access to the user's settings; construct one per window.

    ``store`` defaults to the application's QSettings (organisation and application names
    set by :func:`etprio.gui.launch.run_app`); tests point it at a temporary folder.
    """

    def __init__(self, store: QSettings | None = None) -> None:
        self._store = store if store is not None else QSettings()
        self._store.setValue("settings_version", SETTINGS_VERSION)

    def _key(self, name: str) -> str:
        return f"{_PREFIX}/{name}"

    def window_layout(self) -> tuple[QByteArray | None, QByteArray | None]:
        """Saved geometry and dock/toolbar state, or None where nothing was saved yet."""
        geometry = self._store.value(self._key("window/geometry"))
        state = self._store.value(self._key("window/state"))
        return (
            geometry if isinstance(geometry, QByteArray) else None,
            state if isinstance(state, QByteArray) else None,
        )

    def save_window_layout(self, geometry: QByteArray, state: QByteArray) -> None:
        self._store.setValue(self._key("window/geometry"), geometry)
        self._store.setValue(self._key("window/state"), state)

    def recent_files(self) -> list[RecentFile]:
        raw = self._json(self._key("files/recent"), [])
        if not isinstance(raw, list):
            return []
        return [
            RecentFile(str(item["kind"]), Path(item["path"]))
            for item in raw
            if isinstance(item, dict) and {"kind", "path"} <= item.keys()
        ]

    def add_recent_file(self, kind: str, path: Path) -> None:
        """Most recent first; a file already listed moves to the top."""
        entry = RecentFile(kind, path.resolve())
        kept = [f for f in self.recent_files() if f != entry]
        items = [entry, *kept][:MAX_RECENT_FILES]
        self._set_json(
            self._key("files/recent"), [{"kind": f.kind, "path": str(f.path)} for f in items]
        )

    def last_directory(self) -> Path | None:
        value = self._store.value(self._key("files/last_directory"))
        return Path(value) if isinstance(value, str) and value else None

    def set_last_directory(self, directory: Path) -> None:
        self._store.setValue(self._key("files/last_directory"), str(directory))

    def scenarios(self, criteria_name: str) -> dict[str, dict[str, float]]:
        """User-saved weightings for one criteria set, by name.

        Scenarios are kept per criteria set because their keys only mean something there.
        """
        every = self._json(self._key("scenarios"), {})
        saved = every.get(criteria_name, {}) if isinstance(every, dict) else {}
        return {
            str(name): {str(k): float(v) for k, v in weights.items()}
            for name, weights in saved.items()
            if isinstance(weights, dict)
        }

    def save_scenario(self, criteria_name: str, name: str, weights: Mapping[str, float]) -> None:
        every = self._json(self._key("scenarios"), {})
        every = every if isinstance(every, dict) else {}
        every.setdefault(criteria_name, {})[name] = dict(weights)
        self._set_json(self._key("scenarios"), every)

    def _json(self, key: str, default: object) -> object:
        text = self._store.value(key)
        if not isinstance(text, str):
            return default
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            return default

    def _set_json(self, key: str, value: object) -> None:
        self._store.setValue(key, json.dumps(value))
        self._store.sync()
