#!/usr/bin/env python3
"""The largest files, the longest functions and the widest folders under
src/, past the sizes the house keeps to: about 800 lines a file, 80 a
function (from its opening brace to its closing one, as clang-format
lays a function out), a dozen files directly in a folder.

    tools/sizes.py [SRC]      (FILE_MAX, FUNC_MAX, FOLDER_MAX from the environment)
"""
import os
import re
import sys

FILE_MAX = int(os.environ.get("FILE_MAX", 800))
FUNC_MAX = int(os.environ.get("FUNC_MAX", 80))
FOLDER_MAX = int(os.environ.get("FOLDER_MAX", 12))


def functions(path, lines):
    """(lines, "path:name") of each function: a '{' alone at the margin to
    the next '}' alone at the margin, named by the signature above it."""
    start = None
    for i, line in enumerate(lines):
        if line == "{":
            start = i
        elif line == "}" and start is not None:
            j = start
            while j > 0 and lines[j - 1].strip() and not lines[j - 1].startswith(("}", " *", "/*", "#")):
                j -= 1
            names = re.findall(r"(\w+)\s*\(", " ".join(lines[j:start]))
            yield i - start + 1, f"{path}:{names[0] if names else '?'}"
            start = None


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "src"
    files, funcs, folders = [], [], []
    for d, _, names in os.walk(root):
        folders.append((sum(1 for n in names), d))
        for n in names:
            if not n.endswith((".c", ".h")):
                continue
            p = os.path.join(d, n)
            with open(p, encoding="utf-8") as f:
                lines = f.read().split("\n")
            files.append((len(lines) - 1, p))
            if n.endswith(".c"):
                funcs.extend(functions(p, lines))
    for title, rows, most in (("files", files, FILE_MAX), ("functions", funcs, FUNC_MAX),
                              ("folders", folders, FOLDER_MAX)):
        print(f"## {title} over {most} (the largest is {max(rows)[0]})")
        for k, v in sorted(rows, reverse=True):
            if k > most:
                print(f"{k:6} {v}")


if __name__ == "__main__":
    main()
