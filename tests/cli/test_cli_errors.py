"""rentctl's messages when something is wrong before any service is involved."""


def test_a_command_before_login_says_to_log_in(rentctl):
    ran = rentctl("kpis")
    assert ran.code == 2
    assert "not logged in: run `rentctl login USERNAME --role ROLE` first" in ran.err


def test_login_without_a_role_says_what_is_missing(rentctl):
    ran = rentctl("login", "jo")
    assert ran.code == 1
    assert "at least one --role" in ran.err


def test_an_unreachable_gateway_is_named(rentctl):
    ran = rentctl("login", "jo", "--role", "rent_officer")
    assert ran.code == 1
    assert "cannot reach the identity provider at http://127.0.0.1:9/auth/realms/rent/dev/token" in ran.err


def test_an_estate_size_outside_the_range_is_refused(rentctl):
    ran = rentctl("demo", "summary", "--accounts", "50")
    assert ran.code == 2
    assert "Invalid value for '--accounts'" in ran.err and "greater than or equal to 100" in ran.err


def test_the_estate_summary_describes_the_estate_a_seed_gives(rentctl):
    ran = rentctl("demo", "summary", "--accounts", "200", "--seed", "4")
    assert ran.code == 0, ran.err
    assert "Estate seed 4 (prefix S4): 200 accounts" in ran.out
    assert "leasehold" in ran.out and "universal_credit" in ran.out
