"""assembler: turn a private-placement term sheet into a signing-ready closing set."""

__version__ = "0.1.0"
