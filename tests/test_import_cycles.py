"""No import circles among kbgen's modules.

Every import counts: at the top of a module, inside a function (a lazy import only delays
the circle) and under `if TYPE_CHECKING:` (the types still tie the two modules together).
A circle means two modules can't be understood, tested or moved apart: break it by moving
what both need below both (as kbgen/mine/run_model.py holds the run's options and result
that the pipeline fills and the report reads).

Importing a package's submodule also runs the package's __init__.py; those edges are left
out, so a package may re-export its submodules.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import kbgen

PACKAGE = Path(kbgen.__file__).resolve().parent


def modules(root: Path, package: str) -> dict[str, tuple[Path, bool]]:
    """Dotted module name -> (file, whether it is a package's __init__.py)."""
    out = {}
    for path in sorted(root.rglob("*.py")):
        parts = [package, *path.relative_to(root).with_suffix("").parts]
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        out[".".join(parts)] = (path, is_package)
    return out


def import_graph(root: Path, package: str) -> dict[str, set[str]]:
    """Module -> the package's modules it imports, anywhere in its code."""
    known = modules(root, package)

    def owner(name: str) -> str | None:
        while name and name not in known:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {name: set() for name in known}
    for name, (path, is_package) in known.items():
        here = name if is_package else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = here.rsplit(".", node.level - 1)[0] if node.level > 1 else here
                    base = f"{anchor}.{base}" if base else anchor
                # "from kbgen.mine import report" imports the module kbgen.mine.report.
                targets = [
                    f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names
                ]
            for target in targets:
                found = owner(target)
                if found is not None and found != name:
                    graph[name].add(found)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def describe(group: list[str], graph: dict[str, set[str]]) -> str:
    members = set(group)
    return "; ".join(f"{m} imports {', '.join(sorted(graph[m] & members))}" for m in group)


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return import_graph(PACKAGE, "kbgen")


def test_kbgen_has_no_import_cycles(graph: dict[str, set[str]]) -> None:
    assert len(graph) > 50 and graph["kbgen.mine.pipeline"], "the walk found kbgen's modules"
    found = cycles(graph)
    assert not found, "import circles:\n" + "\n".join(describe(g, graph) for g in found)


def test_mine_report_does_not_import_the_pipeline(graph: dict[str, set[str]]) -> None:
    """The circle this test was written for: the report read the options, the result and the
    articles from the pipeline that calls it."""
    assert "kbgen.mine.report" in graph["kbgen.mine.pipeline"]
    assert "kbgen.mine.pipeline" not in graph["kbgen.mine.report"]


def test_the_walk_finds_lazy_relative_and_typing_only_circles(tmp_path: Path) -> None:
    """A made-up package with three circles the check must see, and imports that are none."""
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    files = {
        "__init__.py": "from pkg import a\n",  # a package __init__ re-exporting: no circle
        "a.py": "from pkg.b import thing\n",
        "b.py": "def f():\n    from pkg import a\n",  # lazy: still a circle a <-> b
        "c.py": "import typing\nif typing.TYPE_CHECKING:\n    from pkg.sub.d import D\n",
        "sub/__init__.py": "",
        "sub/d.py": "from ..c import x\n",  # relative: c <-> sub.d
        "e.py": "import pkg.f\n",
        "f.py": "import pkg.e as e\nimport os\n",  # e <-> f, and a module from elsewhere
        "g.py": "from pkg import sub\n",  # imports a package, nobody imports g
    }
    for name, text in files.items():
        (pkg / name).write_text(text, encoding="utf-8")
    graph = import_graph(pkg, "pkg")
    assert cycles(graph) == [["pkg.a", "pkg.b"], ["pkg.c", "pkg.sub.d"], ["pkg.e", "pkg.f"]]
    assert graph["pkg.g"] == {"pkg.sub"}
