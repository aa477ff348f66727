"""Jurisdictions, organisations, users and their roles: who is who, and where."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

from accounts.choices import (
    EXCLUSIVE_ROLES,
    ROLE_ORGANISATION_KINDS,
    JurisdictionKind,
    OrganisationKind,
    Role,
)
from core.models import TimeStampedModel


class Jurisdiction(TimeStampedModel):
    """A county-level division (GB/T 2260) or a park the city runs (市直园区), which applies like a county."""

    code = models.CharField("代码", max_length=16, unique=True, help_text="县市区用 GB/T 2260 行政区划代码")
    name = models.CharField("名称", max_length=64, unique=True)
    kind = models.CharField("类型", max_length=16, choices=JurisdictionKind.choices)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "县市区/园区"
        verbose_name_plural = "县市区/园区"
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class Organisation(TimeStampedModel):
    name = models.CharField("单位名称", max_length=128)
    kind = models.CharField("单位类型", max_length=32, choices=OrganisationKind.choices)
    jurisdiction = models.ForeignKey(
        Jurisdiction,
        verbose_name="所属县市区/园区",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    section_code = models.CharField(
        "科室代码", max_length=32, blank=True, help_text="市工信局科室的代码，与政策包中联系科室一致"
    )
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["kind", "jurisdiction__sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["section_code"],
                condition=~models.Q(section_code=""),
                name="organisation_unique_section_code",
            ),
            models.UniqueConstraint(
                fields=["kind", "jurisdiction"],
                condition=models.Q(kind__in=["industry_bureau", "finance_bureau"]),
                name="organisation_one_bureau_per_jurisdiction",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        needs_jurisdiction = self.kind in (
            OrganisationKind.INDUSTRY_BUREAU,
            OrganisationKind.FINANCE_BUREAU,
            OrganisationKind.ENTERPRISE,
        )
        if needs_jurisdiction and self.jurisdiction_id is None:
            raise ValidationError({"jurisdiction": "该类型的单位必须属于一个县市区或园区。"})
        if not needs_jurisdiction and self.jurisdiction_id is not None:
            raise ValidationError({"jurisdiction": "市级单位不属于县市区或园区。"})
        if self.kind == OrganisationKind.CITY_SECTION and not self.section_code:
            raise ValidationError({"section_code": "市工信局科室必须填写科室代码。"})


class User(AbstractUser):
    """A person. Belongs to exactly one organisation; holds one or more roles (UserRole)."""

    full_name = models.CharField("姓名", max_length=64)
    mobile = models.CharField("手机号码", max_length=11, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="所属单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    title = models.CharField("职务", max_length=64, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.full_name or self.username

    # Roles are read once per request and cached on the instance.
    @property
    def role_set(self) -> frozenset[str]:
        cached = getattr(self, "_role_cache", None)
        if cached is None:
            cached = frozenset(self.roles.values_list("role", flat=True)) if self.pk else frozenset()
            self._role_cache = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return self.is_active and bool(self.role_set & set(roles))

    @property
    def jurisdiction_id(self) -> int | None:
        return self.organisation.jurisdiction_id if self.organisation_id else None


class UserRole(models.Model):
    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="roles")
    role = models.CharField("角色", max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = "用户角色"
        verbose_name_plural = "用户角色"
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="userrole_unique")]

    def __str__(self) -> str:
        return self.get_role_display()

    def clean(self) -> None:
        organisation = self.user.organisation if self.user_id else None
        allowed = ROLE_ORGANISATION_KINDS[self.role]
        if organisation is None or organisation.kind not in allowed:
            raise ValidationError({"role": f"“{self.get_role_display()}”角色与用户所属单位的类型不符。"})
        others = set(self.user.roles.exclude(pk=self.pk).values_list("role", flat=True))
        if (self.role in EXCLUSIVE_ROLES and others) or (others & EXCLUSIVE_ROLES):
            raise ValidationError({"role": "系统管理员与安全审计员须由不同人员担任，且不得兼任其他角色。"})
