"""Invented template families: sibling notices in one made-up council's layout, with their gold.

Every council, person, place and decision here is invented. Each family prints the same
letterhead, labels and chrome on every notice and varies the values, as an archive's folder
of one template does; `notices(family, n)` gives ``n`` (text, gold) pairs, the same every time.
"""

from __future__ import annotations

import datetime as dt

TOPICS = [
    ("Resurfacing of Tanner's Row car park", "resurfacing works at Tanner's Row car park"),
    ("Grant to the Willowmere community pantry", "a grant of £8,000 to the Willowmere community pantry"),
    ("Lease of the old pump house to a rowing club", "a ten-year lease of the old pump house"),
    ("Extension of the garden waste round", "adding Saturday collections to the garden waste round"),
    ("Purchase of two electric sweepers", "the purchase of two electric street sweepers"),
    ("Repairs to the Quarry Hill footbridge", "structural repairs to the Quarry Hill footbridge"),
    ("Fees for allotment plots 2025", "new fees for allotment plots from April 2025"),
    ("Closure of Brindle Street public toilets", "the closure of the Brindle Street public toilets"),
]
PEOPLE = [("Councillor Marta Oyelaran", "Portfolio Holder for Place"),
          ("Councillor Desmond Quayle", "Portfolio Holder for Environment"),
          ("Councillor Priya Wendover", "Portfolio Holder for Communities"),
          ("Councillor Alun Fetherstone", "Portfolio Holder for Finance")]
REASONS = ["The current arrangement no longer meets demand and costs more each year.",
           "Residents asked for this in the spring survey and the budget allows it.",
           "An inspection found the present state unsafe for public use.",
           "The change saves money over five years and keeps the service running."]
OTHERS = ["To do nothing, which was rejected as the problem would grow.",
          "To wait a year, which was rejected as prices are rising.",
          "To seek a partner organisation, which was rejected as none came forward.",
          "To reduce the scope, which was rejected as it would not solve the problem."]


def _date(n: int) -> dt.date:
    return dt.date(2024, 1 + n % 12, 3 + (n * 5) % 25)


def _long(d: dt.date) -> str:
    return f"{d.day} {d.strftime('%B')} {d.year}"


def elmstead(n: int) -> tuple[str, dict]:
    """A borough's portfolio holder records: letterhead, labels no lexicon knows."""
    title, what = TOPICS[n % len(TOPICS)]
    name, role = PEOPLE[n % len(PEOPLE)]
    decided = _date(n)
    text = f"""ELMSTEAD BOROUGH COUNCIL
Civic Offices, Mill Lane, Elmstead EL1 2AB

Portfolio Holder Action Sheet

{title}

Member acting: {name}, {role}

What is approved
To approve {what}, within the existing budget.

Grounds
{REASONS[n % len(REASONS)]}

Courses set aside
{OTHERS[n % len(OTHERS)]}

Date of action: {_long(decided)}

Elmstead Borough Council - Democratic Services - 01632 960{n:03d}
"""
    gold = {"title": title, "decision_maker": f"{name}, {role}",
            "decision": f"To approve {what}, within the existing budget.",
            "reasons": REASONS[n % len(REASONS)], "alternatives_considered": OTHERS[n % len(OTHERS)],
            "decision_date": decided.isoformat()}
    return text, gold


def haverleigh(n: int) -> tuple[str, dict]:
    """A unitary's single-decision minutes pages: site chrome, a heading over each part."""
    title, what = TOPICS[(n + 3) % len(TOPICS)]
    decided = _date(n + 7)
    text = f"""Haverleigh Council
Skip to main content | Accessibility | Contact us
Executive Board single decision page

{title}

Board meeting held {_long(decided)}

The Board therefore settled on
That {what} be agreed.

The thinking behind it
{REASONS[(n + 1) % len(REASONS)]}

Paths not taken
{OTHERS[(n + 2) % len(OTHERS)]}

Copyright Haverleigh Council | Privacy | Cookies
"""
    gold = {"title": title, "decision": f"That {what} be agreed.",
            "reasons": REASONS[(n + 1) % len(REASONS)],
            "alternatives_considered": OTHERS[(n + 2) % len(OTHERS)], "decision_date": decided.isoformat()}
    return text, gold


def brockhurst(n: int) -> tuple[str, dict]:
    """A district's decision-tracking pages: a table flattened to single spaces, so each row is a
    label the lexicon knows run into its value, a long value wrapping onto the next line."""
    title, what = TOPICS[(n + 5) % len(TOPICS)]
    name, role = PEOPLE[(n + 1) % len(PEOPLE)]
    decided = _date(n + 2)
    text = f"""Brockhurst District Council
Decision tracking record
Title {title}
Decision maker {name},
{role}
Decision status Approved
Key decision No
Purpose To consider {what}.
Decision To agree {what} as set out in the officer's note.
Reasons {REASONS[(n + 2) % len(REASONS)]}
Date of decision {decided.strftime('%d/%m/%Y')}
Brockhurst District Council, Station Road, Brockhurst BR4 9ZZ
"""
    gold = {"title": title, "decision_maker": f"{name}, {role}", "decision_status": "Approved",
            "is_key_decision": False, "purpose": f"To consider {what}.",
            "decision": f"To agree {what} as set out in the officer's note.",
            "reasons": REASONS[(n + 2) % len(REASONS)], "decision_date": decided.isoformat()}
    return text, gold


def kelbrook(n: int) -> tuple[str, dict]:
    """A town council's urgent action records: labels no lexicon knows over values whose words say
    nothing of their field either (a bare name, a sum's purpose, reasons with no "because"), so
    neither the lexicon nor the run's own notices can tell what each is: a person must teach them."""
    title, what = TOPICS[(n + 6) % len(TOPICS)]
    name = PEOPLE[(n + 2) % len(PEOPLE)][0].removeprefix("Councillor ")
    decided = _date(n + 5)
    text = f"""KELBROOK TOWN COUNCIL
Clerk's Office, The Green, Kelbrook

Town Mayor's Urgent Action Record

{title}

Acting under delegation: {name}

Matter settled
Spending on {what}, within the existing budget.

Basis
{REASONS[(n + 3) % len(REASONS)]}

Entered on: {_long(decided)}
"""
    gold = {"title": title, "decision_maker": name, "decision": f"Spending on {what}, within the existing budget.",
            "reasons": REASONS[(n + 3) % len(REASONS)], "decision_date": decided.isoformat()}
    return text, gold


PANELS = ["Place Scrutiny Panel", "Resources Scrutiny Panel", "Communities Scrutiny Panel"]


def ashcombe(n: int) -> tuple[str, dict]:
    """A borough's decision log pages: a flattened table whose rows are partly labels the lexicon
    knows ("Subject", "Decided by") and partly not ("Log Number", "Scrutiny Panel"); a row whose
    label the lexicon knows only as a heading ("Issue Detail", here the purpose); the same words
    with a colon as the page's heading; a chrome sentence starting with a label's word. Every
    fourth entry is printed a cell a line, "|" between the cells (another export of the log)."""
    title, what = TOPICS[(n + 1) % len(TOPICS)]
    name, role = PEOPLE[(n + 2) % len(PEOPLE)]
    effective = _date(n + 4)
    rows = [("Subject", title), ("Log Number", f"AB/{n + 1:03d}/{24 + n % 2}"),
            ("Issue Detail", f"To review {what}."), ("Decided by", f"{name}, {role}"),
            ("Status", ["Agreed", "Agreed with changes", "Deferred"][n % 3]), ("Scrutiny Panel", PANELS[n % len(PANELS)]),
            ("Implementation Date", _long(effective)), ("Decision Result", f"To agree {what}.")]
    if n % 4 == 3:
        table = "\n".join(f"|\n{label}\n|\n{value}" for label, value in rows) + "\n|"
    else:
        table = "\n".join(f"{label} {value}" for label, value in rows)
    text = f"""Ashcombe Borough Council - Cabinet Decision Log
Home / Decision Log / Entry
Decisions flagged with a '*' carry exempt papers; ask Democratic Services for a summary.

Issue detail:

{["Open entry", "Closed entry"][n % 2]}
{table}
Papers available Yes
"""
    gold = {"title": title, "purpose": f"To review {what}.", "decision_maker": f"{name}, {role}",
            "decision_status": rows[4][1], "effective_from": effective.isoformat(), "decision": f"To agree {what}."}
    return text, gold


def fernhill(n: int) -> tuple[str, dict]:
    """A borough's decision register: a flattened table the lexicon knows, whose category alone
    says whether a decision is key ("Executive" is not), and whose date row now and then wraps
    a qualifier before its date onto the next line, as the first two entries never do."""
    title, what = TOPICS[(n + 2) % len(TOPICS)]
    name, role = PEOPLE[(n + 3) % len(PEOPLE)]
    effective = _date(n + 9)
    category = ["Executive", "Key", "Executive"][n % 3]
    dated = f"Not before\n{_long(effective)}" if n % 3 == 2 else _long(effective)
    text = f"""Fernhill Borough Council
Decision register - entry
Decision Title {title}
Reference FH/{n + 100:04d}
Decision Category {category}
Decision Details To consider {what}.
Decision Makers {role}
{name}
Effective Date {dated}
Current Status Decision Made
Decision Result To agree {what}.
Report available Yes
"""
    gold = {"title": title, "category": category, "is_key_decision": category == "Key",
            "purpose": f"To consider {what}.", "decision_maker": f"{role}\n{name}",
            "effective_from": effective.isoformat(), "decision_status": "Decision Made",
            "decision": f"To agree {what}."}
    return text, gold


FAMILIES = {"elmstead": elmstead, "haverleigh": haverleigh, "brockhurst": brockhurst, "kelbrook": kelbrook}
# families of a flattened table the lexicon half knows (bench/templates.py and their own tests)
TABLE_FAMILIES = {"ashcombe": ashcombe, "fernhill": fernhill}


def notices(family: str, n: int, first: int = 0) -> list[tuple[str, dict]]:
    make = FAMILIES.get(family) or TABLE_FAMILIES[family]
    return [make(i) for i in range(first, first + n)]
