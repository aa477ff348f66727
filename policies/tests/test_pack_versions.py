"""Versions: loading is idempotent, a published pack never changes, and `pack diff` shows exactly what changed."""

import copy

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.management import call_command

from core.models import AuditEvent
from policies.choices import PackStatus
from policies.models import PolicyPack
from policies.pack.diff import pack_diff
from policies.pack.loader import load_pack
from policies.services import pack_load, pack_publish
from policies.tests.formtools import PACK_2023

pytestmark = pytest.mark.django_db


def _edit(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _rd_condition(data):
    return next(c for c in data["conditions"] if c.get("rule", {}).get("per"))


def _make_version_2(pack_copy):
    _edit(pack_copy / "pack.yaml", lambda d: d.update(version=2))
    _edit(pack_copy / "items/03.yaml", lambda d: _rd_condition(d)["rule"].update(value=4))
    _edit(pack_copy / "forms/2-2.yaml", lambda d: d["sections"][1]["fields"][4].update(label="纳税所在地"))
    return pack_copy


@pytest.mark.no_shared_pack  # counts audit events or loads the 2023 pack itself
def test_load_is_idempotent_and_audited():
    pack, created = pack_load(actor=None, directory=PACK_2023)
    assert created and pack.status == PackStatus.PUBLISHED
    assert pack.items.count() == 14
    assert list(AuditEvent.objects.order_by("id").values_list("verb", flat=True)) == ["pack_loaded", "pack_published"]
    again, created = pack_load(actor=None, directory=PACK_2023)
    assert again == pack and not created
    assert AuditEvent.objects.count() == 2 and PolicyPack.objects.count() == 1


@pytest.mark.no_shared_pack  # counts audit events or loads the 2023 pack itself
def test_draft_load_writes_one_event_and_publish_one_more():
    pack, _ = pack_load(actor=None, directory=PACK_2023, publish=False)
    assert pack.status == PackStatus.DRAFT and AuditEvent.objects.count() == 1
    pack_publish(actor=None, pack=pack)
    assert AuditEvent.objects.count() == 2
    with pytest.raises(ValidationError):
        pack_publish(actor=None, pack=pack)
    assert AuditEvent.objects.count() == 2


def test_same_version_with_other_content_is_refused(pack_copy):
    pack_load(actor=None, directory=PACK_2023)
    _edit(pack_copy / "items/03.yaml", lambda d: _rd_condition(d)["rule"].update(value=4))
    with pytest.raises(ValidationError) as excinfo:
        pack_load(actor=None, directory=pack_copy)
    assert "请提高 pack.yaml 中的 version" in str(excinfo.value)
    assert PolicyPack.objects.count() == 1


def test_published_pack_cannot_be_edited_in_place():
    pack, _ = pack_load(actor=None, directory=PACK_2023)
    pack.data = copy.deepcopy(pack.data)  # the stored value is shared and read-only (core.fields)
    pack.data["items"][0]["name"] = "改过的名字"
    with pytest.raises(ValidationError):
        pack.save()


def test_second_version_loads_and_diff_shows_exactly_the_changes(pack_copy):
    v1, _ = pack_load(actor=None, directory=PACK_2023)
    v2, created = pack_load(actor=None, directory=_make_version_2(pack_copy))
    assert created and v2.version == 2 and v1.version == 1
    lines = pack_diff(load_pack(PACK_2023), load_pack(pack_copy))
    assert len(lines) == 2, lines
    assert lines == [
        "事项 3「培育制造业单项冠军企业」 条件「企业上年度研发投入占营业收入比重达3%以上」：阈值 3 % → 4 %",
        "附件2-2 字段「纳税所在地」 标签：「纳税属地」→「纳税所在地」",
    ]


@pytest.mark.no_shared_pack  # counts audit events or loads the 2023 pack itself
def test_pack_commands(pack_copy, capsys):
    call_command("pack", "check", str(PACK_2023))
    assert "校验通过" in capsys.readouterr().out
    call_command("pack", "load", str(PACK_2023))
    assert "已加载" in capsys.readouterr().out
    call_command("pack", "diff", str(PACK_2023), str(_make_version_2(pack_copy)))
    out = capsys.readouterr().out
    assert "共 2 处变化" in out


def test_an_unchanged_folder_is_parsed_once_and_a_changed_one_again(pack_copy):
    from policies.pack.loader import load_pack_unchanged

    first = load_pack_unchanged(pack_copy)
    assert load_pack_unchanged(pack_copy) is first  # same bytes: no second parse
    _edit(pack_copy / "items/03.yaml", lambda d: _rd_condition(d)["rule"].update(value=4))
    changed = load_pack_unchanged(pack_copy)
    assert changed is not first and changed.digest != first.digest
    assert _rd_condition(changed.raw["items/03.yaml"])["rule"]["value"] == 4
    # The changed content now conflicts with the stored version 1, as with an uncached load.
    pack_load(actor=None, directory=PACK_2023)
    with pytest.raises(ValidationError):
        pack_load(actor=None, directory=pack_copy)
