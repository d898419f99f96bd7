"""Errors meant for the user: the CLI prints their message, without a traceback."""


class KgError(Exception):
    """Base of every error whose message is for the user."""


class InputError(KgError):
    """An input file that cannot be read or decoded."""
