"""``nuion rate`` and ``nuion limit``: event rates and expected limits of the detector presets (docs/rates.md)."""

import os
import sys

from nuion.cli.common import AS_JSON, FMT, Energy, channel_from_args, channel_options, kev, moment, print_result, quantity
from nuion.io.datasets import expected_limit_variables, release_limit_variables
from nuion.io.schema import CHANNEL_LIMITS, declared

__all__ = ["add"]

DEFAULT_MODELS = "fe,stepping,atom"


def add(sub):
    """``nuion rate`` and ``nuion limit`` (docs/rates.md): presets of config/presets.yaml."""
    preset = {"required": True, "metavar": "NAME", "help": "detector preset by name (of --presets; config/presets.yaml: "
              "gemma, texono, conus, xenonnt)"}
    presets_file = {"metavar": "PATH", "help": "YAML file of your own presets (default config/presets.yaml; "
                    "docs/rates.md, sec. 'Your own detector')"}
    p = sub.add_parser("rate", help="dR/dT (magnetic, weak) of a detector preset at one T", formatter_class=FMT,
                       description=f"Event rates dR/dT in {declared('rate_magnetic_true')[0]} (events per kg, day and keV) "
                       "at one recoil energy T (nuion.detectors.rates): true, and observed (resolution, threshold).",
                       epilog="Example:\n  nuion rate --preset gemma --T 1keV --model fe --json", allow_abbrev=False)
    p.add_argument("--preset", **preset)
    p.add_argument("--presets", **presets_file)
    p.add_argument("--T", type=Energy, required=True, help="recoil energy, e.g. 1keV")
    p.add_argument("--model", choices=("fe", "stepping", "atom"), default="fe", help="atomic model (fe)")
    p.add_argument("--response", metavar="PATH", help="response grid of the atom (results/response/<material>.nc)")
    p.add_argument("--mu-nu", type=moment, default=1e-11, metavar="MU", help="magnetic moment in Bohr magnetons (1e-11)")
    channel_options(p)
    p.add_argument("--json", **AS_JSON)
    p.set_defaults(run=_run_rate)
    p = sub.add_parser("limit", help="90%% CL upper limit on mu_nu per atomic model: expected (preset) or observed (data)",
                       formatter_class=FMT,
                       description="Expected (median) 90 % CL CLs limit on mu_nu of a preset with pyhf "
                       "(nuion.detectors.sensitivity), or observed and expected limits from a data release "
                       "(--data; nuion.detectors.likelihood, docs/releases.md); --channel millicharge or "
                       "charge-radius for the limit on q_nu or on <r^2> (both signs; docs/channels.md).",
                       epilog="Examples:\n  nuion limit --preset gemma --json\n"
                       "  nuion limit --data xenonnt-sr0 --models fe,stepping --json\n"
                       "  nuion limit --data xenonnt-sr0 --models fe --channel millicharge\n"
                       "--data also takes a release YAML file of your own (docs/releases.md).",
                       allow_abbrev=False)
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--preset", metavar="NAME", help=preset["help"])
    source.add_argument("--data", metavar="PATH", help="data release: a shipped name (xenonnt-sr0; lz-ws2022 and lz-ws2024 provisional, docs/releases.md) "
                        "or a release YAML file")
    p.add_argument("--presets", **presets_file)
    p.add_argument("--models", help="comma-separated atomic models (default fe,stepping,atom; without the atom's "
                   "response grid fe,stepping, with a note)")
    p.add_argument("--response", metavar="PATH", help="response grid of the atom (results/response/<material>.nc)")
    p.add_argument("--threshold", type=Energy, help="threshold, e.g. 2keV (default: the preset's)")
    p.add_argument("--method", choices=("pyhf", "analytic"), default="pyhf", help="pyhf CLs (default) or analytic Asimov")
    channel_options(p)
    p.add_argument("--json", **AS_JSON)
    p.set_defaults(run=_run_limit)


def _preset(args):
    """The preset --preset NAME of --presets PATH (default config/presets.yaml)."""
    from nuion.detectors import presets

    if args.preset.endswith((".yaml", ".yml")) or "/" in args.preset:
        raise ValueError(f"--preset takes a preset's name; give its file with --presets {args.preset} --preset NAME")
    p = presets.get(args.preset, args.presets)
    assumed = [k for k in p.get("defaults", ()) if k.startswith("detector.")]
    if assumed:
        print(f"nuion: note: preset {args.preset}: defaults for {', '.join(assumed)} "
              "(docs/rates.md, sec. 'Your own detector')", file=sys.stderr)
    return p


def _models(args, p):
    """--models; the default (fe,stepping,atom) leaves out the atom, with a note, while its default response
    grid is missing (a --response PATH that does not exist is an error, as is an explicit --models with atom)."""
    from nuion.detectors import presets

    names = tuple(n.strip() for n in (args.models or DEFAULT_MODELS).split(",") if n.strip())
    grid = args.response or presets.response_path(p)
    if args.models is None and args.response is None and not os.path.isfile(grid):
        names = tuple(n for n in names if n != "atom")
        print(f"nuion: note: model atom left out, its response grid {grid} does not exist "
              f"(make it with `{presets.make_grid_command(p)}`, or give --response PATH)", file=sys.stderr)
    return names


def _run_rate(args):
    from nuion.detectors import presets

    p = _preset(args)
    T = kev(args.T, "T")
    channel, chosen = channel_from_args(args)
    extra = () if args.channel in ("magnetic", "weak") else (channel,)
    m = presets.atomic_models(p, (args.model,), response=args.response, channels=(channel,))[0]
    spectra = presets.spectra(p, [T], [m], args.mu_nu, channels=extra)
    (mag_true, mag_obs), (weak_true, weak_obs) = (spectra[(m.name, i)] for i in ("magnetic", "weak"))
    result = {
        "preset": quantity("preset", args.preset),
        "model": quantity("model", m.name),
        "T": quantity("T", T, note="recoil (energy-transfer) energy"),
        "mu_nu": quantity("mu_nu", args.mu_nu),
        "rate_magnetic_true": quantity("rate_magnetic_true", mag_true[0]),
        "rate_weak_true": quantity("rate_weak_true", weak_true[0]),
        "rate_magnetic_observed": quantity("rate_magnetic_observed", mag_obs[0]),
        "rate_weak_observed": quantity("rate_weak_observed", weak_obs[0]),
        "flux_total": quantity("flux_total", presets.flux(p).total()),
    }
    if extra:
        result.update({k: v for k, v in chosen.items() if k != "channel"})
        true, observed = spectra[(m.name, args.channel)]
        for kind, values in (("true", true), ("observed", observed)):
            name = f"rate_{args.channel.replace('-', '_')}_{kind}"
            result[name] = quantity(name, values[0])
    if m.name == "atom":
        result["atom_in_grid"] = quantity("atom_in_grid", bool(m.in_grid(T)), note="false: outside the grid's T range, stepping used")
    print_result(result, args.json)


def _channel(args):
    """The channel of --channel with its couplings (refusing the weak one) and the entries of what was chosen
    that a limit depends on: the channel and, for the millicharge, m_nu (the couplings are what is limited;
    the flavours are those the source sends)."""
    if args.channel == "weak":
        raise ValueError("--channel weak is the background of every search: choose magnetic, millicharge or charge-radius")
    channel, chosen = channel_from_args(args)
    return channel, {k: v for k, v in chosen.items() if k in ("channel", "m_nu")}


def _run_limit_data(args):
    """Observed and expected limits of a data release (``nuion limit --data``)."""
    from nuion.detectors import likelihood, releases

    release = releases.load(args.data)
    if args.threshold is not None or args.method != "pyhf":
        raise ValueError("--threshold and --method are for --preset; a release has its own window and statistics")
    channel, chosen = _channel(args)
    names = _models(args, {"material": release.material})
    models = likelihood.atomic_models(release, names, response=args.response, channels=(channel,))
    results = likelihood.channel_limits(release, models, channel)
    # the names of the limits dataset (results/limits/<release>.nc): per model one value, or a list over the
    # band (-2 ... 2) or over the sign of <r^2> (lower, upper)
    per_model = _by_model(release_limit_variables(args.channel, results), [r.model for r in results])
    result = {"release": quantity("release", release.name, note=release.meta.get("description", "")), **chosen}
    result.update(_per_model(per_model, args.json))
    if release.published_limit and args.channel == "magnetic":  # a release publishes a limit on mu_nu
        result["published_mu_nu_limit"] = quantity("published_mu_nu_limit", release.published_limit)
    print_result(result, args.json)


def _by_model(variables, models):
    """{name: {model: value}} of dataset variables {name: (dims, values)} whose first dimension is the model."""
    return {name: {m: v.tolist() for m, v in zip(models, values, strict=True)} for name, (_, values) in variables.items()}


def _per_model(per_model, as_json):
    """{name: {model: value}} as entries: one per name (JSON), or one line per name and model (text)."""
    if as_json:
        return {name: quantity(name, values) for name, values in per_model.items()}
    return {f"{name}_{model}": quantity(name, v) for name, values in per_model.items() for model, v in values.items()}


def _run_limit(args):
    from nuion.detectors import presets

    if args.data is not None:
        return _run_limit_data(args)
    p = _preset(args)
    names = _models(args, p)
    threshold = None if args.threshold is None else kev(args.threshold, "threshold")
    channel, chosen = _channel(args)
    models = presets.atomic_models(p, names, response=args.response, channels=(channel,))
    channel = None if args.channel == "magnetic" else channel  # the magnetic limit exactly as before
    limits = [presets.limit(p, m, threshold, method=args.method, channel=channel) for m in models]
    # the sensitivity dataset's names; the charge radius: <r^2> < 0 (..._lower) and > 0, one limit per sign
    per_model = _by_model(expected_limit_variables(args.channel, limits, args.method), [m.name for m in models])
    published = CHANNEL_LIMITS[args.channel]
    result = {
        "preset": quantity("preset", args.preset),
        "threshold": quantity("threshold", p["detector"]["threshold_keV"] if threshold is None else threshold),
        **chosen,
    }
    result.update(_per_model(per_model, args.json))
    if published in p["published"]:  # a detector of your own may have published nothing
        result[f"published_{published}"] = quantity(f"published_{published}", p["published"][published])
    print_result(result, args.json)
