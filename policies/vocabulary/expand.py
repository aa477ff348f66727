"""From the vocabulary's declarations to one notice year's concrete facts (`operating_revenue_2022`, "2022年营业收入")."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

import yaml

from policies.fact_types import Fact
from policies.vocabulary.schema import (
    FactDeclaration,
    Vocabulary,
    VocabularyInvalid,
    vocabulary_validate,
    year_offset,
    year_range,
)

VOCABULARY_DIR = Path(__file__).resolve().parent
DEFAULT_VERSION = 1
# The notice's own words for a year relative to its own (上年度营业收入); other years are written out.
RELATIVE_YEAR_WORDS = {-1: "上年度", -2: "前年", 0: "本年度"}


def vocabulary_file(version: int) -> Path:
    return VOCABULARY_DIR / f"facts-v{version}.yaml"


@cache
def vocabulary(version: int = DEFAULT_VERSION) -> Vocabulary:
    """The vocabulary of that version, read and validated once per process."""
    path = vocabulary_file(version)
    if not path.is_file():
        raise VocabularyInvalid(path.name, [("", f"没有第 {version} 版事实词表")])
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        raise VocabularyInvalid(path.name, [("", f"YAML 格式错误：{exc}")]) from None
    return vocabulary_validate(data, file=path.name)


def _fill(template: str | None, **years: int) -> str | None:
    if template is None:
        return None
    for key, value in years.items():
        template = template.replace("{" + key + "}", str(value))
    return template


def declaration_years(declaration: FactDeclaration, notice_year: int) -> list[int]:
    """The calendar years a `years` or `year` declaration gives facts for (empty for the others)."""
    if declaration.years:
        first, last = year_range(declaration.years)
        return list(range(notice_year + first, notice_year + last + 1))
    if declaration.year:
        return [notice_year + year_offset(declaration.year)]
    return []


def _fact(declaration: FactDeclaration, name: str, fact_year: int | None, **years: int) -> Fact:
    return Fact(
        name=name,
        label=_fill(declaration.label, **years),
        type=declaration.type,
        unit=declaration.unit,
        year=fact_year,
        source=declaration.source,
        profile_field=_fill(declaration.profile_field, **years),
        description=_fill(declaration.description, **years),
        allow_negative=declaration.allow_negative,
        choices=tuple((c.value, c.label) for c in declaration.choices),
        unrecorded=declaration.unrecorded,
        declaration=declaration.name,
    )


def declaration_facts(declaration: FactDeclaration, notice_year: int) -> list[Fact]:
    if declaration.span:
        first, last = (notice_year + offset for offset in year_range(declaration.span))
        return [_fact(declaration, f"{declaration.name}_{first}_{last}", None, first=first, last=last)]
    if declaration.years or declaration.year:
        return [
            _fact(declaration, f"{declaration.name}_{year}", year, year=year)
            for year in declaration_years(declaration, notice_year)
        ]
    return [_fact(declaration, declaration.name, None)]


@cache
def _expanded(notice_year: int, version: int) -> tuple[Fact, ...]:
    facts = [f for d in vocabulary(version).facts for f in declaration_facts(d, notice_year)]
    names = [f.name for f in facts]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise VocabularyInvalid(
            vocabulary_file(version).name, [("", f"{notice_year} 年展开后事实名称重复：{'、'.join(duplicates)}")]
        )
    return tuple(facts)


def facts_for_notice_year(notice_year: int, version: int = DEFAULT_VERSION) -> dict[str, Fact]:
    """Every fact a pack of that notice year may use, in the vocabulary's order. Pure; a new dict each call."""
    return {f.name: f for f in _expanded(notice_year, version)}


def facts_for_notice_years(
    notice_years: list[int] | tuple[int, ...], version: int = DEFAULT_VERSION
) -> dict[str, Fact]:
    """The union over several notice years, declaration by declaration and year by year, so that one
    family's years stay together (operating_revenue_2020 … _2023). A name means the same in every year."""
    table: dict[str, Fact] = {}
    for declaration in vocabulary(version).facts:
        for fact in sorted(
            (f for year in sorted(set(notice_years)) for f in declaration_facts(declaration, year)),
            key=lambda f: (f.year or 0, f.name),
        ):
            known = table.setdefault(fact.name, fact)
            if known != fact:
                raise VocabularyInvalid(
                    vocabulary_file(version).name, [(declaration.name, f"{fact.name} 在不同通知年度含义不同")]
                )
    return table


@lru_cache(maxsize=4096)
def fact_in_any_year(name: str, version: int = DEFAULT_VERSION) -> Fact | None:
    """The fact `name` (operating_revenue_2023) as whichever notice year's expansion gives it: a name means
    the same in every year, so a figure of a notice whose folder the platform never saw is still typed."""
    years = [int(y) for y in re.findall(r"_(\d{4})(?=_|$)", name)]
    if not years:
        return None
    from policies.vocabulary.schema import MAX_SPAN

    for notice_year in range(min(years) - MAX_SPAN, max(years) + MAX_SPAN + 1):
        fact = next((f for f in _expanded(notice_year, version) if f.name == name), None)
        if fact is not None:
            return fact
    return None


def profile_years(notice_year: int, version: int = DEFAULT_VERSION) -> tuple[int, ...]:
    """The calendar years of the profile's yearly figures a notice of that year uses (Y-3..Y-1)."""
    first, last = year_range(vocabulary(version).profile_years)
    return tuple(range(notice_year + first, notice_year + last + 1))


def relative_label(fact: Fact, notice_year: int, version: int = DEFAULT_VERSION) -> str:
    """The fact as the notice of that year says it: "上年度营业收入" for 2022 in 2023, "前年…" for 2022 in 2024."""
    declaration = next((d for d in vocabulary(version).facts if d.name == fact.declaration), None)
    if declaration is None or fact.year is None:
        return fact.label
    if declaration.relative_label:
        return _fill(declaration.relative_label, year=fact.year)
    word = RELATIVE_YEAR_WORDS.get(fact.year - notice_year)
    if word is None or "{year}年" not in declaration.label:
        return fact.label
    return declaration.label.replace("{year}年", word, 1).replace("{year}", str(fact.year))


_YEARLY_NAME = re.compile(r"^(?P<base>[a-z][a-z0-9_]*?)_\d{4}(?:_\d{4})?$")


def same_family(name: str, facts: dict[str, Fact]) -> list[str]:
    """The facts of `facts` declared like `name` in another year: smart_equipment_investment_2022 ->
    [smart_equipment_investment_2023] in the 2024 notice's facts. Empty for a name of no yearly family."""
    match = _YEARLY_NAME.match(name)
    return [f.name for f in facts.values() if match and f.declaration == match.group("base")]


_PACK_YEAR = re.compile(r"^year:\s*(\d{4})\b", re.MULTILINE)


def pack_folder_years(directories: list[Path] | tuple[Path, ...]) -> list[int]:
    """The `year` of every pack folder under those directories, read from pack.yaml's top-level line (no
    validation, no database: cheap enough for import time)."""
    years = {pack_folder_year(p.parent) for directory in directories for p in Path(directory).glob("*/pack.yaml")}
    return sorted(y for y in years if y is not None)


def pack_folder_year(folder: Path) -> int | None:
    """The `year` line of the folder's pack.yaml, or None."""
    pack_yaml = Path(folder) / "pack.yaml"
    if not pack_yaml.is_file():
        return None
    match = _PACK_YEAR.search(pack_yaml.read_text(encoding="utf-8"))
    return int(match.group(1)) if match else None
