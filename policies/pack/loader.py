"""Read a pack folder, validate every file and every cross-reference, and report all errors at once."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from core.industry import name_of
from policies.fact_types import Fact
from policies.facts import NOTICE_YEARS
from policies.pack.material_refs import material_reference_errors
from policies.pack.messages import pydantic_message
from policies.pack.prefill import YEARLY_METRICS, prefill_keys
from policies.pack.schema import (
    AllRule,
    AnyRule,
    BooleanRule,
    CaseFile,
    Condition,
    FormTemplate,
    IndustryRule,
    MembershipRule,
    Pack,
    Rule,
    SupportItem,
    ThresholdRule,
    natural_form_key,
)
from policies.vocabulary import VocabularyInvalid, facts_for_notice_year, pack_folder_year, profile_years, same_family


@dataclass(frozen=True)
class PackError:
    file: str
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.path}" if self.path else self.file
        return f"{where}: {self.message}"


@dataclass
class LoadedPack:
    directory: Path
    pack: Pack
    items: list[SupportItem]
    forms: dict[str, FormTemplate]
    cases: CaseFile | None
    digest: str  # SHA-256 over every file, in path order: identifies the content of a version
    raw: dict[str, Any] = field(default_factory=dict)  # file -> parsed YAML, for diffs

    def item(self, number: int) -> SupportItem:
        return next(i for i in self.items if i.number == number)


class PackInvalid(Exception):
    def __init__(self, errors: list[PackError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


def _format_loc(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _validate(model: type[BaseModel], data: Any, file: str, errors: list[PackError]) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            # Union rules produce one error per alternative; keep the path readable.
            loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p[:1].isupper()))
            errors.append(PackError(file, _format_loc(loc), pydantic_message(err)))
        return None


# PyYAML's libyaml binding (in its wheels) parses the 2023 pack about ten times faster than the pure-Python
# loader, which took 1.4 s of every load; both build the same Python objects from the same safe subset.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str) -> Any:
    """yaml.safe_load, with libyaml when PyYAML has it."""
    return yaml.load(text, Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader (CSafeLoader or SafeLoader)


def _read_yaml(path: Path, root: Path, errors: list[PackError]) -> Any:
    rel = str(path.relative_to(root))
    try:
        return parse_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        errors.append(PackError(rel, "", f"YAML 格式错误：{exc}"))
    except UnicodeDecodeError:
        errors.append(PackError(rel, "", "文件不是 UTF-8 编码"))
    return None


def iter_rules(rule: Rule | None):
    if rule is None:
        return
    if isinstance(rule, (AllRule, AnyRule)):
        for child in rule.all if isinstance(rule, AllRule) else rule.any:
            yield from iter_rules(child)
    else:
        yield rule


def unknown_fact_message(name: str, facts: dict[str, Fact], notice_year: int) -> str:
    """Why a pack may not use `name`: unknown, or a year another notice's vocabulary gives."""
    same = same_family(name, facts)
    if same:
        return f"事实 {name} 不属于 {notice_year} 年通知的事实词表：该通知可用 {'、'.join(same)}（年度随通知年度推移）"
    return f"未知的事实 {name!r}（见 docs/facts.md）"


def _check_rule_facts(
    condition: Condition, file: str, path: str, errors: list[PackError], facts: dict[str, Fact], notice_year: int
) -> None:
    for rule in iter_rules(condition.rule):
        if isinstance(rule, IndustryRule):
            unknown = [c for c in rule.industry_in if name_of(c) is None]
            if unknown:
                errors.append(PackError(file, path, f"GB/T 4754-2017 中没有行业代码 {'、'.join(unknown)}"))
        for name in rule.facts():
            fact = facts.get(name)
            if fact is None:
                errors.append(PackError(file, path, unknown_fact_message(name, facts, notice_year)))
                continue
            if isinstance(rule, ThresholdRule):
                if fact.type not in ("number", "integer"):
                    errors.append(PackError(file, path, f"事实 {name} 不是数值，不能与阈值比较"))
                elif not (rule.per or rule.growth_from) and fact.unit != rule.unit:
                    errors.append(
                        PackError(file, path, f"阈值单位 {rule.unit} 与事实 {name} 的单位 {fact.unit} 不一致")
                    )
            elif isinstance(rule, BooleanRule) and fact.type != "boolean":
                errors.append(PackError(file, path, f"事实 {name} 不是是/否类型"))
            elif isinstance(rule, MembershipRule) and fact.type != "code":
                errors.append(PackError(file, path, f"事实 {name} 不是代码类型"))


def check_form_prefill(form: FormTemplate, file: str, *, notice_year: int) -> list[PackError]:
    """Every prefill must name a profile key (see policies/pack/prefill.py) of the notice's profile years."""
    years = profile_years(notice_year)
    keys = prefill_keys(years)
    errors: list[PackError] = []
    for section in form.sections:
        for f in section.fields:
            path = f"sections.{section.id}.{f.id}"
            if f.prefill and f.prefill not in keys:
                errors.append(PackError(file, path, _unknown_prefill(f.prefill, years)))
            for row in f.rows or []:
                if row.prefill and row.prefill not in YEARLY_METRICS:
                    errors.append(PackError(file, f"{path}.{row.id}", f"未知的年度指标 {row.prefill!r}"))
                if row.prefill and not set(f.years or []) <= set(years):
                    outside = "、".join(str(y) for y in sorted(set(f.years or []) - set(years)))
                    errors.append(
                        PackError(
                            file, f"{path}.{row.id}",
                            f"{notice_year} 年通知只使用 {years[0]}-{years[-1]} 年的档案数据，没有 {outside} 年",
                        )
                    )  # fmt: skip
            for col in f.columns or []:
                if col.prefill:
                    errors.append(PackError(file, f"{path}.{col.id}", "重复行表格的列不能预填"))
    return errors


def _unknown_prefill(key: str, years: tuple[int, ...]) -> str:
    metric, _, year = key.rpartition("_")
    if metric in YEARLY_METRICS and year.isdigit():
        return f"档案字段 {key!r} 的年度不在本通知使用的 {years[0]}-{years[-1]} 年之内"
    return f"未知的档案字段 {key!r}（见 policies/pack/prefill.py）"


def _cross_check(
    pack: Pack, items: list[tuple[str, SupportItem]], forms: dict[str, tuple[str, FormTemplate]]
) -> list[PackError]:
    errors: list[PackError] = []
    try:
        facts = facts_for_notice_year(pack.year, pack.facts_vocabulary)
    except VocabularyInvalid as exc:
        return [PackError("pack.yaml", "facts_vocabulary", message) for _, message in exc.errors]
    numbers = [i.number for _, i in items]
    for n in sorted({n for n in numbers if numbers.count(n) > 1}):
        errors.append(PackError("items/", "", f"支持事项序号 {n} 重复"))
    codes = [i.code for _, i in items]
    for c in sorted({c for c in codes if codes.count(c) > 1}):
        errors.append(PackError("items/", "", f"支持事项代码 {c} 重复"))
    sections = {s.code for s in pack.city_sections}
    condition_ids: dict[str, str] = {}

    def register(cond: Condition, file: str, path: str) -> None:
        if cond.id in condition_ids:
            errors.append(PackError(file, path, f"条件 id {cond.id} 重复（另见 {condition_ids[cond.id]}）"))
        condition_ids[cond.id] = file
        _check_rule_facts(cond, file, path, errors, facts, pack.year)

    for i, cond in enumerate(pack.global_conditions):
        register(cond, "pack.yaml", f"global_conditions[{i}]")
    for file, item in items:
        if item.contact.section not in sections:
            errors.append(PackError(file, "contact.section", f"未知的科室 {item.contact.section}"))
        form_lists = [("forms", item.forms)] + [
            (f"subtypes[{k}].forms", s.forms) for k, s in enumerate(item.subtypes) if s.forms
        ]
        for where, form_ids in form_lists:
            for form_id in form_ids:
                if form_id not in forms:
                    errors.append(PackError(file, where, f"引用了不存在的表单 {form_id}"))
        materials = list(item.materials)
        for s in item.subtypes:
            materials += s.materials
        material_ids = {m.id for m in item.materials}
        for m in materials:
            if m.form and m.form not in forms:
                errors.append(PackError(file, f"materials.{m.id}.form", f"引用了不存在的表单 {m.form}"))
        ids = [m.id for m in item.materials]
        for dup in sorted({x for x in ids if ids.count(x) > 1}):
            errors.append(PackError(file, "materials", f"材料 id {dup} 重复"))
        for k, cond in enumerate(item.conditions):
            register(cond, file, f"conditions[{k}]")
            for ev in cond.evidence:
                if ev not in material_ids:
                    errors.append(PackError(file, f"conditions[{k}].evidence", f"引用了不存在的材料 {ev}"))
        for s_idx, sub in enumerate(item.subtypes):
            sub_materials = material_ids | {m.id for m in sub.materials}
            for k, cond in enumerate(sub.conditions):
                register(cond, file, f"subtypes[{s_idx}].conditions[{k}]")
                for ev in cond.evidence:
                    if ev not in sub_materials:
                        errors.append(
                            PackError(file, f"subtypes[{s_idx}].conditions[{k}].evidence", f"引用了不存在的材料 {ev}")
                        )
        if item.subtype_required and not item.subtypes:
            errors.append(PackError(file, "subtype_required", "要求选择申报类型，但没有列出 subtypes"))
        templates = {form_id: form for form_id, (_, form) in forms.items()}
        errors += [
            PackError(file, path, message) for path, message in material_reference_errors(item, templates, facts)
        ]
    known = set(numbers)
    rules = [("project_limit", pack.project_limit.excluded_items)]
    rules += [(f"exclusions[{k}]", r.items) for k, r in enumerate(pack.exclusions)]
    rules += [(f"quotas[{k}]", r.items) for k, r in enumerate(pack.quotas)]
    for where, refs in rules:
        for n in refs:
            if n not in known:
                errors.append(PackError("pack.yaml", where, f"引用了不存在的支持事项 {n}"))
    errors += _rule_copies_errors(pack, items)
    for key in ("performance_form", "summary_form"):
        if getattr(pack, key) not in forms:
            errors.append(PackError("pack.yaml", key, f"引用了不存在的表单 {getattr(pack, key)}"))
    for form_file, form in forms.values():
        errors += check_form_prefill(form, form_file, notice_year=pack.year)
        if form.parent and form.parent not in forms:
            errors.append(PackError(form_file, "parent", f"引用了不存在的表单 {form.parent}"))
    return errors


def _rule_copies_errors(pack: Pack, items: list[tuple[str, SupportItem]]) -> list[PackError]:
    """An item repeats two of the notice's rules about it: its county_quota must be the per_jurisdiction of
    the one quota rule naming it (none when no rule does), and counts_toward_project_limit must be false exactly
    for the project limit's excluded_items. Each disagreement is reported at the item's own field."""
    errors: list[PackError] = []
    quota_of: dict[int, tuple[int, int]] = {}  # item -> (rule index, per_jurisdiction)
    for k, rule in enumerate(pack.quotas):
        for n in rule.items:
            if n in quota_of:
                errors.append(
                    PackError(
                        "pack.yaml", f"quotas[{k}].items",
                        f"第{n}项同时出现在两条限报规则中（第{quota_of[n][0] + 1}条和第{k + 1}条）：每项只能有一个限报名额",
                    )
                )  # fmt: skip
            else:
                quota_of[n] = (k, rule.per_jurisdiction)
    excluded = set(pack.project_limit.excluded_items)
    for file, item in items:
        n, own = item.number, item.county_quota
        rule = quota_of.get(n)
        if rule is None and own is not None:
            errors.append(
                PackError(file, "county_quota", f"第{n}项的每县市区/园区限报为 {own} 个，但限报规则中没有该项")
            )
        elif rule is not None and own != rule[1]:
            said = f"为 {own} 个" if own is not None else "未填写"
            errors.append(
                PackError(file, "county_quota", f"第{n}项的每县市区/园区限报{said}，但限报规则为 {rule[1]} 个")
            )
        if item.counts_toward_project_limit and n in excluded:
            errors.append(
                PackError(
                    file, "counts_toward_project_limit",
                    f"第{n}项计入每家单位申报项目数，但项目数上限规则将其列为不计入的事项",
                )
            )  # fmt: skip
        elif not item.counts_toward_project_limit and n not in excluded:
            errors.append(
                PackError(
                    file, "counts_toward_project_limit",
                    f"第{n}项不计入每家单位申报项目数，但项目数上限规则未将其列为不计入的事项",
                )
            )  # fmt: skip
    return errors


def _pack_files(root: Path) -> tuple[list[Path], str]:
    if not (root / "pack.yaml").is_file():
        raise PackInvalid([PackError(str(root), "", "找不到 pack.yaml")])
    files = sorted(p for p in root.rglob("*.yaml") if p.is_file())
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return files, digest.hexdigest()


_LOADED: dict[str, LoadedPack] = {}  # folder -> its last load


def load_pack_unchanged(directory: str | Path) -> LoadedPack:
    """load_pack, parsed and validated once per content: while a folder's bytes are unchanged (the digest
    is recomputed on every call) it gives the same LoadedPack object, which callers must not modify."""
    root = Path(directory)
    folder = str(root.resolve())
    loaded = _LOADED.get(folder)
    if loaded is None or loaded.digest != _pack_files(root)[1]:
        loaded = _LOADED[folder] = load_pack(root)
    return loaded


def load_pack(directory: str | Path) -> LoadedPack:
    """Load and validate a pack. Raises PackInvalid listing every error; nothing is half-loaded."""
    root = Path(directory)
    errors: list[PackError] = []
    files, digest = _pack_files(root)
    raw: dict[str, Any] = {}
    for path in files:
        raw[str(path.relative_to(root))] = _read_yaml(path, root, errors)
    return load_pack_files(raw, directory=root, digest=digest, errors=errors)


def load_pack_files(
    raw: dict[str, Any], *, directory: Path, digest: str, errors: list[PackError] | None = None
) -> LoadedPack:
    """Validate a pack given as its files' parsed YAML (relative path -> data, as in a folder: pack.yaml,
    items/NN.yaml, forms/ID.yaml, cases.yaml): the one validation path for a folder and for data held in
    memory (the workbench's drafts). Raises PackInvalid listing every error, with `errors` found before."""
    errors = list(errors or [])
    pack = _validate(Pack, raw.get("pack.yaml"), "pack.yaml", errors)
    items: list[tuple[str, SupportItem]] = []
    forms: dict[str, tuple[str, FormTemplate]] = {}
    for rel, data in raw.items():
        if rel.startswith("items/"):
            item = _validate(SupportItem, data, rel, errors)
            if item:
                items.append((rel, item))
        elif rel.startswith("forms/"):
            form = _validate(FormTemplate, data, rel, errors)
            if form:
                if form.id in forms:
                    errors.append(PackError(rel, "id", f"表单 id {form.id} 重复（另见 {forms[form.id][0]}）"))
                forms[form.id] = (rel, form)
    cases = None
    if "cases.yaml" in raw:
        cases = _validate(CaseFile, raw["cases.yaml"], "cases.yaml", errors)
    if not items:
        errors.append(PackError("items/", "", "没有任何支持事项"))
    if pack is not None:
        errors += _cross_check(pack, items, forms)
    if errors:
        raise PackInvalid(errors)
    items.sort(key=lambda pair: pair[1].number)
    return LoadedPack(
        directory=directory,
        pack=pack,
        items=[i for _, i in items],
        forms={k: forms[k][1] for k in sorted(forms, key=natural_form_key)},
        cases=cases,
        digest=digest,
        raw=raw,
    )


def check_pack(directory: str | Path) -> list[PackError]:
    try:
        load_pack(directory)
    except PackInvalid as exc:
        return exc.errors
    return []


def check_form_file(path: str | Path) -> list[PackError]:
    """Validate one form file on its own (used while encoding templates), for the notice year of the pack
    folder it sits in (forms/<id>.yaml), else of the newest pack folder the platform knows."""
    path = Path(path)
    notice_year = pack_folder_year(path.parent.parent) or NOTICE_YEARS[-1]
    errors: list[PackError] = []
    data = _read_yaml(path, path.parent, errors)
    if not errors:
        form = _validate(FormTemplate, data, path.name, errors)
        if form is not None:
            errors += check_form_prefill(form, path.name, notice_year=notice_year)
    return errors
