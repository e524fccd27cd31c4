"""The style guide's vocabulary: priorities, sections and guidelines, as the rules and front ends name them."""

import enum
import re
from dataclasses import dataclass

# Where the guide is published; rule documentation links a guideline as GUIDE_URL + "#" + anchor.
GUIDE_FILE_NAME = "style-guide.md"


class Priority(enum.IntEnum):
    """A guideline's priority in the guide; a higher value is more important."""

    OBSERVED = 1
    PREFERRED = 2
    CRITICAL = 3

    @classmethod
    def parse(cls, text: str) -> "Priority":
        """Read a priority name case-insensitively; raises KeyError naming the bad value."""
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise KeyError(text) from None


class Section(enum.Enum):
    """The guide's numbered sections; `key` is the short name users write in `select`/`ignore`."""

    ORGANIZATION = (1, "organization", "Code Organization & Architecture")
    TYPES = (2, "types", "Type System & Annotations")
    DOCUMENTATION = (3, "documentation", "Documentation Philosophy")
    ERRORS = (4, "errors", "Error Handling & Robustness")
    TESTING = (5, "testing", "Testing Approach")
    IDIOMS = (6, "idioms", "Code Style & Idioms")
    DEPENDENCIES = (7, "dependencies", "Dependencies & Tooling")
    DESIGN = (8, "design", "Design Patterns & Principles")
    DATA = (9, "data", "Data Handling")
    CONCURRENCY = (10, "concurrency", "Async & Concurrency")
    API = (11, "api", "API Design")
    META = (12, "meta", "Meta Patterns")

    def __init__(self, number: int, key: str, title: str) -> None:
        self.number = number
        self.key = key
        self.title = title

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}"

    @classmethod
    def by_key(cls, key: str) -> "Section":
        for section in cls:
            if section.key == key.strip().lower():
                return section
        raise KeyError(key)


def heading_anchor(heading: str) -> str:
    """GitHub's anchor for a Markdown heading, so docs can link straight to a guideline."""
    slug = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return slug.replace(" ", "-")


# DEVIATION(CS902): frozen enum payload
# Reason: enum member values must be hashable and must never change.
@dataclass(frozen=True)
class GuidelineInfo:
    title: str
    section: Section
    priority: Priority


class Guideline(enum.Enum):
    """Every guideline of the guide with its section and its priority, in the guide's order."""

    MODULE_ORGANIZATION = GuidelineInfo("Module Organization", Section.ORGANIZATION, Priority.OBSERVED)
    SEPARATION_OF_CONCERNS = GuidelineInfo("Separation of Concerns", Section.ORGANIZATION, Priority.PREFERRED)
    PACKAGE_NAMING = GuidelineInfo("Package Naming", Section.ORGANIZATION, Priority.CRITICAL)

    TYPE_HINTS_USAGE = GuidelineInfo("Type Hints Usage", Section.TYPES, Priority.CRITICAL)
    CUSTOM_TYPES = GuidelineInfo("Custom Types & Type Aliases", Section.TYPES, Priority.PREFERRED)
    TYPING_MODULE_CONSTRUCTS = GuidelineInfo("Typing Module Constructs", Section.TYPES, Priority.PREFERRED)
    RUNTIME_TYPE_CHECKING = GuidelineInfo("Runtime Type Checking", Section.TYPES, Priority.PREFERRED)
    PYDANTIC_FOR_SCHEMAS = GuidelineInfo("Pydantic for Schema Validation", Section.TYPES, Priority.OBSERVED)

    WHEN_TO_ADD_DOCSTRINGS = GuidelineInfo("When to Add Docstrings", Section.DOCUMENTATION, Priority.CRITICAL)
    DOCSTRING_STYLE = GuidelineInfo("Docstring Style", Section.DOCUMENTATION, Priority.PREFERRED)
    COMMENT_STYLE = GuidelineInfo("Comment Style", Section.DOCUMENTATION, Priority.CRITICAL)
    HARDCODED_VALUES = GuidelineInfo("Hardcoded Values Documentation", Section.DOCUMENTATION, Priority.CRITICAL)
    PROMPT_ENGINEERING = GuidelineInfo("Prompt Engineering for LLMs", Section.DOCUMENTATION, Priority.OBSERVED)
    STRING_TEMPLATES = GuidelineInfo("String Templates with .format()", Section.DOCUMENTATION, Priority.PREFERRED)
    PROVENANCE_COMMENTS = GuidelineInfo("Inline Comments for Provenance", Section.DOCUMENTATION, Priority.PREFERRED)

    CUSTOM_EXCEPTION_HIERARCHY = GuidelineInfo("Custom Exception Hierarchy", Section.ERRORS, Priority.PREFERRED)
    EXCEPTION_NAMING = GuidelineInfo("Exception Naming", Section.ERRORS, Priority.CRITICAL)
    LOGGING_APPROACH = GuidelineInfo("Logging Approach", Section.ERRORS, Priority.CRITICAL)
    LOGGING_FORMATTER = GuidelineInfo(
        "Custom Logging Formatter with UTC Timestamps", Section.ERRORS, Priority.OBSERVED
    )
    LOG_LEVELS = GuidelineInfo("Log Levels", Section.ERRORS, Priority.PREFERRED)

    TEST_FRAMEWORK = GuidelineInfo("Test Framework Preferences", Section.TESTING, Priority.PREFERRED)
    TEST_NAMING = GuidelineInfo("Test Naming Convention", Section.TESTING, Priority.CRITICAL)
    MOCKING_STRATEGY = GuidelineInfo("Mocking Strategy", Section.TESTING, Priority.CRITICAL)
    TEST_ORGANIZATION = GuidelineInfo("Test Organization", Section.TESTING, Priority.PREFERRED)
    ASSERTION_STYLE = GuidelineInfo("Assertion Style", Section.TESTING, Priority.CRITICAL)
    TEST_DATA_ORGANIZATION = GuidelineInfo("Test Data Organization", Section.TESTING, Priority.PREFERRED)
    TEST_COVERAGE = GuidelineInfo("Comprehensive Test Coverage", Section.TESTING, Priority.CRITICAL)
    TEST_SCENARIOS = GuidelineInfo("Test Scenario Organization", Section.TESTING, Priority.PREFERRED)
    MOCK_VERIFICATION = GuidelineInfo("Mock Verification Patterns", Section.TESTING, Priority.CRITICAL)
    EXCEPTION_TESTING = GuidelineInfo("Exception Testing", Section.TESTING, Priority.CRITICAL)
    MODULE_LEVEL_TEST_CONSTANTS = GuidelineInfo("Module-Level Test Constants", Section.TESTING, Priority.PREFERRED)
    CUSTOM_MOCK_CLASSES = GuidelineInfo(
        "Custom Mock Classes for Complex Test Scenarios", Section.TESTING, Priority.PREFERRED
    )
    TEST_EXCEPTION_CLASSES = GuidelineInfo(
        "Test Exception Classes for Flow Control", Section.TESTING, Priority.PREFERRED
    )
    PYTEST_FIXTURES = GuidelineInfo("pytest Fixtures for Test Data", Section.TESTING, Priority.PREFERRED)
    PYTEST_TMPDIR = GuidelineInfo("pytest tmpdir Fixture for Filesystem Testing", Section.TESTING, Priority.PREFERRED)

    NAMING_VARIABLES_FUNCTIONS = GuidelineInfo("Variables & Functions", Section.IDIOMS, Priority.CRITICAL)
    NAMING_CLASSES = GuidelineInfo("Classes", Section.IDIOMS, Priority.CRITICAL)
    NAMING_CONSTANTS = GuidelineInfo("Constants", Section.IDIOMS, Priority.CRITICAL)
    NAMING_PRIVATE = GuidelineInfo("Private/Internal", Section.IDIOMS, Priority.CRITICAL)
    LINE_LENGTH = GuidelineInfo("Line Length", Section.IDIOMS, Priority.PREFERRED)
    IMPORT_ORGANIZATION = GuidelineInfo("Import Organization", Section.IDIOMS, Priority.CRITICAL)
    COMPREHENSIONS = GuidelineInfo("Comprehensions vs Loops", Section.IDIOMS, Priority.PREFERRED)
    F_STRINGS = GuidelineInfo("F-Strings", Section.IDIOMS, Priority.PREFERRED)
    BOOLEAN_EXPRESSIONS = GuidelineInfo("Boolean Expressions for Control Flow", Section.IDIOMS, Priority.PREFERRED)
    CONDITIONAL_ASSIGNMENT = GuidelineInfo("Conditional Assignment Patterns", Section.IDIOMS, Priority.PREFERRED)

    STDLIB_VS_THIRD_PARTY = GuidelineInfo("Standard Library vs Third-Party", Section.DEPENDENCIES, Priority.PREFERRED)
    AWS_SDK_USAGE = GuidelineInfo("AWS SDK (boto3) Usage", Section.DEPENDENCIES, Priority.OBSERVED)
    CLI_FRAMEWORK = GuidelineInfo("CLI Framework", Section.DEPENDENCIES, Priority.OBSERVED)

    DATACLASS_USAGE = GuidelineInfo("Dataclass Usage", Section.DESIGN, Priority.PREFERRED)
    SERIALIZATION_PATTERNS = GuidelineInfo("Serialization Patterns", Section.DESIGN, Priority.PREFERRED)
    ABSTRACT_BASE_CLASSES = GuidelineInfo("Abstract Base Classes", Section.DESIGN, Priority.PREFERRED)
    CLIENT_PROVIDER_PATTERN = GuidelineInfo("Client/Provider Pattern", Section.DESIGN, Priority.OBSERVED)
    COMPOSITION_OVER_INHERITANCE = GuidelineInfo("Composition Over Inheritance", Section.DESIGN, Priority.PREFERRED)
    STRATEGY_PATTERN = GuidelineInfo("Strategy Pattern with Version Selection", Section.DESIGN, Priority.PREFERRED)

    DATA_STRUCTURE_CHOICES = GuidelineInfo("Data Structure Choices", Section.DATA, Priority.PREFERRED)
    SERIALIZATION = GuidelineInfo("Serialization", Section.DATA, Priority.PREFERRED)
    DATACLASSES_VS_NAMEDTUPLES = GuidelineInfo(
        "Dataclasses vs NamedTuples vs Pydantic", Section.DATA, Priority.PREFERRED
    )
    NESTED_DESERIALIZATION = GuidelineInfo("Nested Dataclass Deserialization", Section.DATA, Priority.PREFERRED)
    PRINTABLE_WRAPPERS = GuidelineInfo("Printable Wrappers with Attribute Filtering", Section.DATA, Priority.OBSERVED)
    RECURSIVE_DATA_STRUCTURES = GuidelineInfo("Recursive Data Structures", Section.DATA, Priority.PREFERRED)
    IMMUTABILITY = GuidelineInfo("Immutability", Section.DATA, Priority.PREFERRED)

    ASYNC_AWAIT_USAGE = GuidelineInfo("Async/Await Usage", Section.CONCURRENCY, Priority.PREFERRED)
    ASYNC_WRAPPER = GuidelineInfo("Async Wrapper Pattern", Section.CONCURRENCY, Priority.PREFERRED)

    PUBLIC_PRIVATE_BOUNDARIES = GuidelineInfo("Public vs Private Boundaries", Section.API, Priority.CRITICAL)
    PARAMETER_PATTERNS = GuidelineInfo("Parameter Patterns", Section.API, Priority.PREFERRED)
    RETURN_VALUE_CONVENTIONS = GuidelineInfo("Return Value Conventions", Section.API, Priority.CRITICAL)
    EXPLICIT_OVER_IMPLICIT = GuidelineInfo("Explicit Over Implicit", Section.API, Priority.CRITICAL)
    CALLBACK_PARAMETERS = GuidelineInfo("Callback/Provider Function Parameters", Section.API, Priority.PREFERRED)
    FACTORY_CLOSURES = GuidelineInfo("Factory Functions that Return Functions", Section.API, Priority.PREFERRED)
    UNDERSCORE_HELPERS = GuidelineInfo("Helper Functions with Underscores", Section.API, Priority.PREFERRED)

    MODULE_LEVEL_CONSTANTS = GuidelineInfo("Module-Level Constants", Section.META, Priority.CRITICAL)
    FACTORY_FUNCTIONS = GuidelineInfo("Factory Functions", Section.META, Priority.PREFERRED)
    CONTEXT_MANAGEMENT = GuidelineInfo("Context Management", Section.META, Priority.PREFERRED)
    EQUALITY_METHODS = GuidelineInfo("Equality Methods", Section.META, Priority.PREFERRED)
    PEXPECT_AUTOMATION = GuidelineInfo("Interactive Shell Automation with pexpect", Section.META, Priority.OBSERVED)
    SIMPLE_CLIENT_WRAPPERS = GuidelineInfo("Simple Client Wrappers", Section.META, Priority.PREFERRED)
    STRING_REPRESENTATIONS = GuidelineInfo("String Representations", Section.META, Priority.PREFERRED)

    DEVIATION_PROTOCOL = GuidelineInfo("When to Deviate From This Guide", Section.META, Priority.CRITICAL)

    @property
    def title(self) -> str:
        return self.value.title

    @property
    def section(self) -> Section:
        return self.value.section

    @property
    def priority(self) -> Priority:
        return self.value.priority

    @property
    def anchor(self) -> str:
        return heading_anchor(self.value.title)
