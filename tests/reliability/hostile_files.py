"""Hostile spreadsheets built on the fly, so no megabyte fixture sits in the repository and
every test states exactly what it feeds the importer."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path

import openpyxl

CFB_SIGNATURE = bytes.fromhex("d0cf11e0a1b11ae1")
"""The OLE compound-file signature: Excel writes password-protected workbooks in one."""

FORMULA_TITLE = "=cmd|' /C calc'!A0"

_SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>bid_id</t></is></c></row>'
)
_SHEET_TAIL = b"</sheetData></worksheet>"
_FILLER = b" " * (1 << 20)


def workbook(path: Path, sheets: Sequence[tuple[str, Iterable[Sequence[object]]]]) -> Path:
    """An XLSX written by openpyxl with one sheet per (name, rows) pair, in that order."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path


def cfb_container(size: int = 4096) -> bytes:
    """A minimal OLE/CFB header, as an encrypted XLSX or a legacy .xls starts."""
    header = bytearray(512)
    header[:8] = CFB_SIGNATURE
    header[24:26] = struct.pack("<H", 0x3E)  # minor version
    header[26:28] = struct.pack("<H", 3)  # major version 3: 512-byte sectors
    header[28:30] = b"\xfe\xff"  # little-endian byte order mark
    header[30:32] = struct.pack("<H", 9)  # sector shift
    header[32:34] = struct.pack("<H", 6)  # mini sector shift
    header[44:48] = struct.pack("<I", 1)  # one FAT sector
    header[48:52] = struct.pack("<I", 0xFFFFFFFE)  # no directory chain
    return bytes(header) + bytes(max(0, size - 512))


def zip_bomb(path: Path, unpacked_mib: int, *, declared_mib: int | None = None) -> Path:
    """A valid-looking XLSX whose sheet XML unpacks to ``unpacked_mib`` MiB of whitespace.

    The sheet is deflated as one 1 MiB block repeated after full flushes (each flush
    resets the compressor, so every block compresses to the same bytes): a gigabyte is
    built in well under a second and stored in about a megabyte. ``declared_mib`` makes
    the ZIP directory lie about the unpacked size, as a crafted file would.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(_FILLER) + compressor.flush(zlib.Z_FULL_FLUSH)
    head = compressor.compress(_SHEET_HEAD) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.compress(_SHEET_TAIL) + compressor.flush()
    crc = zlib.crc32(_SHEET_HEAD)
    for _ in range(unpacked_mib):
        crc = zlib.crc32(_FILLER, crc)
    crc = zlib.crc32(_SHEET_TAIL, crc)
    size = len(_SHEET_HEAD) + unpacked_mib * len(_FILLER) + len(_SHEET_TAIL)
    if declared_mib is not None:
        size = declared_mib << 20
    members = [(name, _deflated(content)) for name, content in _PACKAGE]
    sheet = (head, block * unpacked_mib, tail)
    members.append(("xl/worksheets/sheet1.xml", (crc, size, sheet)))
    path.write_bytes(_zip(members))
    return path


def _deflated(content: bytes) -> tuple[int, int, tuple[bytes, ...]]:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return zlib.crc32(content), len(content), (compressor.compress(content) + compressor.flush(),)


def _zip(members: Sequence[tuple[str, tuple[int, int, tuple[bytes, ...]]]]) -> bytes:
    """A plain ZIP (no ZIP64: every size here fits in 32 bits)."""
    body = bytearray()
    directory = bytearray()
    for name, (crc, size, parts) in members:
        packed = b"".join(parts)
        encoded = name.encode()
        fields = (20, 0, 8, 0, 0x21, crc, len(packed), size & 0xFFFFFFFF, len(encoded))
        offset = len(body)
        body += struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0) + encoded + packed
        directory += struct.pack("<IH", 0x02014B50, 20) + struct.pack("<HHHHHIIIHH", *fields, 0)
        directory += struct.pack("<HHHII", 0, 0, 0, 0, offset) + encoded
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), len(body), 0
    )
    return bytes(body + directory + end)


_PACKAGE: tuple[tuple[str, bytes], ...] = (
    (
        "[Content_Types].xml",
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Default Extension="rels" '
        b'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        b'<Default Extension="xml" ContentType="application/xml"/>'
        b'<Override PartName="/xl/workbook.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        b"</Types>",
    ),
    (
        "_rels/.rels",
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    ),
    (
        "xl/workbook.xml",
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        b'<sheets><sheet name="bids" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ),
    (
        "xl/_rels/workbook.xml.rels",
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    ),
)
