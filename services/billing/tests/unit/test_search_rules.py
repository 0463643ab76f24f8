"""Reading the search box's text into the keys each kind of match compares."""

from __future__ import annotations

import pytest

from billing.search.queries import branches_for
from billing.search.rules import (
    InvalidQuery,
    Terms,
    Tier,
    account_key,
    all_words,
    fuzzy_words,
    quoted,
    read,
    whole_words,
)


def test_text_is_trimmed_collapsed_and_lower_cased_and_split_into_words():
    terms = read("  Gareth   WILLIAMS ")
    assert terms == Terms("gareth williams", None, None, True, ("gareth", "williams"))
    assert read("O'Brien, Flat 3").words == ("o", "brien", "flat", "3")
    assert read("José Núñez").words == ("josé", "núñez")


def test_every_word_is_required_a_longer_word_of_letters_as_the_start_of_one():
    assert all_words(("40", "kirkstall", "rd")) == "40 & kirkstall:* & rd"
    assert all_words(("lee",)) == "lee"
    assert whole_words(("40", "kirkstall")) == "40 & kirkstall"


def test_a_mistyped_word_may_mean_its_vocabulary_variants_and_an_unknown_short_word_is_left_out():
    variants = {"willams": [("williams", 0.55), ("willis", 0.5), ("williamson", 0.45), ("wills", 0.41)],
                "acacia": [("acacia", 1.0)]}
    assert fuzzy_words(("12", "acacia", "rd", "willams", "zzzz"), variants) == [
        [("12", 1.0)], [("acacia", 1.0), ("acacia:*", 0.9)],
        [("willams", 1.0), ("willams:*", 0.9), ("'williams'", 0.55), ("'willis'", 0.5), ("'williamson'", 0.45)]]
    assert quoted("o'neil") == "'o''neil'"


def test_a_postcode_is_not_also_matched_word_by_word():
    assert read("LS6 2AB").similar is False and read("ls6").words == ()


def test_a_postcode_is_keyed_without_spaces_in_upper_case_and_a_district_alone_counts():
    assert read("ls6 2ab").postcode_key == "LS62AB"
    assert read("LS6").postcode_key == "LS6"
    assert read("Smith").postcode_key is None and read("12 High St").postcode_key is None


def test_a_reference_needs_a_digit_and_only_reference_characters():
    assert read("ten-0042 ").ref_key == "TEN-0042"
    assert read("1000 0017").ref_key == "10000017"
    assert read("Williams").ref_key is None and read("12 High St!").ref_key is None
    assert account_key("1000-0017") == "10000017"


def test_short_keys_match_exactly_and_longer_ones_as_a_prefix_with_like_wildcards_escaped():
    terms = read("LS6")
    assert terms.prefix("LS6") == "LS6"
    assert terms.prefix("LS62") == "LS62%"
    assert terms.prefix("A_B%1") == "A\\_B\\%1%"


def test_text_too_short_to_compare_is_not_matched_by_similarity():
    assert read("ab").similar is False and read("12").similar is False and read("abc").similar is True


@pytest.mark.parametrize("q", ["", " ", "x", "  y  ", "a" * 101])
def test_a_query_too_short_or_too_long_is_refused(q):
    with pytest.raises(InvalidQuery):
        read(q)


def test_exact_references_rank_before_postcodes_then_partials_then_similar_names():
    assert Tier.EXACT_REFERENCE < Tier.EXACT_POSTCODE < Tier.PARTIAL < Tier.SIMILAR


def test_only_the_kinds_of_match_the_text_can_be_are_searched():
    assert branches_for(read("Williams")) == ["name", "address"]
    assert branches_for(read("LS6 2AB")) == ["account_ref", "tenancy_ref", "legacy_ref", "postcode"]
    assert branches_for(read("10000017")) == ["account_ref", "tenancy_ref", "legacy_ref"]
    assert branches_for(read("12 High St")) == ["account_ref", "tenancy_ref", "legacy_ref", "name", "address"]
