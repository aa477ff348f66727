"""The demo city in mid-process (issue 19 §1): about 200 enterprises over the 16 jurisdictions, and their
applications in every state of the workflow, each state reached by walking the real services in the order
the notice's calendar takes them, so that audit events, receipts, digests and notifications are real.

Deterministic (a seeded random.Random and fixed dates) and idempotent: it does nothing when the city's
first enterprise exists already."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction

from accounts.models import User
from applications.models import Application
from applications.services import application_withdraw
from demo import reviewing
from demo.applying import Plan, application_fill, application_start, application_submit, may_apply
from demo.city_enterprises import USERNAME, city_enterprises_load, county_officials_load
from demo.names import demo_random, mobile, person_name
from demo.passwords import one_hash_per_password
from eligibility.services import results_evaluate_pack
from enterprises.models import EnterpriseProfile
from policies.selectors import pack_is_example, packs_published

Decision = reviewing.Decision

# The state each application should reach, after a county's first ones (COUNTY_FIRST): taken in turn by the
# enterprises' position, which also turns over the 16 jurisdictions; 17 long, so each county meets every state.
STATES = [
    "submitted", "recommended", "awarded", "draft", "county_approved", "returned", "publicised", "submitted",
    "city_approved", "county_review", "recommended", "city_rejected", "awarded", "returned_to_county",
    "county_rejected", "withdrawn", "recommended",
]  # fmt: skip
# Each county's first applications: one waiting for its reviewers, one sent to the city with a joint letter.
COUNTY_FIRST = ["submitted", "recommended"]
# The items the city's enterprises apply for, one per section reviewer; 3 and 10 are limited to one per county.
ITEMS = [2, 3, 7, 9, 10, 11, 12, 13]
QUOTA_ITEMS = {3: 3, 10: 2}  # 限报1个 per county; the demo makes this many in the whole city
APPLY_EVERY = 2  # one enterprise in 2 has applied; the others have not (yet)
# The three printed demo enterprises: two applications each, in different states.
DEMO_PLANS = {
    "ent_zhuhui": [(2, "awarded"), (11, "draft")],
    "ent_hengyangxian": [(9, "publicised"), (11, "returned")],
    "ent_leiyang": [(7, "recommended"), (12, "submitted")],
}
SUBMITTED = {s for s in STATES if s != "draft"}
COUNTY_AGREED = {"county_approved", "recommended", "returned_to_county", "city_approved", "city_rejected",
                 "publicised", "awarded"}  # fmt: skip
SENT = COUNTY_AGREED - {"county_approved"}


DEMO_NOTICE_YEAR = 2023  # the notice whose figures (…_2022), forms and calendar the city is written for


def demo_pack():
    """The published 2023 notice (its newest version), whichever notice is current."""
    return next((p for p in packs_published() if p.year == DEMO_NOTICE_YEAR and not pack_is_example(p)), None)


def demo_city_present() -> bool:
    return User.objects.filter(username=USERNAME.format(1)).exists()


def _plans(pack, profiles: list[EnterpriseProfile]) -> list[Plan]:
    """The demo enterprises' fixed plans, then one application for every other city enterprise: its state
    from STATES in turn (a county's first ones as COUNTY_FIRST says), its item the one, of those the engine does not
    refuse it, whose city section has the fewest applications in that state so far: every section gets
    applications in every state it can."""
    plans: list[Plan] = []
    for username, wanted in DEMO_PLANS.items():
        profile = EnterpriseProfile.objects.get(organisation__members__username=username)
        plans += [Plan(profile, number, state) for number, state in wanted]
    sections = dict(pack.items.values_list("number", "section_code"))
    taken: dict[tuple[str, str], int] = defaultdict(int)  # (state, section) -> applications planned
    quota_taken: set[tuple[int, int]] = set()  # (jurisdiction, item) of the quota items
    made: dict[int, int] = defaultdict(int)  # jurisdiction -> applications planned
    for n, profile in enumerate(profiles):
        if n % APPLY_EVERY:
            continue
        jurisdiction = profile.organisation.jurisdiction_id
        state = COUNTY_FIRST[made[jurisdiction]] if made[jurisdiction] < len(COUNTY_FIRST) else STATES[n % len(STATES)]
        order = sorted(ITEMS, key=lambda number: (taken[(state, sections[number])], (number - n) % len(ITEMS)))
        for number in order:
            if number in QUOTA_ITEMS and (
                state not in SENT
                or (jurisdiction, number) in quota_taken
                or sum(1 for _, taken_number in quota_taken if taken_number == number) >= QUOTA_ITEMS[number]
            ):
                continue
            if may_apply(pack, profile, number):
                if number in QUOTA_ITEMS:
                    quota_taken.add((jurisdiction, number))
                plans.append(Plan(profile, number, state))
                taken[(state, sections[number])] += 1
                made[jurisdiction] += 1
                break
    return plans


def _by_county(plans: list[Plan]) -> dict[int, list[Plan]]:
    grouped: dict[int, list[Plan]] = defaultdict(list)
    for plan in plans:
        grouped[plan.profile.organisation.jurisdiction_id].append(plan)
    return grouped


def _fresh(plans: list[Plan]) -> list[Application]:
    return list(Application.objects.filter(pk__in=[p.application.pk for p in plans]).order_by("pk"))


def _enterprises_apply(pack, plans: list[Plan], rng) -> None:
    for n, plan in enumerate(plans):
        application_start(plan, pack, n)
        if plan.state in SUBMITTED:
            application_fill(plan, rng)
            application_submit(plan, n)
        if plan.state == "withdrawn":
            plan.application = application_withdraw(actor=plan.owner, application=plan.application)


def _counties_review(plans: list[Plan], officials) -> None:
    """Each county: 目标审核, then its two departments' opinions, then its joint recommendation."""
    for jurisdiction_id, county_plans in sorted(_by_county(plans).items()):
        people = officials[jurisdiction_id]

        def those(states, county_plans=county_plans):
            return _fresh([p for p in county_plans if p.state in states])

        for application in those(COUNTY_AGREED | {"county_review"}):
            reviewing.targets_accept(application, people.industry)
        reviewing.county_opinions(people.industry, those({"returned"}), Decision.RETURN, reviewing.RETURN_REASON)
        reviewing.county_opinions(people.industry, those(COUNTY_AGREED | {"county_review"}), Decision.AGREE)
        reviewing.county_opinions(
            people.finance, those({"county_rejected"}), Decision.REJECT, reviewing.COUNTY_REJECT_REASON
        )
        reviewing.county_opinions(people.finance, those(COUNTY_AGREED), Decision.AGREE)
        to_send = those(SENT)
        if to_send:
            number = f"{people.industry.organisation.jurisdiction.name}工信联〔2023〕{jurisdiction_id + 10}号"
            reviewing.batch_make(people.industry, people.finance, to_send, number, send=True)
        waiting = those({"county_approved"})
        if waiting and jurisdiction_id == min(officials):  # 珠晖区: a second letter waits for 财政's signature
            number = f"{people.industry.organisation.jurisdiction.name}工信联〔2023〕{jurisdiction_id + 40}号"
            reviewing.batch_make(people.industry, None, waiting[:1], number, send=False)


def _city_decides(plans: list[Plan], states: set[str], decision: str) -> None:
    for application in _fresh([p for p in plans if p.state in states]):
        reviewing.city_decide(application, decision)


@transaction.atomic
def demo_city_load() -> bool:
    """Seed the city in mid-process; False when the 2023 notice is not published or the city is there already."""
    pack = demo_pack()
    if pack is None or demo_city_present():
        return False
    rng = demo_random()
    with one_hash_per_password():
        officials = county_officials_load()
        profiles = city_enterprises_load(rng, officials)
    plans = _plans(pack, profiles)
    _enterprises_apply(pack, plans, rng)
    _counties_review(plans, officials)
    people = reviewing.city_people()
    _city_decides(plans, {"awarded"}, Decision.AGREE)
    final_list = reviewing.award_list_publish(pack, people, reviewing.FINAL_LIST)
    final_list = reviewing.award_list_finalise(final_list, people)
    _city_decides(plans, {"publicised"}, Decision.AGREE)
    notice_list = reviewing.award_list_publish(pack, people, reviewing.NOTICE_LIST)
    reviewing.objection_raise(notice_list, person_name(rng), mobile(9000))
    _city_decides(plans, {"city_approved"}, Decision.AGREE)
    _city_decides(plans, {"city_rejected"}, Decision.REJECT)
    _city_decides(plans, {"returned_to_county"}, Decision.RETURN)
    reviewing.after_award(final_list, people)
    # 政策推送 (issue 19 §3): the stored results the county lists read, now rather than when the worker gets to the
    # job the profile changes enqueued, so that the lists are filled as soon as make run serves.
    results_evaluate_pack(actor=None, pack=pack)
    return True
