"""One place for kbgen's terminal output: messages go to stderr and never wrap mid-path."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

# How long-running work reports itself: (stage, done so far, total or None when unknown).
StageProgress = Callable[[str, float, float | None], None]


def error_console() -> Console:
    # soft_wrap: a long "path:line: message" stays on one line, so editors and CI logs can
    # still match it. No emoji codes: "_glossary.yml:100:" must not print as a 💯.
    return Console(stderr=True, soft_wrap=True, emoji=False)


class StageBars:
    """Rich progress bars, one per stage, created when the stage starts."""

    def __init__(self, progress: Progress, labels: Mapping[str, str]):
        self.progress = progress
        self.labels = labels
        self.tasks: dict[str, TaskID] = {}

    def __call__(self, stage: str, done: float, total: float | None) -> None:
        if stage not in self.tasks:
            base, _, language = stage.partition(":")  # "pages:de": a translation's pages
            label = self.labels.get(base, base) + (f" ({language})" if language else "")
            self.tasks[stage] = self.progress.add_task(label, total=total)
        self.progress.update(self.tasks[stage], completed=done, total=total)


@contextmanager
def stage_bars(
    console: Console, labels: Mapping[str, str], *, counts: bool = False, transient: bool = False
) -> Iterator[StageBars | None]:
    """Bars while the block runs; with `counts`, "12/40" beside each bar; `transient` bars
    are cleared at the end (for commands whose summary line says it all), and not drawn at
    all where nobody watches (CI logs): then the block gets None."""
    if transient and not console.is_terminal:
        yield None
        return
    columns = [TextColumn("{task.description}"), BarColumn()]
    if counts:
        columns.append(MofNCompleteColumn())
    columns.append(TimeElapsedColumn())
    with Progress(*columns, console=console, transient=transient) as progress:
        yield StageBars(progress, labels)
