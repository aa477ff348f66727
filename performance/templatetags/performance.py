"""What the performance app draws on other apps' pages (applications does not import performance): the
绩效目标审核 block of the application page, the line on the targets' status next to its state and the hint
above the county's opinion form; the 自评's 佐证材料; and the summary at the top of a refused form
({{ form|error_summary }})."""

from django import template

from performance import permissions
from performance.receivers import county_approval_refusal
from performance.selectors.targets import target_block, target_sheet_of, target_status_line
from performance.views.common import form_error_summary
from performance.views.evidence import EvidenceForm
from performance.views.targets import TargetReviewForm
from review import permissions as review_permissions

register = template.Library()

register.filter("error_summary", form_error_summary)


@register.inclusion_tag("performance/targets.html#block", takes_context=True)
def target_review_block(context, application):
    """The targets' status, their 目标审核 and what this reader may do: a reviewer the checklist form, the
    enterprise the way to correct returned targets or to ask a 目标调整. Nothing before submission."""
    user = context["user"]
    block = target_block(user=user, application=application)
    form = TargetReviewForm(checklist=block.checklist) if block.can_review else None
    return {
        "csrf_token": context.get("csrf_token"), "request": context.get("request"), "user": user,
        "application": application, "targets": block, "form": form, "page": False,
    }  # fmt: skip


@register.inclusion_tag("performance/targets.html#status-line", takes_context=True)
def target_status(context, application):
    """Next to the application's state: what the targets wait for from this reader (the enterprise's
    correction, the reviewer's 目标审核), with a link down to the 绩效目标审核 block; nothing otherwise."""
    return {"line": target_status_line(user=context["user"], application=application)}


@register.simple_tag(takes_context=True)
def county_approval_hint(context, application) -> str:
    """{% county_approval_hint application as hint %}: for the county official who records the opinion, the
    sentence that would refuse a 同意 while the targets wait for the county's 目标审核; "" otherwise."""
    user = context["user"]
    if not review_permissions.can_record_county_opinion(user, application):
        return ""
    sheet = target_sheet_of(application)
    return county_approval_refusal(status=sheet.status if sheet else None, actor=user)


@register.inclusion_tag("performance/_evidence.html", takes_context=True)
def evidence_block(context, evaluation, form=None):
    """The 自评's 佐证材料: every reader of the evaluation sees and downloads them; the enterprise, while its
    自评 is open or returned, uploads (`form`, when a refused upload comes back with its error) and removes."""
    user = context["user"]
    can_edit = permissions.can_self_evaluate(user, evaluation)[0]
    return {
        "csrf_token": context.get("csrf_token"), "evaluation": evaluation, "files": evaluation.evidence.all(),
        "can_edit": can_edit, "form": form or (EvidenceForm() if can_edit else None),
    }  # fmt: skip
