"""The report's generated prose: finding blocks, the landing page and the chapter summaries."""

from __future__ import annotations

import pandas as pd

from policytext.findings.intervals import INTERVAL_METHOD, UNCHANGED
from policytext.findings.objects import Findings, RateFinding, RestsOn, ordered_periods
from policytext.findings.quotes import SPEAKER_LABELS
from policytext.findings.wording import (
    agree,
    fmt,
    join_words,
    md_escape,
    numbered,
    plural,
    source,
    verb_phrase,
)


def document_counts(documents: pd.DataFrame, periods: pd.DataFrame) -> str:
    """``5 documents: 1 for June 2025, 2 for January 2026 and 2 for March 2026``."""
    order = ordered_periods(periods, documents)
    sizes = documents.groupby("period").size()
    pairs = zip(order["period"], order["label"], strict=True)
    parts = [f"{int(sizes[p])} for {label}" for p, label in pairs]
    return f"{plural(len(documents), 'document')}: {join_words(parts)}"


def direction_sentence(finding: RateFinding) -> str:
    """The rates at both ends (with intervals) and what lies between, in words."""
    if not finding.rates:
        return "No period has documents"
    first, last = finding.first, finding.last
    text = f"Per 10,000 characters, {first.text}"
    if len(finding.rates) > 1:
        text += f" and {last.text}"
    between = finding.rates[1:-1]
    if between:
        text += "; in between, " + join_words(r.text for r in between)
    return text


def per_document_sentence(finding: RateFinding) -> str:
    """Each period's per-document rates and counts."""
    parts = []
    for rate in finding.rates:
        docs = "; ".join(f"{source(u)}: {fmt(u.rate)} ({u.count})" for u in rate.documents)
        parts.append(f"{rate.label}: {docs}")
    return "Per document, rate (count): " + " · ".join(parts)


def rests_on_phrase(rest: RestsOn) -> str:
    """``March 2026: 25 of 28 mentions in one document (中国电子报, 2026-03-24)``."""
    doc, art = rest.document, rest.article
    share = (
        f"all {plural(rest.count, 'mention')}"
        if doc.count == rest.count
        else f"{doc.count} of {plural(rest.count, 'mention')}"
    )
    text = f"{rest.label}: {share} in one document ({source(doc)})"
    if art.unit_id != doc.unit_id and art.chars < doc.chars:
        text += f", {art.count} in one article (“{art.headline}”)"
    return text


def caveat_sentence(finding: RateFinding) -> str:
    """What the finding rests on and whether leaving out one document turns it."""
    heavy = [r for r in finding.rests_on if r.count > 1 and r.document_share > 0.5]
    parts = []
    if heavy:
        parts.append("Rests on: " + "; ".join(rests_on_phrase(r) for r in heavy) + ".")
    if finding.flips:
        empty = [src for src, word in finding.flips if word == "no comparison"]
        turned = [(src, word) for src, word in finding.flips if word != "no comparison"]
        if turned:
            parts.append(
                "Leaving out one document changes the direction: "
                + "; ".join(f"without {src} it is “{word}”" for src, word in turned)
                + "."
            )
        if empty:
            parts.append(
                f"Leaving out {join_words(empty)} empties "
                + ("its period" if len(empty) == 1 else "their periods")
                + ", so the direction cannot be checked without "
                + ("it." if len(empty) == 1 else "them.")
            )
            if not turned:
                parts.append("Leaving out any other document does not change the direction.")
    elif len(finding.rates) >= 2:
        parts.append("Leaving out any one document does not change the direction.")
    return " ".join(parts)


def speaker_sentence(finding: RateFinding) -> str:
    """How many of the mentions are MIIT's own."""
    return (
        f"Of the {plural(finding.total, 'mention')}, {agree(finding.miit_count, 'is', 'are')} "
        "attributed to MIIT (the minister or a ministry meeting)."
    )


def headline(finding: RateFinding) -> str:
    """``未来产业 (future industries) rose between June 2025 and March 2026``."""
    name = f"{finding.term} ({finding.gloss})"
    if len(finding.rates) < 2:
        return f"{name}: {plural(finding.total, 'mention')} in one period, no direction"
    word = finding.direction
    verb = word if word != UNCHANGED else "was " + UNCHANGED
    return f"{name} {verb} between {finding.first.label} and {finding.last.label}"


def theme_sentence(themes: pd.DataFrame, *, periods: pd.DataFrame, documents: pd.DataFrame) -> str:
    """The leading theme of each period, periods with the same leader grouped."""
    leaders: dict[str, list[str]] = {}
    for row in ordered_periods(periods, documents).itertuples(index=False):
        mine = themes[themes["period"] == row.period]
        if mine.empty:
            continue
        lead = mine.sort_values("per_10k_chars", ascending=False, kind="stable").iloc[0]["label"]
        leaders.setdefault(lead, []).append(row.label)
    parts = [f"{theme} in {join_words(labels)}" for theme, labels in leaders.items()]
    return "The leading theme (highest rate of its terms) is " + join_words(parts)


def speaker_counts(frame: pd.DataFrame) -> str:
    """``41 by the journalist, 12 by the minister``, largest first."""
    counts = frame["speaker_type"].fillna("").replace("", "unattributed").value_counts()
    return join_words(f"{n} by {SPEAKER_LABELS.get(kind, kind)}" for kind, n in counts.items())


def _miit_line(finding: RateFinding, miit: RateFinding | None) -> str:
    if miit is None:
        return speaker_sentence(finding)
    text = speaker_sentence(finding)
    if miit.total and len(miit.rates) > 1:
        text += (
            f" Counting those only, it {verb_phrase(miit.direction)}: "
            f"{miit.first.text} and {miit.last.text}"
        )
        text += "." if not miit.flips else " (leaving out one document changes or voids this)."
    return text


def term_block(finding: RateFinding, miit: RateFinding | None = None, *, ref: str = "") -> str:
    """One focal term's finding as MyST markdown (data escaped)."""
    lines = [
        f"**{md_escape(headline(finding))}.** {md_escape(direction_sentence(finding))}{ref}.",
        "",
        md_escape(per_document_sentence(finding)) + ".",
        "",
        md_escape(caveat_sentence(finding) + " " + _miit_line(finding, miit)),
    ]
    for q in finding.quotes:
        lines += ["", q.markdown()]
    return "\n".join(lines)


def distinctive_block(found: Findings, *, ref: str = "") -> str:
    """The periods' most distinctive words as one finding."""
    items = found.distinctive
    if not items:
        return ""
    head = "Each period's most distinctive word against the others"
    body = "; ".join(d.text for d in items)
    checks = "; ".join(d.stability for d in items)
    lines = [
        f"**{md_escape(head)}.** {md_escape(body)}{ref}.",
        "",
        f"Leaving out one document: {md_escape(checks)}.",
    ]
    for q in found.word_quotes:
        lines += ["", q.markdown()]
    return "\n".join(lines)


def figures_block(found: Findings, *, ref: str = "") -> str:
    """Who states the figures, whose targets they are, and what restatements show."""
    fig = found.figures
    head = "Figures: what is reported, and whose targets"
    text = (
        f"The reports hold {plural(int(fig['n_figures']), 'figure')}: {fig['kinds']}. "
        f"{fig['targets']} {fig['restatements']}"
    )
    lines = [f"**{md_escape(head)}.** {md_escape(text)}{ref}."]
    for q in fig["quotes"]:
        lines += ["", q.markdown()]
    return "\n".join(lines)


def key_findings(found: Findings, *, refs: dict[str, str] | None = None) -> str:
    """The landing page's key findings as a numbered MyST list."""
    refs = refs or {}
    miit = {f.term: f for f in found.miit}
    blocks = [term_block(f, miit.get(f.term), ref=refs.get("terms", "")) for f in found.terms]
    blocks.append(distinctive_block(found, ref=refs.get("distinctive", "")))
    blocks.append(figures_block(found, ref=refs.get("figures", "")))
    return numbered([b for b in blocks if b])


def how_sure(found: Findings) -> str:
    """The landing page's caveat: the corpus's size, and how to read the intervals."""
    docs = found.tables.documents
    order = ordered_periods(found.periods, docs)
    sizes = docs.groupby("period").size()
    single = [
        label for p, label in zip(order["period"], order["label"], strict=True) if sizes[p] == 1
    ]
    text = (
        f"The corpus is {document_counts(docs, found.periods)}. Every rate is shown with an "
        f"{INTERVAL_METHOD}; it assumes that mentions are independent, which they are not "
        "(they cluster in articles), so each finding also says what it rests on and whether "
        "leaving out one document changes it."
    )
    if single:
        text += (
            f" {join_words(single)} {'has' if len(single) == 1 else 'each have'} one document, "
            f"so nothing about {'it' if len(single) == 1 else 'them'} can be checked by leaving "
            "a document out."
        )
    return md_escape(text)


def corpus_phrase(documents: pd.DataFrame) -> str:
    """``the 5 documents`` (``the 1 document``), for captions and source lines."""
    return f"the {plural(len(documents), 'document')}"


def terms_summary(found: Findings, *, compounds: pd.DataFrame) -> str:
    """The terms chapter's summary: each focal term's rates, direction and main form."""
    parts = []
    for finding in found.terms:
        rates = join_words(r.text for r in finding.rates)
        text = f"{finding.term}: {rates} ({plural(finding.total, 'mention')} in all)"
        if finding.direction:
            text += f"; between the first and the last period it {verb_phrase(finding.direction)}"
        used = [r.label for r in finding.rates if r.count]
        if used and used[0] != finding.rates[0].label:
            text += f"; it first appears in {used[0]}"
        mine = compounds[compounds["term"] == finding.term]
        if not mine.empty:
            top = (
                mine.groupby("compound")["count"].sum().sort_values(ascending=False, kind="stable")
            )
            count = plural(int(top.iloc[0]), "mention")
            text += f"; its most frequent compound is {top.index[0]} ({count})"
        parts.append(text)
    return md_escape(
        "Per 10,000 characters, with 95% intervals in brackets: " + ". ".join(parts) + "."
    )


def top_word_sentence(
    vocab: pd.DataFrame, *, periods: pd.DataFrame, documents: pd.DataFrame
) -> str:
    """The most frequent content word of each period, periods with the same word grouped."""
    leaders: dict[str, list[str]] = {}
    order = ordered_periods(periods, documents)
    for row in order.itertuples(index=False):
        mine = vocab[vocab["period"] == row.period]
        if not mine.empty:
            leaders.setdefault(str(mine.nsmallest(1, "rank").iloc[0]["term"]), []).append(row.label)
    if len(leaders) == 1 and len(order) > 1:
        word = next(iter(leaders))
        return md_escape(f"The most frequent content word is {word} in every period")
    parts = [f"{word} in {join_words(labels)}" for word, labels in leaders.items()]
    return md_escape("The most frequent content word is " + join_words(parts))


def distinctive_summary(found: Findings) -> str:
    """The comparison chapter's summary of each period's most distinctive word."""
    if not found.distinctive:
        return md_escape("With a single period there is nothing to compare.")
    items = "; ".join(d.text for d in found.distinctive)
    significant = join_words(f"{d.significant} in {d.label}" for d in found.distinctive)
    return md_escape(
        f"Against all other periods pooled, the most distinctive word of each period is: {items}. "
        f"Words passing z > 1.96: {significant}."
    )


def stability_summary(found: Findings) -> str:
    """What leaving out one document does to each period's top words."""
    if not found.distinctive:
        return ""
    return md_escape("; ".join(d.stability for d in found.distinctive) + ".")


def documents_per_period(found: Findings) -> str:
    """``June 2025 has 1 document, January 2026 2 and March 2026 2``."""
    docs = found.tables.documents
    order = ordered_periods(found.periods, docs)
    sizes = docs.groupby("period").size()
    parts = [
        f"{plural(int(sizes[p]), 'document')} in {label}"
        for p, label in zip(order["period"], order["label"], strict=True)
    ]
    pairs = zip(order["period"], order["label"], strict=True)
    single = [label for p, label in pairs if sizes[p] == 1]
    text = "The periods hold " + join_words(parts) + "."
    if single:
        text += (
            f" {join_words(single)} {'rests' if len(single) == 1 else 'rest'} on one document: "
            "a result there is that document's vocabulary."
        )
    return md_escape(text)


def figures_summary(found: Findings) -> str:
    """The figures chapter's summary: kinds, speakers, targets."""
    fig = found.figures
    text = f"The documents hold {plural(int(fig['n_figures']), 'figure')}: {fig['kinds']}."
    text += f" By speaker: {fig['who_reports']}."
    if fig["who_forecasts"]:
        text += f" The forecasts are stated {fig['who_forecasts']}."
    return md_escape(text + " " + str(fig["targets"]))


def untranslated_markdown(found: Findings) -> str:
    """The quotations shown without a translation, as a list (or a sentence saying none)."""
    missing = found.untranslated
    if not missing:
        return "Every quotation the report shows has a translation in `data/translations.yml`."
    lines = [
        f"{plural(len(missing), 'quotation')} shown in the report "
        f"{'has' if len(missing) == 1 else 'have'} no translation yet "
        f"(add {'it' if len(missing) == 1 else 'them'} to `data/translations.yml`):",
        "",
    ]
    return "\n".join(lines + [f"- {md_escape(text)}" for text in missing])
