"""Datasets and files: the only subpackage that knows xarray metadata and NetCDF.

:mod:`~nuion.io.schema` declares every variable (CF ``units``, ``long_name``) and what each kind of
dataset holds, once; :mod:`~nuion.io.netcdf` writes and reads NetCDF4 deterministically and checks
both ways; :mod:`~nuion.io.datasets` builds each kind of dataset for every target;
:mod:`~nuion.io.reports` writes the markdown reports. Their public names are re-exported here.
"""

from nuion.io.datasets import *  # noqa: F403
from nuion.io.datasets import __all__ as _datasets
from nuion.io.netcdf import *  # noqa: F403
from nuion.io.netcdf import __all__ as _netcdf
from nuion.io.reports import *  # noqa: F403
from nuion.io.reports import __all__ as _reports
from nuion.io.schema import *  # noqa: F403
from nuion.io.schema import __all__ as _schema

__all__ = [*_schema, *_netcdf, *_datasets, *_reports]
