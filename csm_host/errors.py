class HostError(Exception):
    """A failure the user can act on; the CLI prints it as one line, without a traceback."""
