"""The `kg` command line: a thin click shell over the library.

Each command parses its options, makes one library call and prints. Heavy imports (rdflib, pyoxigraph,
networkx, pyvis) happen inside the commands, so `kg --help` answers at once.
"""
from __future__ import annotations

import functools
import sys

import click

# the same defaults as kg.store and kg.vocab, repeated so that `kg --help` imports neither (nor pyoxigraph, rdflib)
DEFAULT_STORE = "kg-store"
DEFAULT_BASE = "https://w3id.org/vnkg/id/"


def store_option(f):
    """--store: a folder for the embedded store, or a SPARQL server's URL."""
    return click.option(
        "--store", "store", default=DEFAULT_STORE, show_default=True, envvar="KG_STORE",
        help="Folder of the embedded Oxigraph store, or the URL of a SPARQL 1.1 server.")(f)


def jobs_option(f):
    """--jobs: extraction spread over worker processes (the store is written by one)."""
    return click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None,
                        help="Worker processes for extraction [default: the number of CPUs].")(f)


def _jobs(jobs):
    import os

    return jobs or os.cpu_count() or 1


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
            click.echo("interrupted: every article graph written so far is whole", err=True)
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
@jobs_option
@user_errors
def extract(files, output, base, jobs):
    """Turn articles into RDF, touching nothing else (no store).

    \b
    Example:
      kg extract data/articles/plvn-thi-dua.txt -o seed.trig
      kg extract a.txt b.html -o out.nq
    """
    from .pipeline import extract_files

    report = extract_files(files, output, base=base, jobs=_jobs(jobs))
    click.echo(report, err=True)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@store_option
@base_option
@click.option("--no-derive", is_flag=True, help="Skip cross-article resolution and relations.")
@click.option("--progress/--no-progress", default=None, help="Show a progress bar (default: on a terminal).")
@jobs_option
@user_errors
def build(paths, store, base, no_derive, progress, jobs):
    """Ingest article files and folders (.txt, .html, .htm, .jsonl) into the store, incrementally.

    Each article becomes one named graph; an unchanged article is skipped, a changed one replaces its
    graph. Other files in a folder are skipped and counted.

    \b
    Example:
      kg build data/articles
      kg build news/ more.jsonl --store /data/kg-store
    """
    from .build import build as run_build

    show = sys.stderr.isatty() if progress is None else progress
    bar = _ProgressBar("ingesting") if show else None
    try:
        with open_store(store, base) as st:
            report = run_build(paths, st, derive=not no_derive, progress=bar, jobs=_jobs(jobs))
    finally:
        if bar:
            bar.close()
    click.echo(report.summary())
    if report.errors:  # everything else was written; the exit status tells scripts that something was not
        sys.exit(1)


class _ProgressBar:
    """click's progress bar, created when the total is known (the library reports (done, total))."""

    def __init__(self, label):
        self.label, self.bar, self.done = label, None, 0

    def __call__(self, done, total):
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr, show_pos=True)
            self.bar.__enter__()
        self.bar.update(done - self.done)
        self.done = done

    def close(self):
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@cli.command()
@store_option
@base_option
@user_errors
def relations(store, base):
    """Compute the derived relations (colleagues, co-attendance, clusters, centrality) into their own graph.

    `kg build` does this after ingesting; run it alone after editing the store by other means.

    \b
    Example:
      kg relations
      kg relations --store /data/kg-store
    """
    from .relations import derive

    with open_store(store, base) as st:
        counts = derive(st, base=base)
    for kind, n in counts.items():
        click.echo(f"{kind:20} {n}")


@cli.command()
@click.argument("source")
@click.argument("target")
@click.option("--limit", default=5, show_default=True, help="At most this many chains.")
@store_option
@base_option
@user_errors
def path(source, target, limit, store, base):
    """Print the shortest chains connecting two persons or bodies, each step with its evidence sentence.

    SOURCE and TARGET are names (any letter case) or <IRI>s.

    \b
    Example:
      kg path "Trần Quốc Tỏ" "Nguyễn Thanh Tịnh"
      kg path "Ngô Văn Tuấn" "Bộ Tư pháp" --limit 2
    """
    from .relations import format_paths, project, shortest_paths

    with open_store(store, base, read_only=True) as st:
        g = project(st, base)
    click.echo(format_paths(g, shortest_paths(g, source, target, limit=limit)))


@cli.command()
@click.option("--top", default=20, show_default=True, help="How many officials to list.")
@click.option("--by", type=click.Choice(["degree", "betweenness"]), default="degree", show_default=True)
@store_option
@base_option
@user_errors
def rank(top, by, store, base):
    """List the most central officials (degree, betweenness) of the relation graph.

    \b
    Example:
      kg rank --top 10
      kg rank --by betweenness
    """
    from .relations import rank as run_rank

    with open_store(store, base, read_only=True) as st:
        rows = run_rank(st, top=top, by=by, base=base)
    click.echo(f"{'#':>3}  {'degree':>8}  {'betweenness':>11}  name")
    for i, (_, label, deg, btw) in enumerate(rows, 1):
        click.echo(f"{i:>3}  {deg:8.4f}  {btw:11.4f}  {label}")


def _parse_params(values):
    out = {}
    for v in values:
        if "=" not in v:
            raise click.BadParameter(f"{v!r}: write NAME=VALUE", param_hint="--param")
        k, val = v.split("=", 1)
        out[k.strip()] = val
    return out


@cli.command()
@click.argument("q", required=False)
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a parameter (as an RDF term, never pasted into the text); a name or <IRI>.")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True, help="Output for SELECT/ASK; CONSTRUCT/DESCRIBE print Turtle (N-Triples with csv/tsv).")
@click.option("--list", "list_named", is_flag=True, help="List the named queries and their parameters.")
@store_option
@base_option
@user_errors
def query(q, params, fmt, list_named, store, base):
    """Run a SPARQL query: text, a file (.rq), or the name of a query in ontology/queries.

    The project's prefixes (org, foaf, skos, schema, prov, time, oa, vnkg, ...) are predeclared.

    \b
    Example:
      kg query --list
      kg query officials-of-body --param body="Bộ Công an"
      kg query offices-of-person -p person="Trần Quốc Tỏ" --format csv
      kg query 'SELECT ?n WHERE { ?p a foaf:Person ; foaf:name ?n }' --format json
      kg query my-query.rq
    """
    from . import query as Q

    if list_named:
        click.echo(Q.describe_named())
        return
    if not q:
        raise click.UsageError("give a query (text, file or name), or --list")
    with open_store(store, base, read_only=not str(store).startswith(("http://", "https://"))) as st:
        res = Q.run(st, q, _parse_params(params))
    for note in res.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(Q.render(res, fmt, base=base).rstrip("\n"))


@cli.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to bind; anything but loopback exposes the graph to the network.")
@click.option("--port", default=7878, show_default=True, type=int)
@click.option("--timeout", default=30.0, show_default=True, help="Seconds a query may run.")
@click.option("--max-rows", default=10000, show_default=True, help="At most this many result rows.")
@click.option("-v", "--verbose", is_flag=True, help="Log each request.")
@user_errors
def serve(store, host, port, timeout, max_rows, verbose):
    """Answer the SPARQL 1.1 Protocol at /sparql (read-only), with a query page at /.

    \b
    Example:
      kg serve --store kg-store --port 7878
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 3' \\
           http://127.0.0.1:7878/sparql
    """
    from .serve import is_loopback, make_server

    st = open_store(store, read_only=True)
    try:
        server = make_server(st, host, port, timeout=timeout, max_rows=max_rows, verbose=verbose)
    except OSError as e:
        st.close()
        raise click.ClickException(f"cannot listen on {host}:{port}: {e}") from e
    if not is_loopback(host):
        click.echo(f"warning: listening on {host}: reachable from other machines", err=True)
    h, p = server.server_address[:2]
    click.echo(f"SPARQL endpoint at http://{h}:{p}/sparql (query page at http://{h}:{p}/); Ctrl-C stops it",
               err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        server.endpoint.close()
        st.close()


@cli.command("export")
@click.option("-f", "--format", "fmt", metavar="FMT",
              help="turtle, trig, nquads, ntriples, jsonld, csv, graphml, gexf, popolo or ftm "
                   "(default: from the extension of -o; a name with no extension is a CSV folder).")
@click.option("-o", "--output", required=True, type=click.Path(),
              help="File to write (a folder for csv). Written atomically: nothing half-written on failure.")
@click.option("--graph", "graph", metavar="IRI", help="Export only this named graph (one article's facts).")
@store_option
@base_option
@user_errors
def export_cmd(fmt, output, graph, store, base):
    """Write the graph in another format: RDF, CSV tables, a network, Popolo or FollowTheMoney.

    RDF triple formats (turtle, ntriples) hold the union of all graphs; trig, nquads and jsonld keep one
    named graph per article. JSON-LD carries its @context inline (readable offline). csv writes a folder:
    persons, bodies, offices, clusters, events, attendance, suborganizations. graphml and gexf hold the
    relation graph; popolo is Popolo JSON; ftm is FollowTheMoney entities, one JSON object a line.

    \b
    Example:
      kg export -o kg.trig
      kg export --format csv -o tables/
      kg export -o officials.popolo.json
      kg export --format ftm -o vnkg.ftm.jsonl --store /data/kg-store
      kg export -o one.ttl --graph https://w3id.org/vnkg/id/graph/a1
    """
    from .export import export, format_for

    fmt = format_for(output, fmt)  # an unknown format fails before the store is opened
    with open_store(store, base, read_only=True) as st:
        report = export(st, fmt, output, graph=graph)
    click.echo(report.summary())


@cli.command()
@store_option
@base_option
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The HTML file to write (one self-contained file that works offline).")
@click.option("--from", "from_file", type=click.Path(exists=True, dir_okay=False),
              help="Read an exported graph (.trig .nq .ttl .nt .jsonld) instead of the store.")
@click.option("--focus", help="Draw only the neighbourhood of this person or body (name, any diacritics, or IRI).")
@click.option("--depth", default=2, show_default=True, type=click.IntRange(0, 10), help="Steps around --focus.")
@click.option("--title", help="Page title.")
@click.option("--open", "open_browser", is_flag=True, help="Open the file in the web browser.")
@user_errors
def viz(store, base, output, from_file, focus, depth, title, open_browser):
    """Write the interactive graph viewer: one HTML file, everything inlined, no network needed.

    Persons, bodies, emulation clusters, events and roles are styled apart; search ignores diacritics;
    clicking a node shows its offices, events and the sentences they come from.

    \b
    Example:
      kg viz -o graph.html --open
      kg viz --focus "Bộ Tư pháp" --depth 2 -o tu-phap.html
      kg viz --from kg.trig -o graph.html
    """
    from .viz import load_file, write_viz

    if from_file:
        result = write_viz(load_file(from_file), output, focus=focus, depth=depth, title=title, base=base)
    else:
        with open_store(store, base, read_only=True) as st:
            result = write_viz(st, output, focus=focus, depth=depth, title=title, base=base)
    click.echo(result.summary(), err=True)
    if open_browser:
        import webbrowser

        webbrowser.open(result.path.resolve().as_uri())


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@store_option
@base_option
@user_errors
def validate(files, store, base):
    """Check the store (or RDF files) against the contract's SHACL shapes, one named graph at a time.

    Prints each violation (and warning) under its graph's IRI; exits with status 1 when a graph has a
    violation. Needs pyshacl (the `test` extra).

    \b
    Example:
      kg validate
      kg validate --store /data/kg-store
      kg extract article.txt -o out.trig && kg validate out.trig
    """
    from .shapes import check

    conforms, report = check(files, store=store, base=base)
    if report:
        click.echo(report)
    if not conforms:
        sys.exit(1)
    click.echo("conforms (with warnings)" if report else "conforms")


def main():  # pragma: no cover
    cli()


if __name__ == "__main__":  # pragma: no cover
    main()
