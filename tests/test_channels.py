"""Tests of nuion.cross_sections.channels and the channel route of nuion.integrals.dcs (docs/channels.md).

Free-electron limits against their closed forms, the model's free electron against the
relativistic one, the grid route of a hydrogen-like ion against direct quadrature of its closed
forms, the magnetic channel against the magnetic route, the millicharge's logarithm in m_nu.
"""

import numpy as np
import pytest
from scipy.integrate import quad

from nuion import targets
from nuion.constants import ALPHA, HBAR_C_CM_KEV, M_E
from nuion.cross_sections import channels as ch
from nuion.integrals import dcs
from nuion.integrals.qintegrals import complete_cumulative, shell_cumulative

CM2 = HBAR_C_CM_KEV**2
E = 1000.0
T = np.array([0.2, 0.5, 1.0, 2.0, 5.0, 10.0])


class TestFreeElectronLimits:
    """S = delta(T - Q/2m_e), R = 0 in each channel's weights against the closed form (docs/channels.md)."""

    def test_millicharge(self):
        # (2 pi alpha^2 dq^2 / (m_e T^2)) (E'/E) (1 - x), x = (2 m_e T - T^2)/(4 E E')
        c = ch.Millicharge(3e-12)
        Ep = E - T
        x = (2 * M_E * T - T**2) / (4 * E * Ep)
        exact = 2 * np.pi * ALPHA**2 * 9e-24 / (M_E * T**2) * Ep / E * (1 - x) * CM2
        np.testing.assert_allclose(c.dcs_fe_model(T, E), exact, rtol=1e-12)

    @pytest.mark.parametrize("flavour", ch.FLAVOURS)
    def test_weak(self, flavour):
        # (G_F^2 m_e / pi)(E'/E)[gV^2 (1-x) + gA^2 (1+x) + gV gA (E+E') Q4/(2 m_e E E')], Q4 = 2 m_e T - T^2
        c = ch.Weak(flavour)
        gV, gA = ch.couplings(flavour)
        Ep = E - T
        Q4 = 2 * M_E * T - T**2
        x = Q4 / (4 * E * Ep)
        exact = ch.G_F**2 * M_E / np.pi * Ep / E * (gV**2 * (1 - x) + gA**2 * (1 + x)
                                                     + gV * gA * (E + Ep) * Q4 / (2 * M_E * E * Ep)) * CM2
        np.testing.assert_allclose(c.dcs_fe_model(T, E), exact, rtol=1e-12)

    def test_magnetic(self):
        # docs/physics.md: P/T (2E-T)^2/(4E^2) (1 - T/(2 m_e))
        c = ch.Magnetic(1e-11)
        exact = ch.magnetic.prefactor(1e-11) / T * (2 * E - T) ** 2 / (4 * E**2) * (1 - T / (2 * M_E))
        np.testing.assert_allclose(c.dcs_fe_model(T, E), exact, rtol=1e-12)

    @pytest.mark.parametrize("channel", [ch.Weak("nue"), ch.Weak("numu"), ch.Weak("nuebar"), ch.Weak("numubar"),
                                         ch.Millicharge(1e-12), ch.ChargeRadius(1e-32)])
    def test_model_against_relativistic(self, channel):
        # The nonrelativistic reduction keeps the T/E terms: differences of order (T/E)^2, T^2/(m_e E) only
        bound = 0.5 * T**2 / (M_E * E) + 0.5 * (T / E) ** 2
        assert np.all(np.abs(channel.dcs_fe_model(T, E) / channel.dcs_fe(T, E) - 1) < bound)

    def test_charge_radius_shift(self):
        # sqrt(2) pi alpha / (3 G_F) <r^2>, 1e-32 cm^2 = 2.568e-5 GeV^-2, G_F = 1.1663788e-5 GeV^-2
        assert ch.charge_radius_shift(1e-32) == pytest.approx(np.sqrt(2) * np.pi * ALPHA / 3 / 1.1663788e-5 * 1e-32 / (1.97326980e-14) ** 2, rel=1e-6)
        assert ch.charge_radius_shift(1e-32, 1e-32 / 6) == pytest.approx(0.0, abs=1e-15)


@pytest.fixture(scope="module")
def hydrogen():
    ion = targets.get("Z1")
    Tg, Qg = np.geomspace(0.02, 0.3, 4), np.geomspace(1e-4, 1e7, 1500)
    return ion, Tg, Qg, ion.S(Tg[:, None], Qg[None, :])[None], ion.R(Tg[:, None], Qg[None, :])[None]


def _direct(ion, t, channel, q_end):
    """Direct quadrature of the closed forms in ln Q (power terms) and ln Q4 (the pole)."""
    total = 0.0
    for term in channel.terms(np.array([t]), np.array([E])):
        F = ion.S if term.response == "S" else ion.R
        f = lambda u, term=term, F=F: sum(c[0] * np.exp(p * u) for p, c in term.coefficients.items()) * F(t, np.exp(u))  # noqa: E731
        edges = np.linspace(np.log(term.q_lo[0]), np.log(min(term.q_hi[0], q_end)), 40)
        total += sum(quad(f, a, b, epsabs=0, epsrel=1e-10)[0] for a, b in zip(edges[:-1], edges[1:]))
    pole = channel.pole(np.array([t]), np.array([E]))
    if pole is not None:
        c_sing, c_ph, q4 = (p[0] for p in pole)
        g = lambda v: t**2 * ion.R(t, t**2 + np.exp(v)) / (t**2 + np.exp(v)) ** 2  # noqa: E731
        edges = np.linspace(np.log(q4), np.log(min((2 * E - t) ** 2, q_end) - t**2), 60)
        total += c_sing * sum(quad(g, a, b, epsabs=0, epsrel=1e-10)[0] for a, b in zip(edges[:-1], edges[1:]))
        total += c_ph * ion.R(t, t**2) / t**2
    return total


class TestGridRoute:
    """channel_dcs_from_grid: one function for every target and channel."""

    def test_magnetic_is_the_magnetic_route(self, hydrogen):
        ion, Tg, Qg, S, R = hydrogen
        a = dcs.dcs_from_grid(Tg, Qg, S, R, ion, E, 1e-11)
        b = dcs.channel_dcs_from_grid(Tg, Qg, S, R, ion, E, ch.Magnetic(1e-11))
        np.testing.assert_allclose(b["dcs_total"], a["dcs_total"], rtol=1e-12)
        np.testing.assert_allclose(b["dcs_stepping"], a["dcs_stepping"], rtol=1e-12)

    @pytest.mark.parametrize("channel", [ch.Weak("nuebar"), ch.Millicharge(1e-12), ch.ChargeRadius(1e-32, "nue")])
    def test_hydrogen_against_closed_forms(self, hydrogen, channel):
        # ln S, ln R linear in ln Q on 136 points per decade: error O(h^2) on the ridge, 5e-4 at T = 0.3 keV
        # (21.6 eps_b; 4x the points: 16x smaller, measured)
        ion, Tg, Qg, S, R = hydrogen
        grid = dcs.channel_dcs_from_grid(Tg, Qg, S, R, ion, E, channel)["dcs_total"]
        direct = np.array([_direct(ion, t, channel, Qg[-1]) for t in Tg])
        np.testing.assert_allclose(grid, direct, rtol=1e-3)

    def test_millicharge_log_in_mass(self, hydrogen):
        # d(dsigma/dT)/d ln m_nu = -2 c_sing R(T, T^2)/T^2: the logarithm of the pole, ln(T^2/Q4_min)
        ion, Tg, Qg, S, R = hydrogen
        d = [dcs.channel_dcs_from_grid(Tg, Qg, S, R, ion, E, ch.Millicharge(1e-12, m))["dcs_total"] for m in (0.05e-3, 0.05e-2)]
        c_sing = ch.Millicharge(1e-12).pole(Tg, E)[0]
        slope = (d[1] - d[0]) / np.log(10.0)
        np.testing.assert_allclose(slope, -2 * c_sing * ion.R(Tg, Tg**2) / Tg**2, rtol=1e-5)

    def test_missing_cumulative_tables_computed(self, hydrogen):
        ion, Tg, Qg, S, R = hydrogen
        full = shell_cumulative(Qg, S, R)
        old = {"S": {p: full["S"][p] for p in (0, -1)}, "R": {p: full["R"][p] for p in (0, 1)}}
        done = complete_cumulative(Qg, S, R, old)
        for name in ("S", "R"):
            for p, C in full[name].items():
                np.testing.assert_allclose(done[name][p], C, rtol=1e-14)


class TestRates:
    """Channels in the rates: free electrons and stepping use each channel's free-electron DCS."""

    def test_weak_channel_is_the_weak_rate(self):
        # rates.dcs_weak (the rates' free-electron formula) = Weak.dcs_fe, per flavour
        from nuion.detectors import rates

        Tk, Ek = np.array([0.5, 2.0, 10.0]), np.array([300.0, 1000.0, 3000.0])
        for f in ch.FLAVOURS:
            np.testing.assert_allclose(ch.Weak(f).dcs_fe(Tk, Ek), rates.dcs_weak(Tk, Ek, f), rtol=1e-12)
        step = rates.Stepping.from_element("Ge")
        np.testing.assert_allclose(step.dcs_channel(Tk, Ek, ch.Weak("nuebar")), step.dcs_weak(Tk, Ek, "nuebar"), rtol=1e-12)

    def test_flavour_parts(self):
        from nuion.detectors import rates

        class Flux:
            antineutrino, p_ee = False, 0.55

        parts = rates.flavour_parts(Flux(), ch.ChargeRadius(1e-32, "nuebar"))
        assert [(w, c.flavour) for w, c in parts] == [(0.55, "nue"), (pytest.approx(0.45), "numu")]
        assert all(c.gV - ch.couplings(c.flavour)[0] == pytest.approx(ch.charge_radius_shift(1e-32)) for _, c in parts)

    def test_ratio_table_is_the_grid_route(self, hydrogen):
        ion, Tg, Qg, S, R = hydrogen
        u = np.array([1e-3, 1e-2])
        c = ch.Millicharge(1e-12)
        r = dcs.channel_ratio_table(Tg, Qg, S, R, ion, c, u=u)
        d = dcs.channel_dcs_from_grid(Tg, Qg, S, R, ion, Tg / 1e-2, c)
        fe = c.dcs_fe_formula(Tg, Tg / 1e-2)  # negative at T = 0.02 keV, E = 2 keV (m_e T/2E^2 > 1): ratio 0
        np.testing.assert_allclose(r[0, :, 1], np.where(fe > 0, d["dcs_total"] / fe, 0.0), rtol=1e-12)
        assert (fe > 0).sum() == 3


class TestCommandLine:
    def test_dcs_channel_ion(self, capsys):
        # nuion dcs --channel millicharge for a hydrogen-like ion: the names of the channels dataset (issue 20,
        # item 4: one name per quantity), and the API's numbers
        import json

        from nuion.api import channel_dcs
        from nuion.cli import main

        assert main(["dcs", "--channel", "millicharge", "--Z", "32", "--E", "1MeV", "--T", "20keV", "--json"]) == 0
        out = json.loads(capsys.readouterr().out)
        for key in ("dcs_channel", "ratio_fe_atom_channel", "ratio_stepping_channel", "dcs_1s", "q_nu", "m_nu"):
            assert key in out
        ref = channel_dcs(20.0, 1000.0, "Z32", ch.Millicharge(1e-12))
        assert out["dcs_channel"]["value"] == pytest.approx(float(ref["dcs_total"][0]), rel=1e-12)
        assert out["ratio_fe_atom_channel"]["value"] == pytest.approx(float(ref["ratio_fe_atom"][0]), rel=1e-12)
        assert out["ratio_stepping_channel"]["value"] == pytest.approx(float(ref["ratio_stepping"][0]), rel=1e-12)


class TestChannelsStage:
    def test_dataset_round_trip(self, hydrogen, tmp_path):
        # workflow/scripts/channels.py on a stored hydrogen response grid: every channel, the magnetic one
        # equal to the magnetic route, ratios finite (0 where undefined), the dataset kind 'channels'
        import importlib.util
        from pathlib import Path

        from nuion import io

        ion, Tg, Qg, S, R = hydrogen
        shell = io.shell_dataset(Tg, Qg, S[0], R[0], ion, ion.shells[0].label, {"n_Q": int(Qg.size)})
        path = tmp_path / "Z1.nc"
        io.write_netcdf(io.response_dataset([shell]), path, "response")
        script = Path(__file__).resolve().parents[1] / "workflow" / "scripts" / "channels.py"
        spec = importlib.util.spec_from_file_location("channels_script", script)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        job = {"target": "Z1", "label": "1MeV", "E_keV": E, "mu_nu": 1e-11, "q_nu": 1e-12, "m_nu_eV": 0.05, "r2_cm2": 1e-32}
        mod.main(str(path), str(tmp_path / "ch.nc"), job)
        ds = io.read_dataset(tmp_path / "ch.nc", "channels")
        assert list(ds["channel"].values)[:2] == ["magnetic", "weak:nue"] and "millicharge" in ds["channel"].values
        ref = dcs.dcs_from_grid(Tg, Qg, S, R, ion, E, 1e-11)["dcs_total"]
        np.testing.assert_allclose(ds["dcs_channel"].sel(channel="magnetic").values, ref, rtol=1e-12)
        assert np.all(np.isfinite(ds["ratio_fe_atom_channel"].values))
