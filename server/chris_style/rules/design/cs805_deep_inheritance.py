"""CS805 deep-inheritance: a class ends a chain of three or more base classes of its own module."""

import logging
from typing import Dict, List, Set

import libcst as cst

from chris_style.guide import Guideline, Priority
from chris_style.linting.rule import Invalid, Rule
from chris_style.linting.syntax import BUILTIN_EXCEPTIONS, dotted_name
from chris_style.rules.design._shared import EXCEPTION_NAME_SUFFIXES

logger = logging.getLogger(__name__)

# CS805: the catalog's depth (bases of the same module, the class itself not counted).
DEEP_INHERITANCE_DEPTH = 3


class DeepInheritance(Rule):
    """A class sits at the end of a chain of three or more base classes defined in the same module.

    The guide prefers composition over inheritance (Composition Over Inheritance: dataclasses composed of other
    dataclasses rather than deep inheritance): behaviour spread over many levels is hard to follow and to
    change. Depth counts bases of this module only, the class itself not included: `class D(C)` with
    `C(B)`, `B(A)` is three deep. Bases imported from elsewhere (frameworks) do not count; exception hierarchies
    are exempt (the guide builds those on purpose).
    """

    code = "CS805"
    name = "deep-inheritance"
    priority = Priority.PREFERRED
    guideline = Guideline.COMPOSITION_OVER_INHERITANCE
    message = "`{class_name}` inherits through {depth} levels of this module's classes ({chain}): prefer composition"
    VALID = [
        "class A:\n    pass\n\n\nclass B(A):\n    pass\n\n\nclass C(B):\n    pass\n",
        "class PlanError(Exception):\n    pass\n\n\nclass CapacityError(PlanError):\n    pass\n\n\n"
        "class DiskError(CapacityError):\n    pass\n\n\nclass VolumeError(DiskError):\n    pass\n",
        "class Base(ValueError):\n    pass\n\n\nclass One(Base):\n    pass\n\n\nclass Two(One):\n    pass\n\n\n"
        "class Three(Two):\n    pass\n",
        "from vendor import A\n\n\nclass B(A):\n    pass\n\n\nclass C(B):\n    pass\n",
        "@dataclass\nclass ClusterPlan:\n    captureNodes: CaptureNodesPlan\n    captureVpc: VpcPlan\n",
    ]
    INVALID = [
        Invalid("class A:\n    pass\n\n\nclass B(A):\n    pass\n\n\nclass C(B):\n    pass\n\n\nclass D(C):\n    pass\n"),
        Invalid(
            "class A:\n    pass\n\n\nclass B(A):\n    pass\n\n\nclass C(B):\n    pass\n\n\nclass D(C):\n    pass\n\n\n"
            "class E(D, A):\n    pass\n",
            count=2,
        ),
    ]

    def visit_Module(self, node: cst.Module) -> None:
        self._chains: Dict[int, List[cst.ClassDef]] = {}

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        if not node.bases:
            return
        chain = self._chain(node, set())
        if len(chain) < DEEP_INHERITANCE_DEPTH or self._is_exception(node):
            return
        shown = " → ".join(current.name.value for current in [node, *chain])
        self.report(node.name, class_name=node.name.value, depth=len(chain), chain=shown)

    def _chain(self, node: cst.ClassDef, visiting: Set[int]) -> List[cst.ClassDef]:
        """The longest chain of this module's base classes above `node`, nearest first."""
        if id(node) in self._chains:
            return self._chains[id(node)]
        visiting = visiting | {id(node)}
        longest: List[cst.ClassDef] = []
        for base in self.context.facts.classes.bases(node)[0]:
            if id(base) in visiting:
                continue
            candidate = [base, *self._chain(base, visiting)]
            if len(candidate) > len(longest):
                longest = candidate
        self._chains[id(node)] = longest
        return longest

    def _is_exception(self, node: cst.ClassDef) -> bool:
        for current in [node, *self.context.facts.classes.ancestors(node)]:
            if current.name.value.endswith(EXCEPTION_NAME_SUFFIXES):
                return True
            for argument in current.bases:
                name = dotted_name(argument.value) or ""
                last = name.split(".")[-1]
                if last in BUILTIN_EXCEPTIONS or last.endswith(EXCEPTION_NAME_SUFFIXES):
                    return True
        return False
