"""Made-up but plausible Taiwanese names and City Hall phone numbers."""

from __future__ import annotations

import random

# The commonest surnames in Taiwan (內政部 statistics), so the demo looks familiar.
SURNAMES = "陳林黃張李王吳劉蔡楊許鄭謝郭洪曾邱廖賴周徐蘇葉莊呂江何蕭羅高"
GIVEN_F = "淑美惠雅玲婷怡君佩珊芳秀蓉欣慧如琪萱筠庭瑜"
GIVEN_M = "志明建宏俊傑家豪文彥冠宇承翰信義國華正偉柏霖"
GIVEN_ANY = "佳安思宜心雨晨嘉子軒"


def person_name(rng: random.Random, gender: str | None = None) -> str:
    """A three-character name; `gender` 'F' or 'M' picks the given-name characters."""
    gender = gender or rng.choice("FM")
    pool = (GIVEN_F if gender == "F" else GIVEN_M) + GIVEN_ANY
    return rng.choice(SURNAMES) + rng.choice(pool) + rng.choice(pool)


def office_phone(rng: random.Random) -> str:
    """City Hall's switchboard with an extension."""
    return f"02-2720-8889 #{rng.randint(1000, 8999)}"


def mobile_phone(rng: random.Random) -> str:
    """A Taiwanese mobile number in the usual 09xx-xxx-xxx layout."""
    return f"09{rng.randint(10, 89)}-{rng.randint(100, 999)}-{rng.randint(100, 999)}"
