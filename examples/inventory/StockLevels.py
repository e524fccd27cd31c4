"""Stock levels per warehouse."""
from typing import Dict


def get_stock_levels(warehouse: str) -> Dict[str, int]:
    return {}
