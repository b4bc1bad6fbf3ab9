"""The installed package version (one place, so that nuion.io need not import the package root)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("nuion")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"
