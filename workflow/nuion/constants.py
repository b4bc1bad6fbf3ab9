"""Physical constants from :mod:`scipy.constants`, in the units of nuion.

Energies are in keV, squared momentum transfers Q = |q|^2 in keV^2 (hbar = c = 1),
cross sections in cm^2. docs/physics.md, sec. 'Units and conventions', quotes
CODATA 2018 (alpha = 1/137.035999084, m_e = 510.99895 keV); SciPy >= 1.15 serves
CODATA 2022, which differs by 7e-10 relative in alpha and 3e-10 in m_e, far below
every tolerance of the package.
The edition in use is recorded in :data:`CODATA` and in every dataset's attributes.
"""

from scipy import constants as _c

#: Edition of the CODATA recommended values served by the installed SciPy.
CODATA = "CODATA 2022" if abs(1 / _c.fine_structure - 137.035999177) < 5e-9 else "CODATA 2018"

#: Fine-structure constant alpha (dimensionless), CODATA 2018: 1/137.035999084.
ALPHA = _c.fine_structure

#: Electron rest energy m_e c^2 in keV, CODATA 2018: 510.99895 keV.
M_E = _c.physical_constants["electron mass energy equivalent in MeV"][0] * 1e3

#: Classical electron radius r_e = alpha hbar / (m_e c) in cm.
R_E_CM = _c.physical_constants["classical electron radius"][0] * 1e2

#: pi alpha^2 / m_e^2 converted to cm^2 (= pi r_e^2): the prefactor of eq. (1) of [1]
#: for mu_nu = 1 Bohr magneton; multiply by mu_nu^2 (mu_nu in Bohr magnetons).
#:
#: .. [1] K. A. Kouzakov, A. I. Studenikin, Phys. Lett. B 696 (2011) 252.
PI_ALPHA2_OVER_ME2_CM2 = _c.pi * R_E_CM**2

#: hbar c in keV cm, to turn keV^-2 into cm^2 (= r_e m_e / alpha).
HBAR_C_CM_KEV = R_E_CM * M_E / ALPHA

#: Default neutrino magnetic moment in Bohr magnetons (the order of the GEMMA limit).
MU_NU_DEFAULT = 1e-11
