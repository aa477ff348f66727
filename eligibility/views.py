"""政策计算器: the web page (anyone, nothing stored) and the JSON API."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from eligibility.engine import evaluate_pack
from eligibility.forms import CalculatorForm, fact_groups
from eligibility.profile import FactError, validate_facts
from eligibility.reports import ELIGIBLE, cross_item_warnings, report_to_dict
from policies import selectors
from policies.facts import FACTS


@require_http_methods(["GET", "POST"])
def calculator(request):
    stored = selectors.pack_current()
    if stored is None:
        return render(request, "policies/no_pack.html", status=404)
    pack, items = selectors.pack_models(stored)
    form = CalculatorForm(request.POST if request.method == "POST" else None, groups=fact_groups(pack, items))
    context = {"form": form, "pack": stored, "eligible": ELIGIBLE}
    if request.method == "POST" and form.is_valid():
        results = evaluate_pack(pack, items, form.facts)
        context["results"] = results
        context["warnings"] = cross_item_warnings(pack, items, results)
    if request.htmx:
        return render(request, "eligibility/calculator.html#results", context)
    return render(request, "eligibility/calculator.html", context)


# The API changes nothing and keeps nothing, so it is open like the page and needs no CSRF token.
@csrf_exempt
@require_POST
def api_evaluate(request):
    stored = selectors.pack_by_reference(request.GET["pack"]) if "pack" in request.GET else selectors.pack_current()
    if stored is None:
        return JsonResponse({"errors": [{"field": "pack", "message": "找不到政策包"}]}, status=404)
    try:
        body = json.loads(request.body or b"{}")
    except (json.JSONDecodeError, UnicodeDecodeError):
        return JsonResponse({"errors": [{"field": "(请求)", "message": "请求体不是合法的 JSON"}]}, status=400)
    if not isinstance(body, dict):
        return JsonResponse({"errors": [{"field": "(请求)", "message": "请求体应为 JSON 对象"}]}, status=400)
    facts, errors = validate_facts(body.get("facts", {}))
    verified = body.get("verified") or []
    if not isinstance(verified, list) or not all(isinstance(v, str) for v in verified):
        errors.append(FactError("verified", "应为事实名称的列表"))
        verified = []
    else:
        errors += [FactError("verified", f"未知的事实名称 {v}") for v in verified if v not in FACTS]
    if errors:
        return JsonResponse({"errors": [{"field": e.field, "message": e.message} for e in errors]}, status=400)
    pack, items = selectors.pack_models(stored)
    results = evaluate_pack(pack, items, facts, frozenset(verified))
    report = report_to_dict(
        pack_id=pack.id, version=pack.version, results=results,
        warnings=cross_item_warnings(pack, items, results), name=str(body.get("name", "")),
    )  # fmt: skip
    return JsonResponse(report, json_dumps_params={"ensure_ascii": False})


@require_GET
@login_required
def mine(request):
    """The enterprise's own verdicts, from its profile; missing facts link to the profile field."""
    from accounts.permissions import is_enterprise_user
    from enterprises.models import EnterpriseProfile
    from enterprises.selectors import profile_facts

    if not is_enterprise_user(request.user):
        raise Http404
    stored = selectors.pack_current()
    if stored is None:
        return render(request, "policies/no_pack.html", status=404)
    from applications.rules import rule_breaks_for_items

    profile = EnterpriseProfile.objects.filter(organisation=request.user.organisation).first()
    pack, items = selectors.pack_models(stored)
    results = evaluate_pack(pack, items, profile_facts(profile) if profile else {})
    # Items that the notice's exclusions or project limit close to this enterprise now, with the reason.
    blocked = rule_breaks_for_items(enterprise=request.user.organisation, pack=stored, items=items)
    context = {
        "pack": stored,
        "results": [_ResultRow(r, blocked.get(r.number)) for r in results],
        "warnings": cross_item_warnings(pack, items, results),
        "eligible": ELIGIBLE,
        "profile_mode": True,
    }
    return render(request, "eligibility/mine.html", context)


class _ResultRow:
    """A verdict as the results list shows it, with the rule that closes the item to the enterprise now."""

    def __init__(self, result, blocked):
        self._result = result
        self.blocked = blocked

    def __getattr__(self, name):
        return getattr(self._result, name)
