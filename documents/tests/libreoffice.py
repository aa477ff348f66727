"""Convert a document with LibreOffice headless (Debian package libreoffice-writer) to prove that it is a
valid document, and count the pages of the PDF (poppler's pdfinfo).

Without soffice these tests are skipped, except when REQUIRE_BROWSER=1 (CI installs libreoffice-writer,
libreoffice-calc and poppler-utils in .ci/run), where a missing tool is a failure: a skip must never hide
a missing install step.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
REQUIRE_TOOLS = os.environ.get("REQUIRE_BROWSER") == "1"

requires_libreoffice = pytest.mark.skipif(
    SOFFICE is None and not REQUIRE_TOOLS, reason="LibreOffice (soffice) is not installed"
)
# Spreadsheets need Calc (Debian package libreoffice-calc-nogui), whose library sits beside soffice.
CALC = SOFFICE is not None and (Path(os.path.realpath(SOFFICE)).parent / "libsclo.so").exists()
requires_calc = pytest.mark.skipif(
    not CALC and not REQUIRE_TOOLS, reason="LibreOffice Calc (libreoffice-calc-nogui) is not installed"
)


def convert_to_pdf(content: bytes, suffix: str = ".docx") -> bytes:
    return convert_many_to_pdf({"document": content}, suffix)["document"]


def convert_many_to_pdf(contents: dict[str, bytes], suffix: str = ".docx") -> dict[str, bytes]:
    """Convert every document in one soffice run, {name: document} to {name: PDF}: starting LibreOffice is
    most of the two seconds a conversion takes."""
    if SOFFICE is None:
        pytest.fail("REQUIRE_BROWSER=1 but LibreOffice (soffice) is missing: apt-get install libreoffice-writer")
    if not contents:
        return {}
    with tempfile.TemporaryDirectory(prefix="lo-") as work:
        # Numbered files: a name is the caller's key, not necessarily a safe file name.
        sources = {name: Path(work) / f"document-{index}{suffix}" for index, name in enumerate(contents)}
        for name, source in sources.items():
            source.write_bytes(contents[name])
        # A private profile per call: parallel conversions would otherwise fight over one lock.
        profile = Path(work) / f"profile-{uuid.uuid4().hex}"
        subprocess.run(  # noqa: S603 - fixed executable, our own temporary files
            [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
             "--outdir", work, *(str(source) for source in sources.values())],
            check=True, capture_output=True, timeout=120 + 60 * len(sources),
        )  # fmt: skip
        pdfs = {}
        for name, source in sources.items():
            pdf = source.with_suffix(".pdf")
            if not pdf.exists():
                raise AssertionError(f"LibreOffice produced no PDF of {name}: the document is not valid")
            pdfs[name] = pdf.read_bytes()
        return pdfs


def pdf_pages(pdf: bytes) -> int:
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None:
        pytest.fail("pdfinfo is missing: apt-get install poppler-utils")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        out = subprocess.run([pdfinfo, handle.name], check=True, capture_output=True, text=True).stdout  # noqa: S603
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def pdf_text(pdf: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        return subprocess.run(  # noqa: S603
            [shutil.which("pdftotext") or "pdftotext", "-layout", handle.name, "-"],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
