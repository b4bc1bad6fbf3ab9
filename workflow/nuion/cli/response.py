"""``nuion response``, ``photo`` and ``sumrules``: S and R at one (T, Q), photoabsorption, the ion's sum rules."""

import math

import numpy as np

import nuion
from nuion.cli.atoms import atom_options, run_photo, run_response
from nuion.cli.common import AS_JSON, FMT, Energy, charge, number, parse_energy, print_result, quantity, validity_entries
from nuion.io import tidy
from nuion.kinematics import momentum_unit
from nuion.targets.ion import sum_rules

__all__ = ["add"]

#: Points of the ``sumrules`` subcommand: K for Bethe and closure, T/eps_b for the others.
SUMRULE_K = (0.1, 1.0, 10.0)
SUMRULE_W = (1.01, 2.0, 10.0)

EPILOG_RESPONSE = """\
Example:
  nuion response --Z 32 --T 1.5eb --Q 1000
  nuion response --Z 32 --T 1.5eb --K 0.5 --json

  nuion response --target Xe --shell 5p --T 0.1keV --q 10keV --json

Q in keV2 (Q >= 0), or K >= 0 with Q = (K alpha Z m_e)^2. Allowed: T > eps_b.
Atoms (--target Ge|Xe): energies in keV, --q in keV or --Q; T above the lowest threshold."""

EPILOG_PHOTO = """\
Example:
  nuion photo --target Ge --omega 15keV --json
  nuion photo --target Xe --omega 30keV --continuum coulomb --thresholds measured"""
EPILOG_SUMRULES = f"""\
Example:
  nuion sumrules --Z 32
  nuion sumrules --Z 54 --json

Bethe sum (exact 1) and 3 x transverse closure sum (exact 1) at K = {", ".join(map(str, SUMRULE_K))};
momentum-transfer rule, eq. (17), and retardation factor at T/eps_b = {", ".join(map(str, SUMRULE_W))}."""


def add(sub):
    """The ``response``, ``photo`` and ``sumrules`` subcommands."""
    p = sub.add_parser(
        "response",
        help="longitudinal S and transverse R response at one (T, Q)",
        description="Response functions S(T, Q) and R(T, Q) in keV-1: the 1s state of a hydrogen-like ion (--Z) "
        "or the shells of a neutral atom (--target Ge|Xe, summed or one --shell).",
        epilog=EPILOG_RESPONSE,
        formatter_class=FMT,
        allow_abbrev=False,
    )
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--Z", type=charge, metavar="Z", help="nuclear charge, integer 1..137")
    who.add_argument("--target", help="neutral atom: Ge or Xe (docs/atoms.md)")
    p.add_argument("--T", type=Energy, required=True, help="energy transfer, e.g. 1.5eb or 20keV")
    q = p.add_mutually_exclusive_group(required=True)
    q.add_argument("--Q", type=number, help="squared momentum transfer in keV2")
    q.add_argument("--K", type=number, help="momentum transfer q/(alpha Z m_e)")
    q.add_argument("--q", type=Energy, help="momentum transfer |q| in keV, e.g. 10keV")
    atom_options(p)
    p.add_argument("--shell", help="one shell of the atom, e.g. 5p (with --thresholds measured its subshells, e.g. 5p3_2; default: all, summed)")
    p.add_argument("--json", **AS_JSON)
    p.set_defaults(run=_run_response)
    p = sub.add_parser(
        "photo",
        help="photoabsorption cross section of an atom, real-photon limit of R",
        description="sigma_gamma(w) = 4 pi^2 alpha R(w, w^2)/w per atom and per shell, in barn, "
        "beside the Elam table of xraydb (docs/atoms.md, sec. 'Photoabsorption').",
        epilog=EPILOG_PHOTO,
        formatter_class=FMT,
        allow_abbrev=False,
    )
    p.add_argument("--target", required=True, help="neutral atom: Ge or Xe")
    p.add_argument("--omega", type=Energy, required=True, help="photon energy, e.g. 15keV")
    atom_options(p)
    p.add_argument("--json", **AS_JSON)
    p.set_defaults(run=run_photo)
    p = sub.add_parser(
        "sumrules",
        help="Bethe and closure sums, momentum-transfer rule, retardation factor",
        description="Sum rules and limits of the 1s responses (docs/physics.md, sec. 'Sum rules and limits') from the closed forms.",
        epilog=EPILOG_SUMRULES,
        formatter_class=FMT,
        allow_abbrev=False,
    )
    p.add_argument("--Z", type=charge, required=True, metavar="Z", help="nuclear charge, integer 1..137")
    p.add_argument("--json", **AS_JSON)
    p.set_defaults(run=_run_sumrules)


def _run_response(args):
    if args.target is not None:
        return run_response(args)
    if args.q is not None or args.shell is not None:
        raise ValueError("--q and --shell are for atoms (--target); give --Q or --K for an ion")
    Z = args.Z
    T = parse_energy(args.T, Z)
    if args.K is not None:
        if args.K < 0:
            raise ValueError(f"K must be >= 0 (momentum transfer in units of alpha Z m_e), got {args.K:g}")
        Q = (args.K * momentum_unit(Z)) ** 2
    else:
        Q = args.Q
    S = nuion.longitudinal_response(T, Q, Z)
    R = nuion.transverse_response(T, Q, Z)
    eps_b = nuion.binding_energy(Z)
    result = {
        "Z": quantity("Z", Z),
        "eps_b": quantity("eps_b", eps_b),
        "T": quantity("T", T),
        "T_over_eb": quantity("T_over_eb", tidy(T / eps_b)),
        "Q": quantity("Q", Q),
        "K": quantity("K", math.sqrt(Q) / momentum_unit(Z), note="q / (alpha Z m_e)"),
        "S": quantity("S", S),
        "R": quantity("R", R),
    }
    result.update(validity_entries(T, Z))
    print_result(result, args.json)


def _run_sumrules(args):
    Z = args.Z
    eps_b = nuion.binding_energy(Z)
    K = np.array(SUMRULE_K)
    W = np.array(SUMRULE_W)
    result = {
        "Z": quantity("Z", Z),
        "eps_b": quantity("eps_b", eps_b),
        "K_check": quantity("K_check", K, note="q / (alpha Z m_e) of the Bethe and closure sums"),
        "bethe_total": quantity("bethe_total", sum_rules.bethe_sum(K), note="Bethe sum rule, eq. (15); exact: 1"),
        "closure_total_x3": quantity("closure_total_x3", 3 * sum_rules.closure_sum(K)),
        "T_over_eb": quantity("T_over_eb", W, note="T / eps_b of the rules below"),
        "momentum_transfer_total": quantity(
            "momentum_transfer_total", sum_rules.momentum_transfer_rule(W), note="T Int S dQ/Q, eq. (17); not exactly 1 for 1s"
        ),
        "retardation_factor": quantity(
            "retardation_factor", sum_rules.retardation_factor(W * eps_b, Z), note="photoionization with retardation / Stobbe"
        ),
    }
    print_result(result, args.json)
