"""Re-derive every table that comes from a raw upstream file: the one list of derive steps (`make derive`).

    python -m scripts.derive                 # every step, in this order
    python -m scripts.derive sipri --fetch   # one step, first downloading a new raw snapshot

Each step is a module scripts/derive_<name>.py with `main(argv)`; adding a source = one module + one entry here.
"""
from __future__ import annotations

import importlib
import sys

STEPS = ["nato", "sipri", "kiel", "eurostat"]


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    names = [a for a in argv if not a.startswith("-")] or STEPS
    unknown = sorted(set(names) - set(STEPS))
    if unknown:
        print(f"unknown derive step(s) {', '.join(unknown)}; the steps are {', '.join(STEPS)}", file=sys.stderr)
        return 2
    flags = [a for a in argv if a.startswith("-")]
    for name in names:
        print(f"== {name}")
        if importlib.import_module(f"scripts.derive_{name}").main(flags):
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
