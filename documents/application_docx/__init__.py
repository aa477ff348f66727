"""The 申报书 as a Word file: a cover with the receipt number and a QR code, every form of an application laid
out as its template prints it, the 真实性承诺书, and a footer with the receipt number, the page and the digest.

Pure: form templates and answers in, a python-docx Document out, no ORM (the exporters in
documents/exporters/application_docx.py fetch the application and pass its data). Values are formatted by
policies.formengine.render.render_sections, the same code that shows them on the read-only pages.

Layout rules (one set for every template, so that a new pack needs no code):
- each form starts on a new page; a form with a wide table (附件3) gets a landscape section;
- a section of short values is a grid: the field's group in a merged left column (法人代表 › 联系电话 as the
  template's merged cell), the label, the value; a choice lists every option ☑/☐, a yes/no prints ☑是 ☐否;
- a section of long texts (企业情况概述, 编写提纲 …) is prose: the label, the template's hint, the paragraphs;
- a year table has the years as columns; a repeating table has as many rows as the data; consecutive tables
  with the same columns (附件3's indicator tables) are one table with the groups and labels as leading columns;
- signature blocks leave room for a signature or seal and print the template's "(公 章) 年 月 日".

The modules: document (the two entry points and the footer), cover, sections (grids and prose), tables
(year, repeating and indicator tables), grid (label / value tables), commitment, wording (printed texts and
value formatting) and writer (the Word plumbing). Only the names below are the package's interface.
"""

from documents.application_docx.cover import COVER_SECTION
from documents.application_docx.document import application_document, performance_targets_document
from documents.application_docx.sections import UNPRINTED_SECTION_TITLES
from documents.application_docx.tables import (
    LANDSCAPE_MAX_COLUMNS,
    PORTRAIT_MAX_COLUMNS,
    RECORD_LAYOUT_COLUMNS,
    SERIAL_HEADER,
    TIER_HEADERS,
)
from documents.application_docx.wording import (
    COMMITMENT_TITLE,
    DRAFT,
    NO_COMMITMENT_TEXT,
    SIGNATURE_LINE,
    VERIFY_CAPTION,
    chinese_date,
    is_date_placeholder,
    value_text,
)
from documents.application_docx.writer import LANDSCAPE_WIDTH, PORTRAIT_WIDTH

__all__ = [
    "COMMITMENT_TITLE",
    "COVER_SECTION",
    "DRAFT",
    "LANDSCAPE_MAX_COLUMNS",
    "LANDSCAPE_WIDTH",
    "NO_COMMITMENT_TEXT",
    "PORTRAIT_MAX_COLUMNS",
    "PORTRAIT_WIDTH",
    "RECORD_LAYOUT_COLUMNS",
    "SERIAL_HEADER",
    "SIGNATURE_LINE",
    "TIER_HEADERS",
    "UNPRINTED_SECTION_TITLES",
    "VERIFY_CAPTION",
    "application_document",
    "chinese_date",
    "is_date_placeholder",
    "performance_targets_document",
    "value_text",
]
