//! Test-only package: the top-level `tests/` directory holds the scenario
//! snapshot suite (`just test-scenarios`). Nothing here is product code.
