"""quotegraph quotes | speakers | speaker | stories | story | reactions: read the corpus store."""

from __future__ import annotations

import datetime
import json
import sys
import textwrap
from dataclasses import asdict

import click

from quotegraph.cli._group import fail, friendly, main
from quotegraph.config import DEFAULT_DB
from quotegraph.model import counted, display
from quotegraph.query import KINDS, Corpus, Quote
from quotegraph.query.export import export_quotes
from quotegraph.query.filters import ACT_CHOICES

db_option = click.option(
    "--db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False), help="Store file."
)


def format_quote(q: Quote, indent: str = "   ") -> str:
    who = q.speaker or "?"
    if q.named is False:
        who += " (unnamed)"
    where = " | ".join(x for x in [q.date or "undated", q.outlet, q.title] if x)
    extras = (
        [q.kind]
        + ([f"via {q.channel}"] if q.channel else [])
        + ([f"to {q.addressee}"] if q.addressee else [])
    )
    if q.group_documents and q.group_documents > 1:
        extras.append(f"in {q.group_documents} articles, group {q.group}")
    head = f"{indent}{who}  [{'; '.join(extras)}]  {where}"
    words = q.text if len(q.text) <= 400 else q.text[:397] + "..."
    body = textwrap.wrap(
        display(q.kind, words), width=96, initial_indent=indent + "   ", subsequent_indent=indent + "   "
    )
    prov = f"{indent}   doc {q.document} [{q.start}:{q.end}]"
    return "\n".join([head, *body, prov])


def emit_quotes(quotes: list[Quote], as_json: bool, as_csv: bool) -> None:
    if as_json:
        click.echo(json.dumps([q.to_dict() for q in quotes], ensure_ascii=False, indent=2))
    elif as_csv:
        export_quotes(quotes, "csv", sys.stdout)
    elif quotes:
        click.echo("\n".join(format_quote(q) for q in quotes))


def _iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A date option must be a real calendar date, so a typo is a usage error rather than an empty result."""
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


@main.command()
@db_option
@click.option("--speaker", help="A name or alias (case- and accent-insensitive), or an entity id.")
@click.option("--addressee", help="Statements made to this person or organisation (a name, alias or id).")
@click.option("--search", help='Words that must all occur; "a phrase" in double quotes.')
@click.option("--kind", type=click.Choice(KINDS), multiple=True)
@click.option("--outlet", help='Outlet name, exact but case-insensitive ("harbor news").')
@click.option("--since", help="YYYY-MM-DD", callback=_iso_date)
@click.option("--until", help="YYYY-MM-DD", callback=_iso_date)
@click.option("--story", type=int)
@click.option(
    "--act",
    type=click.Choice(ACT_CHOICES),
    default="speech",
    show_default=True,
    help="What people said (speech), thoughts attributed to them, findings of documents, or all.",
)
@click.option("--json", "as_json", is_flag=True)
@click.option("--csv", "as_csv", is_flag=True)
@click.option("--limit", default=50, show_default=True)
@click.option("--hidden", is_flag=True, help="Also the statements hidden with `quotegraph hide`.")
@friendly
def quotes(
    db: str,
    speaker: str | None,
    addressee: str | None,
    search: str | None,
    kind: tuple[str, ...],
    outlet: str | None,
    since: str | None,
    until: str | None,
    story: int | None,
    act: str,
    as_json: bool,
    as_csv: bool,
    limit: int,
    hidden: bool,
) -> None:
    """Statements in the store, newest first, filtered."""
    if as_json and as_csv:
        raise click.UsageError("choose one of --json and --csv")
    with Corpus(db) as corpus:
        found = corpus.quotes(
            speaker=speaker,
            search=search,
            kind=kind or None,
            outlet=outlet,
            since=since,
            until=until,
            story=story,
            limit=limit,
            act=act,
            hidden=hidden,
            addressee=addressee,
        )
    emit_quotes(found, as_json, as_csv)
    if not found:
        fail("no statements match")


@main.command()
@db_option
@click.option("--top", default=20, show_default=True)
@click.option("--unnamed", is_flag=True, help="Include unnamed sources ('a senior official').")
@click.option(
    "--quotes", "n_quotes", default=0, show_default=True, help="Also show each one's latest N statements."
)
@click.option(
    "--act",
    type=click.Choice(("speech", "all")),
    default="speech",
    show_default=True,
    help="Count what people said, or every statement (thoughts and findings too).",
)
@click.option("--json", "as_json", is_flag=True)
@friendly
def speakers(db: str, top: int, unnamed: bool, n_quotes: int, act: str, as_json: bool) -> None:
    """Who is quoted most."""
    with Corpus(db) as corpus:
        found = corpus.speakers(top=top, unnamed=unnamed, act=act)
        latest = {
            s.id: corpus.quotes(speaker=str(s.id), limit=n_quotes, act=act) if n_quotes else [] for s in found
        }
    if as_json:
        click.echo(
            json.dumps(
                [
                    asdict(s) | ({"quotes": [q.to_dict() for q in latest[s.id]]} if n_quotes else {})
                    for s in found
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
    if not found:
        fail(
            "no speakers with statements" + ("" if unnamed else " (unnamed sources are left out: --unnamed)")
        )
    if as_json:
        return
    for s in found:
        click.echo(f"{s.statements:6d}  {s.name}  ({s.type}, {counted(s.documents, 'article')}, id {s.id})")
        for q in latest[s.id]:
            click.echo(format_quote(q, indent="          "))


@main.command()
@click.argument("name")
@db_option
@click.option("--limit", default=100, show_default=True, help="Statements shown per entity.")
@click.option("--json", "as_json", is_flag=True)
@friendly
def speaker(name: str, db: str, limit: int, as_json: bool) -> None:
    """One speaker: aliases, descriptors, statements per outlet and month, statements in time order."""
    with Corpus(db) as corpus:
        profiles = corpus.speaker(name, limit=limit)
    if as_json:
        click.echo(json.dumps([asdict(p) for p in profiles], ensure_ascii=False, indent=2))
    if not profiles:
        fail(f"no speaker matches {name!r}")
    if as_json:
        return
    for p in profiles:
        click.echo(f"== {p.name}  (entity {p.id}, {p.type}{'' if p.named else ', unnamed'})")
        click.echo(f"   aliases: {', '.join(f'{a} ({c})' for a, c in p.aliases) or '-'}")
        click.echo(f"   descriptors: {', '.join(p.descriptors) or '-'}")
        click.echo(
            f"   {counted(p.statements, 'statement')} in {counted(p.documents, 'article')}, "
            f"{p.first_date or '?'} to {p.last_date or '?'}"
        )
        click.echo(f"   per outlet: {', '.join(f'{o} {n}' for o, n in p.by_outlet) or '-'}")
        click.echo(f"   per month: {', '.join(f'{m} {n}' for m, n in p.by_month) or '-'}")
        click.echo("")
        for q in p.quotes:
            click.echo(format_quote(q))
        click.echo("")


@main.command()
@db_option
@click.option("--limit", default=20, show_default=True)
@click.option("--min-articles", default=1, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@friendly
def stories(db: str, limit: int, min_articles: int, as_json: bool) -> None:
    """Stories with the most articles."""
    with Corpus(db) as corpus:
        found = corpus.stories(limit=limit, min_documents=min_articles)
    if as_json:
        click.echo(json.dumps([asdict(s) for s in found], ensure_ascii=False, indent=2))
    if not found:
        fail("no stories match")
    if as_json:
        return
    for s in found:
        span = s.first_date if s.first_date == s.last_date else f"{s.first_date} to {s.last_date}"
        click.echo(
            f"{s.id:6d}  {counted(s.documents, 'article')}, {counted(s.statements, 'statement')}, "
            f"{span or 'undated'}  {s.label}"
        )


@main.command()
@click.argument("story_id", type=int)
@db_option
@click.option("--json", "as_json", is_flag=True)
@friendly
def story(story_id: int, db: str, as_json: bool) -> None:
    """One story: its articles and statements in time order."""
    with Corpus(db) as corpus:
        detail = corpus.story(story_id)
    if as_json:
        click.echo(json.dumps(asdict(detail), ensure_ascii=False, indent=2))
        return
    s = detail.story
    click.echo(f"== story {s.id}: {s.label}")
    click.echo(f"   {counted(s.documents, 'article')}, {counted(s.statements, 'statement')}")
    for a in detail.articles:
        click.echo(f"   {a.date or 'undated'}  {a.outlet or '-'}  {a.title or a.source or a.document}")
    click.echo("")
    for q in detail.quotes:
        click.echo(format_quote(q))


@main.command()
@db_option
@click.option("--story", type=int, help="Reactions in this story.")
@click.option("--speaker", help="Reactions by or to this speaker (a name or an entity id).")
@click.option("--limit", default=200, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@friendly
def reactions(db: str, story: int | None, speaker: str | None, limit: int, as_json: bool) -> None:
    """Who answers whom: each response, what it answers, the cue and the stance, in date order."""
    with Corpus(db) as corpus:
        found = corpus.reactions(story=story, speaker=speaker, limit=limit)
    if as_json:
        click.echo(json.dumps([r.to_dict() for r in found], ensure_ascii=False, indent=2))
    if not found:
        fail("no reactions match")
    if as_json:
        return
    for r in found:
        st = r.statement
        who = st.speaker["name"] if st.speaker else "(unattributed)"
        target = r.target["statement"]
        answered = r.target["speaker"]["name"] if r.target["speaker"] else "(a document)"
        click.echo(f"{st.date or 'undated'}  {who} {r.stance} {answered}  [{r.cue['text']}]")
        click.echo(textwrap.indent(textwrap.fill(display(st.kind, st.text), 96), "   "))
        if target is not None:
            click.echo(
                textwrap.indent(textwrap.fill(f"answers: {display(target.kind, target.text)}", 96), "   ")
            )
