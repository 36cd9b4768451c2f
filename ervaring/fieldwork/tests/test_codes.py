import math
import re

from hypothesis import given
from hypothesis import strategies as st

from ervaring.fieldwork import codes

KEY = "test-key"


def test_codes_have_at_least_40_bits_from_an_unambiguous_alphabet():
    assert len(set(codes.ALPHABET)) == 32
    assert not set("ILOU") & set(codes.ALPHABET)
    assert codes.CODE_LENGTH * math.log2(len(codes.ALPHABET)) >= 40
    code = codes.generate_code()
    assert re.fullmatch(f"[{codes.ALPHABET}]{{8}}", code)


def test_codes_are_grouped_for_reading():
    assert codes.format_code("K7QM4TXP") == "K7QM-4TXP"


def test_what_people_type_is_normalised():
    assert codes.normalise_code(" k7qm-4txp ") == "K7QM4TXP"
    # O is read as zero, I and L as one: symbols the alphabet leaves out on purpose.
    assert codes.normalise_code("OI2L-ABCD") == "0121ABCD"
    assert codes.normalise_code("K7QM-4TX") is None
    assert codes.normalise_code("K7QM-4TXU") is None


def test_generated_codes_differ():
    assert len({codes.generate_code() for _ in range(2000)}) == 2000


@given(st.text(alphabet=codes.ALPHABET, min_size=8, max_size=8))
def test_hash_and_token_are_keyed_and_unlinkable(code):
    assert codes.code_hash(code, KEY) != codes.code_hash(code, "other-key")
    assert codes.code_hash(code, KEY) != codes.response_token(code, KEY)
    assert code not in codes.code_hash(code, KEY)


@given(st.text(alphabet=codes.ALPHABET, min_size=8, max_size=8))
def test_encrypted_code_opens_only_with_the_key(code):
    sealed = codes.encrypt_code(code, KEY)
    assert code not in sealed
    assert codes.decrypt_code(sealed, KEY) == code
    assert codes.decrypt_code(sealed, "other-key") is None
