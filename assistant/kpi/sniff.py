"""What kind of file arrived, checked before anything parses it: size, magic bytes, zip directory."""

import codecs
import io
import zipfile

from assistant.core.errors import UserFacingError

HEAD_BYTES = 64 * 1024
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
MAGIC = {
    b"\x89PNG": "PNG", b"\xff\xd8\xff": "JPEG", b"GIF8": "GIF", b"%PDF": "PDF", b"BM": None,
    b"\x1f\x8b": "gzip", b"Rar!": "RAR", b"7z\xbc\xaf": "7z", b"MZ": "EXE", b"\x7fELF": "ELF",
    b"II*\x00": "TIFF", b"MM\x00*": "TIFF", b"RIFF": "RIFF (WebP/WAV/AVI)", b"OggS": "Ogg",
    b"ID3": "MP3", b"\x00\x00\x01\x00": "ICO",
}
BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
MAX_ZIP_ENTRIES = 10_000
MAX_ZIP_RATIO = 1_000  # XML of a real workbook compresses 5-50x; a bomb, thousands of times
# What GrowthDoc reads at most, in any file: wider tables are not exports, taller ones are not
# workbooks (Excel stops at 1,048,576 rows), and a grid beyond MAX_CELLS would not fit a worker's memory.
MAX_COLUMNS = 512
MAX_ROWS = 1_048_576
MAX_CELLS = 10_000_000
# Parts of other formats the XLSX reader falls back to when a workbook does not open as XLSX (ODS
# and XLSB are read by other code paths, which the extent check does not measure).
OTHER_FORMATS = ("content.xml", "workbook.bin")


def check_size(size: int, limit_mb: float) -> None:
    """Refuse a file over the upload limit before reading it."""
    if size > limit_mb * 2**20:
        raise UserFacingError("common.file_too_large", limit_mb=limit_mb, size_mb=size / 2**20)


def _binary_name(head: bytes) -> str | None:
    """What kind of binary file this is, from its magic number (None: not a known one, or text)."""
    if head.startswith(b"%PDF-"):  # a PDF may open with a page of plain text
        return "PDF"
    if not any(b < 32 and b not in b"\t\r\n\f" for b in head[:1024]):
        return None  # plain text that merely starts like a magic number ("MZ campaign,…", "ID3,…")
    if head[4:8] == b"ftyp":
        return "MP4/HEIC"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "WebP"
    for magic, name in MAGIC.items():
        if name and head.startswith(magic):
            return name
    return None


def text_encoding(head: bytes) -> str | None:
    """The encoding of a text file from its first bytes, or None when it is not text."""
    for bom, encoding in BOMS:
        if head.startswith(bom):
            return encoding
    sample = head[:2000]
    if len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4:
        return "utf-16-le"
    if len(sample) >= 4 and sample[0::2].count(0) > len(sample) // 4:
        return "utf-16-be"
    if b"\x00" in sample:
        return None
    try:  # incremental: the head may end in the middle of a character
        sample_text = codecs.getincrementaldecoder("utf-8")().decode(head, final=len(head) < HEAD_BYTES)
        encoding = "utf-8"
    except UnicodeDecodeError:
        sample_text, encoding = head.decode("cp1258", "replace"), "cp1258"
    controls = sum(1 for ch in sample_text[:4000] if ord(ch) < 32 and ch not in "\t\r\n\f")
    return None if controls > max(2, len(sample_text[:4000]) // 100) else encoding


def kind_of(head: bytes, name: str) -> str:
    """'xlsx' or 'text'; raises a clear error for empty, binary, encrypted or legacy files."""
    if not head.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise UserFacingError("kpi.empty_file", name=name)
    if head.startswith(OLE2):
        raise UserFacingError("kpi.encrypted_or_xls", name=name)
    if head.startswith(ZIP):
        return "xlsx"
    found = _binary_name(head)
    if found or text_encoding(head) is None:
        raise UserFacingError("kpi.binary_file", name=name, found=found)
    return "text"


def check_zip(data: bytes, name: str, limit_mb: float) -> None:
    """Read the zip directory only: refuse bombs and zips that are not workbooks."""
    try:
        entries = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, OSError, EOFError):
        raise UserFacingError("kpi.not_xlsx", name=name) from None  # a damaged or exotic zip directory
    total = sum(e.file_size for e in entries)
    worst = max((e.file_size / max(e.compress_size, 1) for e in entries), default=0)
    budget = max(10 * limit_mb, 100) * 2**20
    if len(entries) > MAX_ZIP_ENTRIES or total > budget or worst > MAX_ZIP_RATIO:
        raise UserFacingError("kpi.zip_bomb", name=name, size_mb=total / 2**20, limit_mb=budget / 2**20)
    names = [e.filename for e in entries]
    if "xl/workbook.xml" not in names or len(set(names)) < len(names) or \
            any(n.lower().rsplit("/", 1)[-1] in OTHER_FORMATS for n in names):
        raise UserFacingError("kpi.not_xlsx", name=name)  # two entries of one name: readers disagree on which
