"""政策计算器: the web page (anyone, nothing stored) and the JSON API."""

from __future__ import annotations

import json

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from accounts import permissions as base
from core.ratelimit import rate_limit_hit
from eligibility.engine import evaluate_pack
from eligibility.forms import CalculatorForm, chosen_fact_groups, chosen_items, fact_as_text, fact_uses
from eligibility.profile import FactError, validate_facts
from eligibility.reports import ELIGIBLE, cross_item_warnings, report_to_dict
from enterprises.selectors import enterprise_facts
from policies import selectors
from policies.permissions import pack_by_reference_for_user
from policies.vocabulary import facts_for_notice_year


@require_http_methods(["GET", "POST"])
def calculator(request):
    """Two steps on one page: the items the enterprise is interested in (?item=…, or posted), then only the
    facts those items read. A post without a choice of items counts for every item. A signed-in enterprise
    finds its profile's facts already in the boxes; nothing typed here is stored."""
    reference = request.GET.get("pack")  # the chosen pack (the default one without); the form posts it back
    try:
        choice = selectors.pack_choice_or_404(reference)
    except selectors.NoPackPublished:
        return render(request, "policies/no_pack.html", status=404)
    stored = choice.pack
    pack, items = selectors.pack_models(stored)
    posted = request.method == "POST"
    values = (request.POST if posted else request.GET).getlist("item")
    chosen = chosen_items(values, items) or ([item.number for item in items] if posted else [])
    vocabulary = facts_for_notice_year(pack.year)
    profile = {
        name: fact_as_text(vocabulary[name], value)
        for name, value in _own_profile_facts(request).items()
        if name in vocabulary and value is not None
    }
    groups = chosen_fact_groups(pack, items, chosen)
    # Boxes shown for the first time (an item just chosen) start with the profile's value; a box the person
    # emptied is posted empty and stays so.
    # Opened with items chosen, an enterprise sees its verdicts at once, from its profile alone.
    data = {**profile, **request.POST.dict()} if posted else (profile if chosen and profile else None)
    form = CalculatorForm(
        data, groups=groups, notice_year=pack.year, uses=fact_uses(pack, items, chosen), profile=profile,
        initial=profile,
    )  # fmt: skip
    chosen_set = set(chosen)
    context = {
        "form": form, "pack": stored, "notice": stored.notice, "eligible": ELIGIBLE,
        "pack_ref": choice.ref, "offered": choice.offered, "items": items, "chosen": chosen_set,
        "all_chosen": bool(items) and len(chosen_set) == len(items),
        "guide": form.guide() if groups else None, "has_profile": bool(profile),
    }  # fmt: skip
    if form.is_bound and form.is_valid():
        evaluated = [item for item in items if item.number in chosen_set]
        results = evaluate_pack(pack, evaluated, form.facts)
        context["results"] = results
        context["warnings"] = cross_item_warnings(pack, evaluated, results)
    if request.htmx:
        # The choice of items swaps the facts with the results (#calculator-guided); a typed fact, the results.
        part = "guided" if request.htmx.target == "calculator-guided" else "results"
        return render(request, f"eligibility/calculator.html#{part}", context)
    return render(request, "eligibility/calculator.html", context)


def _own_profile_facts(request) -> dict:
    """The facts of the signed-in enterprise's own profile; nothing for anyone else (officials, anonymous)."""
    if not base.is_enterprise_user(request.user):
        return {}
    return enterprise_facts(request.user.organisation)


# Facts are flat; a few levels leave room for what a client may add. Deeper is no request of ours (issue 16 §11).
MAX_JSON_DEPTH = 8
JSON_TOO_DEEP = f"请求体嵌套过深（最多 {MAX_JSON_DEPTH} 层）"


def json_depth(value) -> int:
    """How deeply lists and objects nest in a decoded JSON value (0 for a scalar), without recursion."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            depth += 1
            deepest = max(deepest, depth)
            if depth <= MAX_JSON_DEPTH:
                stack.extend((child, depth) for child in (value.values() if isinstance(value, dict) else value))
    return deepest


# The API changes nothing and keeps nothing, so it is open like the page and needs no CSRF token.
@csrf_exempt
@require_POST
def api_evaluate(request):
    # Per address, and per signed-in account (issue 16 §4): the evaluation is cheap, but not free to repeat at will.
    account = str(request.user.pk) if request.user.is_authenticated else ""
    refusal = rate_limit_hit(request, action="eligibility_api", account=account)
    if refusal is not None:
        response = JsonResponse({"errors": [{"field": "(请求)", "message": refusal.api_message}]}, status=429)
        response["Retry-After"] = str(refusal.seconds)
        return response
    if "pack" in request.GET:
        stored = pack_by_reference_for_user(request.user, request.GET["pack"])
    else:
        stored = selectors.pack_current()
    if stored is None:
        return JsonResponse({"errors": [{"field": "pack", "message": "找不到政策包"}]}, status=404)
    try:
        body = json.loads(request.body or b"{}")
    except (json.JSONDecodeError, UnicodeDecodeError):
        return JsonResponse({"errors": [{"field": "(请求)", "message": "请求体不是合法的 JSON"}]}, status=400)
    except RecursionError:  # brackets nested thousands deep: the parser gives up before any limit of ours
        return JsonResponse({"errors": [{"field": "(请求)", "message": JSON_TOO_DEEP}]}, status=400)
    if json_depth(body) > MAX_JSON_DEPTH:
        return JsonResponse({"errors": [{"field": "(请求)", "message": JSON_TOO_DEEP}]}, status=400)
    if not isinstance(body, dict):
        return JsonResponse({"errors": [{"field": "(请求)", "message": "请求体应为 JSON 对象"}]}, status=400)
    facts, errors = validate_facts(body.get("facts", {}), notice_year=stored.year)
    verified = body.get("verified") or []
    if not isinstance(verified, list) or not all(isinstance(v, str) for v in verified):
        errors.append(FactError("verified", "应为事实名称的列表"))
        verified = []
    else:
        errors += [
            FactError("verified", f"未知的事实名称 {v}")
            for v in verified
            if v not in facts_for_notice_year(stored.year)
        ]
    if errors:
        return JsonResponse({"errors": [{"field": e.field, "message": e.message} for e in errors]}, status=400)
    pack, items = selectors.pack_models(stored)
    results = evaluate_pack(pack, items, facts, frozenset(verified))
    report = report_to_dict(
        pack_id=pack.id, version=pack.version, results=results,
        warnings=cross_item_warnings(pack, items, results), name=str(body.get("name", "")),
    )  # fmt: skip
    return JsonResponse(report, json_dumps_params={"ensure_ascii": False})
