"""Sub-commands of the ``zjtx`` command line, one module each with ``register(subparsers)``."""
