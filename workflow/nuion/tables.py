"""README tables, generated (never typed): ``python -m nuion.tables [README.md]``.

* ``paper``: ratio_total (eq. (9) over eq. (1), Fig. 1 of [1]) and perp_over_par
  (Fig. 2 of [1]) for Z = 32 at T/eps_b = 1.1, 1.5, 2, 3, 5, 8 and
  E = 2, 10, 50, 100 eps_b, computed by :func:`nuion.dcs`;
* ``variables``: every dataset variable with its unit and long_name
  (:data:`nuion.io.VARIABLES`).

Without an argument the tables are printed; with a path, the blocks between
``<!-- table:NAME -->`` and ``<!-- /table:NAME -->`` of that file are rewritten.
A test checks that the README is current.

References
----------
.. [1] K. A. Kouzakov, A. I. Studenikin, Phys. Lett. B 696 (2011) 252.
"""

import numpy as np

from nuion.cross_sections import dcs
from nuion.kinematics import binding_energy

__all__ = ["paper_table", "variables_table", "TABLES", "update"]

T_OVER_EB = (1.1, 1.5, 2.0, 3.0, 5.0, 8.0)
E_OVER_EB = (2.0, 10.0, 50.0, 100.0)


def paper_table(Z=32, t_over_eb=T_OVER_EB, e_over_eb=E_OVER_EB):
    """Markdown table of ratio_total and perp_over_par (Figs. 1 and 2 of [1]).

    Entries with T > E (no kinematic room) are shown as a dash.

    Returns
    -------
    str
    """
    eb = binding_energy(Z)
    t = np.asarray(t_over_eb)
    head = "| T/eps_b | " + " | ".join(
        f"ratio_total E={e:g} eps_b" for e in e_over_eb
    ) + " | " + " | ".join(f"perp/par E={e:g} eps_b" for e in e_over_eb) + " |"
    rule = "|" + "---|" * (1 + 2 * len(e_over_eb))
    cols_ratio, cols_pp = [], []
    for e in e_over_eb:
        ok = t <= e
        r = np.full(t.shape, np.nan)
        p = np.full(t.shape, np.nan)
        if ok.any():
            ds = dcs(t[ok] * eb, e * eb, Z)
            r[ok] = ds.ratio_total.values
            p[ok] = ds.perp_over_par.values
        cols_ratio.append(r)
        cols_pp.append(p)

    def fmt(x):
        return "—" if np.isnan(x) else f"{x:.4f}"

    rows = [
        f"| {ti:g} | " + " | ".join(fmt(c[i]) for c in cols_ratio + cols_pp) + " |"
        for i, ti in enumerate(t)
    ]
    caption = (
        f"Z = {Z} (eps_b = {eb:.4f} keV): ratio_total = dsig/dT / eq. (1) and "
        "perp_over_par = dsig_perp / dsig_par, by `nuion.dcs` (closed forms, direct Q quadrature)."
    )
    return "\n".join([caption, "", head, rule, *rows])


def variables_table():
    """Markdown table of every variable nuion writes: name, unit, meaning."""
    from nuion.io import VARIABLES

    rows = [f"| `{name}` | {units} | {long_name} |" for name, (units, long_name) in VARIABLES.items()]
    return "\n".join(["| name | units | long_name |", "|---|---|---|", *rows])


#: Generated README blocks, by marker name.
TABLES = {"paper": paper_table, "variables": variables_table}


def update(text):
    """Return ``text`` with every generated block replaced by its current content."""
    for name, make in TABLES.items():
        start, end = f"<!-- table:{name} -->", f"<!-- /table:{name} -->"
        if start in text:
            head, rest = text.split(start, 1)
            _, tail = rest.split(end, 1)
            text = f"{head}{start}\n{make()}\n{end}{tail}"
    return text


if __name__ == "__main__":  # pragma: no cover
    import sys
    from pathlib import Path

    if len(sys.argv) > 1:
        path = Path(sys.argv[1])
        path.write_text(update(path.read_text()))
    else:
        for make in TABLES.values():
            print(make(), end="\n\n")
