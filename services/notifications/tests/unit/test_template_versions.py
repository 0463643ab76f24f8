"""Template versions per letter type: the newest is used unless configuration pins one."""

from __future__ import annotations

import pytest

from notifications.adapters import templates


@pytest.fixture
def versions_on_disk(tmp_path, monkeypatch):
    for version in ("v1", "v2", "v10", "draft"):
        (tmp_path / "letters" / "arrears_first_letter" / version).mkdir(parents=True)
    monkeypatch.setattr(templates, "TEMPLATE_ROOT", tmp_path)


def test_versions_are_numbered_folders_in_numeric_order(versions_on_disk):
    assert templates.versions("arrears_first_letter") == [1, 2, 10]
    assert templates.versions("no_such_letter") == []


def test_newest_version_is_used_unless_one_is_pinned(versions_on_disk):
    assert templates.version_to_use("arrears_first_letter") == 10
    assert templates.version_to_use("arrears_first_letter", pinned=2) == 2


def test_pinning_a_version_that_does_not_exist_is_refused(versions_on_disk):
    with pytest.raises(templates.TemplateMissing, match=r"has no template version 3 \(has \[1, 2, 10\]\)"):
        templates.version_to_use("arrears_first_letter", pinned=3)
    with pytest.raises(templates.TemplateMissing, match="no template for letter type 'x'"):
        templates.version_to_use("x")


def test_money_dates_and_balances_read_as_a_tenant_expects():
    from datetime import date

    from shared.money import Money

    env = templates.environment()
    assert env.filters["money"](Money("1234.5")) == "£1,234.50"
    assert env.filters["money"](Money("-3.00")) == "-£3.00"
    assert env.filters["balance"](Money("-10.00")) == "£10.00 in credit"
    assert env.filters["balance"](Money("229.16")) == "£229.16 owed"
    assert env.filters["longdate"](date(2027, 4, 5)) == "5 April 2027"
    with pytest.raises(ValueError, match="not an amount of money"):
        env.filters["money"](None)
