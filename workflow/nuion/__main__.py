"""``python -m nuion``: the command line of :mod:`nuion.cli`."""

from nuion.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
