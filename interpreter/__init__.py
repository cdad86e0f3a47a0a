"""The interpreter of the global semantics: the oracle of the differential tests."""
