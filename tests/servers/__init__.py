"""Local protocol servers the test suite starts on loopback, each in its own process."""
