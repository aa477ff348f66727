"""Writes of stored eligibility (政策推送): the bulk engine run over confirmed enterprises' profiles, its statuses
stored per (enterprise, pack, item or item:subtype). A run replaces the rows it evaluated, so results are never
edited, only rewritten from a newer profile or pack."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import repeat

import numpy as np
from django.db import connections, router, transaction
from django.utils import timezone

from core.choices import AuditVerb
from core.services import audit_event_record
from eligibility import statuses as st
from eligibility.bulk import columns_from_profiles, evaluate_bulk, facts_read
from eligibility.models import EligibilityEvaluation, EligibilityResult
from enterprises.selectors import ConfirmedFacts, confirmed_enterprises_facts
from policies.choices import PackStatus
from policies.models import PolicyPack
from policies.selectors import pack_data_attach, pack_models, packs_published

WRITE_BATCH = 5000  # rows per executemany on SQLite


@dataclass(frozen=True)
class EvaluationRun:
    pack_id: int
    enterprises: int
    results: int
    counts: dict[str, int]  # status -> verdicts (enterprise, item or subtype), 不符合 included


# The stored columns, in the order the rows below are built (the primary keys are the database's); the
# evaluation time is last in both.
RESULT_FIELDS = ("enterprise", "pack", "item_key", "item_number", "status", "profile_version", "evaluated_at")
EVALUATION_FIELDS = ("enterprise", "pack", "profile_version", "evaluated_at")
NOT_STORED = st.ORDER[st.NOT_MET]  # the absence of a row beside an evaluation (EligibilityEvaluation)


def _evaluate(stored: PolicyPack, rows: Sequence[ConfirmedFacts], now) -> tuple[list[tuple], dict[str, int]]:
    """The result rows (RESULT_FIELDS) of the profiles, 不符合 left out, and how many of each status."""
    pack, items = pack_models(stored)
    facts = [row.facts for row in rows]
    columns = columns_from_profiles(facts, facts_read(pack, items))
    result = evaluate_bulk(pack, items, columns, len(rows))
    enterprise_ids = np.array([row.enterprise_id for row in rows], dtype=np.int64)
    versions = np.array([row.profile_version for row in rows], dtype=np.int64)
    labels = np.array([st.BY_CODE[code] for code in range(len(st.ORDER))], dtype=object)
    counts = np.zeros(len(st.ORDER), dtype=np.int64)
    out: list[tuple] = []
    for key, codes in result.items.items():
        number = int(key.partition(":")[0])
        counts += np.bincount(codes, minlength=len(st.ORDER))
        kept = codes != NOT_STORED
        out += zip(
            enterprise_ids[kept].tolist(), repeat(stored.pk), repeat(key), repeat(number), labels[codes[kept]].tolist(),
            versions[kept].tolist(), repeat(now), strict=False,
        )  # fmt: skip
    return out, {st.BY_CODE[code]: int(n) for code, n in enumerate(counts)}


def _rows_insert(model, fields: Sequence[str], rows: list[tuple]) -> None:
    """Insert rows in bulk. Not bulk_create: building and adapting the model instances took 19 of a 26-second run
    at 20,000 enterprises (bench/eligibility_push); PostgreSQL takes plain tuples by COPY, SQLite by executemany."""
    if not rows:
        return
    meta = model._meta
    columns = [meta.get_field(name).column for name in fields]
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    table, names = quote(meta.db_table), ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        # Names from the model's options, quoted; every value is a parameter. One run has one timestamp (last).
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
        stamp = connection.ops.adapt_datetimefield_value(rows[0][-1])
        for start in range(0, len(rows), WRITE_BATCH):
            cursor.executemany(sql, [(*row[:-1], stamp) for row in rows[start : start + WRITE_BATCH]])


def _stored_replace(pack: PolicyPack, enterprise_ids: list[int] | None, rows: Sequence[ConfirmedFacts], now) -> tuple:
    """Delete what the enterprises had for the pack and write the new evaluation: (result rows, status counts)."""
    for model in (EligibilityResult, EligibilityEvaluation):
        stale = model.objects.filter(pack=pack)
        if enterprise_ids is not None:
            stale = stale.filter(enterprise_id__in=enterprise_ids)
        stale._raw_delete(stale.db)  # nothing hangs on these rows: one DELETE each, without reading them
    if not rows:
        return [], dict.fromkeys(st.ORDER, 0)
    results, counts = _evaluate(pack, rows, now)
    _rows_insert(
        EligibilityEvaluation,
        EVALUATION_FIELDS,
        [(row.enterprise_id, pack.pk, row.profile_version, now) for row in rows],
    )
    _rows_insert(EligibilityResult, RESULT_FIELDS, results)
    return results, counts


@transaction.atomic
def results_evaluate_pack(*, actor, pack: PolicyPack, enterprise_ids: Iterable[int] | None = None) -> EvaluationRun:
    """Evaluate every confirmed enterprise (or those of `enterprise_ids`) against a published pack with the bulk
    engine and store the statuses, replacing what those enterprises had for the pack. One audit event for the
    run, with its counts (`results`: the rows stored, 不符合 not among them). An enterprise no longer confirmed
    loses its rows."""
    pack = pack_data_attach(pack)
    now = timezone.now()
    ids = None if enterprise_ids is None else list(enterprise_ids)
    rows = confirmed_enterprises_facts(ids)
    results, counts = _stored_replace(pack, ids, rows, now)
    run = EvaluationRun(pack_id=pack.pk, enterprises=len(rows), results=len(results), counts=counts)
    audit_event_record(
        actor=actor, verb=AuditVerb.ELIGIBILITY_EVALUATED, target=pack,
        data={"enterprises": run.enterprises, "results": run.results, "statuses": counts,
              "scope": "all" if enterprise_ids is None else "enterprises"},
    )  # fmt: skip
    return run


def results_evaluate_enterprises(*, actor, enterprise_ids: Iterable[int]) -> list[EvaluationRun]:
    """Evaluate these enterprises against every published pack (after a profile change or a confirmation)."""
    ids = sorted(set(enterprise_ids))
    if not ids:
        return []
    with transaction.atomic():
        return [results_evaluate_pack(actor=actor, pack=p, enterprise_ids=ids) for p in packs_published()]


def results_evaluate_published_pack(*, actor, pack_pk: int) -> EvaluationRun | None:
    """The background job's entry after a publication: nothing when the pack is no longer published."""
    pack = PolicyPack.objects.defer("data").filter(pk=pack_pk, status=PackStatus.PUBLISHED).first()
    if pack is None:
        return None
    return results_evaluate_pack(actor=actor, pack=pack)
