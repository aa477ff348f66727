"""`python -m eligibility.docs > docs/facts.md`: the facts vocabulary as a Markdown table."""

from eligibility.facts import FACTS

SOURCES = {
    "declared": "企业自报",
    "credit_register": "信用信息（信用湖南、失信被执行人名单）",
    "market_register": "市场监管登记",
    "tax_register": "税务",
    "award_list": "获奖/认定名单",
}


def render() -> str:
    lines = [
        "# Facts vocabulary (事实词表)",
        "",
        "Generated from `eligibility/facts.py` by `python -m eligibility.docs > docs/facts.md`; a test keeps it in step.",
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
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render(), end="")
