"""Evidence uploads are checked by content: real small files pass, disguised, damaged and oversized ones do not."""

import hashlib
import io
import struct
import sys
import zipfile
import zlib

import docx
import openpyxl
import pytest

from applications import uploads
from applications.uploads import (
    ERROR_CORRUPTED,
    ERROR_EMPTY,
    ERROR_ENCRYPTED,
    ERROR_EXECUTABLE,
    ERROR_EXTENSION_MISMATCH,
    ERROR_HTML,
    ERROR_TOO_LARGE,
    ERROR_TYPE_NOT_ALLOWED,
    ERROR_UNRECOGNIZED,
    ERROR_ZIP_LIMITS,
    MAX_UPLOAD_BYTES,
    MAX_ZIP_MEMBERS,
    inspect_upload,
)

ALL = ("pdf", "jpg", "png", "docx", "xlsx", "zip")
SM3_ABC = "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"


# Real small files -----------------------------------------------------------------------------------


def make_pdf(padding: bytes = b"") -> bytes:
    """A one-page PDF with a correct cross-reference table; `padding` goes into a comment."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    if padding:
        out += b"%" + padding + b"\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def make_png() -> bytes:
    """A 1×1 red RGB image."""
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + png_chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + png_chunk(b"IEND", b"")
    )


def make_jpeg() -> bytes:
    app0 = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    return b"\xff\xd8\xff\xe0" + struct.pack(">H", len(app0) + 2) + app0 + b"\x00" * 64 + b"\xff\xd9"


def make_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("衡阳市工信领域奖补资金申报材料")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "营业收入"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def make_zip(members: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in (members or {"说明.txt": "申报说明".encode(), "附件/a.pdf": make_pdf()}).items():
            archive.writestr(name, data)
    return out.getvalue()


def check(name: str, data: bytes, accept=ALL, size: int | None = None):
    return inspect_upload(name, io.BytesIO(data), len(data) if size is None else size, accept)


class SpyStream(io.BytesIO):
    """Records every read request."""

    def __init__(self, data: bytes = b""):
        super().__init__(data)
        self.reads: list[int | None] = []

    def read(self, size=-1):
        self.reads.append(size)
        return super().read(size)


class Zeros(io.RawIOBase):
    """A seekable stream of `length` zero bytes that never holds them all in memory."""

    def __init__(self, length: int):
        self.length = length
        self.position = 0

    def readable(self):
        return True

    def seekable(self):
        return True

    def seek(self, offset, whence=0):
        self.position = offset if whence == 0 else (self.length + offset if whence == 2 else self.position + offset)
        return self.position

    def tell(self):
        return self.position

    def read(self, size=-1):
        size = self.length - self.position if size is None or size < 0 else min(size, self.length - self.position)
        self.position += size
        return bytes(size)


# Accepted files -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "factory", "kind"),
    [
        ("营业执照.pdf", make_pdf, "pdf"),
        ("现场照片.JPG", make_jpeg, "jpg"),
        ("现场照片.jpeg", make_jpeg, "jpg"),
        ("截图.png", make_png, "png"),
        ("项目说明.docx", make_docx, "docx"),
        ("财务报表.xlsx", make_xlsx, "xlsx"),
        ("附件.zip", make_zip, "zip"),
    ],
)
def test_real_files_are_accepted(name, factory, kind):
    result = check(name, factory())
    assert (result.ok, result.kind, result.error) == (True, kind, None)
    assert name in result.message


def test_pdf_may_have_leading_junk_up_to_1024_bytes():
    assert check("a.pdf", b"\x00" * 1024 + make_pdf()).ok
    too_much = check("a.pdf", b"\x00" * 1025 + make_pdf())
    assert too_much.error == ERROR_UNRECOGNIZED


def test_digests_match_hashlib_and_known_sm3():
    data = make_pdf()
    result = check("a.pdf", data)
    assert result.sha256 == hashlib.sha256(data).hexdigest()
    assert result.sm3 == hashlib.new("sm3", data).hexdigest()
    assert result.size == len(data)
    # Digests are computed for refused files too: the content is kept as evidence of the attempt.
    abc = check("abc.txt", b"abc")
    assert abc.error == ERROR_UNRECOGNIZED
    assert abc.sm3 == SM3_ABC
    assert abc.sha256 == hashlib.sha256(b"abc").hexdigest()


def test_reads_in_chunks_and_rewinds():
    data = make_pdf(padding=b"x" * (3 * uploads.CHUNK_BYTES))
    stream = SpyStream(data)
    stream.seek(100)  # a caller that already peeked at the file
    result = inspect_upload("big.pdf", stream, len(data), ["pdf"])
    assert result.ok
    assert result.sha256 == hashlib.sha256(data).hexdigest()
    assert stream.tell() == 0
    assert stream.reads and all(isinstance(n, int) and 0 < n <= uploads.CHUNK_BYTES for n in stream.reads)


@pytest.mark.parametrize("factory", [make_zip, make_docx, make_png])
def test_stream_is_rewound_after_refusal_and_zip_inspection(factory):
    stream = io.BytesIO(factory())
    inspect_upload("x.pdf", stream, len(stream.getvalue()), ["pdf"])
    assert stream.tell() == 0


# Type and extension ---------------------------------------------------------------------------------


def test_docx_refused_where_only_pdf_is_accepted():
    result = check("项目说明.docx", make_docx(), accept=["pdf"])
    assert (result.ok, result.error, result.kind) == (False, ERROR_TYPE_NOT_ALLOWED, "docx")
    assert "本项材料只接受 PDF 格式" in result.message
    assert "Word 文档" in result.message
    assert "项目说明.docx" in result.message


def test_accepted_list_is_named_in_chinese_order():
    result = check("a.zip", make_zip(), accept=["png", "pdf", "jpg"])
    assert "只接受 PDF、JPG、PNG 格式" in result.message


def test_png_named_pdf_is_refused_so_records_stay_honest():
    result = check("营业执照.pdf", make_png(), accept=["pdf", "png"])
    assert (result.ok, result.error, result.kind) == (False, ERROR_EXTENSION_MISMATCH, "png")
    assert "文件内容是 PNG 图片，但扩展名是 .pdf，请改正后重新上传" in result.message
    assert ".png" in result.message


def test_png_named_pdf_where_only_pdf_is_accepted_says_what_it_is():
    result = check("营业执照.pdf", make_png(), accept=["pdf"])
    assert result.error == ERROR_TYPE_NOT_ALLOWED
    assert "文件内容是 PNG 图片" in result.message


def test_xlsx_named_docx_and_file_without_extension_are_refused():
    assert check("报表.docx", make_xlsx()).error == ERROR_EXTENSION_MISMATCH
    result = check("报表", make_xlsx())
    assert result.error == ERROR_EXTENSION_MISMATCH
    assert "没有扩展名" in result.message


def test_other_known_formats_are_named():
    gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"
    result = check("图.gif", gif)
    assert (result.error, result.kind) == (ERROR_TYPE_NOT_ALLOWED, "gif")
    assert "GIF 图片" in result.message


def test_unknown_accept_kind_is_a_programming_error():
    with pytest.raises(ValueError):
        check("a.pdf", make_pdf(), accept=["exe"])
    with pytest.raises(ValueError):
        check("a.pdf", make_pdf(), accept=[])
    assert check("a.jpg", make_jpeg(), accept=["jpeg"]).ok


# Disguised files ------------------------------------------------------------------------------------


def test_renamed_exe_is_refused():
    exe = (
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"
        + b"\x00" * 48
        + b"This program cannot be run in DOS mode."
    )
    result = check("营业执照.pdf", exe)
    assert (result.ok, result.error, result.kind) == (False, ERROR_EXECUTABLE, "exe")
    assert "这是一个可执行程序，不能作为材料上传" in result.message
    assert "营业执照.pdf" in result.message


def test_self_extracting_exe_with_zip_appended_is_refused():
    assert check("附件.zip", b"MZ" + b"\x00" * 100 + make_zip()).error == ERROR_EXECUTABLE


@pytest.mark.parametrize(
    "data",
    [
        b"\x7fELF\x02\x01\x01" + b"\x00" * 60,
        b"\x7fELF",
        b"#!/bin/sh\nrm -rf /\n",
        b"\xcf\xfa\xed\xfe" + b"\x00" * 60,
    ],
)
def test_other_programs_are_refused(data):
    assert check("a.pdf", data).error == ERROR_EXECUTABLE


@pytest.mark.parametrize(
    "data",
    [
        b"<!DOCTYPE html>\n<html><body>Login required</body></html>",
        b"\xef\xbb\xbf \r\n\t<html lang='zh'><head><title>404</title></head></html>",
        b"<?xml version='1.0'?>\n<!-- saved from url=(0014)about:internet -->\n<!DOCTYPE HTML PUBLIC>",
        "\ufeff<!doctype html><html></html>".encode("utf-16-le"),
    ],
)
def test_pdf_that_is_really_html_gets_its_own_message(data):
    result = check("审计报告.pdf", data)
    assert (result.ok, result.error, result.kind) == (False, ERROR_HTML, "html")
    assert "这个文件实际上是网页（HTML），不是 PDF" in result.message
    assert "审计报告.pdf" in result.message


def test_html_named_png_says_png():
    result = check("图.png", b"<html></html>")
    assert result.error == ERROR_HTML
    assert "不是 PNG 图片" in result.message


def test_plain_text_is_unrecognized():
    result = check("a.pdf", "这只是一段文字".encode())
    assert (result.error, result.kind) == (ERROR_UNRECOGNIZED, None)
    assert "只接受 PDF、JPG、PNG、DOCX、XLSX、ZIP" in result.message


# Empty and too large --------------------------------------------------------------------------------


def test_empty_file_is_refused():
    result = check("空.pdf", b"")
    assert (result.ok, result.error, result.size) == (False, ERROR_EMPTY, 0)
    assert "空.pdf" in result.message
    assert result.sha256 == hashlib.sha256(b"").hexdigest()


def test_reported_size_over_limit_is_refused_before_reading():
    stream = SpyStream(make_pdf())
    result = inspect_upload("大文件.pdf", stream, MAX_UPLOAD_BYTES + 1, ["pdf"])
    assert (result.ok, result.error, result.size) == (False, ERROR_TOO_LARGE, MAX_UPLOAD_BYTES + 1)
    assert stream.reads == []
    assert stream.tell() == 0
    assert (result.sha256, result.sm3) == ("", "")
    assert "50.1 MB" in result.message
    assert "50 MB 的上限" in result.message
    assert "大文件.pdf" in result.message


def test_size_in_message_is_in_megabytes():
    result = inspect_upload("a.pdf", io.BytesIO(b""), 80 * 1024 * 1024, ["pdf"])
    assert "大小为 80.0 MB" in result.message


def test_stream_longer_than_its_reported_size_is_cut_off_at_the_limit():
    stream = Zeros(MAX_UPLOAD_BYTES + 5 * uploads.CHUNK_BYTES)
    result = inspect_upload("a.pdf", stream, 10, ["pdf"])
    assert result.error == ERROR_TOO_LARGE
    assert MAX_UPLOAD_BYTES < result.size <= MAX_UPLOAD_BYTES + uploads.CHUNK_BYTES
    assert stream.tell() == 0


# Damaged files --------------------------------------------------------------------------------------


def test_truncated_pdf_is_corrupted():
    pdf = make_pdf()
    result = check("a.pdf", pdf[: len(pdf) // 2])
    assert (result.error, result.kind) == (ERROR_CORRUPTED, "pdf")
    assert "%%EOF" in result.message


def test_pdf_with_eof_marker_far_from_the_end_is_corrupted():
    assert check("a.pdf", make_pdf() + b"\x00" * 2000).error == ERROR_CORRUPTED
    assert check("a.pdf", make_pdf() + b"\r\n" * 100).ok


def test_truncated_png_is_corrupted():
    png = make_png()
    result = check("a.png", png[:-12])
    assert (result.error, result.kind) == (ERROR_CORRUPTED, "png")
    assert "IEND" in result.message


def test_png_with_damaged_header_is_corrupted():
    png = bytearray(make_png())
    png[17] ^= 0xFF  # inside IHDR's width, so its CRC no longer matches
    assert check("a.png", bytes(png)).error == ERROR_CORRUPTED
    assert check("a.png", b"\x89PNG\n\x1a\n" + make_png()[8:]).error == ERROR_CORRUPTED  # line endings mangled


def test_truncated_zip_is_corrupted():
    data = make_zip()
    result = check("附件.zip", data[: len(data) - 30])
    assert (result.error, result.kind) == (ERROR_CORRUPTED, "zip")


def test_zip_member_with_bad_crc_is_corrupted():
    data = bytearray(make_zip({"a.txt": b"hello world " * 100}))
    data[40] ^= 0xFF  # inside the compressed data of the only member
    assert check("附件.zip", bytes(data)).error == ERROR_CORRUPTED


def test_truncated_docx_is_corrupted_not_mislabelled():
    data = make_docx()
    result = check("说明.docx", data[: len(data) // 2])
    assert result.error == ERROR_CORRUPTED


def test_empty_zip_is_refused():
    out = io.BytesIO()
    zipfile.ZipFile(out, "w").close()
    assert check("a.zip", out.getvalue()).error == ERROR_CORRUPTED


def test_encrypted_zip_is_refused():
    data = bytearray(make_zip({"a.txt": b"secret"}))
    local = data.find(b"PK\x03\x04")
    central = data.find(b"PK\x01\x02")
    data[local + 6] |= 0x01
    data[central + 8] |= 0x01
    result = check("a.zip", bytes(data))
    assert result.error == ERROR_ENCRYPTED
    assert "密码" in result.message


# Zip bombs ------------------------------------------------------------------------------------------


def test_zip_with_too_many_members_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for number in range(MAX_ZIP_MEMBERS + 1):
            archive.writestr(f"f{number}.txt", b"")
    result = check("附件.zip", out.getvalue())
    assert (result.ok, result.error) == (False, ERROR_ZIP_LIMITS)
    assert "10000 个文件" in result.message


def test_zip_whose_end_record_understates_its_members_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for number in range(MAX_ZIP_MEMBERS + 1):
            archive.writestr(f"f{number}.txt", b"")
    data = bytearray(out.getvalue())
    end = data.rfind(b"PK\x05\x06")
    data[end + 8 : end + 12] = struct.pack("<HH", 1, 1)  # entries on this disk, entries in total
    assert check("附件.zip", bytes(data)).error == ERROR_ZIP_LIMITS


def test_zip_expanding_past_the_limit_is_refused_without_decompressing(monkeypatch):
    # 9 MiB of zeros compresses to about 9 KiB; lower the limit rather than compress 500 MB.
    monkeypatch.setattr(uploads, "MAX_ZIP_UNCOMPRESSED_BYTES", 8 * 1024 * 1024)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.bin", bytes(9 * 1024 * 1024))
    assert len(out.getvalue()) < 64 * 1024
    opened = []
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *args, **kwargs: opened.append(args))
    result = check("附件.zip", out.getvalue())
    assert result.error == ERROR_ZIP_LIMITS
    assert "8 MB" in result.message
    assert opened == []


def test_zip_declaring_a_huge_member_is_refused():
    data = bytearray(make_zip({"zeros.bin": bytes(1024 * 1024)}))
    central = data.find(b"PK\x01\x02")
    data[central + 24 : central + 28] = struct.pack("<I", 600 * 1024 * 1024)  # uncompressed size
    result = check("附件.zip", bytes(data))
    assert result.error == ERROR_ZIP_LIMITS
    assert "500 MB" in result.message


# SM3 fallback ---------------------------------------------------------------------------------------


def without_openssl_sm3(monkeypatch):
    real_new = hashlib.new

    def new(name, *args, **kwargs):
        if name.lower() == "sm3":
            raise ValueError("unsupported hash type sm3")
        return real_new(name, *args, **kwargs)

    monkeypatch.setattr(hashlib, "new", new)
    return real_new


def test_sm3_falls_back_to_gmssl(monkeypatch):
    import gmssl  # noqa: F401  (a declared dependency: the fallback must always be tested)

    real_new = without_openssl_sm3(monkeypatch)
    assert check("abc.txt", b"abc").sm3 == SM3_ABC
    data = make_pdf(padding=b"y" * 300)  # several 64-byte blocks and a partial one
    stream = io.BytesIO(data)
    monkeypatch.setattr(uploads, "CHUNK_BYTES", 100)  # updates that straddle block boundaries
    result = inspect_upload("a.pdf", stream, len(data), ["pdf"])
    assert result.ok
    assert result.sm3 == real_new("sm3", data).hexdigest()
    for length in (55, 56, 63, 64, 65, 119, 120, 128):  # padding edge cases
        sample = bytes(range(256))[:length]
        hasher = uploads.new_sm3()
        hasher.update(sample)
        assert hasher.hexdigest() == real_new("sm3", sample).hexdigest(), length


def test_without_any_sm3_a_clear_error_is_raised(monkeypatch):
    without_openssl_sm3(monkeypatch)
    monkeypatch.setitem(sys.modules, "gmssl", None)
    monkeypatch.setitem(sys.modules, "gmssl.sm3", None)
    with pytest.raises(RuntimeError, match="SM3"):
        check("a.pdf", make_pdf())
