"""Chinese names for the pack format's keys and codes, and short Chinese renderings of values, for `pack diff`."""

from __future__ import annotations

import difflib
import re
from typing import Any

from policies.pack.prefill import PROFILE_KEYS, YEARLY_METRICS
from policies.pack.schema import SUPPORT_METHOD_LABELS
from policies.pack.schema.forms import FIELD_KIND_LABELS
from policies.vocabulary import fact_in_any_year, vocabulary

# Every key of the pack format (policies/pack/schema/), by the name a city official knows it by.
KEY_LABELS: dict[str, str] = {
    # pack.yaml
    "id": "标识",
    "version": "版本",
    "year": "年度",
    "facts_vocabulary": "事实词表版本",
    "notice": "通知",
    "global_conditions": "全局申报条件",
    "project_limit": "申报项目数上限",
    "exclusions": "互斥规则",
    "quotas": "限报规则",
    "city_sections": "市局科室",
    "performance_form": "绩效目标表模板",
    "summary_form": "申报汇总表模板",
    "performance": "绩效管理",
    "public_notice": "公示",
    "working_days": "公示期（工作日）",
    # notice
    "document_number": "文号",
    "title": "标题",
    "issuers": "发文单位",
    "signer": "签发人",
    "issue_date": "印发日期",
    "legal_basis": "政策依据",
    "addressees": "主送单位",
    "deadline": "申报截止日期",
    "deadline_rule": "逾期规定",
    "submission_requirements": "申报要求",
    "submission_email": "报送邮箱",
    "hotline": "举报电话",
    "hotline_clause": "举报条款",
    "summary_contacts": "汇总表联系人",
    "organisation": "单位",
    "section": "科室",
    "person": "联系人",
    "phone": "电话",
    "no_application_entitlement_note": "免申即享说明",
    "performance_clause": "绩效管理条款",
    "support_categories": "支持范围",
    "example": "示例政策包",
    # rules of the pack
    "items": "事项",
    "clause": "条文",
    "source": "出处",
    "max_projects": "最多项目数",
    "excluded_items": "不计入项目数的事项",
    "per_jurisdiction": "每县市区/园区限报数",
    "checklist": "目标审核要点",
    "text": "文字",
    "total_score": "满分",
    "deviation_threshold": "偏离预警阈值（百分点）",
    "shortfall_rule": "未完成指标扣分规则",
    "fixed_deduction_share": "固定扣分比例",
    "grade_bands": "评价等级",
    "grade": "等级",
    "min": "下限",
    "max": "上限",
    # items
    "number": "序号",
    "code": "代码",
    "name": "名称",
    "direction": "具体方向",
    "conditions_text": "申报条件原文",
    "support_method": "支持方式",
    "contact": "联系人",
    "section_name": "科室名称",
    "forms": "申报表单",
    "commitment": "真实性承诺书",
    "materials": "申报材料",
    "conditions": "条件",
    "preferences": "优先支持",
    "subtypes": "申报类型",
    "subtype_required": "须选择申报类型",
    "county_quota": "每县市区/园区限报",
    "counts_toward_project_limit": "计入申报项目数",
    "one_application_per": "每份申报对应",
    # conditions and rules
    "kind": "类型",
    "rule": "规则",
    "strictness": "严格程度",
    "evidence": "佐证材料",
    "note": "说明",
    "fact": "事实",
    "wording": "比较用语",
    "value": "阈值",
    "unit": "单位",
    "per": "比例基数",
    "growth_from": "增幅基期",
    "equals": "要求",
    "one_of": "取值范围",
    "industry_in": "行业代码",
    "all": "全部满足",
    "any": "满足其一",
    # materials
    "required": "必填",
    "required_when": "按条件必交",
    "form": "在线填写表单",
    "accept": "文件类型",
    "rules": "规则",
    "field": "字段",
    "column": "列",
    # forms
    "parent": "所属表单",
    "sections": "章节",
    "guidance": "填表说明",
    "fields": "字段",
    "label": "标签",
    "help": "填写提示",
    "group": "分组",
    "max_chars": "字数上限",
    "decimals": "小数位数",
    "min_value": "最小值",
    "max_value": "最大值",
    "prefill": "预填来源",
    "options": "选项",
    "other": "可注明其他",
    "years": "年度列",
    "columns": "列",
    "min_rows": "最少行数",
    "max_rows": "最多行数",
    "level": "行业层级",
    "material": "材料",
    "min_rows_across": "合计行数的表格",
    # cases
    "cases": "规则用例",
    "subtype": "申报类型",
    "facts": "事实",
    "verified": "已核实事实",
    "expect": "预期结果",
    "verdict": "预期结论",
}

CODE_LABELS: dict[str, dict[str, str]] = {
    "support_method": SUPPORT_METHOD_LABELS,
    "kind": {
        "computable": "可计算",
        "attestation": "企业声明",
        "judgement": "审核判断",
        **FIELD_KIND_LABELS,
    },
    "strictness": {"hard": "硬性条件", "soft": "原则性条件（不满足时需佐证）", "reviewer": "由科室判断"},
    "shortfall_rule": {"proportional": "按完成比例扣分", "fixed_deduction": "扣减该指标固定比例"},
    "one_application_per": {"item": "每个事项", "subtype": "每个申报类型"},
    "signer": {
        "legal_representative": "法定代表人",
        "seal": "单位盖章",
        "agent": "经办人",
        "county_industry": "县级工信部门",
        "county_finance": "县级财政部门",
        "other": "其他",
    },
    "expect": {"met": "符合", "not_met": "不符合", "needs_evidence": "需佐证", "unknown": "信息不足"},
    "verdict": {"met": "符合", "not_met": "不符合", "needs_evidence": "需佐证", "unknown": "信息不足"},
}


_YEARLY = re.compile(r"^(?P<metric>[a-z][a-z0-9_]*)_(?P<year>\d{4})$")


# Where a key means something else in one part of the pack.
MATERIAL_LABELS = {"required": "必交", "rules": "核验规则", "year": "所属年度"}


def key_label(key: str, labels: dict[str, str] | None = None) -> str:
    return (labels or {}).get(key) or KEY_LABELS.get(key, key)


def fact_label(name: str) -> str:
    """A fact, field prefill or profile key by its Chinese name, with the identifier when the name is unknown."""
    fact = fact_in_any_year(name)
    if fact is not None:
        return fact.label
    declared = next((d for d in vocabulary().facts if d.name == name and "{" not in d.label), None)
    if declared is not None:
        return declared.label
    yearly = _YEARLY.match(name)
    if yearly and yearly["metric"] in YEARLY_METRICS:
        return f"{yearly['year']}年{YEARLY_METRICS[yearly['metric']]}"
    return PROFILE_KEYS.get(name) or YEARLY_METRICS.get(name) or name


def number(value: float | int) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def value_text(value: Any, key: str | None = None, limit: int = 80) -> str:
    """A value as a short Chinese phrase: 是/否, 无, lists joined with 、, codes by their labels."""
    if value is None:
        return "无"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float)):
        return f"{number(value * 100)}%" if key == "fixed_deduction_share" else number(value)
    if isinstance(value, str):
        if key in CODE_LABELS:
            return CODE_LABELS[key].get(value, value)
        if key in ("fact", "per", "growth_from", "prefill"):
            return fact_label(value)
        return value if len(value) <= limit else value[: limit - 1] + "…"
    if isinstance(value, list):
        if not value:
            return "无"
        return "、".join(value_text(v, key, limit) for v in value)
    if isinstance(value, dict):
        shown = [f"{key_label(k)} {value_text(v, k, limit)}" for k, v in value.items() if v not in (None, [], {})]
        return "；".join(shown) or "无"
    return str(value)


def text_change(old: str, new: str, context: int = 8, regions: int = 3) -> str:
    """「old」→「new」, or for long texts only the changed passages with a few characters around them."""
    if len(old) <= 40 and len(new) <= 40:
        return f"「{old}」→「{new}」"
    changes = [op for op in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes() if op[0] != "equal"]
    merged: list[list[int]] = []
    for _, i1, i2, j1, j2 in changes:
        if merged and i1 - merged[-1][1] <= 2 * context:
            merged[-1][1], merged[-1][3] = i2, j2
        else:
            merged.append([i1, i2, j1, j2])
    parts = []
    for i1, i2, j1, j2 in merged[:regions]:
        a0, b0 = max(0, i1 - context), max(0, j1 - context)
        before = ("…" if a0 else "") + old[a0 : i2 + context] + ("…" if i2 + context < len(old) else "")
        after = ("…" if b0 else "") + new[b0 : j2 + context] + ("…" if j2 + context < len(new) else "")
        parts.append(f"「{before}」→「{after}」")
    more = f"，另有 {len(merged) - regions} 处改动" if len(merged) > regions else ""
    return "；".join(parts) + more


def change_text(old: Any, new: Any, key: str | None = None) -> str:
    if isinstance(old, str) and isinstance(new, str) and key not in CODE_LABELS:
        if key in ("fact", "per", "growth_from", "prefill"):
            return f"{fact_label(old)} → {fact_label(new)}"
        return text_change(old, new)
    return f"{value_text(old, key)} → {value_text(new, key)}"
