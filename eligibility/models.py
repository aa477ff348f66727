"""Stored eligibility (政策推送): each confirmed enterprise's status for each item of a published pack, as the bulk
engine found it, so that a county can list who probably qualifies without evaluating anyone on the page."""

from __future__ import annotations

from django.db import models

from accounts.models import Organisation
from eligibility import statuses as st
from policies.models import PolicyPack

STATUS_CHOICES = [(code, st.LABELS[code]) for code in (st.MET, st.NEEDS_EVIDENCE, st.UNKNOWN, st.NOT_MET)]


class EligibilityEvaluation(models.Model):
    """That the bulk engine evaluated an enterprise against a pack, from which profile version and when. An item
    or subtype of the pack without an EligibilityResult row is 不符合 for an evaluated enterprise: only the other
    statuses are stored, a tenth of the rows at 20,000 enterprises (bench/eligibility_push). No row: 尚未评估."""

    enterprise = models.ForeignKey(
        Organisation, verbose_name="企业", on_delete=models.CASCADE, related_name="eligibility_evaluations"
    )
    pack = models.ForeignKey(PolicyPack, verbose_name="政策包", on_delete=models.CASCADE, related_name="+")
    profile_version = models.PositiveIntegerField("企业档案版本")
    evaluated_at = models.DateTimeField("评估时间")

    class Meta:
        verbose_name = "政策符合情况评估"
        verbose_name_plural = "政策符合情况评估"
        constraints = [models.UniqueConstraint(fields=["enterprise", "pack"], name="eligibilityevaluation_unique_pack")]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.pack_id} {self.evaluated_at:%Y-%m-%d %H:%M}"


class EligibilityResult(models.Model):
    """What the bulk engine said about one enterprise and one item ("3") or subtype ("1:national_pilot") of a
    pack, from the profile version it read: 符合, 需佐证 or 信息不足 (不符合 is the absence of a row beside an
    EligibilityEvaluation). Rewritten whole by each evaluation, never edited."""

    enterprise = models.ForeignKey(
        Organisation, verbose_name="企业", on_delete=models.CASCADE, related_name="eligibility_results"
    )
    pack = models.ForeignKey(PolicyPack, verbose_name="政策包", on_delete=models.CASCADE, related_name="+")
    item_key = models.CharField("事项（申报类型）", max_length=80)
    item_number = models.PositiveSmallIntegerField("支持事项序号")
    status = models.CharField("评估结果", max_length=16, choices=STATUS_CHOICES)
    profile_version = models.PositiveIntegerField("企业档案版本")
    evaluated_at = models.DateTimeField("评估时间")

    class Meta:
        verbose_name = "政策符合情况"
        verbose_name_plural = "政策符合情况"
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "pack", "item_key"], name="eligibilityresult_unique_key")
        ]
        # The county list filters a pack's results by status (and item) before joining its enterprises.
        indexes = [models.Index(fields=["pack", "status", "item_number"], name="eligibilityresult_pack_status")]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.item_key} {self.status}"

    @property
    def status_label(self) -> str:
        return st.LABELS[self.status]
