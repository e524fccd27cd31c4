"""Property-based: for random valid programs (hypothesmith), parsing in pieces (as small as one line) gives the
full parse's module or gives up, never a different module."""

import hypothesmith
import libcst as cst
from hypothesis import assume, given
from hypothesis import strategies as st

from chris_style.linting.source import python_tree
from tests.linting.test_pieces import check_pieces
from tests.property.test_fix_properties import PROPERTY_SETTINGS

# Piece sizes to try, in lines: one line cuts at every statement boundary there is.
PIECE_SIZES = (1, 2, 5)


@PROPERTY_SETTINGS
@given(hypothesmith.from_node(), st.sampled_from(PIECE_SIZES))
def test_WHEN_random_program_parsed_in_pieces_THEN_it_equals_the_full_parse_or_gives_up(
    code: str, piece_lines: int
) -> None:
    try:
        cst.parse_module(code)
    except (cst.ParserSyntaxError, RecursionError):
        assume(False)
        return
    assume(python_tree(code) is not None)
    check_pieces(code, piece_lines)
