"""`kbgen check`: a CI gate for correct, findable, newcomer-friendly help articles.

from kbgen.check import run_checks
report = run_checks(Path("mkdocs.yml"))
report.failed(strict=True)
"""

from kbgen.check.runner import CheckReport, check_kb, run_checks

__all__ = ["CheckReport", "check_kb", "run_checks"]
