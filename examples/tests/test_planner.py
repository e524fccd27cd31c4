import mock
import pytest

from inventory.planner import plan_reorder


def test_plan_reorder():
    plan = plan_reorder("widget", 10, 2.0, 5)
    assert plan.quantity == 2


def test_WHEN_plan_reorder_called_AND_negative_stock_THEN_raises():
    try:
        plan_reorder("widget", -1, 2.0, 5)
    except Exception:
        pass


def test_WHEN_plan_reorder_called_THEN_logs(mocker):
    logger = mocker.patch("inventory.planner.logging")
    plan_reorder("widget", 10, 2.0, 5)
    logger.info.assert_called_once_with("planning %s", "widget")


def test_WHEN_plan_reorder_called_AND_big_demand_THEN_runs():
    plan_reorder("widget", 10, 2000.0, 5)
