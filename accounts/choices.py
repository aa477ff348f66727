"""Kinds of jurisdiction and organisation, and the roles users hold."""

from django.db import models


class JurisdictionKind(models.TextChoices):
    COUNTY = "county", "县市区"
    CITY_PARK = "city_park", "市直园区"


class OrganisationKind(models.TextChoices):
    INDUSTRY_BUREAU = "industry_bureau", "工信（产业发展）部门"
    FINANCE_BUREAU = "finance_bureau", "财政部门"
    CITY_SECTION = "city_section", "市工信局科室"
    CITY_FINANCE_SECTION = "city_finance_section", "市财政局企业科"
    ENTERPRISE = "enterprise", "企业"
    PLATFORM = "platform", "平台运维"


class Role(models.TextChoices):
    ENTERPRISE_AGENT = "enterprise_agent", "企业经办人"
    ENTERPRISE_ADMIN = "enterprise_admin", "企业管理员"
    COUNTY_INDUSTRY_REVIEWER = "county_industry_reviewer", "县级工信审核"
    COUNTY_FINANCE_REVIEWER = "county_finance_reviewer", "县级财政审核"
    CITY_SECTION_REVIEWER = "city_section_reviewer", "市工信科室审核"
    CITY_SME_COORDINATOR = "city_sme_coordinator", "市中小企业科汇总"
    CITY_FINANCE_REVIEWER = "city_finance_reviewer", "市财政局企业科"
    SYSTEM_ADMIN = "system_admin", "系统管理员"
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDIT_READER = "audit_reader", "安全审计员"


# Which organisation kinds may hold each role. 等保 separation: the three administrators (system, security,
# audit) sit in the platform organisation and hold no business role.
ROLE_ORGANISATION_KINDS: dict[str, set[str]] = {
    Role.ENTERPRISE_AGENT: {OrganisationKind.ENTERPRISE},
    Role.ENTERPRISE_ADMIN: {OrganisationKind.ENTERPRISE},
    Role.COUNTY_INDUSTRY_REVIEWER: {OrganisationKind.INDUSTRY_BUREAU},
    Role.COUNTY_FINANCE_REVIEWER: {OrganisationKind.FINANCE_BUREAU},
    Role.CITY_SECTION_REVIEWER: {OrganisationKind.CITY_SECTION},
    Role.CITY_SME_COORDINATOR: {OrganisationKind.CITY_SECTION},
    Role.CITY_FINANCE_REVIEWER: {OrganisationKind.CITY_FINANCE_SECTION},
    Role.SYSTEM_ADMIN: {OrganisationKind.PLATFORM},
    Role.SECURITY_ADMIN: {OrganisationKind.PLATFORM},
    Role.AUDIT_READER: {OrganisationKind.PLATFORM},
}

# 三员分立 (等保 2.0): the system administrator (accounts and organisations), the security administrator (roles,
# the second factor, security settings) and the audit reader (the audit log, nothing else). No person holds two
# of them, nor any other role beside one of them.
ADMINISTRATOR_ROLES = {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_READER}
EXCLUSIVE_ROLES = ADMINISTRATOR_ROLES
# The administrators who use the admin site (/admin/); the audit reader has its own read-only page.
ADMIN_SITE_ROLES = {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN}

ENTERPRISE_ROLES = {Role.ENTERPRISE_AGENT, Role.ENTERPRISE_ADMIN}
COUNTY_ROLES = {Role.COUNTY_INDUSTRY_REVIEWER, Role.COUNTY_FINANCE_REVIEWER}
CITY_ROLES = {Role.CITY_SECTION_REVIEWER, Role.CITY_SME_COORDINATOR, Role.CITY_FINANCE_REVIEWER}
OFFICIAL_ROLES = COUNTY_ROLES | CITY_ROLES
# Who must sign in with a second factor (TOTP) and whose password expires (issue 16 §12).
SECOND_FACTOR_ROLES = OFFICIAL_ROLES | ADMINISTRATOR_ROLES

SME_SECTION_CODE = "sme"
