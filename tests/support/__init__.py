"""What the tests share besides fixtures: the repository's paths, running `kbgen` as a user
runs it, serving a built site on loopback, Chromium's settings and the `kbgen collect`
process. Fixtures live in tests/conftest.py."""
