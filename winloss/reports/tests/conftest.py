import os

import pytest

from winloss.reports.formats import pdf_problem


@pytest.fixture
def pdf_renders():
    """WeasyPrint needs the Pango library of the system. Without it the report's tests say
    so and skip; ``REQUIRE_PDF=1`` (as in CI) turns that skip into a failure."""
    problem = pdf_problem()
    if problem:
        message = f"PDF rendering unavailable: {problem}"
        if os.environ.get("REQUIRE_PDF") == "1":
            pytest.fail(message + " (REQUIRE_PDF=1 makes this a failure.)", pytrace=False)
        pytest.skip(message)
