"""mylib: example payload."""
