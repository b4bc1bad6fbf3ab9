"""Q integrals, DCS and sum-rule checks on stored (T, Q) grids, for every target (one shell or many)."""
