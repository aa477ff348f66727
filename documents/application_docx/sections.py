"""A form's sections as the template prints them: short values as grids, long texts as prose under their
labels, tables in between, signature blocks with room for a signature or seal."""

from __future__ import annotations

from collections import Counter

from documents import docx_base as word
from documents.application_docx.cover import COVER_SECTION, cover_rows, cover_table
from documents.application_docx.grid import Grid, GridRow
from documents.application_docx.tables import columns_signature, record_layout, write_tables
from documents.application_docx.wording import SIGNATURE_LINE, chinese_date, is_date_placeholder, lines, value_text
from documents.application_docx.writer import Writer
from policies.formengine.layout import FieldView, FormView, SectionView
from policies.formengine.messages import NOT_FILLED
from policies.pack.schema import FormField, FormTemplate, Section

# Section titles that name a part of the schema, not text the template prints.
UNPRINTED_SECTION_TITLES = frozenset({"封面", "表头"})

_SHORT_KINDS = frozenset(
    {"integer", "number", "money", "percentage", "year", "year_month", "phone", "email", "uscc", "id_number"}
    | {"industry", "boolean", "single_choice", "multiple_choice"}
)


def _blocks(section: Section, view: SectionView, *, landscape: bool) -> list[list[tuple[FormField, FieldView]]]:
    """The section's fields, with consecutive repeating tables of identical columns in one block."""
    blocks: list[list[tuple[FormField, FieldView]]] = []
    for field, field_view in zip(section.fields, view.fields):
        previous = blocks[-1][-1][0] if blocks else None
        if (
            field.kind == "table"
            and previous is not None
            and previous.kind == "table"
            and columns_signature(previous) == columns_signature(field)
            and not record_layout(field, landscape=landscape)
        ):
            blocks[-1].append((field, field_view))
        else:
            blocks.append([(field, field_view)])
    return blocks


def _is_grid_section(section: Section) -> bool:
    """Short values (numbers, codes, choices) or several one-line texts make a grid; long texts, guidance and
    signatures with at most one line of text and a date (a 承诺书, an 编写提纲) make prose."""
    kinds = Counter(f.kind for f in section.fields)
    return any(k in _SHORT_KINDS for k in kinds) or kinds["text"] + kinds["date"] >= 3 or kinds["text"] >= 2


def _disambiguating_help(section: Section) -> set[str]:
    """Ids of fields whose group and label repeat in the section (附表2-10-1: 是否符合 once per requirement):
    their help, the requirement the template prints in its first column, tells the rows apart."""
    counts = Counter((f.group, f.label) for f in section.fields)
    return {f.id for f in section.fields if f.help and counts[(f.group, f.label)] > 1}


def _grid_section(w: Writer, section: Section, view: SectionView) -> None:
    grid = Grid(w)
    with_help = _disambiguating_help(section)
    previous_help = ""
    for block in _blocks(section, view, landscape=w.landscape):
        field, field_view = block[0]
        kind = field.kind
        if kind in ("year_table", "table"):
            grid.flush()
            write_tables(w, block)
        elif kind == "guidance":
            grid.flush()
            for line in lines(field_view.text):
                w.paragraph(line, size=12)
        elif kind == "heading":
            grid.flush()
            w.heading(field.label, level=3)
        elif kind == "signature":
            grid.add(GridRow(field.label, field_view.text, group=field_view.group, signature=True))
        else:
            help_text = field.help if field.id in with_help and field.help != previous_help else ""
            grid.add(GridRow(field.label, value_text(field, field_view), group=field_view.group, help=help_text))
        previous_help = field.help or ""
    grid.flush()


def _prose_section(w: Writer, section: Section, view: SectionView) -> None:
    last_heading = ""
    last_group = ""
    for block in _blocks(section, view, landscape=w.landscape):
        field, field_view = block[0]
        kind = field.kind
        if kind in ("year_table", "table"):
            write_tables(w, block)
        elif kind == "guidance":
            for line in lines(field_view.text):
                w.paragraph(line, indent=True, align="justify")
        elif kind == "heading":
            w.heading(field.label, level=3)
            last_heading = field.label
        elif kind == "long_text":
            group = field_view.group
            if group and group not in (last_heading, last_group):
                w.bold(group)
            last_group = group
            w.bold(field.label, rest=f"：{field.help}" if field.help else "")
            for line in lines(field_view.display) or [NOT_FILLED]:
                w.paragraph(line, indent=True, align="justify")
        elif kind == "signature":
            w.paragraph("")
            label = f"{field.label}：{SIGNATURE_LINE}"
            w.paragraph(f"{label}  {field_view.text}" if field_view.text else label, align="right")
        elif is_date_placeholder(field):
            w.paragraph(chinese_date(field_view.display) or field.label, align="right")
        else:
            label = f"{field_view.group} › {field.label}" if field_view.group else field.label
            w.paragraph(f"{label}：{value_text(field, field_view)}")


def _section(w: Writer, template: FormTemplate, section: Section, view: SectionView) -> None:
    if section.title not in UNPRINTED_SECTION_TITLES and section.title != template.title:
        w.heading(section.title, level=2)
    if section.guidance:
        w.paragraph(section.guidance, size=12, align="right" if section.guidance.startswith("单位") else "left")
    if section.id == COVER_SECTION:
        cover_table(w, cover_rows(section, view)[0])
    elif _is_grid_section(section):
        _grid_section(w, section, view)
    else:
        _prose_section(w, section, view)


def write_form(w: Writer, template: FormTemplate, view: FormView, *, skip_cover: bool) -> None:
    """One form: its source and title (unless its cover is the document's cover), then every section."""
    if not skip_cover:
        w.bold(template.source, size=14)
        word.title(w.doc, template.title, size=18)
    for section, section_view in zip(template.sections, view.sections):
        if skip_cover and section.id == COVER_SECTION:
            continue
        _section(w, template, section, section_view)
