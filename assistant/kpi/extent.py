"""How big a workbook's sheets really are, read from the XML before the XLSX reader allocates for them.

The reader (calamine) sizes one dense grid from the lowest to the highest cell of a sheet and
reserves shared strings by the count the file declares; a 1.5 KB sheet with cells at `A1` and
`XFD1048576` asks for hundreds of GB and aborts the process. So every part of the zip is scanned
first, streamed, with a tokenizer that only looks at tags: no entity is ever expanded and a
malformed part cannot hide a cell from it (a byte scan, not an XML parser that stops at the first
error while the reader's lenient parser would go on).
"""

import lzma
import re
import zipfile
import zlib
from dataclasses import dataclass
from operator import itemgetter

from assistant.core.errors import UserFacingError
from assistant.kpi.sniff import MAX_CELLS, MAX_COLUMNS, MAX_ROWS

CHUNK = 1 << 20
MAX_TAG = 4096  # a real tag is a few dozen bytes; a longer one is refused, never buffered
NAME_SPAN = 80  # `<`, a prefix of up to 64 characters, `:`, the name and one more byte
_PREFIX = rb"(?:[A-Za-z_][\w.\-]{0,64}:)?"
# The start of a tag that sizes a sheet, under any namespace prefix; then its attributes up to the
# closing `>`, quote-aware (a quoted value may hold a `>`), read within MAX_TAG bytes.
_START = re.compile(rb"<(/?)" + _PREFIX + rb"(row|c|dimension|sst)(?=[\s/>])")
_REST = re.compile(rb"""(?:[^>"']|"[^"]*"|'[^']*')*>""")
_ATTR = re.compile(rb"""(?:^|\s)(r|ref|uniqueCount)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REF = re.compile(rb"([A-Za-z]{1,3})([0-9]{1,7})")
# The fast path: a part whose every cell opens as Excel writes it, `<c r="B12" s="1" t="s">`, is
# measured by C-level scans per chunk; any other cell (no `r`, another spelling, an attribute that
# could be a second `r`) sends the whole part through the cursor.
_CELL = re.compile(rb"<c[\s/>]")
_PREFIXED_CELL = re.compile(rb"<[A-Za-z_][\w.\-]{0,64}:c[\s/>]")
_PLAIN_CELL = re.compile(rb'<c r="([A-Za-z]{1,3})([0-9]{1,7})"(?: [a-qs-zA-Z][\w:]{0,30}="[^"<>]{0,200}")*/?>')
_RARE = re.compile(rb"<" + _PREFIX + rb"(dimension|sst)(?=[\s/>])")


@dataclass
class Extent:
    """The worst a workbook asks for: a sheet's grid (highest row x highest column) and its cells."""

    rows: int = 0
    columns: int = 0
    cells: int = 0
    declared: int = 0  # shared strings a part declares

    def size(self) -> int:
        """Cells the reader would hold: the grid, the cells themselves or the strings declared."""
        return max(self.rows * self.columns, self.cells, self.declared)

    def too_large(self) -> bool:
        return (self.rows > MAX_ROWS or self.columns > MAX_COLUMNS or self.rows * self.columns > MAX_CELLS
                or self.cells > MAX_CELLS or self.declared > MAX_CELLS)


class _Bad(Exception):
    """A part that cannot be measured (an unplaceable reference, a tag that never closes): refused."""


class _Found(Exception):
    """The scan can stop: the workbook is already too large."""


def _column(letters: bytes) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ch - 64
    return number


def _cell_ref(value: bytes) -> tuple[int, int]:
    """`B12` -> (12, 2), 1-based; anything else cannot be placed, so it is refused."""
    match = _REF.fullmatch(value)
    if not match:
        raise _Bad(value[:20])
    return int(match.group(2)), _column(match.group(1))


def _count(value: bytes) -> int:
    value = value.strip()
    if not value.isdigit() or len(value) > 12:
        raise _Bad(value[:20])
    return int(value)


class _Cursor:
    """Replays the reader's position over one part: a cell without `r` sits right of the previous one."""

    def __init__(self, extent: Extent):
        self.extent, self.row, self.col = extent, 1, 1

    def tag(self, closing: bool, name: bytes, attrs: bytes) -> None:
        if not closing:
            values: dict[bytes, list[bytes]] = {}
            for m in _ATTR.finditer(attrs):  # a repeated attribute: every value counts
                values.setdefault(m.group(1), []).append(m.group(2) if m.group(2) is not None else m.group(3))
            getattr(self, "_" + name.decode())(values)
        if name == b"row" and (closing or attrs.endswith(b"/")):
            self.row, self.col = self.row + 1, 1

    def _row(self, values: dict) -> None:
        for value in values.get(b"r", []):
            self.row, self.col = _count(value), 1
            self._grow(self.row, 0)

    def _c(self, values: dict) -> None:
        places = [_cell_ref(value) for value in values.get(b"r", [])] or [(self.row, self.col)]
        self.extent.cells += 1
        for row, col in places:
            self._grow(row, col)
        self.col = max(col for _, col in places) + 1

    def _dimension(self, values: dict) -> None:
        for value in values.get(b"ref", []):
            for ref in value.split(b":"):
                self._grow(*_cell_ref(ref))

    def _sst(self, values: dict) -> None:  # the reader reserves this many strings up front
        for value in values.get(b"uniqueCount", []):
            self.extent.declared = max(self.extent.declared, _count(value))
        self._grow(0, 0)

    def _grow(self, row: int, col: int) -> None:
        extent = self.extent
        extent.rows, extent.columns = max(extent.rows, row), max(extent.columns, col)
        _settle(extent)


def _settle(extent: Extent) -> None:
    """Stop as soon as the part is too large, or holds more cells than its grid has places."""
    if extent.too_large():
        raise _Found
    if extent.cells > extent.rows * extent.columns:
        raise _Bad(b"overlap")  # two cells on one spot: no spreadsheet writes that, a bomb does


def _tags(buffer: bytes, cursor: _Cursor, final: bool) -> int:
    """Feed every sizing tag of `buffer` to the cursor; returns where an unfinished tag starts."""
    pos = 0
    while start := _START.search(buffer, pos):
        rest = _REST.match(buffer, start.end(), min(len(buffer), start.end() + MAX_TAG))
        if rest is None:
            if not final and len(buffer) - start.start() < MAX_TAG:
                return start.start()  # cut by the chunk boundary: read on
            raise _Bad(b"tag")
        cursor.tag(bool(start.group(1)), start.group(2), rest.group(0)[:-1].rstrip())
        pos = rest.end()
    return len(buffer) if final else max(pos, len(buffer) - NAME_SPAN)  # a tag name may be cut


class _Slow(Exception):
    """A cell the fast path cannot place: measure the part again with the cursor."""


def _fast_chunk(buffer: bytes, extent: Extent) -> None:
    """Every cell of `buffer` written `<c r="…"`: the highest row and column from one scan."""
    cells = _PLAIN_CELL.findall(buffer)
    starts = len(_CELL.findall(buffer)) + (len(_PREFIXED_CELL.findall(buffer)) if b":c" in buffer else 0)
    if len(cells) != starts:
        raise _Slow
    if cells:
        extent.cells += len(cells)
        extent.rows = max(extent.rows, max(map(int, map(itemgetter(1), cells))))
        extent.columns = max(extent.columns, max(map(_column, set(map(itemgetter(0), cells)))))
    if b"dimension" in buffer or b"sst" in buffer:
        _rare_tags(buffer, extent)
    _settle(extent)


def _rare_tags(buffer: bytes, extent: Extent) -> None:
    """A sheet's `<dimension>` and the shared strings' `<sst>`, once per part."""
    for rare in _RARE.finditer(buffer):
        rest = _REST.match(buffer, rare.end(), min(len(buffer), rare.end() + MAX_TAG))
        if rest is None:
            raise _Slow
        _Cursor(extent).tag(False, rare.group(1), rest.group(0)[:-1].rstrip())


def _scan_fast(stream, extent: Extent) -> None:
    """One zip entry in chunks cut before their last `<` (a tag is never split between two)."""
    pending = b""
    while chunk := stream.read(CHUNK):
        buffer = pending + chunk
        cut = buffer.rfind(b"<", max(0, len(buffer) - MAX_TAG))
        cut = len(buffer) if cut < 0 else cut
        _fast_chunk(buffer[:cut], extent)
        pending = buffer[cut:]
    _fast_chunk(pending, extent)


def _scan_slow(stream, extent: Extent) -> None:
    """One zip entry through the cursor, tag by tag."""
    cursor, pending = _Cursor(extent), b""
    while chunk := stream.read(CHUNK):
        buffer = pending + chunk
        pending = buffer[_tags(buffer, cursor, final=False):]
    _tags(pending, cursor, final=True)


def _scan_part(book: zipfile.ZipFile, info: zipfile.ZipInfo) -> Extent:
    """One part's extent: the fast path first; a part with cells it cannot place is read again, slowly."""
    extent = Extent()
    try:
        try:
            with book.open(info) as stream:
                _scan_fast(stream, extent)
        except _Slow:
            extent = Extent()
            with book.open(info) as stream:
                _scan_slow(stream, extent)
    except _Found:
        pass
    return extent


def measure(book: zipfile.ZipFile) -> Extent:
    """The largest part of the workbook (every entry, duplicates included), as the reader would size it."""
    worst = Extent()
    for info in book.infolist():
        extent = _scan_part(book, info)
        if extent.too_large():
            return extent
        worst = Extent(*(max(a, b) for a, b in zip(vars(worst).values(), vars(extent).values())))
    return worst


def check_workbook(book: zipfile.ZipFile, name: str) -> None:
    """Refuse a workbook whose sheets are larger than GrowthDoc reads, before any reader sees it."""
    try:
        extent = measure(book)
    except (_Bad, zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError, OSError, ValueError,
            zlib.error, lzma.LZMAError):
        # a lying size fails the CRC; a reference the reader cannot place would fail it too
        raise UserFacingError("kpi.not_xlsx", name=name) from None
    if extent.too_large():
        raise UserFacingError("kpi.sheet_too_large", status=413, name=name, rows=extent.rows,
                              columns=extent.columns, cells=extent.size(), max_rows=MAX_ROWS, max_columns=MAX_COLUMNS,
                              max_cells=MAX_CELLS)
