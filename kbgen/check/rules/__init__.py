"""The rule families of `kbgen check`, one module each (see kbgen.check.registry)."""
