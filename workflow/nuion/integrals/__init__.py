"""Q integrals, DCS and sum-rule checks on stored (T, Q) grids, for every target (one shell or many).

:mod:`~nuion.integrals.grids` (T and Q grids of each kind of target, one shell's S and R on them),
:mod:`~nuion.integrals.qintegrals` (cumulative tables and Q integrals), :mod:`~nuion.integrals.checks`
(sum rules and limits), :mod:`~nuion.integrals.dcs` (DCS per shell and summed, ratios, the rates'
ratio tables). Their public names are re-exported here.
"""

from nuion.integrals.checks import *  # noqa: F403
from nuion.integrals.checks import __all__ as _checks
from nuion.integrals.dcs import *  # noqa: F403
from nuion.integrals.dcs import __all__ as _dcs
from nuion.integrals.grids import *  # noqa: F403
from nuion.integrals.grids import __all__ as _grids
from nuion.integrals.qintegrals import *  # noqa: F403
from nuion.integrals.qintegrals import __all__ as _qintegrals

__all__ = [*_grids, *_qintegrals, *_checks, *_dcs]
