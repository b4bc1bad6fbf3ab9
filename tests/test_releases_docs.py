"""docs/releases.md, sec. 'Your own data: from a CSV of counts' runs as printed: its three files are
written as shown and its command gives observed and expected limits (issue 17, item 4)."""

import json
import re
import shlex
from pathlib import Path

import pytest

from nuion import cli

DOC = (Path(__file__).resolve().parents[1] / "docs" / "releases.md").read_text()
SECTION = DOC.split("## Your own data: from a CSV of counts")[1].split("\n## ")[0]


def test_walkthrough_runs_as_printed(tmp_path, monkeypatch, capsys):
    files = re.findall(r"^```(?:csv|yaml)\n# file: (\S+)\n(.*?)^```", SECTION, re.MULTILINE | re.DOTALL)
    assert [name for name, _ in files] == ["my-counts.csv", "my-background.csv", "my-release.yaml"]
    for name, body in files:
        (tmp_path / name).write_text(body)
    (command,) = re.findall(r"^```sh(?: template)?\n(.*?)\n```", SECTION, re.MULTILINE | re.DOTALL)
    words = shlex.split(command)
    assert words[0] == "nuion"
    monkeypatch.chdir(tmp_path)
    assert cli.main(words[1:]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["release"]["value"] == "my-detector"
    for key in ("mu_nu_limit_observed", "mu_nu_limit_expected"):
        assert out[key]["units"] == "Bohr magneton" and set(out[key]["value"]) == {"fe", "stepping"}
    fe = out["mu_nu_limit_band"]["value"]["fe"]
    assert fe == sorted(fe) and fe[2] == pytest.approx(out["mu_nu_limit_expected"]["value"]["fe"], rel=1e-12)
    # 105 observed on 98.5 expected background: the observed limit lies above the median
    assert out["mu_nu_limit_observed"]["value"]["fe"] > out["mu_nu_limit_expected"]["value"]["fe"]
