"""What two or more section 8 rules share: the names of functions that make dicts (CS801, CS802), the name
endings of exception classes (CS804, CS805), and a function's decorator names (CS801, CS802, CS804)."""

import logging
from typing import List

import libcst as cst

from chris_style.linting.syntax import dotted_name

logger = logging.getLogger(__name__)

# CS801, CS802: functions whose job is to produce a dict (the catalog's list, plus the stdlib's and the
# frameworks' spellings of the same job: pickling state, `_asdict`, model dumps, JSON hooks).
DICT_PRODUCER_NAMES = frozenset(
    {"to_dict", "to_json", "as_dict", "asdict", "__json__", "dict", "json", "to_json_dict", "__getstate__",
     "model_dump", "dump", "dumps", "to_primitive", "to_jsonable"}
)
# CS804, CS805: the name endings of exception (and warning) classes.
EXCEPTION_NAME_SUFFIXES = ("Error", "Exception", "Warning", "Exit", "Interrupt")


def _decorator_names(function: cst.FunctionDef) -> List[str]:
    names = []
    for decorator in function.decorators:
        expression = decorator.decorator
        if isinstance(expression, cst.Call):
            expression = expression.func
        names.append(dotted_name(expression) or "")
    return names
