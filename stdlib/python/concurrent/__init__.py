"""The concurrent package: concurrent.futures (written for gilpy, after CPython 3.11's)."""
