"""Hostile files: every kind of input an editor or a repository can hand the tool, made as bytes, each with
what must become of it. The CLI tests and the language-server tests run the same corpus.

A case is `readable` when its bytes decode (PEP 263, BOM); an unreadable one must be named in one line by the
CLI. `parses` says whether the code is valid, as far as the engine's parser (libcst) goes: a case that does
not parse must get CS000 (or the one note of code too deep to analyse), never a crash.
"""

import random
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional

# Real modules of this repository: the material truncated and mutated.
REAL_MODULES = ("server/chris_style/files.py", "server/chris_style/lsp/workspace.py", "server/chris_style/guide.py")
REPOSITORY = Path(__file__).resolve().parent.parent.parent
# Mutated copies per real module in the suite (more with CHRIS_STYLE_FUZZ_MUTANTS, see tests/fuzz).
MUTANTS_PER_MODULE = 3
MUTATIONS_PER_MUTANT = 8
# The mutants are random, but the same from one run of the suite to the next.
SEED = 14
MODULE = "import yaml\nimport os\n\n\ndef run(command):\n    print(command)\n    return None\n"


@dataclass(frozen=True)
class Case:
    """One hostile file: its name, its bytes, and what the tool must make of it."""

    name: str
    data: bytes
    readable: bool = True
    # True: parses; False: CS000 (or one "too deep" note); None: either (random mutants).
    parses: Optional[bool] = True
    # False: nested too deeply to analyse (one note; the CLI names it in one line).
    analysable: bool = True

    @property
    def file_name(self) -> str:
        return f"{self.name}.py"


def _nested_blocks(depth: int) -> str:
    """`depth` nested blocks, indented one space each (CPython refuses more than 100 levels)."""
    return "".join(f"{' ' * level}if x:\n" for level in range(depth)) + " " * depth + "pass\n"


def _fifty_thousand_lines() -> str:
    """50,000 lines: a docstring of 49,000, then 1,000 of statements and comments. Line handling meets every
    line, while the tree stays small enough for the suite (50,000 lines of code are the performance work's
    benchmark, at 4 nodes or more a line)."""
    docstring = '"""' + "".join(f"doc {number}\n" for number in range(49_000)) + '"""\n'
    code = "".join("x = 1\n" if number % 10 == 0 else f"# line {number}\n" for number in range(999))
    return docstring + code


def syntax_cases() -> List[Case]:
    """Python 3.12-3.14 syntax: PEP 695, 696, 701, except*, PEP 758, PEP 750; every one parses."""
    snippets = {
        "pep695_generics": "def first[T](items: list[T]) -> T:\n    return items[0]\n\n\ntype Pair[T] = tuple[T, T]\n",
        "pep696_defaults": "class Box[T = int]:\n    pass\n",
        "pep701_fstrings": 'names = ["a"]\nx = f"{"\\n".join(names)}"\ny = f"{f"{f"{1}"}"}"\n',
        "except_star": "try:\n    pass\nexcept* (ValueError, TypeError):\n    pass\n",
        "pep758_except": "try:\n    pass\nexcept ValueError, TypeError:\n    pass\n",
        "pep750_tstrings": 'name = "x"\ngreeting = t"hello {name!r:>10}"\n',
    }
    return [Case(name, text.encode("utf-8")) for name, text in snippets.items()]


def _real(relative: str) -> bytes:
    return (REPOSITORY / relative).read_bytes()


def _mutate(data: bytes, chooser: random.Random) -> bytes:
    """Flip, insert, delete or duplicate bytes at random places."""
    mutable = bytearray(data)
    for _ in range(MUTATIONS_PER_MUTANT):
        place = chooser.randrange(len(mutable) or 1)
        kind = chooser.randrange(4)
        if kind == 0 and mutable:
            mutable[place] = chooser.randrange(256)
        elif kind == 1:
            mutable[place:place] = bytes([chooser.randrange(256)])
        elif kind == 2 and mutable:
            del mutable[place : place + chooser.randrange(1, 16)]
        else:
            mutable[place:place] = mutable[place : place + chooser.randrange(1, 64)]
    return bytes(mutable)


def _readable(data: bytes) -> bool:
    from chris_style.files import UnreadableFile, decode_source

    try:
        decode_source(data)
    except UnreadableFile:
        return False
    return True


def real_module_cases(mutants_per_module: int = MUTANTS_PER_MODULE) -> List[Case]:
    """Real modules cut short at three places, and mutated at random."""
    cases = []
    chooser = random.Random(SEED)
    for relative in REAL_MODULES:
        data = _real(relative)
        stem = Path(relative).stem
        for fraction in (3, 2):
            cut = data[: len(data) // fraction]
            cases.append(Case(f"truncated_{stem}_{fraction}", cut, _readable(cut), None))
        for number in range(mutants_per_module):
            mutant = _mutate(data, chooser)
            cases.append(Case(f"mutant_{stem}_{number}", mutant, _readable(mutant), None))
    return cases


def hostile_cases() -> List[Case]:
    """The fixed corpus: encodings, line endings, odd characters, sizes and depths."""
    module = MODULE.encode("utf-8")
    return [
        Case("empty", b""),
        Case("comments_only", b"# nothing\n# but comments\n"),
        Case("bom", b"\xef\xbb\xbf" + module),
        Case("crlf", MODULE.replace("\n", "\r\n").encode("utf-8")),
        Case("mixed_line_endings", b"import sys\r\nimport os\n\r\ndef run(command):\r    return None\n"),
        Case("lone_cr", MODULE.replace("\n", "\r").encode("utf-8")),
        Case("tabs", b"def run(command):\n\tif command:\n\t\treturn None\n"),
        Case("form_feed", b"import os\n\x0c\n\x0cdef run(command):\n    return None\n"),
        Case("nul_byte", b"x = 1\n\x00\ny = 2\n", parses=False),
        Case("non_utf8", b"NAME = 'caf\xe9'\n", readable=False),
        Case("binary", bytes(range(256)) * 4, readable=False),
        Case("utf16", MODULE.encode("utf-16"), readable=False),
        Case("unknown_cookie", b"# -*- coding: klingon -*-\nx = 1\n", readable=False),
        Case("latin1_cookie", "# -*- coding: latin-1 -*-\nimport yaml\nimport os\nNAME = 'café'\n".encode("latin-1")),
        Case("cookie_and_bom_disagree", b"\xef\xbb\xbf# coding: latin-1\nx = 1\n", readable=False),
        Case("parens_400", ("x = " + "(" * 400 + "1" + ")" * 400 + "\n").encode("ascii"), parses=False),
        Case("lists_400", ("x = " + "[" * 400 + "]" * 400 + "\n").encode("ascii"), parses=False),
        Case("blocks_90", _nested_blocks(90).encode("ascii")),
        Case("blocks_1000", _nested_blocks(1000).encode("ascii"), parses=False),
        Case("attribute_chain", ("x = a" + ".b" * 5000 + "\n").encode("ascii"), parses=None, analysable=False),
        Case("long_sum", ("x = " + "1 + " * 20000 + "1\n").encode("ascii"), parses=None, analysable=False),
        Case("unary_chain", ("x = " + "-" * 3000 + "1\n").encode("ascii"), parses=None, analysable=False),
        Case("line_200k", ("x = '" + "a" * 200_000 + "'\n").encode("ascii")),
        Case("lines_50k", _fifty_thousand_lines().encode("ascii")),
        Case("combining", "café = 'e\u0301' + 'n\u0303'\nx = café\n".encode("utf-8")),
        Case("emoji", "def run(command):\n    return '👍🏽👨‍👩‍👧' + command\n".encode("utf-8")),
        Case("astral_identifier", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 = 1\nprint(𝔘𝔫𝔦𝔠𝔬𝔡𝔢)\n".encode("utf-8")),
        Case("surrogate_escapes", b"x = '\\ud800\\udc00 \\udfff'\n"),
        Case("unterminated_string", b"x = 'abc\n", parses=False),
        Case("unbalanced", b"def run(:\n    pass\n", parses=False),
        *syntax_cases(),
        *real_module_cases(),
    ]


def write_cases(directory: Path, cases: List[Case]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for case in cases:
        (directory / case.file_name).write_bytes(case.data)
