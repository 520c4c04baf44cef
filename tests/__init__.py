"""kbgen's tests, laid out like the package: site/, content/, search/, check/, mine/, events/;
cross-cutting ones (lint, packaging, the README as typed, security) here; shared helpers in
support/ and shared fixtures in conftest.py."""
