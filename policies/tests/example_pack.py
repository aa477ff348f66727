"""The example pack of next year's call (policy_packs/example-2024) stored beside the 2023 one, for the tests of
two packs side by side."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from policies.services import pack_load
from policies.tests.formtools import PACK_2023

EXAMPLE_2024 = PACK_2023.parent / "example-2024"
# Inside the example's window: issued 2024-07-24, closing 2024-08-23.
IN_EXAMPLE_WINDOW = timezone.make_aware(dt.datetime(2024, 8, 1, 10, 0))

# The enterprise's yearly figures as entered for the 2023 call (2020-2022), by calendar year.
FIGURES_2020_2022 = {
    "operating_revenue_2020": "1500",
    "operating_revenue_2021": "1800",
    "operating_revenue_2022": "2100",
    "rd_expense_2021": "40",
    "rd_expense_2022": "63",
}


def example_pack_load():
    """The example pack, loaded and published as `manage.py pack load policy_packs/example-2024` does."""
    pack, _ = pack_load(actor=None, directory=EXAMPLE_2024)
    return pack
