"""Checking an uploaded evidence file (申报材料) by its content, not by its name.

`inspect_upload` reads the upload once, in chunks, computing SHA-256 and SM3 digests as it goes and
keeping only the first and last few kilobytes; it then decides what the file really is:

- PDF: ``%PDF-`` within the first 1 KiB (some producers put junk before it) and ``%%EOF`` within the
  last 1 KiB (otherwise the upload was cut short).
- JPEG: ``FF D8 FF``. PNG: the 8-byte signature, an intact IHDR chunk first and an IEND chunk at the end.
- ZIP family: a readable ZIP (central directory found, every member's CRC checked) is DOCX when it
  holds ``[Content_Types].xml`` and ``word/document.xml``, XLSX when it holds ``[Content_Types].xml``
  and ``xl/workbook.xml``, and a plain ZIP otherwise. Archives declaring more than 10,000 members or
  more than 500 MB uncompressed are refused before anything is decompressed.
- Programs (Windows MZ, ELF, Mach-O, ``#!`` scripts) and web pages (HTML) are refused with their own
  message; anything else unrecognised is refused too.

A file whose content is allowed but whose extension says otherwise (a PNG named ``.pdf``) is refused,
so that the stored name never misdescribes the record.

SM3 comes from core.sm3 (OpenSSL, else the pure-Python ``gmssl``); if neither is available, `inspect_upload`
raises RuntimeError rather than store evidence without its SM3 digest.

The stream must be seekable (Django's uploaded files are). It is rewound to position 0 before
`inspect_upload` returns, whatever the outcome.
"""

from __future__ import annotations

import codecs
import hashlib
import math
import re
import struct
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import BinaryIO

import filetype

from core.sm3 import Hasher as _Hasher
from core.sm3 import new_sm3

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_ZIP_UNCOMPRESSED_BYTES = 500 * 1024 * 1024
MAX_ZIP_MEMBERS = 10_000

ALLOWED_KINDS: tuple[str, ...] = ("pdf", "jpg", "png", "docx", "xlsx", "zip")

# Error codes (UploadCheck.error).
ERROR_EMPTY = "empty"
ERROR_TOO_LARGE = "too_large"
ERROR_TYPE_NOT_ALLOWED = "type_not_allowed"
ERROR_EXTENSION_MISMATCH = "extension_mismatch"
ERROR_EXECUTABLE = "executable"
ERROR_HTML = "html_not_document"
ERROR_CORRUPTED = "corrupted"
ERROR_UNRECOGNIZED = "unrecognized"
ERROR_ZIP_LIMITS = "zip_limits"
ERROR_ENCRYPTED = "encrypted"
ERROR_MACRO = "macro"

CHUNK_BYTES = 1024 * 1024
HEAD_BYTES = 8192  # what filetype looks at
TAIL_BYTES = 1024
PDF_MAX_LEADING_JUNK = 1024
# A central directory entry is 46 bytes plus its name, extra field and comment; 512 bytes per member
# on average is generous, and bounds the memory zipfile spends reading the directory.
_MAX_ZIP_DIRECTORY_BYTES = MAX_ZIP_MEMBERS * 512

_MIB = 1024 * 1024

_SHORT_LABELS = {"pdf": "PDF", "jpg": "JPG", "png": "PNG", "docx": "DOCX", "xlsx": "XLSX", "zip": "ZIP"}
_KIND_LABELS = {
    "pdf": "PDF 文档",
    "jpg": "JPG 图片",
    "png": "PNG 图片",
    "docx": "Word 文档（DOCX）",
    "xlsx": "Excel 表格（XLSX）",
    "zip": "ZIP 压缩包",
    # Kinds that are recognised but never allowed, for clearer messages.
    "pptx": "PowerPoint 演示文稿（PPTX）",
    "doc": "Word 97-2003 文档（DOC）",
    "xls": "Excel 97-2003 表格（XLS）",
    "ppt": "PowerPoint 97-2003 演示文稿（PPT）",
    "gif": "GIF 图片",
    "bmp": "BMP 图片",
    "tif": "TIFF 图片",
    "webp": "WEBP 图片",
    "heic": "HEIC 图片",
    "rar": "RAR 压缩包",
    "7z": "7z 压缩包",
    "html": "网页（HTML）",
}
_EXTENSION_KINDS = {
    ".pdf": "pdf",
    ".jpg": "jpg",
    ".jpeg": "jpg",
    ".png": "png",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".zip": "zip",
}

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_IEND = b"\x00\x00\x00\x00IEND\xaeB`\x82"  # zero length, type, CRC: always these 12 bytes
_MACH_O_MAGICS = (b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe")
_ZIP_EOCD = struct.Struct("<4s4H2LH")  # end of central directory record, without the comment

_JPEG = filetype.get_type(ext="jpg")
_PNG = filetype.get_type(ext="png")
_ZIP = filetype.get_type(ext="zip")
_EXE = filetype.get_type(ext="exe")
_ELF = filetype.get_type(ext="elf")


@dataclass(frozen=True)
class UploadCheck:
    ok: bool
    kind: str | None  # one of ALLOWED_KINDS when ok; otherwise what the content looked like, if known
    error: str | None  # one of the ERROR_* codes, None when ok
    message: str  # Chinese, shown next to the upload slot
    sha256: str  # hex; "" when the file was refused before (or while) reading it
    sm3: str  # hex; "" likewise
    size: int  # bytes actually read, or the reported size when refused before reading


@dataclass(frozen=True)
class _Sample:
    head: bytes
    tail: bytes
    size: int  # bytes read; MAX_UPLOAD_BYTES + something when reading stopped at the limit


@dataclass(frozen=True)
class _Detected:
    kind: str | None
    error: str | None = None  # ERROR_EXECUTABLE, ERROR_HTML, ERROR_CORRUPTED, ERROR_ZIP_LIMITS, ERROR_ENCRYPTED
    reason: str = ""  # Chinese detail for ERROR_CORRUPTED


def inspect_upload(name: str, stream: BinaryIO, size: int, accept: Sequence[str]) -> UploadCheck:
    """Check an uploaded file by content; `accept` is the kinds this material slot takes (⊆ ALLOWED_KINDS)."""
    accepted = _accepted_kinds(accept)
    shown = _display_name(name)
    sha256 = hashlib.sha256()
    sm3 = new_sm3()
    try:
        if size > MAX_UPLOAD_BYTES:
            return _refuse(ERROR_TOO_LARGE, _too_large_message(shown, size), size)
        stream.seek(0)
        sample = _read_and_hash(stream, (sha256, sm3))
        if sample.size > MAX_UPLOAD_BYTES:
            return _refuse(ERROR_TOO_LARGE, _too_large_message(shown, max(size, sample.size)), max(size, sample.size))
        digests = {"sha256": sha256.hexdigest(), "sm3": sm3.hexdigest(), "size": sample.size}
        if sample.size == 0:
            return _refuse(ERROR_EMPTY, f"“{shown}”是空文件（0 字节），请选择正确的文件重新上传。", **digests)
        detected = _detect(stream, sample)
        error, message = _judge(shown, detected, accepted)
        if error:
            return UploadCheck(False, detected.kind, error, message, **digests)
        return UploadCheck(True, detected.kind, None, message, **digests)
    finally:
        stream.seek(0)


def _refuse(
    error: str, message: str, size: int, sha256: str = "", sm3: str = "", kind: str | None = None
) -> UploadCheck:
    return UploadCheck(False, kind, error, message, sha256, sm3, size)


def _accepted_kinds(accept: Sequence[str]) -> tuple[str, ...]:
    if isinstance(accept, str):
        raise TypeError("accept must be a sequence of kinds, not a string")
    kinds = tuple(dict.fromkeys("jpg" if kind.lower() == "jpeg" else kind.lower() for kind in accept))
    unknown = [kind for kind in kinds if kind not in ALLOWED_KINDS]
    if unknown or not kinds:
        raise ValueError(f"accept must be a non-empty subset of {ALLOWED_KINDS}, got {list(accept)!r}")
    return tuple(kind for kind in ALLOWED_KINDS if kind in kinds)  # canonical order for messages


def _display_name(name: str) -> str:
    """The file name without any client-side folder (old browsers send C:\\...\\name)."""
    return name.replace("\\", "/").rsplit("/", 1)[-1].strip() or "未命名文件"


def _extension(shown: str) -> str:
    stem, dot, ext = shown.rpartition(".")
    return f".{ext}" if dot and stem else ""


def _read_and_hash(stream: BinaryIO, hashers: Sequence[_Hasher]) -> _Sample:
    head = b""
    tail = b""
    total = 0
    while True:
        chunk = stream.read(CHUNK_BYTES)
        if not chunk:
            break
        total += len(chunk)
        if len(head) < HEAD_BYTES:
            head += chunk[: HEAD_BYTES - len(head)]
        tail = chunk[-TAIL_BYTES:] if len(chunk) >= TAIL_BYTES else (tail + chunk)[-TAIL_BYTES:]
        if total > MAX_UPLOAD_BYTES:
            break  # the reported size was wrong; stop here
        for hasher in hashers:
            hasher.update(chunk)
    return _Sample(head, tail, total)


# Detection ------------------------------------------------------------------------------------------


def _detect(stream: BinaryIO, sample: _Sample) -> _Detected:
    head, tail = sample.head, sample.tail
    executable = _executable_kind(head)
    if executable:
        return _Detected(executable, ERROR_EXECUTABLE)
    if head.find(b"%PDF-", 0, PDF_MAX_LEADING_JUNK + len(b"%PDF-")) >= 0:
        if b"%%EOF" not in tail:
            return _Detected("pdf", ERROR_CORRUPTED, "缺少 PDF 结束标记 %%EOF，可能上传或下载时被截断")
        return _Detected("pdf")
    if _looks_like_html(head):
        return _Detected("html", ERROR_HTML)
    if _ZIP.match(head):
        return _detect_zip(stream, sample.size)
    if _PNG.match(head):
        return _detect_png(head, tail)
    if _JPEG.match(head):
        return _Detected("jpg")
    guess = filetype.guess(head)
    return _Detected(guess.extension if guess else None)


def _executable_kind(head: bytes) -> str | None:
    if _EXE.match(head):
        return "exe"
    if _ELF.match(head) or head.startswith(b"\x7fELF"):  # filetype wants more than 52 bytes
        return "elf"
    if head[:4] in _MACH_O_MAGICS:
        return "mach-o"
    if head.startswith(b"#!"):
        return "script"
    return None


def _looks_like_html(head: bytes) -> bool:
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if head.startswith(bom):
            text = head[len(bom) : len(bom) + 2048].decode(encoding, "ignore")
            break
    else:
        text = head[:2048].decode("latin-1")
    text = text.lstrip().lower()
    # Skip an XML declaration and comments (e.g. "<!-- saved from url=... -->") before the markup.
    while text.startswith(("<?xml", "<!--")):
        end = text.find("?>" if text.startswith("<?") else "-->")
        if end < 0:
            return False
        text = text[end + (2 if text.startswith("<?") else 3) :].lstrip()
    return text.startswith(("<!doctype html", "<html"))


def _detect_png(head: bytes, tail: bytes) -> _Detected:
    if not head.startswith(_PNG_SIGNATURE):
        return _Detected("png", ERROR_CORRUPTED, "PNG 文件头不正确")
    # The first chunk must be IHDR: length 13, then its data and a CRC over type + data.
    ihdr = head[8:33]
    if len(ihdr) < 25 or ihdr[:8] != b"\x00\x00\x00\x0dIHDR":
        return _Detected("png", ERROR_CORRUPTED, "PNG 文件头不正确")
    if zlib.crc32(ihdr[4:21]) != struct.unpack(">I", ihdr[21:25])[0]:
        return _Detected("png", ERROR_CORRUPTED, "PNG 文件头校验失败")
    if _PNG_IEND not in tail:
        return _Detected("png", ERROR_CORRUPTED, "缺少 PNG 结束块 IEND，可能上传或下载时被截断")
    return _Detected("png")


def _detect_zip(stream: BinaryIO, size: int) -> _Detected:
    broken = _Detected("zip", ERROR_CORRUPTED, "无法读取其中的内容，可能上传或下载时被截断")
    stream.seek(0)
    if not zipfile.is_zipfile(stream):
        return broken
    if _zip_directory_too_big(stream, size):
        return _Detected("zip", ERROR_ZIP_LIMITS)
    try:
        stream.seek(0)
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                return _Detected("zip", ERROR_ZIP_LIMITS)
            if sum(member.file_size for member in members) > MAX_ZIP_UNCOMPRESSED_BYTES:
                return _Detected("zip", ERROR_ZIP_LIMITS)
            if not members:
                return _Detected("zip", ERROR_CORRUPTED, "压缩包里没有任何文件")
            kind = _zip_kind({member.filename for member in members})
            if any(member.flag_bits & 0x1 for member in members):
                return _Detected(kind, ERROR_ENCRYPTED)
            if kind != "zip" and _office_has_macros(archive, members):
                return _Detected(kind, ERROR_MACRO)
            # Decompresses every member in 1 MiB pieces to check its CRC. zipfile never yields more than a
            # member's declared size, so the limits above bound the work.
            if archive.testzip() is not None:
                return _Detected(kind, ERROR_CORRUPTED, broken.reason)
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        struct.error,
        NotImplementedError,
        RuntimeError,
    ):
        return broken
    return _Detected(kind)


def _zip_directory_too_big(stream: BinaryIO, size: int) -> bool:
    """Read the end-of-central-directory record, so a huge directory is refused before zipfile loads it."""
    window = min(size, _ZIP_EOCD.size + 0xFFFF)  # the record plus the longest possible comment
    stream.seek(size - window)
    data = stream.read(window)
    at = data.rfind(b"PK\x05\x06")
    if at < 0 or len(data) - at < _ZIP_EOCD.size:
        return False  # zipfile will say what is wrong
    *_, total_entries, directory_size, _offset, _comment = _ZIP_EOCD.unpack_from(data, at)
    # 0xFFFF entries (or a ZIP64 directory) is already past the member limit.
    return total_entries > MAX_ZIP_MEMBERS or directory_size > _MAX_ZIP_DIRECTORY_BYTES


# A macro-enabled Office file (.docm, .xlsm, .pptm) renamed to .docx/.xlsx keeps its VBA project part and
# declares "macroEnabled" or the vbaProject type in [Content_Types].xml; either gives it away.
_MACRO_PART = re.compile(r"(?:^|/)(?:vbaProject\.bin|vbaData\.xml|activeX/)", re.IGNORECASE)
_MACRO_CONTENT_TYPES = (b"macroenabled", b"vnd.ms-office.vbaproject", b"vnd.ms-office.activex")
_MAX_CONTENT_TYPES_BYTES = 1024 * 1024


def _office_has_macros(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> bool:
    if any(_MACRO_PART.search(member.filename) for member in members):
        return True
    with archive.open("[Content_Types].xml") as part:
        declared = part.read(_MAX_CONTENT_TYPES_BYTES).lower()
    return any(marker in declared for marker in _MACRO_CONTENT_TYPES)


def _zip_kind(names: set[str]) -> str:
    if "[Content_Types].xml" in names:
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "ppt/presentation.xml" in names:
            return "pptx"
    return "zip"


# Judgement ------------------------------------------------------------------------------------------


def _judge(shown: str, detected: _Detected, accepted: tuple[str, ...]) -> tuple[str | None, str]:
    kind = detected.kind
    ext = _extension(shown)
    ext_kind = _EXTENSION_KINDS.get(ext.lower())
    accepted_text = "、".join(_SHORT_LABELS[k] for k in accepted)
    if detected.error == ERROR_EXECUTABLE:
        return ERROR_EXECUTABLE, f"“{shown}”：这是一个可执行程序，不能作为材料上传。"
    if detected.error == ERROR_HTML:
        expected = _KIND_LABELS[ext_kind] if ext_kind else "允许的材料格式"
        hint = "请用浏览器或阅读器打开原文件，另存为 PDF 后再上传" if ext_kind == "pdf" else "请上传原始文件"
        return ERROR_HTML, (
            f"“{shown}”：这个文件实际上是网页（HTML），不是 {expected}，可能是下载时保存成了网页。{hint}。"
        )
    # A damaged or oversized archive cannot be classified reliably, so these come before type checks.
    if detected.error == ERROR_ZIP_LIMITS:
        return ERROR_ZIP_LIMITS, (
            f"“{shown}”：压缩包内的文件过多或解压后过大（上限为 {MAX_ZIP_MEMBERS} 个文件、"
            f"解压后共 {MAX_ZIP_UNCOMPRESSED_BYTES // _MIB} MB），不能上传，请拆分后重新上传。"
        )
    if detected.error == ERROR_MACRO:
        return ERROR_MACRO, (
            f"“{shown}”：文件含有宏（可能是改了扩展名的启用宏文档），不能作为材料上传。"
            "请另存为不含宏的 Word 或 Excel 文档（.docx、.xlsx）或 PDF 后重新上传。"
        )
    if detected.error == ERROR_ENCRYPTED:
        return ERROR_ENCRYPTED, f"“{shown}”：文件设置了密码，审核人员无法打开，请取消密码后重新上传。"
    if detected.error == ERROR_CORRUPTED:
        return ERROR_CORRUPTED, f"“{shown}”：文件已损坏（{detected.reason}），请检查原文件后重新上传。"
    if kind is None:
        return ERROR_UNRECOGNIZED, f"“{shown}”：无法识别文件的实际格式，本项材料只接受 {accepted_text} 格式的文件。"
    if kind not in accepted:
        return ERROR_TYPE_NOT_ALLOWED, (
            f"“{shown}”：文件内容是 {_kind_label(kind)}，本项材料只接受 {accepted_text} 格式的文件。"
        )
    if ext_kind != kind:
        wanted = "、".join(e for e, k in _EXTENSION_KINDS.items() if k == kind)
        if ext:
            return ERROR_EXTENSION_MISMATCH, (
                f"“{shown}”：文件内容是 {_kind_label(kind)}，但扩展名是 {ext}，请改正后重新上传（应为 {wanted}）。"
            )
        return ERROR_EXTENSION_MISMATCH, (
            f"“{shown}”：文件内容是 {_kind_label(kind)}，但文件名没有扩展名，请改正后重新上传（应为 {wanted}）。"
        )
    return None, f"“{shown}”检查通过（{_kind_label(kind)}）。"


def _kind_label(kind: str) -> str:
    return _KIND_LABELS.get(kind) or f"{kind.upper()} 格式"


_TOO_LARGE = "“{name}”大小为 {size} MB，超过了 {limit} MB 的上限，请压缩或拆分后重新上传。"


def _too_large_message(shown: str, size: int) -> str:
    megabytes = math.ceil(size * 10 / _MIB) / 10  # round up, so 50 MB + 1 byte does not read "50.0 MB"
    return _TOO_LARGE.format(name=shown, size=f"{megabytes:.1f}", limit=MAX_UPLOAD_BYTES // _MIB)


def too_large_message_template() -> str:
    """The same message with {name} and {size} left for the browser to fill (applications/upload_limit.js)."""
    return _TOO_LARGE.format(name="{name}", size="{size}", limit=MAX_UPLOAD_BYTES // _MIB)
