"""Bad configurations stop the workflow before any job, with one line (issues 10 and 20).

Split from tests/test_workflow.py so that the test suite's two workers share the dry runs (each
about 10 s): the fixture makes only what a check of "nothing computed is lost" needs, the DCS of
the tiny .test config's Z2 at E = 3 eps_b. The cases marked heavy run in make test-heavy.
"""

import pytest

from test_workflow import make_copy, snakemake

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    dest = make_copy(tmp_path_factory.mktemp("wf-config"))
    snakemake(dest, "results/dcs/Z2/E3eb.nc")
    return dest


@pytest.mark.parametrize(
    "override, message",
    [
        (["Zs=[32]"], "Additional properties are not allowed ('Zs' was unexpected)"),
        pytest.param(["charges=0"], "Z[0]: 0 is less than the minimum of 1", marks=pytest.mark.heavy),
        pytest.param(["charges=[2.5]"], "Z[0]: 2.5 is not of type 'integer'", marks=pytest.mark.heavy),
        (["energies=[0.5]"], "E = 0.5eb"),
        pytest.param(["T_over_eb={'n': 100000}", "grid={'n_Q': 1000000}"], "grid points need about 12800.2 GB per job", marks=pytest.mark.heavy),
        pytest.param(["mu_nu=1e-11", "grid={'K_max': 1e400}"], "grid.K_max: inf is not a finite number", marks=pytest.mark.heavy),
        pytest.param(["targets=[Z2,Unobtainium]"], "targets[1]: unknown target 'Unobtainium'; allowed: hydrogen-like ions", marks=pytest.mark.heavy),
        (["targets=[Ge30+]"], "targets[0]: target 'Ge30+' is not a hydrogen-like ion"),
        pytest.param(["targets=[Ge]"], "E[0]: energy '3eb' is in units of eps_b, which only a hydrogen-like ion has", marks=pytest.mark.heavy),
        (["targets=[Ge]", "energies=[1MeV]", "atoms={'continuum': 'dirac'}"], "atoms.continuum: 'dirac' is not one of"),
        pytest.param(["targets=[Xe]", "energies=[1MeV]", "atoms={'thresholds': 'guessed'}"], "atoms.thresholds: 'guessed' is not one of", marks=pytest.mark.heavy),
        pytest.param(["targets=[Ge]", "energies=[1MeV]", "atoms={'Q': {'min': 1.0}}"], "atoms.Q.min = 1.0 keV^2 exceeds atoms.T.min^2", marks=pytest.mark.heavy),
        pytest.param(["targets=[Ge]", "energies=[1MeV]", "atoms={'photo': {'min': 5.0, 'max': 2.0}}"], "atoms.photo.max = 2.0 keV must exceed atoms.photo.min = 5.0 keV", marks=pytest.mark.heavy),
        pytest.param(["targets=[Ge]", "energies=[1MeV]", "atoms={'photo': {'max': 500.0}}"], "atoms.photo.max: 500.0 is greater than the maximum of 200", marks=pytest.mark.heavy),
        pytest.param(["targets=[Ge]", "energies=[1MeV]", "atoms={'Q': {'n': 240}}"], "('n' was unexpected)", marks=pytest.mark.heavy),
        pytest.param(["targets=[Ge]", "energies=[1MeV]", "atoms={'T': {'min': 1.0, 'max': 1.1}, 'Q': {'min': 1.0, 'max': 1.5, 'per_decade': 1, 'ridge_per_decade': 1}}"], "atoms.Q: 2 points; the cubic Q integrals need at least 4", marks=pytest.mark.heavy),
        pytest.param(["targets=[Z2,He1+]"], "targets[1]: 'He1+' is Z2, already listed", marks=pytest.mark.heavy),
        pytest.param(["targets=[Z2]", "charges=[3]"], "targets and Z are both given", marks=pytest.mark.heavy),
        pytest.param(["energies=[1MeV,1000keV]"], "E[1]: '1000keV' is the same energy as '1MeV'", marks=pytest.mark.heavy),
        (["energies=[3,12parsecs]"], "E[1]: '12parsecs' does not match"),
        # the channels of the limits (docs/releases.md, sec. 'Other channels'): weak is the background, no limit
        (["datasets={'channels': ['magnetic', 'weak']}"],
         "datasets.channels[1]: 'weak' is not one of ['magnetic', 'millicharge', 'charge-radius']"),
        pytest.param(["rates={'channels': ['magentic']}"],
                     "rates.channels[0]: 'magentic' is not one of ['magnetic', 'millicharge', 'charge-radius']",
                     marks=pytest.mark.heavy),
    ],
)
def test_bad_config_one_clear_error(run, override, message):
    proc = snakemake(run, "-n", "--config", *override, check=False)
    assert proc.returncode != 0
    lines = [line for line in (proc.stdout + proc.stderr).splitlines() if line.startswith("config error:")]
    assert len(lines) == 1 and message in lines[0], proc.stderr
    assert (run / "results/dcs/Z2/E3eb.nc").exists()  # nothing computed is lost



def test_bad_config_is_one_line_only(run):
    # issue 10 item 8: one line, no WorkflowError banner and no 'File ...' lines after it;
    # the allowed keys name the spelling the command line accepts
    proc = snakemake(run, "-n", "--config", "charge=3", check=False)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "WorkflowError" not in out and 'File "' not in out and "Traceback" not in out, out
    errors = [line for line in out.splitlines() if "error" in line.lower()]
    assert errors == [errors[0]] and errors[0].startswith("config error: top level:"), out
    assert "Z (--config charges=), E (--config energies=)" in errors[0]


def test_yaml_syntax_error_names_file_and_line(run, tmp_path):
    # issue 10 item 9: Snakemake's own message names neither file nor line; line 7 is "   n: [oops"
    dest = make_copy(tmp_path)
    path = dest / "config" / "config.yaml"
    path.write_text(path.read_text().replace("  max: 8.0", "  max: 8.0\n   n: [oops"))
    proc = snakemake(dest, "-n", check=False)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0 and "WorkflowError" not in out, out
    (line,) = [line for line in out.splitlines() if line.startswith("config error:")]
    assert line.startswith("config error: config/config.yaml, line 7, column 5: "), line


