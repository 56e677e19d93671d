"""Print the structure of extractor/: modules over a line count and the longest functions.

    python scripts/structure.py [--root extractor] [--over 400] [--top 10]

Written for issue 29's closing note (structure before and after); run it on any commit to see
where the long modules and functions are.
"""

from __future__ import annotations

import argparse
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _functions(path: Path, package: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    module = ".".join(path.relative_to(package.parent).with_suffix("").parts)
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = (child.end_lineno or child.lineno) - child.lineno + 1
                found.append((length, f"{module}.{prefix}{child.name}"))
                visit(child, f"{prefix}{child.name}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")

    visit(tree, "")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=ROOT / "extractor")
    parser.add_argument("--over", type=int, default=400, help="list modules longer than this")
    parser.add_argument("--top", type=int, default=10, help="how many of the longest functions")
    args = parser.parse_args(argv)
    files = sorted(args.root.rglob("*.py"))
    lines = {path: len(path.read_text(encoding="utf-8").splitlines()) for path in files}
    print(f"modules over {args.over} lines:")
    for path, count in sorted(lines.items(), key=lambda item: -item[1]):
        if count > args.over:
            print(f"  {count:5d}  {path.relative_to(args.root.parent)}")
    functions = [f for path in files for f in _functions(path, args.root)]
    print(f"{args.top} longest functions (lines):")
    for length, name in sorted(functions, key=lambda f: (-f[0], f[1]))[: args.top]:
        print(f"  {length:5d}  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
