"""Datasets declared once: the CF metadata of every variable nuion writes, and what each kind of dataset must hold.

:data:`VARIABLES` gives ``units`` (UDUNITS spelling) and ``long_name`` of every variable and
coordinate; :data:`CLI_ONLY` the same for the other keys of the command line's answers
(``nuion ... --json``), which takes every units string from here (:func:`declared`): one name
and one unit per quantity in the datasets, the command line and docs/; :data:`DATASETS` the
variables each kind of dataset must carry. The writer
(:func:`nuion.io.netcdf.write_netcdf`) refuses a variable that is not declared here or a
dataset that misses a required variable or attribute (:data:`ATTRIBUTES`); the reader (:func:`nuion.io.netcdf.read_dataset`) checks
the same on every file it opens (docs/workflow.md, sec. 'Datasets').
"""

__all__ = ["VARIABLES", "CLI_ONLY", "CHANNEL_LIMITS", "DATASETS", "ATTRIBUTES", "REQUIRED", "NONNEGATIVE", "declared"]

#: CF metadata (units, long_name) of every variable and coordinate nuion writes.
VARIABLES = {
    "T": ("keV", "energy transfer T"),
    "T_over_eb": ("1", "energy transfer in units of the binding energy, T/eps_b"),
    "Q": ("keV2", "squared momentum transfer Q = q^2"),
    "K": ("1", "momentum transfer in units of alpha Z m_e"),
    "S": ("keV-1", "longitudinal response S(T,Q), dynamical structure factor, eq. (11)"),
    "R": ("keV-1", "transverse response R(T,Q), current response, eq. (20)"),
    "S_cum_0": ("keV-1", "cumulative Int_{Q_0}^{Q} S_nl dQ'/Q' per shell (ln S interpolated in ln Q per cell, attribute q_rule)"),
    "S_cum_m1": ("keV-3", "cumulative Int_{Q_0}^{Q} S_nl dQ'/Q'^2 per shell (ln S interpolated in ln Q per cell)"),
    "R_cum_0": ("keV-1", "cumulative Int_{Q_0}^{Q} R_nl dQ'/Q' per shell (ln R interpolated in ln Q per cell)"),
    "R_cum_p1": ("keV", "cumulative Int_{Q_0}^{Q} R_nl dQ' per shell (ln R interpolated in ln Q per cell)"),
    "S_cum_p1": ("keV", "cumulative Int_{Q_0}^{Q} S_nl dQ' per shell (weak and charge-radius channels)"),
    "S_cum_p2": ("keV3", "cumulative Int_{Q_0}^{Q} S_nl Q' dQ' per shell (weak and charge-radius channels)"),
    "R_cum_m1": ("keV-3", "cumulative Int_{Q_0}^{Q} R_nl dQ'/Q'^2 per shell (millicharge channel)"),
    "channel": ("1", "interaction channel (docs/channels.md): magnetic, weak:<flavour>, millicharge, charge-radius:<flavour>"),
    "dcs_channel": ("cm2 keV-1", "DCS of the target per channel at its coupling (in a dataset the reference couplings of its attributes), sum over shells"),
    "dcs_S_channel": ("cm2 keV-1", "part of dcs_channel from the longitudinal/density response S"),
    "dcs_R_channel": ("cm2 keV-1", "part of dcs_channel from the transverse response R"),
    "dcs_shell_channel": ("cm2 keV-1", "DCS of one shell per channel"),
    "dcs_fe_channel": ("cm2 keV-1", "free electron at rest per channel, relativistic, per electron (0 beyond its endpoint)"),
    "dcs_stepping_channel": ("cm2 keV-1", "stepping approximation per channel: dcs_fe_channel x electrons with binding < T"),
    "ratio_fe_atom_channel": ("1", "dcs_channel / (N_e dcs_fe_channel); 0 where dcs_fe_channel = 0"),
    "ratio_stepping_channel": ("1", "dcs_channel / dcs_stepping_channel; 0 where dcs_stepping_channel = 0"),
    "dcs_par": ("cm2 keV-1", "longitudinal DCS, eq. (5) integrated over Q"),
    "dcs_perp": ("cm2 keV-1", "transverse DCS, eq. (6) integrated over Q"),
    "dcs_total": ("cm2 keV-1", "total DCS, eq. (9) = dcs_par + dcs_perp"),
    "dcs_fe": ("cm2 keV-1", "free-electron DCS, eq. (1)"),
    "dcs_par_simplified": ("cm2 keV-1", "longitudinal DCS, simplified form eq. (10)"),
    "dcs_perp_simplified": ("cm2 keV-1", "transverse DCS, simplified form eq. (19)"),
    "ratio_total": ("1", "dcs_total / (N_e x dcs_fe), eq. (9) over eq. (1) times the target's electrons"),
    "ratio_par": ("1", "dcs_par / (N_e x dcs_fe), eq. (5) over eq. (1) times the target's electrons"),
    "ratio_perp": ("1", "dcs_perp / (N_e x dcs_fe), eq. (6) over eq. (1) times the target's electrons"),
    "ratio_simplified": ("1", "(eq. (10) + eq. (19)) / eq. (1), simplified kinematics"),
    "dcs_fe_model": ("cm2 keV-1", "model's free-electron limit: eq. (5) with S = delta(T - Q/2m_e), R = 0"),
    "dcs_epa": ("cm2 keV-1", "real-photon approximation (Wong, Li, Lin 2010 as in sec. 2.3): R/Q frozen at Q = T^2, eq. (23)"),
    "dcs_epa_frozen_R": ("cm2 keV-1", "milder real-photon variant: R frozen at Q = T^2, R(T,T^2) ln(4E^2/T^2)"),
    "dcs_voloshin": ("cm2 keV-1", "Voloshin 2010 sum-rule estimate, eq. (18) per electron: P/T"),
    "dcs_voloshin_exact": ("cm2 keV-1", "eq. (18) with the exact one-electron T Int_0^inf S dQ/Q"),
    "dcs_stepping": ("cm2 keV-1", "stepping approximation: eq. (1) per electron whose shell threshold lies below T"),
    "ratio_fe_model": ("1", "model's free-electron limit (S = delta(T - Q/2m_e), R = 0) / eq. (1)"),
    "ratio_epa": ("1", "real-photon approximation of Wong, Li, Lin (2010) as described in sec. 2.3 / eq. (1)"),
    "ratio_epa_frozen_R": ("1", "real-photon variant with R (not R/Q) frozen at Q = T^2 / eq. (1)"),
    "ratio_voloshin": ("1", "Voloshin (2010) eq. (18) per electron, P/T / eq. (1)"),
    "ratio_voloshin_exact": ("1", "eq. (18) with the exact one-electron momentum-transfer integral / eq. (1)"),
    "ratio_stepping_fe": ("1", "stepping approximation (eq. (1) per electron above its threshold, 0 below) / (N_e x eq. (1))"),
    "n": ("1", "principal quantum number of the excited level 1s -> n"),
    "line_T": ("keV", "excitation energy of the line 1s -> n, (1 - 1/n^2) eps_b"),
    "line_sigma": ("cm2", "integrated cross section of the line 1s -> n, eqs. (5) + (6) with f_n, R_n"),
    "line_ratio_density": ("1", "line cross section / (eq. (1) x level spacing 2 eps_b/n^3): continues ratio_total below threshold"),
    "line_sigma_rest": ("cm2", "summed cross section of the lines n > 10"),
    "line_ratio_density_rest": ("1", "lines n > 10: summed cross section / (eq. (1) at eps_b x eps_b/10.5^2)"),
    "perp_over_par": ("1", "dcs_perp / dcs_par, transverse over longitudinal (Fig. 2)"),
    "v_ejected": ("1", "ejected-electron speed v/c, nonrelativistic (validity indicator; > 1 is unphysical)"),
    "valid": ("1", "1 where the point is inside the model's comfort zone (alpha Z and v_ejected below comfort_speed), else 0"),
    "Q_check": ("keV2", "squared momentum transfer of the sum-rule checks"),
    "K_check": ("1", "momentum transfer of the sum-rule checks in units of alpha Z m_e"),
    "bethe_grid": ("1", "Bethe sum rule: continuum strength inside the stored T range (grid)"),
    "bethe_outside": ("1", "Bethe sum rule: continuum strength outside the stored T range (closed form)"),
    "bethe_discrete": ("1", "Bethe sum rule: discrete 1s->n strength, all n (closed form)"),
    "bethe_total": ("1", "Bethe sum rule, eq. (15): total oscillator strength (exact: 1)"),
    "closure_grid": ("1", "transverse closure / (alpha Z)^2: continuum inside the stored T range (grid)"),
    "closure_outside": ("1", "transverse closure / (alpha Z)^2: continuum outside the T range (closed form)"),
    "closure_discrete": ("1", "transverse closure / (alpha Z)^2: discrete lines, all n (closed form)"),
    "closure_total": ("1", "transverse closure / (alpha Z)^2: total (exact: 1/3)"),
    "momentum_transfer_grid": ("1", "T Int S dQ/Q over the stored Q range (grid)"),
    "momentum_transfer_outside": ("1", "T Int S dQ/Q outside the stored Q range (closed form)"),
    "momentum_transfer_total": ("1", "momentum-transfer sum rule, eq. (17): T Int_0^inf S dQ/Q (compare with 1)"),
    "dipole_ratio": ("1", "R Q / (S T^2) at the smallest stored Q (eq. (22): tends to 1)"),
    "stobbe_ratio": ("1", "4 pi^2 alpha R(T, Q_min)/T over Stobbe's cross section (eq. (23) dipole limit: 1)"),
    "retardation_factor": ("1", "photoionization cross section with retardation over Stobbe's, R(T,T^2)/R(T,0)"),
    "model": ("1", "atomic model: fe (free electrons), stepping, atom (docs/rates.md)"),
    "rate_magnetic_true": ("kg-1 d-1 keV-1", "true dR/dT, magnetic nu-e scattering"),
    "rate_weak_true": ("kg-1 d-1 keV-1", "true dR/dT, Standard-Model weak nu-e scattering"),
    "rate_magnetic_observed": ("kg-1 d-1 keV-1", "observed dR/dT, magnetic nu-e scattering (resolution, threshold)"),
    "rate_weak_observed": ("kg-1 d-1 keV-1", "observed dR/dT, Standard-Model weak nu-e scattering (resolution, threshold)"),
    "ratio_to_fe": ("1", "true magnetic dR/dT of the model / free electrons"),
    "atom_in_grid": ("1", "1 where T lies in the T range of the atom's response grid; 0: the atom model is the stepping approximation there"),
    "n_electrons": ("1", "electrons per atom that count at T in the model"),
    "threshold": ("keV", "analysis threshold (start of the window)"),
    "mu_nu_limit": ("Bohr magneton", "expected (median) 90 % CL upper limit on mu_nu, pyhf CLs on Asimov data"),
    "mu_nu_limit_analytic": ("Bohr magneton", "expected 90 % CL limit, analytic Asimov estimate (Fisher width)"),
    "mu_nu_limit_vs_threshold": ("Bohr magneton", "expected 90 % CL upper limit on mu_nu against the threshold"),
    "signal_counts": ("1", "expected magnetic counts in the window at mu_nu = mu_ref"),
    "weak_counts": ("1", "expected weak counts in the window"),
    "background_counts": ("1", "expected background counts in the window (ON exposure)"),
    # other channels (docs/channels.md, sec. 'Rates and limits'; config rates.channels)
    "q_nu_limit": ("e", "expected (median) 90 % CL upper limit on q_nu, pyhf CLs on Asimov data"),
    "q_nu_limit_analytic": ("e", "expected 90 % CL limit on q_nu, analytic Asimov estimate (Fisher width)"),
    "r2_limit": ("cm2", "expected (median) 90 % CL upper limit on <r^2>, pyhf CLs on Asimov data"),
    "r2_limit_analytic": ("cm2", "expected 90 % CL limit on <r^2>, analytic Asimov estimate (Fisher width)"),
    "r2_limit_lower": ("cm2", "expected 90 % CL limit on <r^2> < 0 (the lower limit), pyhf CLs on Asimov data"),
    "r2_limit_analytic_lower": ("cm2", "expected 90 % CL limit on <r^2> < 0, analytic Asimov estimate"),
    # neutral atoms (docs/atoms.md, sec. 'Workflow'): per-shell variables over the dimension `shell`
    "shell": ("1", "atomic shell nl, or spin-orbit subshell nl_j with measured thresholds (label, e.g. 2p3_2)"),
    "binding": ("keV", "shell threshold -eps_nl used (model or measured, attribute thresholds)"),
    "occupancy": ("1", "electrons in the shell"),
    "S_shell": ("keV-1", "longitudinal response of one shell S_nl(T,Q), summed over its electrons; 0 below its threshold"),
    "R_shell": ("keV-1", "transverse response of one shell R_nl(T,Q), summed over its electrons; 0 below its threshold"),
    "dcs_par_shell": ("cm2 keV-1", "longitudinal DCS of one shell, eq. (5) with S_nl"),
    "dcs_perp_shell": ("cm2 keV-1", "transverse DCS of one shell, eq. (6) with R_nl"),
    "dcs_total_shell": ("cm2 keV-1", "total DCS of one shell, eq. (9) with S_nl and R_nl"),
    "dcs_par_simplified_shell": ("cm2 keV-1", "longitudinal DCS of one shell, simplified form eq. (10) with S_nl"),
    "dcs_perp_simplified_shell": ("cm2 keV-1", "transverse DCS of one shell, simplified form eq. (19) with R_nl"),
    "ratio_fe_atom": ("1", "atom over free electrons: dcs_total / (Z x eq. (1))"),
    "ratio_stepping": ("1", "atom over the stepping approximation: dcs_total / dcs_stepping"),
    "n_open": ("1", "electrons with binding below T (the stepping approximation's count)"),
    "bethe_grid_shell": ("1", "continuum oscillator strength of one shell inside the stored T range, over N_nl (lower bound of the Bethe sum 1)"),
    "bethe_sum_shell": ("1", "Bethe sum of one shell over all final states (nuion.targets.atom.atom.Atom.bethe_sum), over N_nl (exact: 1)"),
    "Q_bethe": ("keV2", "squared momentum transfer of the full Bethe sums"),
    "dipole_ratio_shell": ("1", "R_nl Q / (S_nl T^2) at the smallest stored Q (eq. (22): tends to 1); 0 below the shell's threshold"),
    "sigma_gamma_shell": ("barn", "photoabsorption cross section of one shell, 4 pi^2 alpha R_nl(T,T^2)/T (eq. (23)), from the stored grid"),
    "sigma_gamma": ("barn", "photoabsorption cross section of the atom, sum over shells of sigma_gamma_shell"),
    "sigma_table_elam": ("barn", "tabulated photoeffect cross section per atom, Elam et al. 2002 (xraydb)"),
    "photo_ratio": ("1", "sigma_gamma (model) / sigma_table_elam"),
    "omega": ("keV", "photon energy of the photoabsorption stage"),
    "sigma_photo_shell": ("barn", "photoabsorption cross section of one shell, 4 pi^2 alpha R_nl(omega,omega^2)/omega, radial engine at q = omega"),
    "sigma_photo": ("barn", "photoabsorption cross section of the atom, sum over shells of sigma_photo_shell"),
    "sigma_table_chantler": ("barn", "tabulated photoeffect cross section per atom, Chantler 1995/2000 (xraydb)"),
    # limits from data releases (docs/releases.md): results/limits/<release>.nc (limits_dataset)
    "mu_nu_limit_observed": ("Bohr magneton", "observed 90 % CL upper limit on mu_nu from the release's data (CLs, q~ asymptotics)"),
    "mu_nu_limit_expected": ("Bohr magneton", "expected (median) 90 % CL upper limit on mu_nu, background-only Asimov data of the release"),
    "mu_nu_limit_band": ("Bohr magneton", "expected 90 % CL upper limit at N standard deviations of the background-only band (N = 0: median)"),
    "band": ("1", "expected-band level N in standard deviations (-2 ... 2; positive: weaker limits)"),
    "mu_nu_scan": ("Bohr magneton", "mu_nu of the likelihood scan"),
    "q_scan": ("1", "-2 ln profile likelihood ratio against the best fit (signal strength >= 0, background profiled)"),
    "mu_nu_best_fit": ("Bohr magneton", "best-fit mu_nu = mu_ref sqrt(signal_strength_best_fit)"),
    "signal_strength_best_fit": ("1", "best-fit signal strength (mu_nu/mu_ref)^2, bounded below by 0"),
    "background_norm_best_fit": ("1", "best-fit normalization of the release's background model"),
    "energy": ("keV", "reconstructed energy of the release (its energy scale)"),
    "signal_density": ("keV-1", "expected magnetic events per keV at mu_nu = mu_ref (resolution, efficiency, exposure)"),
    "background_density": ("keV-1", "expected background events per keV of the release's model (normalization 1)"),
    "weak_density": ("keV-1", "expected Standard-Model weak events per keV added to the background (0: the model contains them)"),
    "bin": ("keV", "centre of a display bin of the observed events"),
    "bin_low": ("keV", "lower edge of the display bin"),
    "bin_high": ("keV", "upper edge of the display bin"),
    "observed_counts": ("1", "observed events in the display bin"),
    # other channels of a release (config datasets.channels)
    "q_nu_limit_observed": ("e", "observed 90 % CL upper limit on q_nu from the release's data (CLs, q~ asymptotics)"),
    "q_nu_limit_expected": ("e", "expected (median) 90 % CL upper limit on q_nu, background-only Asimov data of the release"),
    "q_nu_limit_band": ("e", "expected 90 % CL upper limit on q_nu at -2, -1, 0, +1, +2 standard deviations"),
    "r2_limit_observed": ("cm2", "observed 90 % CL limits on <r^2> (lower, upper; one per sign) from the release's data"),
    "r2_limit_expected": ("cm2", "expected (median) 90 % CL limits on <r^2> (lower, upper), background-only Asimov data"),
    "r2_limit_band_lower": ("cm2", "expected 90 % CL lower limit on <r^2> at -2, -1, 0, +1, +2 standard deviations"),
    "r2_limit_band_upper": ("cm2", "expected 90 % CL upper limit on <r^2> at -2, -1, 0, +1, +2 standard deviations"),
    "sign": ("1", "sign of <r^2> that a limit bounds: -1 the lower limit (<r^2> < 0), +1 the upper"),
}

#: Keys of the command line's answers (nuion.cli) that are no dataset variable: what it echoes (its inputs,
#: labels, the datasets' global attributes of these names, whose ``<name>_units`` attribute is this unit)
#: and what it alone computes. A key that is in :data:`VARIABLES` means that variable; ``<shell>`` stands
#: for a shell label (``dcs_1s``, ``sigma_5p``).
CLI_ONLY = {
    "target": ("1", "target (label): hydrogen-like ion Z<n> or neutral atom"),
    "preset": ("1", "detector preset (label; config/presets.yaml or --presets)"),
    "release": ("1", "data release (label; docs/releases.md)"),
    "source": ("1", "how an atom's DCS was obtained: stored grid (its file in the note) or solved"),
    "flavour": ("1", "neutrino flavour (label) of the weak and charge-radius channels"),
    "Z": ("1", "nuclear charge of the hydrogen-like ion"),
    "eps_b": ("keV", "binding energy of the 1s state of the hydrogen-like ion"),
    "E_nu": ("keV", "neutrino energy"),
    "E_over_eb": ("1", "neutrino energy in units of the binding energy, E/eps_b"),
    "T_max_fe": ("keV", "free-electron endpoint, largest T of eq. (1): 2E^2/(m_e + 2E)"),
    "q": ("keV", "momentum transfer |q| = sqrt(Q)"),
    "alpha_Z": ("1", "bound-electron speed v/c = alpha Z"),
    "mu_nu": ("Bohr magneton", "neutrino magnetic moment"),
    "q_nu": ("e", "neutrino millicharge"),
    "m_nu": ("eV", "neutrino mass: cuts the transverse photon pole at Q4 = m_nu^2 T^2/(E E')"),
    "r2": ("cm2", "neutrino charge radius <r^2>, g_V -> g_V + sqrt(2) pi alpha <r^2>/(3 G_F)"),
    "flux_total": ("cm-2 s-1", "total neutrino flux at the detector"),
    "closure_total_x3": ("1", "3 x closure_total, the transverse closure sum (exact: 1)"),
    "dcs_<shell>": ("cm2 keV-1", "DCS of one shell: dcs_total_shell, or dcs_shell_channel of the chosen --channel"),
    "sigma_<shell>": ("barn", "photoabsorption cross section of one shell (sigma_photo_shell)"),
    "rate_millicharge_true": ("kg-1 d-1 keV-1", "true dR/dT, millicharge nu-e scattering"),
    "rate_millicharge_observed": ("kg-1 d-1 keV-1", "observed dR/dT, millicharge nu-e scattering (resolution, threshold)"),
    "rate_charge_radius_true": ("kg-1 d-1 keV-1", "true dR/dT, weak nu-e scattering with the charge radius"),
    "rate_charge_radius_observed": ("kg-1 d-1 keV-1", "observed dR/dT, weak nu-e scattering with the charge radius (resolution, threshold)"),
    "published_mu_nu_limit": ("Bohr magneton", "published 90 % CL upper limit on mu_nu"),
    "published_q_nu_limit": ("e", "published 90 % CL upper limit on q_nu"),
    "published_r2_limit": ("cm2", "published 90 % CL upper limit on <r^2>"),
}

#: Per channel with a limit (docs/channels.md, sec. 'Rates and limits'): the stem of the names of the limits
#: on its coupling (``<stem>`` and ``<stem>_analytic`` of the sensitivity dataset, ``<stem>_observed`` ... of
#: the limits dataset, ``published_<stem>`` of a preset); the command line and the workflow take them from here.
CHANNEL_LIMITS = {"magnetic": "mu_nu_limit", "millicharge": "q_nu_limit", "charge-radius": "r2_limit"}


def declared(name):
    """(units, long_name) of a name of :data:`VARIABLES` or :data:`CLI_ONLY`; KeyError if it is in neither."""
    return VARIABLES[name] if name in VARIABLES else CLI_ONLY[name]


#: Variables each kind of dataset must carry (checked on write and on read).
DATASETS = {
    "shell_response": ("S", "R"),
    "response": ("S", "R", "S_shell", "R_shell", "S_cum_0", "S_cum_m1", "R_cum_0", "R_cum_p1"),
    "dcs": ("dcs_par", "dcs_perp", "dcs_total", "dcs_fe", "dcs_stepping", "ratio_total", "ratio_par",
            "perp_over_par", "dcs_total_shell", "ratio_fe_atom", "ratio_stepping"),
    "sumrules": ("dipole_ratio",),
    "channels": ("dcs_channel", "dcs_fe_channel", "dcs_stepping_channel", "ratio_fe_atom_channel", "ratio_stepping_channel"),
    "photo": ("sigma_photo_shell", "sigma_photo", "sigma_table_elam", "photo_ratio"),
    "rates": ("rate_magnetic_true", "rate_weak_true", "rate_magnetic_observed", "rate_weak_observed", "n_electrons"),
    "sensitivity": ("mu_nu_limit", "mu_nu_limit_analytic", "mu_nu_limit_vs_threshold"),
    "limits": ("mu_nu_limit_observed", "mu_nu_limit_expected", "mu_nu_limit_band", "q_scan", "observed_counts"),
}
#: Global attributes each kind of dataset must carry (checked on write and on read): the
#: provenance of every file, and what identifies its target, neutrino energy, preset or release.
_PROVENANCE = ("nuion_version", "config_hash", "constants", "Conventions")
_TARGET = (*_PROVENANCE, "target", "Z", "method", "model", "references")
ATTRIBUTES = {
    "shell_response": (*_TARGET, "shell", "binding", "occupancy"),
    "response": (*_TARGET, "n_electrons", "q_rule"),
    "dcs": (*_TARGET, "E_nu", "T_max_fe", "mu_nu", "n_electrons"),
    "channels": (*_TARGET, "E_nu", "n_electrons", "mu_nu", "q_nu", "m_nu", "r2"),
    "sumrules": (*_TARGET, "enforced"),
    "photo": _TARGET,
    "rates": (*_PROVENANCE, "preset", "material", "method", "mu_nu"),
    "sensitivity": (*_PROVENANCE, "preset", "material", "method", "mu_ref"),
    "limits": (*_PROVENANCE, "release", "material", "statistics", "citation"),
}
#: Former name of :data:`DATASETS`.
REQUIRED = DATASETS
#: Kinds whose response variables must be finite and non-negative (zero below a shell's threshold).
NONNEGATIVE = {"shell_response": ("S", "R"), "response": ("S", "R", "S_shell", "R_shell")}
