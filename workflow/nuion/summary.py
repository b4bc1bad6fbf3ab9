"""Key numbers of every figure, as tidy rows (results/tables/summary_<target>.csv, docs/paper.md).

Pure functions on DCS datasets (as written by the workflow or returned by
:func:`nuion.dcs`); values at fixed T/eps_b are interpolated linearly in T/eps_b
on the stored T grid.
"""

import csv
import io as _io

import numpy as np

__all__ = ["T_POINTS", "summary_rows", "to_csv", "headline"]

#: T/eps_b at which curves are tabulated (the sweep figures use the same).
T_POINTS = (1.1, 2.0, 5.0)

#: Header of the CSV, units in brackets.
COLUMNS = ("target", "Z", "E_nu [keV]", "E/eps_b", "T/eps_b", "quantity", "value", "unit")

_QUANTITIES = ("ratio_total", "ratio_par", "perp_over_par", "ratio_epa", "ratio_epa_frozen_R", "ratio_voloshin", "ratio_voloshin_exact", "ratio_simplified", "ratio_fe_model")


def at_T(ds, var, t_over_eb):
    """``var`` of a DCS dataset at T/eps_b = t_over_eb (NaN outside the stored range)."""
    x = ds["T_over_eb"].values
    return float(np.interp(t_over_eb, x, ds[var].values, left=np.nan, right=np.nan))


def summary_rows(datasets):
    """Tidy rows (tuples in :data:`COLUMNS` order) of one target's DCS datasets.

    Per E: each quantity of the approximation comparison at :data:`T_POINTS`; the
    value at the first stored T (threshold); the largest suppression below eq. (1)
    (min ratio_total) and where; and the discrete-line strengths continuing Fig. 1.
    """
    rows = []
    for ds in sorted(datasets, key=lambda d: d.attrs["E_nu"]):
        Z, E, e_eb = int(ds.attrs["Z"]), float(ds.attrs["E_nu"]), float(ds.attrs["E_over_eb"])
        base = (str(ds.attrs.get("target", f"Z{Z}")), Z, round(E, 6), round(e_eb, 6))
        t0 = float(ds["T_over_eb"].values[0])
        for var in _QUANTITIES:
            if var not in ds:
                continue
            for t in (t0, *T_POINTS):
                value = at_T(ds, var, t)
                if np.isfinite(value):
                    rows.append((*base, round(t, 6), var, value, "1"))
        r = ds["ratio_total"].values
        i = int(np.nanargmin(r))
        rows.append((*base, round(float(ds["T_over_eb"].values[i]), 6), "min_ratio_total", float(r[i]), "1"))
        if "line_sigma" in ds:
            for n, t, s in zip(ds["n"].values, ds["line_T"].values, ds["line_sigma"].values, strict=True):
                rows.append((*base, round(t / ds.attrs["eps_b"], 6), f"line_sigma_n{int(n)}", float(s), "cm2"))
    return rows


def to_csv(rows):
    """CSV text of :func:`summary_rows` (header with units, one value per row)."""
    buf = _io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([f"{v:.6g}" if isinstance(v, float) else v for v in row])
    return buf.getvalue()


def headline(rows):
    """The numbers docs/paper.md states, from :func:`summary_rows`: a dict per E/eps_b."""
    out = {}
    for _target, _Z, _E, e_eb, t, q, value, _unit in rows:
        entry = out.setdefault(e_eb, {})
        if q == "min_ratio_total":
            entry["min_ratio_total"] = (value, t)
        elif q in _QUANTITIES:
            entry.setdefault(q, {})[t] = value
    return out
