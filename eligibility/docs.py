"""`python -m eligibility.docs > docs/facts.md`: the facts vocabulary (policies/vocabulary/facts-v1.yaml) as a
Markdown table, with each yearly family written once with its relative years ("operating_revenue_{Y-3..Y-1}")."""

from policies.vocabulary import DEFAULT_VERSION, vocabulary
from policies.vocabulary.expand import vocabulary_file
from policies.vocabulary.schema import FactDeclaration

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


def declared_name(declaration: FactDeclaration) -> str:
    """The names a declaration gives, in relative years: operating_revenue_{Y-3..Y-1}."""
    if declaration.years:
        return f"{declaration.name}_{{{declaration.years}}}"
    if declaration.year:
        return f"{declaration.name}_{{{declaration.year}}}"
    if declaration.span:
        first, _, last = declaration.span.partition("..")
        return f"{declaration.name}_{{{first}}}_{{{last}}}"
    return declaration.name


def _years(declaration: FactDeclaration) -> str:
    if declaration.years:
        return f"每年一项：{declaration.years}"
    if declaration.year:
        return declaration.year
    if declaration.span:
        return f"合计：{declaration.span}"
    return ""


def render(version: int = DEFAULT_VERSION) -> str:
    vocab = vocabulary(version)
    lines = [
        "# Facts vocabulary (事实词表)",
        "",
        f"Generated from `policies/vocabulary/{vocabulary_file(version).name}` (version {vocab.version}) by",
        "`python -m eligibility.docs > docs/facts.md`; a test keeps it in step.",
        "Every fact a condition of a policy pack may use. A pack names its vocabulary (`facts_vocabulary` in",
        "pack.yaml, 1 when absent). `source` is where the fact can come from: the enterprise's own declaration,",
        "or an authoritative register (a future integration). A declared fact reaches at most 需佐证 for a",
        "clause that lists evidence.",
        "",
        "Years are relative to **Y**, the notice year (the pack's `year`). `{Y-3..Y-1}` gives one fact per year,",
        "named with the calendar year (`operating_revenue_<Y-3>` … `operating_revenue_<Y-1>`); `{Y-1}` gives one",
        "fact of that year; `{Y-3}_{Y-1}` gives one fact over the years (`<name>_<Y-3>_<Y-1>`). In the labels,",
        "`{year}`, `{first}` and `{last}` are the calendar years. The profile keeps yearly figures by calendar",
        f"year, and asks for the profile years (`{vocab.profile_years}`) of every published notice.",
        "",
        "| fact | 含义 | type | unit | years | source | profile field |",
        "|---|---|---|---|---|---|---|",
    ]
    for declaration in vocab.facts:
        lines.append(
            f"| `{declared_name(declaration)}` | {declaration.label} | {declaration.type} | {declaration.unit or ''} "
            f"| {_years(declaration)} | {SOURCES[declaration.source]} | {declaration.profile_field or ''} |"
        )
    return "\n".join(lines + ["", *RULES]) + "\n"


if __name__ == "__main__":
    print(render(), end="")
