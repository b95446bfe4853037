#!/usr/bin/env python3
"""README.md's "What a run prints" against a real run: the same lines, in the same order, with
the same words and columns; numbers and paths may differ, and a line "..." in the README (or
"..." inside a line) stands for what it leaves out.

    readme_run_output.py README.md COMMAND [ARGS...]

Exit 0 when the shape matches; 1 with the first README line the output does not have."""
import re
import subprocess
import sys

SECTION = "## What a run prints"


def readme_block(path):
    """The indented block that follows the section's heading (its first paragraph of text)."""
    lines = open(path, encoding="utf-8").read().split("\n")
    start = lines.index(SECTION) + 1
    block, begun = [], False
    for line in lines[start:]:
        if line.startswith("    "):
            begun = True
            block.append(line[4:])
        elif begun and line.strip():
            break
        elif begun:
            block.append("")
    while block and not block[-1]:
        block.pop()
    return block


def token_pattern(token):
    if token == "...":
        return ".*"
    if "/" in token:  # a path: the build tree differs
        return r"\S+"
    return re.sub(r"\\\.\\\.\\\.", ".*", re.sub(r"\d+", r"\\d+", re.escape(token)))


def line_pattern(line):
    """Words as they are, numbers and paths as any, runs of spaces as runs of spaces."""
    if not line.strip():
        return re.compile(r"\s*$")
    indent = len(line) - len(line.lstrip(" "))
    tokens = [token_pattern(token) for token in line.split()]
    return re.compile(r" {%d}" % indent + r" +".join(tokens) + r"\s*$")


def matches(patterns, output):
    """Line by line; a README line "..." skips any number of output lines."""
    if not patterns:
        return not output, 0
    first, rest = patterns[0], patterns[1:]
    if first is None:
        for skip in range(len(output) + 1):
            ok, _ = matches(rest, output[skip:])
            if ok:
                return True, 0
        return False, 1
    if output and first.match(output[0]):
        ok, failed_at = matches(rest, output[1:])
        return ok, failed_at + 1 if not ok else 0
    return False, 0


def main():
    readme, command = sys.argv[1], sys.argv[2:]
    block = readme_block(readme)
    run = subprocess.run(command, capture_output=True, text=True)
    output = run.stdout.rstrip("\n").split("\n")
    patterns = [None if line.strip() == "..." else line_pattern(line) for line in block]
    ok, depth = matches(patterns, output)
    if ok and run.returncode == 0:
        print(f"README.md's run output matches a real run ({len(output)} lines)")
        return 0
    print("the real run's output:\n" + run.stdout + run.stderr)
    if run.returncode != 0:
        print(f"the run exited {run.returncode}, the README shows a passing run")
    else:
        print(f"README.md's \"What a run prints\" differs from a real run at its line "
              f"{depth + 1}: {block[min(depth, len(block) - 1)]!r}: update the README")
    return 1


if __name__ == "__main__":
    sys.exit(main())
