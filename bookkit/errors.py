"""Errors the build reports to a maintainer; kept free of heavy imports so any tool can raise or catch them."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One broken rule, located as precisely as the input allows."""

    path: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.path + (f":{self.row}" if self.row else "")
        column = f" column '{self.column}':" if self.column else ""
        return f"{where}:{column} {self.message}"


class DataError(Exception):
    """Raised when the data package breaks a rule; str() lists every problem, one a line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class BuildError(Exception):
    """A build step failed; the message says which file or step and why."""
