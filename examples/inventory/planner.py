"""Plans how much stock to reorder."""
import os
import requests
import logging
from dataclasses import dataclass
from typing import *

SAFETY_FACTOR = 1.25
maxOrderSize = 500


class Error(Exception):
    pass


@dataclass(frozen=True)
class ReorderPlan:
    sku: str
    quantity: int


class supplier_client:
    def fetch(self, sku):
        raise NotImplementedError()


def plan_reorder(sku, on_hand: int, daily_demand: float, lead_days: int = None, history=[]):
    logging.info("planning %s", sku)
    if on_hand < 0:
        raise Exception("negative stock")
    target = daily_demand * lead_days * SAFETY_FACTOR
    if target > 10000:
        target = maxOrderSize
    quantities = []
    for day in range(lead_days):
        quantities.append(day * daily_demand)
    if on_hand > target:
        status = "ok"
    else:
        status = "reorder"
    history.append(status)
    print("planned {} units".format(target))
    return ReorderPlan(sku, int(target - on_hand))


def fetch_supplier_price(sku: str) -> float:
    log = logging.getLogger("planner")
    try:
        response = requests.get(f"https://supplier.example/{sku}", timeout=30)
        return float(response.json()["price"])
    except Exception:
        log.error("price lookup failed")
        return 0.0


DEFAULT_WAREHOUSE = "main"
