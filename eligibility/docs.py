"""`python -m eligibility.docs > docs/facts.md`: the facts vocabulary as a Markdown table."""

from policies.facts import FACTS

SOURCES = {
    "declared": "企业自报",
    "credit_register": "信用信息（信用湖南、失信被执行人名单）",
    "market_register": "市场监管登记",
    "tax_register": "税务",
    "award_list": "获奖/认定名单",
    "performance_record": "本平台绩效评价与整改记录",
    "funds_record": "本平台奖补资金调减、撤销与追回记录",
}

RULES = [
    "## How facts are compared",
    "",
    "- **Missing** facts give 信息不足, never 不符合.",
    "- **A share** (`per`, e.g. 研发投入占营业收入的比重) of a total that is zero or negative cannot be",
    "  computed: 需佐证, for the section to judge, never 不符合.",
    "- **A growth rate** (`growth_from`, e.g. 年增幅超过30%, 呈上升势头) from a base year that is zero or a loss",
    "  has no percentage, but it has a direction. The engine decides what the direction alone decides",
    "  and leaves the rest to the section (`eligibility.rules.growth_from_non_positive`):",
    "  - no change counts as a growth of 0 %;",
    "  - an increase meets a clause that asks for growth above a limit of 0 % or less (销售收入呈上升势头);",
    "  - a decrease fails a clause that asks for growth of at least a limit of 0 % or more;",
    "  - every other case (an increase from 0 against 年增幅超过30%, for instance) is 需佐证 with the",
    '    reason "上年为零或亏损，增幅无法按百分比计算", never a silent 不符合.',
    "- **Industry** (`industry_in`) reads the most specific code the enterprise gave: 小类 over 中类 over",
    "  大类. A code lies within a listed code when it starts with it. When only a broader code is given",
    "  and the list names narrower codes under it (大类 30 and 3054 日用玻璃制品制造), the answer is",
    "  信息不足 and the explanation asks for the finer code.",
    '- **Code lists** (`one_of`) are explained with the fact\'s value labels (成熟度等级 "0" reads 未达到一级).',
]


def render() -> str:
    lines = [
        "# Facts vocabulary (事实词表)",
        "",
        "Generated from `policies/facts.py` by `python -m eligibility.docs > docs/facts.md`; a test keeps it in step.",
        "Every fact a condition of a policy pack may use. `source` is where the fact can come from: the",
        "enterprise's own declaration, or an authoritative register (a future integration). A declared fact",
        "reaches at most 需佐证 for a clause that lists evidence.",
        "",
        "| fact | 含义 | type | unit | year | source | profile field |",
        "|---|---|---|---|---|---|---|",
    ]
    for fact in FACTS.values():
        lines.append(
            f"| `{fact.name}` | {fact.label} | {fact.type} | {fact.unit or ''} | {fact.year or ''} "
            f"| {SOURCES[fact.source]} | {fact.profile_field or ''} |"
        )
    return "\n".join(lines + ["", *RULES]) + "\n"


if __name__ == "__main__":
    print(render(), end="")
