"""Render the app icon set in ``resources/icons/`` from its two SVG sources.

    uv run python packaging/icons.py        (needs ``rsvg-convert``: apt-get install librsvg2-bin)

The rendered files are committed, so nobody else needs rsvg-convert: run this only after
changing ``etprio.svg`` (the icon) or ``etprio-small.svg`` (the same picture redrawn on the
16-pixel grid, because the full drawing blurs into a smudge at 16 px).

Outputs: ``etprio-{16,32,48,64,128,256}.png`` (Linux hicolor theme, Qt window icon),
``etprio.ico`` (Windows executables, installer, file association) and ``etprio.icns`` (macOS).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SOURCE = ICONS / "etprio.svg"
SMALL_SOURCE = ICONS / "etprio-small.svg"
PNG_SIZES = (16, 32, 48, 64, 128, 256)
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)  # what Windows asks for at 100-250 % scaling
ICNS_SIZES = (16, 32, 64, 128, 256, 512)


def render(size: int, folder: Path) -> Image.Image:
    """The icon at ``size`` pixels: the small drawing up to 24 px, the full one above."""
    source = SMALL_SOURCE if size <= 24 else SOURCE
    target = folder / f"{size}.png"
    subprocess.run(
        ["rsvg-convert", "-w", str(size), "-h", str(size), str(source), "-o", str(target)],
        check=True,
    )
    with Image.open(target) as image:
        return image.convert("RGBA")


def main() -> int:
    if shutil.which("rsvg-convert") is None:
        print("rsvg-convert not found: apt-get install librsvg2-bin", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as scratch:
        sizes = sorted({*PNG_SIZES, *ICO_SIZES, *ICNS_SIZES})
        images = {size: render(size, Path(scratch)) for size in sizes}
    for size in PNG_SIZES:
        images[size].save(ICONS / f"etprio-{size}.png", optimize=True)
    largest = images[max(ICO_SIZES)]
    largest.save(  # PNG-compressed entries: a BMP 256 px entry alone would be 256 KB
        ICONS / "etprio.ico",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES],
    )
    images[max(ICNS_SIZES)].save(
        ICONS / "etprio.icns", append_images=[images[s] for s in ICNS_SIZES]
    )
    total = sum(p.stat().st_size for p in ICONS.iterdir() if p.is_file())
    print(f"{ICONS}: {total / 1000:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
