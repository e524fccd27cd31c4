"""The shape every rule shares: metadata, a message template, embedded examples, and `report()`.

A rule is a small class. Its visit_<Node>/leave_<Node> methods receive libcst nodes during the one shared
traversal (see runner.py); while a method runs, `self.context.ancestors` holds the node's ancestors. What it
reports (Violation, Fix, Edit, FixSafety) is defined in findings.py, apart from libcst, and imported here for
the rules.
"""

import ast
import enum
from dataclasses import dataclass, field
from typing import Any, ClassVar, List, Mapping, Optional, Sequence, Union

import libcst as cst

from chris_style.config.settings import Settings
from chris_style.guide import Guideline, Priority
from chris_style.linting.facts import Facts
from chris_style.linting.findings import Edit, Fix, FixSafety, Violation
from chris_style.linting.layout import Layout
from chris_style.linting.positions import EarlierPositions, PositionIndex
from chris_style.linting.source import Position, SourceFile, TextRange


class Scope(enum.Enum):
    """What a rule's findings depend on, which decides what an edit makes the engine run again (incremental.py).

    `MODULE` (the default): anything in the buffer; the rule runs on the whole module at every lint.

    `STATEMENT`: the findings (their ranges, messages and fixes) inside a top-level statement depend only on that
    statement and on the module's *outline*: everything but the bodies of functions and methods (imports,
    module-level names, class headers and class-level statements, function signatures), and the settings and
    path. Such a rule must report only inside the statement it is visiting, never read other statements'
    function bodies or the buffer's text as a whole, and its fixes may edit only that statement and the places
    the outline decides (the import block, the constants after it). While an edit stays inside function
    bodies, the engine runs it only on the statements the edit touched and keeps its other findings, moved.
    """

    STATEMENT = "statement"
    MODULE = "module"


class Files(enum.Enum):
    """Which files a rule runs on (the catalog's *tests only* / *not in tests*)."""

    ALL = "all"
    TESTS_ONLY = "tests only"
    NOT_TESTS = "not in tests"


@dataclass
class Valid:
    """An example the rule must not report. `settings` are `[tool.chris-style]` keys for this example."""

    code: str
    path: str = "example.py"
    settings: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class Invalid:
    """An example the rule must report `count` times; `fixed` is the code after applying each primary fix, whose
    safety is `fix_safety` (None: the rule's `fix_safety`), so an example pins when a fix is downgraded."""

    code: str
    fixed: Optional[str] = None
    path: str = "example.py"
    count: int = 1
    settings: Mapping[str, Any] = field(default_factory=dict)
    fix_safety: Optional[FixSafety] = None


Example = Union[Valid, Invalid]
Target = Union[cst.CSTNode, TextRange]


class RuleContext:
    """What a rule may know about the buffer being linted; shared by every rule of one lint run."""

    def __init__(
        self,
        source: SourceFile,
        module: cst.Module,
        settings: Settings,
        earlier: Optional[EarlierPositions] = None,
        layout: Optional[Layout] = None,
        python: Optional[ast.Module] = None,
    ) -> None:
        self.source = source
        self.module = module
        self.settings = settings
        # The current node's ancestors, outermost first; maintained by the runner's traversal.
        self.ancestors: List[cst.CSTNode] = []
        # The node whose visit_/leave_ methods are running (None outside the traversal).
        self.current: Optional[cst.CSTNode] = None
        self.positions = PositionIndex(source.text, module, earlier, layout, python)
        # The analyses rules share, each built on first use (see facts/).
        self.facts = Facts(module, source.path, self.ancestors, layout, self.positions.layout)

    def range_of(self, node: cst.CSTNode) -> TextRange:
        """The node's range, computed on demand for the statement that holds it (see positions.py), so a
        clean file never pays for positions and a file with findings pays only where they are."""
        path = self.ancestors if self.current is None else [*self.ancestors, self.current]
        code_range = self.positions.range(node, path)
        return TextRange(
            Position(code_range.start.line - 1, code_range.start.column),
            Position(code_range.end.line - 1, code_range.end.column),
        )

    def code_for(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node)

    def enclosing_function(self) -> Optional[cst.FunctionDef]:
        for ancestor in reversed(self.ancestors):
            if isinstance(ancestor, cst.FunctionDef):
                return ancestor
        return None

    def enclosing_class(self) -> Optional[cst.ClassDef]:
        """The class whose body directly holds the current node's scope (not a class inside a function)."""
        for ancestor in reversed(self.ancestors):
            if isinstance(ancestor, (cst.ClassDef, cst.FunctionDef)):
                return ancestor if isinstance(ancestor, cst.ClassDef) else None
        return None

    def in_function(self) -> bool:
        return any(isinstance(ancestor, (cst.FunctionDef, cst.Lambda)) for ancestor in self.ancestors)

    def at_module_level(self) -> bool:
        """True for a statement (or a node of one) that sits directly in the module body."""
        return not any(isinstance(ancestor, (cst.FunctionDef, cst.ClassDef, cst.Lambda)) for ancestor in self.ancestors)

    def is_public(self, node: Union[cst.FunctionDef, cst.ClassDef]) -> bool:
        """The catalog's *public*: no leading underscore (dunders count as public), not nested in a function."""
        name = node.name.value
        is_dunder = name.startswith("__") and name.endswith("__") and len(name) > 4
        if name.startswith("_") and not is_dunder:
            return False
        return not any(isinstance(ancestor, (cst.FunctionDef, cst.Lambda)) for ancestor in self.ancestors)


class Rule:
    """Base class of every rule. Subclasses set the class attributes and visit libcst nodes.

    The class docstring is the rule's documentation: what it checks, why the guide asks for it, and its fix.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    priority: ClassVar[Priority]
    guideline: ClassVar[Guideline]
    message: ClassVar[str]
    files: ClassVar[Files] = Files.ALL
    # What the rule's findings depend on (see Scope); MODULE unless the rule is known to keep to one statement.
    scope: ClassVar[Scope] = Scope.MODULE
    fix_safety: ClassVar[Optional[FixSafety]] = None
    # A heuristic rule sits one level below its guideline; say why here (shown in the docs).
    priority_note: ClassVar[str] = ""
    VALID: ClassVar[Sequence[Union[str, Valid]]] = ()
    INVALID: ClassVar[Sequence[Invalid]] = ()

    def __init__(self, context: RuleContext) -> None:
        self.context = context
        self.violations: List[Violation] = []

    @property
    def source(self) -> SourceFile:
        return self.context.source

    @property
    def settings(self) -> Settings:
        return self.context.settings

    @classmethod
    def applies_to(cls, source: SourceFile) -> bool:
        if cls.files is Files.TESTS_ONLY:
            return source.is_test_file
        if cls.files is Files.NOT_TESTS:
            return not source.is_test_file
        return True

    @classmethod
    def summary(cls) -> str:
        """The first paragraph of the documentation, on one line."""
        doc = (cls.__doc__ or "").strip().split("\n\n")[0]
        return " ".join(doc.split())

    @classmethod
    def examples(cls) -> List[Example]:
        valid: List[Example] = [Valid(example) if isinstance(example, str) else example for example in cls.VALID]
        return valid + list(cls.INVALID)

    def report(
        self,
        target: Target,
        *,
        fixes: Sequence[Fix] = (),
        message: Optional[str] = None,
        **message_args: Any,
    ) -> None:
        """Record a violation at a node or range; `message_args` fill the class's message template."""
        text_range = target if isinstance(target, TextRange) else self.context.range_of(target)
        self.violations.append(
            Violation(
                code=self.code,
                name=self.name,
                priority=self.priority,
                guideline=self.guideline,
                message=message if message is not None else self.message.format(**message_args),
                range=text_range,
                fixes=tuple(fixes),
            )
        )

    def fix(self, title: str, safety: FixSafety, *edits: Edit) -> Fix:
        return Fix(title=title, safety=safety, edits=tuple(edits))

    def replace(self, node: cst.CSTNode, content: Union[str, cst.CSTNode]) -> Edit:
        """An edit replacing a node's text with new text or a new node's code."""
        text = content if isinstance(content, str) else self.context.code_for(content)
        return Edit(self.context.range_of(node), text)

    def insert_at(self, position: Position, content: str) -> Edit:
        return Edit(TextRange(position, position), content)


