"""Jurisdictions, organisations, users and their roles: who is who, and where."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from accounts.choices import (
    ADMINISTRATOR_ROLES,
    EXCLUSIVE_ROLES,
    ROLE_ORGANISATION_KINDS,
    JurisdictionKind,
    OrganisationKind,
    Role,
)
from core.fields import EncryptedCharField
from core.models import TimeStampedModel
from core.prepared import PreparedQuery

ROLES_NOT_COMBINED = "系统管理员、安全管理员与安全审计员须由不同人员担任，且不得兼任其他角色。"


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
    mobile = EncryptedCharField("手机号码", max_length=11, blank=True)  # SM4-GCM at rest (issue 16 §13)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="所属单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    title = models.CharField("职务", max_length=64, blank=True)
    # Set when an administrator sets the password (issue 16 §1): the holder must choose their own at the next
    # login (accounts.middleware sends them to the change page until they have).
    password_must_change = models.BooleanField("下次登录须修改密码", default=False)
    # When the password was last set; an official's expires after PASSWORD_MAX_AGE_DAYS (issue 16 §12).
    password_changed_at = models.DateTimeField("密码设置时间", default=timezone.now)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        constraints = [
            # 三员分立: nobody holds every permission at once; the administrators hold their roles instead.
            models.CheckConstraint(condition=models.Q(is_superuser=False), name="user_never_superuser"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def set_password(self, raw_password) -> None:
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    # Roles are read once per request and cached on the instance.
    @property
    def role_set(self) -> frozenset[str]:
        cached = getattr(self, "_role_cache", None)
        if cached is None:
            cached = frozenset(ROLES_OF_USER.all(user=self.pk)) if self.pk else frozenset()
            self._role_cache = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return self.is_active and bool(self.role_set & set(roles))

    @property
    def jurisdiction_id(self) -> int | None:
        return self.organisation.jurisdiction_id if self.organisation_id else None


# Read on every signed-in request (User.role_set), compiled once per process (core/prepared.py).
ROLES_OF_USER = PreparedQuery(
    lambda user: UserRole.objects.filter(user_id=user).values_list("role", flat=True), user=int
)


class UserRole(models.Model):
    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="roles")
    role = models.CharField("角色", max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = "用户角色"
        verbose_name_plural = "用户角色"
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="userrole_unique"),
            # 三员分立 in the database too: at most one administrator role per person. (A business role beside
            # it is refused by the organisation kinds: administrators sit in the platform organisation.)
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(role__in=sorted(ADMINISTRATOR_ROLES)),
                name="userrole_one_administrator_role",
            ),
        ]

    def __str__(self) -> str:
        return self.get_role_display()

    def clean(self) -> None:
        organisation = self.user.organisation if self.user_id else None
        allowed = ROLE_ORGANISATION_KINDS[self.role]
        if organisation is None or organisation.kind not in allowed:
            raise ValidationError({"role": f"“{self.get_role_display()}”角色与用户所属单位的类型不符。"})
        others = set(self.user.roles.exclude(pk=self.pk).values_list("role", flat=True))
        if (self.role in EXCLUSIVE_ROLES and others) or (others & EXCLUSIVE_ROLES):
            raise ValidationError({"role": ROLES_NOT_COMBINED})


class PasswordHistory(models.Model):
    """The hashes (argon2) of a user's recent passwords, so that a new one is not one of the last few."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "历史密码"
        verbose_name_plural = "历史密码"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d}"


class UserSession(models.Model):
    """A signed-in session of a user: for the limit of concurrent sessions per official (issue 16 §12)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="signed_in_sessions")
    session_key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "登录会话"
        verbose_name_plural = "登录会话"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"
