import math
import re

from hypothesis import given
from hypothesis import strategies as st

from ervaring.fieldwork import codes

KEY = "test-key"


def test_codes_have_60_bits_from_an_unambiguous_alphabet():
    assert len(set(codes.ALPHABET)) == 32
    assert not set("ILOU") & set(codes.ALPHABET)
    assert codes.CODE_LENGTH * math.log2(len(codes.ALPHABET)) == 60
    code = codes.generate_code()
    assert re.fullmatch(f"[{codes.ALPHABET}]{{12}}", code)


def test_codes_are_grouped_in_fours_for_reading():
    assert codes.format_code("K7QM4TXP9HWD") == "K7QM-4TXP-9HWD"
    assert codes.format_code("K7QM4TXP") == "K7QM-4TXP", "a code of an earlier version"


def test_what_people_type_is_normalised():
    assert codes.normalise_code(" k7qm-4txp-9hwd ") == "K7QM4TXP9HWD"
    assert codes.normalise_code("K7QM 4TXP 9HWD") == "K7QM4TXP9HWD"
    # O is read as zero, I and L as one: symbols the alphabet leaves out on purpose.
    assert codes.normalise_code("OI2L-ABCD-EFGH") == "0121ABCDEFGH"
    assert codes.normalise_code("K7QM-4TXP-9HW") is None
    assert codes.normalise_code("K7QM-4TXP-9HWU") is None
    assert codes.normalise_code("K7QM-4TXP-9HWD-A") is None


def test_codes_of_an_earlier_version_still_normalise():
    assert codes.normalise_code(" k7qm-4txp ") == "K7QM4TXP"
    assert codes.normalise_code("OI2L-ABCD") == "0121ABCD"
    assert codes.normalise_code("K7QM-4TX") is None
    assert codes.normalise_code("K7QM-4TXP-9") is None


def test_an_address_may_have_the_burst_and_then_one_per_interval_checked():
    # 10 at once; then one at 60 s, 120 s, ..., 3600 s: 60 more.
    assert codes.attempts_within(3600, burst=10, interval_seconds=60) == 70
    assert codes.attempts_within(59, burst=10, interval_seconds=60) == 10
    assert codes.attempts_within(0, burst=1, interval_seconds=60) == 1


def test_generated_codes_differ():
    assert len({codes.generate_code() for _ in range(2000)}) == 2000


@given(st.text(alphabet=codes.ALPHABET, min_size=12, max_size=12))
def test_hash_and_token_are_keyed_and_unlinkable(code):
    assert codes.code_hash(code, KEY) != codes.code_hash(code, "other-key")
    assert codes.code_hash(code, KEY) != codes.response_token(code, KEY)
    assert code not in codes.code_hash(code, KEY)


@given(st.text(alphabet=codes.ALPHABET, min_size=12, max_size=12))
def test_encrypted_code_opens_only_with_the_key(code):
    sealed = codes.encrypt_code(code, KEY)
    assert code not in sealed
    assert codes.decrypt_code(sealed, KEY) == code
    assert codes.decrypt_code(sealed, "other-key") is None
