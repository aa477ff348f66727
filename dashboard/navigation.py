"""The menu each role sees: (label, url name) pairs, assembled from the user's roles."""

from __future__ import annotations

from accounts.choices import Role

# 全过程绩效管理 (通知 五), as performance/permissions.py scopes it: every role that has reports or evaluations to
# file, verify or read sees their lists; the rounds and their overview are the 中小企业科's and the sections'.
PERFORMANCE_WORK = [("绩效监控", "performance:monitoring_reports"), ("绩效评价", "performance:evaluation_index")]
PERFORMANCE_OVERSIGHT = [
    ("绩效监控", "performance:monitoring_index"),
    ("监控报告", "performance:monitoring_reports"),
    ("绩效评价", "performance:evaluation_index"),
]

# 奖补资金 (issue 15): every role with awards in its scope reads the ledger (funds.permissions.can_view_ledger);
# the 资金下达 documents are the city's and the counties' (can_view_allocations).
FUNDS_LEDGER = ("奖补资金", "funds:ledger")
FUNDS_ALLOCATIONS = ("资金下达", "funds:allocation_index")
# 调减、撤销与追回: those who act on them (the 中小企业科 decides, 财政局企业科 co-signs and opens, the county records
# repayments); the enterprise reaches its own from its fund page and from the notice it is sent.
FUNDS_RECOVERIES = ("调减与追回", "funds:recovery_index")
# 数据看板 (issue 19 §2): the city's over its scope (a section: its items), a county's over its jurisdiction.
CITY_BOARD = ("数据看板", "dashboard:city_board")
COUNTY_BOARD = ("数据看板", "dashboard:county_board")
# 政策推送 (issue 19 §3): a county's 可能符合但尚未申报 list; an enterprise's probable items and its mute switch.
COUNTY_PUSH = ("政策推送", "outreach:county_list")
ENTERPRISE_PUSH = ("政策推送", "outreach:my_items")

ROLE_MENUS: dict[str, list[tuple[str, str]]] = {
    Role.ENTERPRISE_AGENT: [
        ("我的申报", "applications:mine"),
        FUNDS_LEDGER,
        *PERFORMANCE_WORK,
        ("可申报事项", "applications:eligible_items"),
        ENTERPRISE_PUSH,
        ("企业档案", "enterprises:profile"),
        ("政策目录", "policies:catalogue"),
        ("政策计算器", "eligibility:calculator"),
    ],
    Role.ENTERPRISE_ADMIN: [
        ("我的申报", "applications:mine"),
        FUNDS_LEDGER,
        *PERFORMANCE_WORK,
        ("可申报事项", "applications:eligible_items"),
        ENTERPRISE_PUSH,
        ("企业档案", "enterprises:profile"),
        ("经办人", "enterprises:members"),
        ("政策目录", "policies:catalogue"),
        ("政策计算器", "eligibility:calculator"),
    ],
    Role.COUNTY_INDUSTRY_REVIEWER: [
        ("待审核", "review:worklist"),
        ("联合推荐", "review:batch_list"),
        COUNTY_BOARD,
        COUNTY_PUSH,
        FUNDS_LEDGER,
        *PERFORMANCE_WORK,
        ("待确认企业", "enterprises:pending_list"),
        ("辖区企业", "accounts:enterprise_list"),
        ("政策目录", "policies:catalogue"),
    ],
    Role.COUNTY_FINANCE_REVIEWER: [
        ("待审核", "review:worklist"),
        ("联合推荐", "review:batch_list"),
        COUNTY_BOARD,
        COUNTY_PUSH,
        FUNDS_LEDGER,
        FUNDS_ALLOCATIONS,
        FUNDS_RECOVERIES,
        *PERFORMANCE_WORK,
        ("辖区企业", "accounts:enterprise_list"),
        ("政策目录", "policies:catalogue"),
    ],
    Role.CITY_SECTION_REVIEWER: [
        ("待审核", "review:worklist"),
        CITY_BOARD,
        FUNDS_LEDGER,
        *PERFORMANCE_OVERSIGHT,
        ("企业", "accounts:enterprise_list"),
        ("政策目录", "policies:catalogue"),
    ],
    Role.CITY_SME_COORDINATOR: [
        ("汇总", "review:worklist"),
        CITY_BOARD,
        ("联合推荐", "review:batch_list"),
        ("奖补名单", "awards:index"),
        ("支持事项预算", "review:budgets"),
        FUNDS_ALLOCATIONS,
        FUNDS_LEDGER,
        FUNDS_RECOVERIES,
        *PERFORMANCE_OVERSIGHT,
        ("企业", "accounts:enterprise_list"),
        ("政策目录", "policies:catalogue"),
        ("政策配置", "workbench:home"),
        ("节假日安排", "policies:work_calendar"),
    ],
    Role.CITY_FINANCE_REVIEWER: [
        ("汇总会签", "review:worklist"),
        CITY_BOARD,
        ("联合推荐", "review:batch_list"),
        ("奖补名单", "awards:index"),
        ("支持事项预算", "review:budgets"),
        FUNDS_ALLOCATIONS,
        FUNDS_LEDGER,
        FUNDS_RECOVERIES,
        *PERFORMANCE_WORK,
        ("企业", "accounts:enterprise_list"),
        ("政策目录", "policies:catalogue"),
    ],
    Role.SYSTEM_ADMIN: [("工作台", "dashboard:home"), ("系统管理", "admin:index"), ("登录锁定", "accounts:lockouts")],
    Role.SECURITY_ADMIN: [
        ("工作台", "dashboard:home"),
        ("角色与安全管理", "admin:index"),
        ("登录锁定", "accounts:lockouts"),
    ],
    Role.AUDIT_READER: [("工作台", "dashboard:home"), ("审计日志", "dashboard:audit_log")],
}


def menu_for(user) -> list[tuple[str, str]]:
    if not (user and user.is_authenticated):
        return [
            ("政策目录", "policies:catalogue"),
            ("政策计算器", "eligibility:calculator"),
            ("奖补公示", "awards:public_list"),
        ]
    seen: dict[str, tuple[str, str]] = {}
    for role in Role.values:
        if role in user.role_set:
            for label, name in ROLE_MENUS[role]:
                seen.setdefault(label, (label, name))
    entries = list(seen.values())
    entries.append(("修改密码", "accounts:password_change"))
    entries.append(("动态口令", "accounts:otp_enrol"))
    return entries
