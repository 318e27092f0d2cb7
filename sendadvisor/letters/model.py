"""The letter as plain data (headings, paragraphs, a deadlines table, contacts), before any layout.

Text is held as runs of plain or bold characters, never as markup, so a family's own words can
never turn into formatting: the renderer escapes every run.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Run:
    """Some characters, printed in bold or not."""

    text: str
    bold: bool = False


Text = tuple[Run, ...]


def plain(text: str) -> Text:
    """A run of ordinary text."""
    return (Run(text),) if text else ()


def strong(text: str) -> Text:
    """A run of bold text."""
    return (Run(text, bold=True),) if text else ()


def text_of(text: Text) -> str:
    """The characters of some runs, without formatting."""
    return "".join(run.text for run in text)


@dataclass(frozen=True)
class Heading:
    """A heading: level 1 for the letter's parts, level 2 inside them."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Para:
    """A paragraph; `style` is `body` or `lead` (the greeting and sign-off, kept with what follows)."""

    text: Text
    style: str = "body"


@dataclass(frozen=True)
class Lines:
    """Short lines printed one under another, such as an address (never reflowed); `beside`
    is a second column printed to their right (the date beside the address)."""

    lines: tuple[Text, ...]
    beside: tuple[Text, ...] = ()


@dataclass(frozen=True)
class Bullets:
    """A bulleted list."""

    items: tuple[Text, ...]


@dataclass(frozen=True)
class Callout:
    """A boxed block of lines that must not be missed: the most important date."""

    lines: tuple[Text, ...]


@dataclass(frozen=True)
class DeadlineRow:
    """One line of the deadlines table; `state` is upcoming, today, passed or overdue."""

    due_on: str
    date_text: str
    what: Text
    who: str
    state: str
    mark: str | None = None


@dataclass(frozen=True)
class DeadlineTable:
    """The dates, most urgent first; rows whose date has gone follow under `passed_heading`."""

    columns: tuple[str, str, str]
    rows: tuple[DeadlineRow, ...]
    passed_heading: str
    passed_rows: tuple[DeadlineRow, ...] = ()


@dataclass(frozen=True)
class ContactCard:
    """An organisation's name, what it does, how to reach it (phone, email, website: each
    labelled, on one line together where they fit) and anything more (address, hours)."""

    name: str
    about: Text = ()
    ways: tuple[Text, ...] = ()
    details: tuple[Text, ...] = ()

    @property
    def lines(self) -> tuple[Text, ...]:
        """Everything under the name, one item a line."""
        return ((self.about,) if self.about else ()) + self.ways + self.details


@dataclass(frozen=True)
class Group:
    """Blocks kept on one page when they fit (a route and its steps)."""

    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class PageBreak:
    """Start the next block on a new page."""


Block = Heading | Para | Lines | Bullets | Callout | DeadlineTable | ContactCard | Group | PageBreak


@dataclass(frozen=True)
class LetterContent:
    """Everything the printed letter says, in order, plus its (non-personal) document properties."""

    title: str
    subject: str
    service_name: str
    page_label: str  # "Page {page} of {pages}"
    blocks: tuple[Block, ...]
    language: str = "en-GB"

    def plain_text(self) -> str:
        """The letter's words, one block per line: for tests, previews and screen readers."""
        out: list[str] = [self.service_name, self.title]
        for block in self.blocks:
            _plain_block(block, out)
        return "\n".join(out)


def _plain_block(block: Block, out: list[str]) -> None:
    if isinstance(block, Heading):
        out.append(block.text)
    elif isinstance(block, Para):
        out.append(text_of(block.text))
    elif isinstance(block, (Lines, Bullets, Callout)):
        items = block.lines if isinstance(block, (Lines, Callout)) else block.items
        out.extend(text_of(item) for item in items)
        if isinstance(block, Lines):
            out.extend(text_of(item) for item in block.beside)
    elif isinstance(block, DeadlineTable):
        out.append(" | ".join(block.columns))
        for row in block.rows + block.passed_rows:
            out.append(f"{row.date_text} {row.mark or ''} | {text_of(row.what)} | {row.who}")
    elif isinstance(block, ContactCard):
        out.append(block.name)
        out.extend(text_of(line) for line in block.lines)
    elif isinstance(block, Group):
        for inner in block.blocks:
            _plain_block(inner, out)


@dataclass(frozen=True)
class CalendarEntry:
    """One family date for a phone calendar: the day to act by, what to do, whom to ask."""

    uid: str  # stable for this case, concern and deadline, so a re-issued file updates the event
    title: str
    act_by: str  # ISO date: the day to act by (the presentation model's `act_by`)
    due_on: str  # ISO date: the law's last day
    description: tuple[str, ...]  # lines: what to do, how the date was worked out, the contact


@dataclass(frozen=True)
class EasyPoint:
    """One easy-read point: a picture (its kind) beside short lines, one idea each."""

    picture: str  # calendar, phone, paper, person, talk, tick, star
    lines: tuple[Text, ...]


@dataclass(frozen=True)
class EasySection:
    """A heading and its points."""

    heading: str
    points: tuple[EasyPoint, ...]


@dataclass(frozen=True)
class EasyRead:
    """The easy-read letter: what to do next (three things, with dates) and who to call."""

    title: str
    service_name: str
    page_label: str
    sections: tuple[EasySection, ...]

    def plain_text(self) -> str:
        out = [self.title]
        for section in self.sections:
            out.append(section.heading)
            for point in section.points:
                out.extend(text_of(line) for line in point.lines)
        return "\n".join(out)
