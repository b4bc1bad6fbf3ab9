"""Cross sections per interaction channel from the responses S and R of any target.

:mod:`nuion.cross_sections.magnetic`: the magnetic-moment channel of Kouzakov & Studenikin (2011),
eqs. (1), (5), (6), (9), (10), (19); :mod:`nuion.cross_sections.approximations`: the approximations
it is compared with (free electrons, stepping, real photon, Voloshin); :mod:`nuion.cross_sections.channels`:
every channel (magnetic, weak, millicharge, charge radius) as Q weights over S and R. Names of the magnetic
channel are re-exported here (``nuion.cross_sections.dcs_fe``).
"""

from nuion.cross_sections.magnetic import (
    N_NODES,
    QWeight,
    check_T_E,
    dcs_components,
    dcs_fe,
    prefactor,
    q_integral,
    q_weights,
)

__all__ = ["N_NODES", "QWeight", "check_T_E", "dcs_components", "dcs_fe", "prefactor", "q_integral", "q_weights"]
