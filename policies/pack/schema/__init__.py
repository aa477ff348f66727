"""The policy-pack format: pydantic models for a notice, its support items, conditions and forms.

One pack is one folder (policy_packs/<pack-id>/):
  pack.yaml            the notice, cross-item rules, the global conditions of section 二
  items/NN.yaml        one support item of 附件1 each (NN = 01..14)
  forms/<form>.yaml    one form template each (附件2-1 … 2-12 and sub-forms, 附件3, 附件4)
  cases.yaml           eligibility rule cases (facts in, statuses out)

Everything here is pure data validation: no Django, no database.
"""

from policies.pack.schema.base import (  # noqa: F401
    FORM_ID,
    IDENT,
    UNITS,
    Strict,
)
from policies.pack.schema.conditions import (  # noqa: F401
    AllRule,
    AnyRule,
    BooleanRule,
    Condition,
    ConditionKind,
    IndustryRule,
    MembershipRule,
    Preference,
    Rule,
    Strictness,
    ThresholdRule,
)
from policies.pack.schema.forms import (  # noqa: F401
    VALUE_KINDS,
    FieldKind,
    FormField,
    FormRule,
    FormTemplate,
    MinRowsAcrossRule,
    Option,
    Section,
)
from policies.pack.schema.items import (  # noqa: F401
    DATE_RULE_CODES,
    SUPPORT_METHOD_LABELS,
    Contact,
    FileType,
    Material,
    MaterialRequirement,
    MaterialRule,
    MaterialRuleCode,
    Subtype,
    SupportItem,
    SupportMethod,
)
from policies.pack.schema.notice import (  # noqa: F401
    Case,
    CaseFile,
    ChecklistPoint,
    CitySectionRef,
    ExclusionRule,
    GradeBand,
    Issuer,
    Notice,
    NoticeContact,
    Pack,
    PerformanceRules,
    ProjectLimitRule,
    PublicNoticeRules,
    QuotaRule,
    ShortfallRule,
    Status,
    natural_form_key,
)
