"""nuion.detectors.presets: config/presets.yaml, schema, fluxes against published values (docs/rates.md)."""

import pytest
import yaml

from nuion.detectors import presets

NAMES = ("gemma", "texono", "conus", "xenonnt")


@pytest.fixture(scope="module")
def all_presets():
    return presets.load()


def test_names(all_presets):
    assert set(NAMES) <= set(all_presets)


@pytest.mark.parametrize(
    ("name", "ours", "tol"),
    [
        # our flux vs the quoted one: reported in docs/rates.md, "Flux check"
        ("gemma", 2.7194e13, 2e-4),  # GEMMA quotes 2.7e13 (+0.7 %)
        ("texono", 6.4783e12, 2e-4),  # TEXONO quotes 6.4e12 (+1.2 %)
        ("conus", 2.3359e13, 2e-4),  # CONUS quotes 2.3e13 (+1.6 %)
        ("xenonnt", 6.4874e10, 1e-6),  # B16-GS98 pp + 7Be + pep
    ],
)
def test_flux(name, ours, tol):
    p = presets.get(name)
    total = presets.flux(p).total()
    assert total == pytest.approx(ours, rel=tol, abs=0)
    # issue 18, item 3: every preset's flux within 3 % of the quoted one
    assert total == pytest.approx(p["published"]["flux"], rel=0.03, abs=0)


def test_unknown_preset():
    with pytest.raises(ValueError, match="preset must be one of"):
        presets.get("gemma2")


def test_schema_rejects_typo(tmp_path):
    data = yaml.safe_load(presets.PRESETS_PATH.read_text())
    data["presets"]["gemma"]["detector"]["treshold_keV"] = 2.8
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(ValueError, match=r"presets\.gemma\.detector.*treshold_keV"):
        presets.load(path)


def test_schema_rejects_bad_window(tmp_path):
    data = yaml.safe_load(presets.PRESETS_PATH.read_text())
    data["presets"]["conus"]["detector"]["window_keV"] = [8.0, 2.0]
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(ValueError, match="window_keV"):
        presets.load(path)


def test_binning_converged():
    # 8 geometric bins against 16: the expected limit moves by < 1 % (analytic Asimov)
    p = presets.get("gemma")
    m = presets.atomic_models(p)[0]
    a = presets.limit(p, m, method="analytic")
    b = presets.limit(p, m, n_bins=16, method="analytic")
    assert a == pytest.approx(b, rel=0.01)


def test_stepping_equals_fe_above_k_edge():
    # TEXONO window starts at 12 keV > Ge K edge 11.1 keV: all 32 electrons count in both models
    p = presets.get("texono")
    fe, st = presets.atomic_models(p)
    assert presets.limit(p, fe, method="analytic") == pytest.approx(presets.limit(p, st, method="analytic"), rel=1e-3)


def test_low_energy_option(tmp_path):
    # reactor.low_energy selects the spectrum below 2 MeV (nuion.detectors.sources.fission_spectrum);
    # the previous default, the scaled Vogel-Engel shapes, gives the old GEMMA-like flux
    data = yaml.safe_load(presets.PRESETS_PATH.read_text())
    data["presets"]["gemma"]["reactor"]["low_energy"] = "vogel-engel"
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(data))
    assert presets.flux(presets.get("gemma", path)).total() == pytest.approx(2.518e13, rel=2e-3, abs=0)
    data["presets"]["gemma"]["reactor"]["low_energy"] = "kopeikin"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(ValueError, match=r"presets\.gemma\.reactor\.low_energy"):
        presets.load(path)


MINIMAL = """\
presets:
  mine:
    source: reactor
    material: Ge
    reactor: {power_GW: 3.0, distance_m: 10.0}
    detector: {mass_kg: 1.0, threshold_keV: 0.3}
    exposure: {on_kg_day: 365.0}
    background: {level: 1.0}
"""


def test_own_detector_needs_only_the_required_keys(tmp_path):
    # issue 20, item 2: description, published, window and resolution are optional; what stands in is listed
    path = tmp_path / "mine.yaml"
    path.write_text(MINIMAL)
    p = presets.get("mine", path)
    assert p["description"] == "mine" and p["published"] == {}
    assert p["detector"]["window_keV"] == [0.3, presets.WINDOW_HIGH_KEV]
    assert p["detector"]["resolution"] == presets.RESOLUTION["Ge"]
    assert p["defaults"] == ["description", "published", "detector.window_keV", "detector.resolution"]
    fe = presets.atomic_models(p, ("fe",))[0]
    assert 1e-12 < presets.limit(p, fe, method="analytic") < 1e-10


def test_shipped_example_is_the_documented_one():
    # the complete example of docs/rates.md, sec. "Your own detector", is config/my_detector.yaml
    import re

    docs = (presets.PRESETS_PATH.parents[1] / "docs" / "rates.md").read_text()
    shipped = (presets.PRESETS_PATH.parent / "my_detector.yaml").read_text()
    blocks = re.findall(r"^```yaml\n(.*?)^```", docs, re.MULTILINE | re.DOTALL)
    assert shipped in blocks
    p = presets.get("my_ge", presets.PRESETS_PATH.parent / "my_detector.yaml")
    assert (p["reactor"]["power_GW"], p["reactor"]["distance_m"], p["detector"]["threshold_keV"]) == (3.0, 10.0, 0.3)


def test_rate_grid_starts_below_the_threshold():
    # issue 20, item 2: the spectrum started at 0.5 keV above a 0.3 keV threshold
    p = presets.get("my_ge", presets.PRESETS_PATH.parent / "my_detector.yaml")
    T = presets.spectrum_grid(p, 0.5, 60.0, 120)
    assert T[0] == 0.15 and T[-1] == 60.0 and len(T) == 120
    assert presets.spectrum_grid(presets.get("gemma"), 0.5, 60.0, 120)[0] == 0.5  # the presets' grids unchanged


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (("    reactor: {power_GW: 3.0, distance_m: 10.0}", "    reactor: {power_GW: 3.0, distance_m: 10.0, "
          "fractions: {U235: 0.6, Pu239: 0.3}}"), r"fractions: fission fractions must sum to 1.*sum 0\.9"),
        (("threshold_keV: 0.3}", "threshold_keV: 80.0}"), "give window_keV"),
        (("source: reactor\n", "source: reactor\n  x: [\n"), r"line \d+, column \d+.*YAML syntax"),
    ],
)
def test_bad_own_detector_one_line(tmp_path, edit, message):
    path = tmp_path / "mine.yaml"
    path.write_text(MINIMAL.replace(*edit))
    with pytest.raises(ValueError, match=message) as err:
        presets.load(path)
    assert "\n" not in str(err.value)


@pytest.fixture(scope="module")
def ion_response(tmp_path_factory):
    """A hydrogen-like ion (Z = 10, closed forms) as a stored response grid: it stands in for an atom
    (tests/test_rates_atom.py) in presets.atom_model, with material "Z10"."""
    import numpy as np

    from nuion import io, targets

    ion = targets.get("Z10")
    T, Q = np.geomspace(1.5, 20.0, 12), np.geomspace(0.2, 3e5, 600)
    S, R = ion.S(T[:, None], Q[None, :]), ion.R(T[:, None], Q[None, :])
    path = tmp_path_factory.mktemp("ion") / "Z10.nc"
    io.write_netcdf(io.response_dataset([io.shell_dataset(T, Q, S, R, ion, "1s", {"n_Q": int(Q.size)})]), path, "response")
    return path, ion, T, Q, S, R


@pytest.fixture(scope="module")
def xenonnt():
    p = presets.get("xenonnt")
    return p, presets.atomic_models(p)


class TestChannelLimits:
    """presets.limit with a channel (docs/channels.md, sec. 'Limits per channel and model'); the XENONnT-like
    preset with the analytic Asimov limit keeps these fast (the docs' tables are pyhf)."""

    def test_millicharge(self, xenonnt):
        # signal quadratic in q_nu: q_up = q_ref sqrt(m_up); measured 2.8893e-13 (fe), 3.3245e-13 (stepping)
        from nuion.cross_sections import channels as ch

        p, (fe, st) = xenonnt
        q = [presets.limit(p, m, method="analytic", channel=ch.Millicharge(1e-12)) for m in (fe, st)]
        assert q == pytest.approx([2.8893e-13, 3.3245e-13], rel=1e-4)
        assert presets.limit(p, fe, method="analytic", channel=ch.Millicharge(3e-12)) == pytest.approx(q[0], rel=1e-9)
        # the channel counts: the magnetic signal in the same role would give mu_up x q_ref/mu_ref = 8.0e-13
        mu = presets.limit(p, fe, method="analytic")
        assert mu * 1e-12 / 1e-11 == pytest.approx(8.0093e-13, rel=1e-4) and q[0] < 0.4 * mu * 1e-12 / 1e-11

    def test_charge_radius_both_signs(self, xenonnt):
        # (lower, upper): the excess a lambda + b lambda^2 has CLs strength 1 on each side; measured
        # (-1.00557e-30, 5.7702e-31) cm^2 (fe): the lower one is farther out, the excess being a deficit for
        # -2 g_V < delta g_V < 0; the channel's <r^2> does not matter (the excess is taken at +-R2_REF_CM2)
        from nuion.cross_sections import channels as ch

        p, (fe, _) = xenonnt
        lo, hi = presets.limit(p, fe, method="analytic", channel=ch.ChargeRadius(1e-32))
        assert (lo, hi) == pytest.approx((-1.00557e-30, 5.7702e-31), rel=1e-3)
        lo2, hi2 = presets.limit(p, fe, method="analytic", channel=ch.ChargeRadius(2e-32))
        assert (lo2, hi2) == pytest.approx((lo, hi), rel=2e-5)
        # the channel counts: the same construction with the magnetic signal is no limit on <r^2> at all
        assert presets.limit(p, fe, method="analytic", channel=ch.Magnetic(1e-11)) == pytest.approx(8.0093e-12, rel=1e-4)

    def test_atom_ratio_tables_follow_the_channel_coupling(self, ion_response):
        # presets.atom_model builds the millicharge tables with the channel given (its m_nu), not the default
        import numpy as np

        from nuion.cross_sections import channels as ch
        from nuion.detectors import rates
        from nuion.integrals import dcs

        path, ion, T, Q, S, R = ion_response
        Tn, un = T[[3, 8]], dcs.U_NODES[[10, 30]]  # grid nodes: the tables' own values
        got = {}
        for m_nu in (0.05e-3, 1e-3):
            atom = presets.atom_model({"material": "Z10", "source": "reactor"}, path, channels=(ch.Millicharge(1e-12, m_nu),))
            got[m_nu] = atom.channel_ratios[rates.channel_key(ch.Millicharge(1e-12, m_nu))](Tn[:, None], Tn[:, None] / un[None, :])
            want = dcs.channel_ratio_table(T, Q, S[None], R[None], ion, ch.Millicharge(1e-12, m_nu))[0]
            np.testing.assert_allclose(got[m_nu], want[[3, 8]][:, [10, 30]], rtol=1e-12)
        assert np.all(got[1e-3] < 0.97 * got[0.05e-3])  # heavier: a shorter logarithm of the photon pole

    def test_atom_charge_radius_excess_is_quadratic(self, ion_response):
        # the atom's tables at +-R2_REF_CM2 give the excess a lambda + b lambda^2 at any lambda: here at
        # -1.5e-30 and 6e-31 cm^2 within 1e-3 of the atom's own table there (measured 2e-4). Taken at 1e-32 and
        # 2e-32 cm^2 instead (g_V shifts 0.024, 0.048), b was 1 % of the excess there, and the tables' interpolation
        # (1e-4, a ratio of quadratics in g_V being no quadratic) put it 40 % off in some bins of the Ge atom
        # (CONUS-like: no lower limit found) and the excess at -6.6e-31 cm^2 60 % off for Xe (docs/channels.md)
        import numpy as np

        from nuion.cross_sections import channels as ch
        from nuion.detectors import rates, sensitivity, sources

        path, *_ = ion_response
        preset, flux, T = {"material": "Z10", "source": "reactor"}, sources.reactor_flux(3.0, 13.9), np.array([3.0, 10.0])
        atom = presets.atom_model(preset, path, channels=(ch.ChargeRadius(1e-32),))
        weak = rates.rate(T, flux, atom, "weak", "Ge")
        a, b = sensitivity.quadratic_coefficients(
            *(rates.rate(T, flux, atom, ch.ChargeRadius(r), "Ge") - weak for r in (presets.R2_REF_CM2, -presets.R2_REF_CM2)),
            presets.R2_REF_CM2)
        for lam in (-1.5e-30, 6e-31):
            exact = presets.atom_model(preset, path, channels=(ch.ChargeRadius(lam),))
            want = rates.rate(T, flux, exact, ch.ChargeRadius(lam), "Ge") - weak
            np.testing.assert_allclose(a * lam + b * lam**2, want, rtol=1e-3)
