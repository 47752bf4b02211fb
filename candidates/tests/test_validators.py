import pytest
from django.core.exceptions import ValidationError

from candidates.validators import uln_check_digit, validate_candidate_number, validate_uln


def test_check_digit_is_ten_minus_weighted_sum_mod_eleven() -> None:
    # 9 x (10 + 9 + ... + 2) = 486; 486 mod 11 = 2; 10 - 2 = 8
    assert uln_check_digit("999999999") == 8
    validate_uln("9999999998")


def test_a_number_whose_check_would_be_ten_cannot_be_a_uln() -> None:
    # 1 x 10 + 1 x 1? find a prefix with sum mod 11 == 0: "000000000" sums to 0
    assert uln_check_digit("000000000") is None
    with pytest.raises(ValidationError):
        validate_uln("0000000000")


@pytest.mark.parametrize("value", ["9999999999", "999999999", "99999999988", "99999x9998", ""])
def test_bad_ulns_are_refused(value: str) -> None:
    with pytest.raises(ValidationError):
        validate_uln(value)


@pytest.mark.parametrize("value", ["12a45", "-1", "12 34", ""])
def test_candidate_numbers_are_digits(value: str) -> None:
    with pytest.raises(ValidationError):
        validate_candidate_number(value)
