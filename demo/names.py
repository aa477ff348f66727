"""Invented, deterministic names for the demo city: enterprises, people and contact numbers.

Everything comes from fixed name parts drawn by a seeded random.Random, so each run makes the same city.
The mobile numbers are in the 170 range reserved for virtual operators and end in a sequence number: they
reach nobody. The enterprise names carry "演示" so that nobody mistakes them for real companies."""

from __future__ import annotations

import random

SEED = 20230726  # the notice's issue date: any fixed number would do

SURNAMES = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢"
GIVEN = "建国志强海涛晓明丽娟秀英伟华桂芳文军红梅德明永刚春燕玉兰国平小龙俊杰婷婷雪峰家豪思远子涵立新振华宏伟"
TITLES = ["办公室主任", "财务经理", "综合部部长", "行政主管", "项目经理", "副总经理"]

# Word stems of the enterprise names, by the kind of industry they suggest (the 国民经济行业 大类 and 中类).
TRADES = [
    ("智能装备", "35", "351"),
    ("精密机械", "34", "341"),
    ("新材料", "30", "301"),
    ("食品", "14", "149"),
    ("纺织", "17", "171"),
    ("电子科技", "39", "397"),
    ("化工", "26", "261"),
    ("汽车零部件", "36", "367"),
    ("有色金属", "32", "321"),
    ("医药", "27", "272"),
    ("软件信息", "65", "651"),
    ("电气设备", "38", "382"),
]
STEMS = "湘江雁城回雁石鼓蒸水耒水南岳衡岳船山祝融岣嵝酃湖东洲白沙松木云集西渡洪市金源恒通华盛鑫达宏运瑞丰"
SUFFIXES = ["有限公司", "股份有限公司", "有限责任公司"]


def demo_random() -> random.Random:
    return random.Random(SEED)  # noqa: S311 - invented demo data, reproducible on purpose; nothing secret


def person_name(rng: random.Random) -> str:
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    return rng.choice(SURNAMES) + given


def enterprise_name(rng: random.Random, place: str, used: set[str]) -> tuple[str, str, str]:
    """(name, industry 大类, 中类): unique within `used`, which it updates."""
    while True:
        trade, division, group = rng.choice(TRADES)
        start = rng.randrange(0, len(STEMS) - 1, 2)
        name = f"{place}{STEMS[start : start + 2]}演示{trade}{rng.choice(SUFFIXES)}"
        if name not in used:
            used.add(name)
            return name, division, group


def mobile(sequence: int) -> str:
    """A number of the 170 virtual-operator range, unique per sequence number."""
    return f"1700734{sequence:04d}"
