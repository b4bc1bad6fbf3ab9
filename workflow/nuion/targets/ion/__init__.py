"""The hydrogen-like ion: closed-form responses (eqs. (11), (14), (20) of Kouzakov & Studenikin 2011),
their sum rules, the independent partial-wave route, and the one-shell target built on them."""
