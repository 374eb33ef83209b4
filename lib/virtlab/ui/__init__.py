"""Dashboards and self-checks: the interactive parts of the notebooks.

Each joins the model, the data or a live lab with a figure from
``virtlab.figures``. Every dashboard is tested headless by setting its controls'
values; every self-check by checking a right and a wrong answer.
"""

from virtlab.ui._dashboard import Dashboard
from virtlab.ui._selfcheck import Feedback, Question, SelfCheck
from virtlab.ui._setup import setup
from virtlab.ui.start import (
    course_plan_dashboard,
    kernel_question,
    module_question,
    total_time_question,
)

__all__ = [
    "Dashboard",
    "Feedback",
    "Question",
    "SelfCheck",
    "course_plan_dashboard",
    "kernel_question",
    "module_question",
    "setup",
    "total_time_question",
]
