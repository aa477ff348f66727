"""The officials' side of the demo city, each step through the real service as the person who takes it:
the county's 目标审核 and opinions (工信 and 财政), joint recommendation batches signed by both and sent,
the city sections' decisions, and the award lists (confirmed, co-signed, publicised, objected to,
finalised); after the award, a 绩效 monitoring round and a funds allocation. Dates are fixed days of 2023."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, Decimal

from django.utils import timezone

from accounts.choices import OrganisationKind, Role
from accounts.models import Organisation, User
from applications.models import Application
from awards import services as awards
from awards.models import AwardList
from awards.selectors import award_list_sign_off_facts
from funds.services import allocation as funds
from performance.selectors.monitoring import application_indicators
from performance.selectors.targets import target_checklist
from performance.services import monitoring
from performance.services.targets import target_review_record
from policies.formengine.indicators import QUANTITATIVE
from review import services as review
from review.models import RecommendationBatch, ReviewOpinion
from review.selectors import batch_sign_off_facts

Decision = ReviewOpinion.Decision
RETURN_REASON = "申报书附件3绩效目标表的产出指标与项目内容不一致，请核对后重新提交。"
COUNTY_REJECT_REASON = "经核查，企业2022年实际完成投资额与审计报告不符，不予推荐。"
CITY_RETURN_REASON = "推荐文件中的项目投资额与申报书不一致，请县级核实后重新推荐。"
CITY_REJECT_REASON = "项目建设内容与本事项支持方向不符，不予支持。"
OBJECTION_CONTENT = "该企业申报的智能化改造项目尚未完工，设备仍在安装调试，申报材料与实际情况不符，请予核查。"
BATCH_SENT_ON = timezone.make_aware(dt.datetime(2023, 8, 25, 16, 0))  # the notice's day: 请于8月25日前报送
FINAL_LIST = {"published": dt.date(2023, 9, 22), "starts": dt.date(2023, 9, 25), "finalised": dt.date(2023, 10, 9)}
NOTICE_LIST = {"published": dt.date(2023, 10, 20), "starts": dt.date(2023, 10, 23), "objection": dt.date(2023, 10, 24)}


def city_people() -> dict[str, User]:
    """The printed city logins who act: 中小企业科 (汇总) and 财政局企业科."""
    return {
        "sme": User.objects.get(organisation__section_code="sme", roles__role=Role.CITY_SME_COORDINATOR,
                                username="city_sme_summary"),
        "finance": User.objects.get(organisation__kind=OrganisationKind.CITY_FINANCE_SECTION,
                                    roles__role=Role.CITY_FINANCE_REVIEWER, username="city_finance"),
    }  # fmt: skip


def section_reviewer(application: Application) -> User:
    organisation = Organisation.objects.get(section_code=application.item.section_code)
    return User.objects.filter(organisation=organisation, roles__role=Role.CITY_SECTION_REVIEWER).order_by("pk").first()


def targets_accept(application: Application, reviewer: User) -> None:
    """The county's 目标审核 (通知 五: before the budget): every point of the pack's checklist answered 是."""
    checks = {point.code: (True, "") for point in target_checklist(application)}
    target_review_record(actor=reviewer, application=application, checks=checks, accepted=True)


def county_opinions(reviewer: User, applications: list[Application], decision: str, reason: str = "") -> None:
    """One department's opinion on a selection of its work list (the work list's bulk action)."""
    if not applications:
        return
    outcome = review.county_opinions_record_many(
        actor=reviewer, applications=applications, decision=decision, reason=reason
    )
    if outcome.refused:
        raise outcome.refused[0][1]


def batch_make(industry: User, finance: User | None, applications: list[Application], number: str,
               *, send: bool) -> RecommendationBatch:  # fmt: skip
    """The joint recommendation: 工信 makes it and signs, 财政 signs, 工信 sends it (or it waits for 财政)."""
    batch = review.batch_create(actor=industry, applications=applications, number=number)
    batch = review.batch_sign(actor=industry, batch=batch, confirmed=batch_sign_off_facts(batch))
    if finance is not None:
        batch = review.batch_sign(actor=finance, batch=batch, confirmed=batch_sign_off_facts(batch))
    if send:
        batch = review.batch_send(actor=industry, batch=batch, now=BATCH_SENT_ON)
    return batch


def proposed_amount(application: Application) -> Decimal:
    """The section proposes 60 to 100 % of what was asked, in whole 万元 tenths."""
    share = Decimal(60 + (application.pk * 7) % 41) / 100
    return (application.requested_amount * share).quantize(Decimal("0.1"), rounding=ROUND_DOWN)


def city_decide(application: Application, decision: str) -> Application:
    reviewer = section_reviewer(application)
    if decision == Decision.AGREE:
        return review.city_decision_record(
            actor=reviewer, application=application, decision=decision, amount=proposed_amount(application)
        )
    reason = CITY_RETURN_REASON if decision == Decision.RETURN else CITY_REJECT_REASON
    return review.city_decision_record(actor=reviewer, application=application, decision=decision, reason=reason)


def award_list_publish(pack, people: dict[str, User], dates: dict[str, dt.date]) -> AwardList:
    """中小企业科 makes and confirms the list of every approved application, 财政局企业科 co-signs, 中小企业科
    publishes it for 5 working days."""
    sme, finance = people["sme"], people["finance"]
    award_list = awards.award_list_create(actor=sme, pack=pack)
    award_list = awards.award_list_confirm(actor=sme, award_list=award_list,
                                           confirmed=award_list_sign_off_facts(award_list))  # fmt: skip
    award_list = awards.award_list_cosign(actor=finance, award_list=award_list,
                                          confirmed=award_list_sign_off_facts(award_list))  # fmt: skip
    awards.public_notice_publish(actor=sme, award_list=award_list, starts_on=dates["starts"], working_days=5,
                                 today=dates["published"])  # fmt: skip
    award_list.refresh_from_db()
    return award_list


def objection_raise(award_list: AwardList, objector_name: str, phone: str) -> None:
    """Someone objects to one entry during the 公示 (no account; a real name and a phone)."""
    notice = award_list.public_notice
    entry = award_list.entries.order_by("pk").first()
    awards.objection_submit(public_notice=notice, entry=entry, name=objector_name, phone=phone,
                            content=OBJECTION_CONTENT, today=NOTICE_LIST["objection"])  # fmt: skip


def award_list_finalise(award_list: AwardList, people: dict[str, User]) -> AwardList:
    return awards.award_list_finalise(actor=people["sme"], award_list=award_list, today=FINAL_LIST["finalised"])


REPORTED = 3  # monitoring reports filed by the first awarded enterprises; the others are still due


def monitoring_report_file(report) -> None:
    """The enterprise reports each indicator at about half its target (the round's 监控截止时点 is mid-period)
    and half its award spent."""
    application = report.application
    values = {}
    for indicator in application_indicators(application):
        if indicator.value_type == QUANTITATIVE and indicator.target is not None:
            values[indicator.pk] = (str((indicator.target / 2).quantize(Decimal("0.1"))), "按计划推进")
        else:
            values[indicator.pk] = ("按计划推进，阶段目标已完成", "")
    owner = application.enterprise.members.order_by("pk").first()
    monitoring.monitoring_report_submit(
        actor=owner, report=report, values=values, spent=((application.award_amount or Decimal(0)) / 2).quantize(Decimal("0.01")),
        explanation="项目按计划实施，设备已到货并完成安装调试，资金按进度使用。",
    )  # fmt: skip


def after_award(award_list: AwardList, people: dict[str, User]) -> None:
    """中小企业科 opens the first 绩效运行监控 round and the first enterprises file their reports; 财政局企业科
    drafts the allocation of the funds."""
    round_ = monitoring.monitoring_round_open(
        actor=people["sme"], award_list=award_list, title="2023年度奖补项目绩效运行监控（第一次）",
        period_starts_on=dt.date(2023, 10, 9), period_ends_on=dt.date(2024, 10, 8), as_of=dt.date(2023, 11, 30),
        working_days=10, today=dt.date(2023, 12, 1),
    )  # fmt: skip
    for report in round_.reports.select_related("application__enterprise").order_by("pk")[:REPORTED]:
        monitoring_report_file(report)
    funds.allocation_create(actor=people["finance"], award_list=award_list, document_number="衡财企指〔2023〕86号",
                            issued_on=dt.date(2023, 10, 20))  # fmt: skip
