"""The `kg` command line: a thin click shell over the library.

Each command parses its options, makes one library call and prints. Heavy imports (rdflib, pyoxigraph,
networkx, pyvis) happen inside the commands, so `kg --help` answers at once.
"""
from __future__ import annotations

import functools
import sys

import click

DEFAULT_STORE = "kg-store"
DEFAULT_BASE = "https://w3id.org/vnkg/id/"


def store_option(f):
    """--store: a folder for the embedded store, or a SPARQL server's URL."""
    return click.option(
        "--store", "store", default=DEFAULT_STORE, show_default=True, envvar="KG_STORE",
        help="Folder of the embedded Oxigraph store, or the URL of a SPARQL 1.1 server.")(f)


def base_option(f):
    return click.option(
        "--base", default=DEFAULT_BASE, show_default=True, envvar="KG_BASE",
        help="Base IRI under which entity IRIs are minted.")(f)


def user_errors(f):
    """Turn the library's user-facing errors into clean messages (no traceback, exit 1)."""

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        from .errors import KgError

        try:
            return f(*args, **kwargs)
        except KgError as e:
            raise click.ClickException(str(e)) from e
        except KeyboardInterrupt:
            click.echo("interrupted: every article written so far is complete; nothing is half-written", err=True)
            sys.exit(130)

    return wrapper


def open_store(location, base=DEFAULT_BASE, read_only=False):
    from .store import Store

    return Store.open(location, base=base, read_only=read_only)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="vnkg")
def cli():
    """vnkg: a knowledge graph of Vietnamese officials and institutions, from news articles.

    \b
    Typical use:
      kg build articles/                 # ingest a folder into ./kg-store
      kg query officials-of-body --param body="Bộ Tư pháp"
      kg viz -o graph.html --open        # the interactive viewer
      kg export --format trig -o kg.trig
    """


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Output file; the format follows the extension (.ttl .trig .nq .nt .jsonld).")
@base_option
@user_errors
def extract(files, output, base):
    """Turn articles into RDF, touching nothing else (no store).

    \b
    Example:
      kg extract data/articles/plvn-thi-dua.txt -o seed.trig
      kg extract a.txt b.html -o out.nq
    """
    from .pipeline import extract_files

    report = extract_files(files, output, base=base)
    click.echo(report, err=True)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@store_option
@base_option
@click.option("--no-derive", is_flag=True, help="Skip cross-article resolution and relations.")
@click.option("--progress/--no-progress", default=None, help="Show a progress bar (default: on a terminal).")
@user_errors
def build(paths, store, base, no_derive, progress):
    """Ingest article files and folders (.txt, .html, .htm, .jsonl) into the store, incrementally.

    Each article becomes one named graph; an unchanged article is skipped, a changed one replaces its
    graph. Other files in a folder are skipped and counted.

    \b
    Example:
      kg build data/articles
      kg build news/ more.jsonl --store /data/kg-store
    """
    from .build import build as run_build

    with open_store(store, base) as st:
        report = run_build(paths, st, derive=not no_derive, progress=progress)
    click.echo(report.summary())


def main():  # pragma: no cover
    cli()


if __name__ == "__main__":  # pragma: no cover
    main()
