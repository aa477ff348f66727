"""What the performance app draws on other apps' pages (applications does not import performance): the
绩效目标审核 block and the line on the targets' status of the application page, the 自评's 佐证材料; and the
summary at the top of a refused form ({{ form|error_summary }})."""

from django import template

from performance import permissions
from performance.selectors.targets import target_block
from performance.views.common import form_error_summary
from performance.views.evidence import EvidenceForm
from performance.views.targets import TargetReviewForm

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
