"""pytest-cerulean: start Cerulean (the offline emulator of Azure's AI deployment APIs) for a
test run, and reset, seed, fault and time it per test. See docs/testing.md in Cerulean's repository."""
from .server import CeruleanError, CeruleanServer, find_binary

__version__ = "0.1.0"
__all__ = ["CeruleanError", "CeruleanServer", "find_binary"]
