"""The shapes of issue 26 that are not ModernGov, on invented notices (councils, people and
places made up), each run as text and as its PDF, Word and web renderings with the same
expectations: field -> value for the notice at an index, and how many notices the file gives.

- tables of decisions: a header row of column names, then a row per decision (cells apart by
  tabs, pipes or spaces, run together, or one to a line);
- lists whose entries repeat one pattern ("Decision 2024/15 - Fleet replacement - 3 March 2024");
- forms flattened without separators ("Decision Title Harbour wall repairs");
- saved page fragments (a content <div> with no <html> or <body>).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from extractor import extract
from extractor.pipeline import read

from .render import render_as

TAB_TABLE = """Decisions made by officers

Ref\tDecision\tDecision taker\tDate\tStatus
2021/07\tLibrary opening hours\tJ. Patel, Head of Culture\t02/03/2021\tPublished
2021/08\tPurchase of gritting salt\tDirector of Highways\t09/03/2021\tPublished
2021/09\tLease of Unit 4, Mill Yard\tHead of Property\t15/03/2021\tPublished
"""

# A web table copied as text (a tab between cells): two text cells side by side, a title then a summary
TAB_SUMMARY_TABLE = """Officer decisions

Decision reference\tDecision title\tDecision summary\tDecision taker\tDate of decision
ODN 2026-011\tHarbour crane servicing\tApproval to award a £30,000 contract to service the harbour cranes.\tHead of Harbours\t3 March 2026
ODN 2026-012\tTown hall boiler\tApproval to replace the town hall boiler at a cost of £60,000.\tHead of Property\t10 March 2026
"""

RUN_TOGETHER_TABLE = """Decisions made by officers

Ref Decision Decision taker Date Status
2022/11 Renewal of the bus shelter contract K. Osei, Head of Transport 04/05/2022 Published
2022/12 Closure of Ferry Lane car park Director of Place 11/05/2022 Published
"""

PIPE_TABLE = """Police and Crime Commissioner for Eastmoor
Decisions 2024

| Ref. | Subject | Date | Decision |
| --- | --- | --- | --- |
| 2024/01 | Victim services grant | 12 January 2024 | The Commissioner approved a grant of £50,000 to Eastmoor Victim Care. |
| 2024/02 | Estates strategy | 30 January 2024 | The Commissioner approved the estates strategy 2024-2028. |
"""

CELLS_PER_LINE = """Decisions made by officers

Ref
Decision
Decision taker
Date
Status
2023/04
Replacement of street lighting columns
Head of Highways
06/02/2023
Published
2023/05
Grant to Tollbridge Community Trust
Director of Communities
13/02/2023
Published
"""

REFERENCE_ROWS = """Decisions of the Commissioner - March 2024

This page lists the decisions made by the Police and Crime Commissioner for Westmarch.

Decision Reference Number Decision TitleDecision SummaryDate Authorised
WM-2024-031 Rural crime vehicles

The Commissioner wishes to buy two off-road vehicles for the rural crime team, funded from reserves.

WM-2024-032 Custody nurse contract

The custody nurse contract ends in May and a new provider is needed for the next three years.
"""

DATED_LIST = """Mayoral decisions

Decision 2024/15 - Fleet replacement - 3 March 2024
Decision 2024/16 - Adult education budget - 10 March 2024
Decision 2024/17 - Bus franchising consultation - 17 March 2024
"""

BARE_FORM = """Decision Tracking - Decision Detail

Decision Title Harbour wall repairs
Decision Makers Lead Member for Coast and Harbours
Implementation Date 12 June 2024
Current Status Decision Implemented
Decision Result approve the repair of the north harbour wall at a cost of £240,000.
Main Consultees Harbour users and the ward councillors.
"""

# The same form: a value with a dash in it, and a value cell the page wrapped onto a line of its own
BARE_FORM_WRAPPED = """Decisions of the Executive

Decision Title Quay Street - pedestrian crossing
Decision Number 04121/22/K
Decision Makers Director of Highways - Transport and Streets
Amira Khan
Implementation Date 3 May 2022
Current Status Decision Implemented
Decision Result approve a new pedestrian crossing on Quay Street.
"""

# A list whose entries say how each was dated ("signed 3 March 2025")
SIGNED_LIST = """Mayoral decisions 2025

MD4401 – Canal towpath resurfacing – signed 5 May 2025
MD4402 – Night bus pilot – signed 12 May 2025
MD4403 – Skills bootcamps funding – signed 19 May 2025
"""

# Entries of a title line and labelled lines, the decider and the day on one line ("X on <date>")
TAKEN_BY_BLOCKS = """Key decisions taken - July 2025

Harbour crane replacement
Decision taken by: Cabinet Member for Harbours on 2 July 2025
Summary: Approval to spend £400,000 on a new harbour crane.

Library opening hours
Decision taken by: Cabinet on 9 July 2025
Summary: Adoption of longer opening hours at three libraries.
"""

ENTRY_BLOCKS = """Mayoral decisions

MD4101 Riverside Skills Fund
Date signed: 12 March 2024
Decision by: Mayor of Westmarch

MD4102 Canal towpath lighting
Date signed: 14 March 2024
Decision by: Mayor of Westmarch
"""

DATED_BLOCKS = """Decisions taken by the Police and Crime Commissioner

Decision 2024/01 – Victim services grant (PDF, 120KB)
Published 12 January 2024

Decision 2024/02 – Estates strategy (PDF, 98KB)
Published 30 January 2024
"""

TITLE_FIRST_PIPES = """Decision log

Title | Decision maker | Date of decision | Summary
Library opening hours | Head of Culture | 4 March 2024 | The central library will open until 8pm.
Gritting salt purchase | Director of Highways | 11 March 2024 | Two thousand tonnes of salt will be bought.
"""

MEETING_PAGE = """Harbour and Coast Committee
12 Mar 2024 - 10:00
Public Items
1 Apologies
Apologies were received from Councillor Reed.
2 Declarations of Interest
There were none.
3 Resolution
Consider, and if so decide, adopt the following resolution:
"That the public be excluded from the meeting for item 7."
The meeting resolved that the public be excluded from the meeting for item 7.

Items for Decision
4 Harbour Dues 2024/25
The Committee agreed the harbour dues for 2024/25 as set out in the report.
"""

COUNCIL_MINUTES = """WESTBROOK DISTRICT COUNCIL
Minutes of Monthly Meeting of the Council held on Monday 4 March 2024 at 7.00 pm in the Council Chamber.
In the Chair:
Councillor P Hale
M/40/2024:-
GRAFFITI
Councillor Reed raised the graffiti in the play areas of the district.
M/41/2024:-
SYMPATHY
At the request of Councillor Hale it was agreed to send a letter of sympathy to the family of the late Ann Moss.
"""

MEETING_SUMMARY = """Meeting Summary
20 Jun 2024 - 10:00 to 12:00
Standard Items
1 Apologies for Absence
Apologies for absence were received from Councillor Ash.
The minutes of the meeting held on 23 May 2024 were agreed as a correct record.
2 Declarations of Interest
There were none.
"""

REFERENCE_CELLS = """Decisions

2024 Decisions
Reference
Number
Summary of Decision
Download
EXE0012/24

Custody suite repairs

The custody suite at Westford needs repairs to its cells.

Supporting Document
EXE0011/24

Rural crime vehicles

Two off-road vehicles will be bought for the rural crime team.

Supporting Document
"""

MEETING_WRAPPED = """WESTPORT COMBINED AUTHORITY

At a meeting of the Combined Authority held in the
Authority Chamber, Harbour House, Westport
on Friday, 15th March, 2024 the following Members were present.

41. MINUTES OF THE LAST MEETING

RESOLVED - That the minutes of the meeting held on 16 February 2024 be approved as a correct record.
"""

STOPPED_HEADINGS = """LITTLE MARSHAM PARISH COUNCIL
MINUTES OF THE PARISH COUNCIL MEETING HELD ON TUESDAY 14 MARCH 2023 AT 7.30 PM

Present: Cllrs A Brown (Chairman), C Davies, E Frost.

1. Apologies.
Cllr G Hill.

2. Declarations of Interest.
None.

3. BUS SHELTER REPAIR.
Having considered two quotes Cllrs RESOLVED to accept the quote of £850 from Marsham Joinery.

4. Date of Next Meeting.
The next meeting will be held on 11 April 2023.
"""

# Minutes whose numbered headings run on into the item's text on the same line
HEADINGS_INLINE = """WESTON MARSH PARISH COUNCIL MINUTES OF MEETING ON MONDAY 3 MARCH 2025

1. Apologies. None.

2. Declarations of Interest. Cllr Reed declared a pecuniary interest in item 3.

3. BENCH REPAIR. Cllrs RESOLVED to repair the churchyard bench for £200.

4. HALL HIRE. Cllrs RESOLVED to raise the hall hire charge to £15 an hour.
"""

# Minutes numbered by the committee's letters and the year ("E14/25 Recycling Centre Opening Hours")
LETTERED_MINUTES = """SOUTHDOWN DISTRICT COUNCIL

Minutes of the Meeting of the Environment Committee held in the Council Chamber on Tuesday 4 February 2025 at 7.00 pm

Present: Councillor A Moran (Chair), Councillors B Kerr, C Devlin

E12/25 Apologies
Apologies were received from Councillor D Quigley.

E13/25 Declarations of Interest
There were no declarations of interest.

E14/25 Recycling Centre Opening Hours
The Head of Waste presented a report on opening hours at the recycling centres.
AGREED – that the recycling centres open at 8.00 am from 1 April 2025.

E15/25 Dog Fouling Enforcement
AGREED – that a six-month pilot of dog fouling patrols be approved.
"""

# A meeting page titled with its body and day ("Cabinet - 18 March 2025 10:00"); an item
# approving an earlier meeting's minutes names that meeting's day, which is not this one's
MEETING_TITLE_PAGE = """Meeting Details

Cabinet - 18 March 2026 10:00

Agenda Items

1 Apologies for Absence
Apologies were received from Councillor P Garner.

2 Minutes
The minutes of the meeting held on 18 February 2026 were approved as a correct record.

3 Highways Capital Programme 2026/27
Resolved:
That the highways capital programme for 2026/27 be approved.
"""

# A meeting page's table of items flattened: each row the item's title, then "Minutes:" and what
# was minuted, on one line; the table's empty cells as lone bars
MINUTE_ROWS = """Agenda, decisions and minutes
Venue: Committee Room 3 - Town House
| No. | Item |
|---|---|
|
Declarations of Interest Minutes: There were no declarations of interest.
|
|
Minute of Previous Meeting Minutes: The Committee had before it the minute of its meeting of 3 March 2026 for approval.
The Committee resolved:- to approve the minute as a correct record. |
|
|
Ferry Fares Minutes: The Committee had before it a report on ferry fares for 2026/27.
The Committee resolved:- to approve the ferry fares as set out in the report. |
"""

YEAR_NUMBERED_MINUTES = """Minutes of the meeting of Eastbrook Town Council held at the Town Hall on Monday 6 November 2023 at 7pm

Present: Councillors J Ames (Mayor), R Bell, S Cole, T Dunn

23/101 APOLOGIES
Apologies were received from Cllr P Evans.

23/104 ALLOTMENT RENTS
The Clerk presented a report on allotment rents for 2024.
RESOLVED: That allotment rents are increased by 5% from 1 January 2024.

23/105 CHRISTMAS LIGHTS
RESOLVED: To spend up to £2,000 on new Christmas lights for the High Street.

The meeting closed at 8.15pm.
"""

ITEM_WORD_MINUTES = """WESTON UNDERHILL PARISH COUNCIL

Minutes of the Parish Council Meeting held on Thursday 18th January 2024 in the Village Hall

Councillors present: Mrs A Smith (Chair), Mr B Jones, Mrs C Patel

Item 1 Apologies for absence
None.

Item 2 Village hall roof
The Council considered three quotations. It was agreed to accept the quotation from Underhill Roofing of £6,400.

Item 3 Date of next meeting
15th February 2024.
"""

DATED_LOG = """PCC Decision Log

Date Decision Detail Linked Documents (if applicable)
03-Mar-19 Northtown Custody Suite Having been found unsuitable, it was agreed to close the Northtown custody suite.
03-Mar-19 Use of Drones for Search Subject to a privacy review, the Commissioner agreed to fund a trial of two drones.
15-Feb-19 Victims Hub Contract Agreed that the victims hub contract be extended by one year.
"""

BOARD_MINUTES = """Westmarch Community Health Trust
Minutes of the Board Meeting in Public
Tuesday 14 March 2023 10:00 - 12:00

1. Welcome
1.1. Ann Cole welcomed members to the meeting, which she opened at 10:05.

2. Car Parking Charges for Staff
2.1. The Director of Estates presented the proposal to end staff parking charges.
2.2. The Board agreed to end staff parking charges from 1 April 2023.

3. Any Other Business
3.1. There was no other business.
"""

BRACKETED_DECIDERS = """Officer decisions published in March 2024

15/03/2024 – Grant to Harbour Trust (Director of Communities)
12/03/2024 – Sale of land at Mill Lane (Head of Property)
04/03/2024 – Fleet replacement programme (Director of Place)
"""

APPROVED_BY_LIST = """Key decisions taken

Fleet replacement programme (3 March 2024) - Approved by the Cabinet Member for Environment
Grant to Harbour Trust (10 March 2024) - Approved by the Leader of the Council
Cycling strategy (17 March 2024) - Approved by the Cabinet Member for Transport
"""

NAMED_ITEMS = """PAPER B

RECORD OF DECISION

The following decisions were taken on TUESDAY, 9 MARCH 2021 by the EXECUTIVE

Agenda item 5

Questions from the Public

Decision reference

11/21

Question

No questions were asked.

Agenda item 6

Harbour Dues 2021-22

Decision reference

12/21

Decision taken

To set the harbour dues for 2021-22 as shown in the appendix.

Reason

The dues must be set before the sailing season opens.

Agenda item 7

Membership of the Harbour Board
"""

IMPERATIVE_LIST = """Decision details

Tollbridge depot lease

Decision Maker: Chief Executive

Decision:

The Chief Executive made the following decision;

Approve:

the renewal of the Tollbridge depot lease for ten years at £18,000 a year.

Reason

The depot is needed for the gritting fleet.
"""

# a Word table of one column: each label in a row of its own above its value's row (blank between all)
LABEL_ROWS_ABOVE_VALUES = """Southmere District Council
Executive Decision Notice

Title of decision

Closure of Hill Street public toilets

Decision maker

Cabinet Member for Environment, Cllr Priya Shah

Date decision taken

19 February 2026

Is this a key decision?

No

Decision

To close the Hill Street public toilets from 1 April 2026 and to open the new facilities at the bus station.

Reasons

The Hill Street building needs repairs costing more than a new build.
"""

# a county's record: labels in capitals with their colon alone on their lines, one naming two
# fields ("Subject Matter / Title"), one so long the page wrapped its last word onto a line of its own
LONG_LABELS_FORM = """NORTHMOOR COUNTY COUNCIL

RECORD OF DECISION

DECISION TO BE TAKEN BY: Alex Rowe, Cabinet Member for Highways

Subject Matter / Title of Decision
Winter gritting fleet: replacement of six vehicles
Decision:
As Cabinet Member for Highways, I agree to purchase six replacement gritting vehicles.
Reason(s) for decision:
The current vehicles are beyond their economic life.
Any alternatives considered and rejected:
Leasing was considered and rejected as more expensive over ten years.
Any interest declared when the decision was taken and any dispensation granted by the Proper
Officer:
None
"""

# the signer's role on a line of its own right above "Signature:"
SIGNER_ABOVE_SIGNATURE = """Mayor of Northvale
Mayoral Decision MD 2026/04

Title: Bus franchising consultation

Decision:
The Mayor approves the launch of a twelve week public consultation on the proposed franchising scheme.

Mayor of Northvale
Signature: J. Adeyemi
Date: 5 February 2026
"""

# a letterhead: the office's address above the body's name, its postcode on a line of its own; a
# record's number is no title
ADDRESS_LETTERHEAD = """Democratic Services, County Hall, Northtown
NORTHMOOR COUNTY COUNCIL
NM1 2AB

RECORD OF DECISION

DECISION NO: 24/00117
Decision:
To buy six gritting vehicles.
"""

# cards: each entry a linked title, labelled lines (its reference among them), then its summary
DECISION_CARDS = """Officer decisions

Purchase of two electric vans

Reference: OD/2025/041

Decision date: 03/02/2025

Decision maker: Head of Parks

To buy two electric vans for the parks team at a cost of £64,000.

Renewal of CCTV maintenance contract

Reference: OD/2025/042

Decision date: 10/02/2025

Decision maker: Director of Community Safety

To renew the CCTV maintenance contract with Secure Eye Ltd for three years.
"""

# a request form nobody filled in, its labels ones no lexicon holds
UNKNOWN_BLANK_FORM = """Request for an officer decision

Name of requesting officer:
Service area:
Decision requested:
Budget code:
Signed:                    Date:
"""


# a page headed by its kind and its title on one line ("Officer decision: ...")
KIND_COLON_TITLE = """Officer decision: Grant to Westbury Food Bank

Decision taken by: Director of Communities
Date: 14 May 2025
Decision: To award a grant of £12,000 to Westbury Food Bank for 2025/26.
Reason for decision: Demand at the food bank has doubled since 2023.
"""

# a page headed "Decision: <its title>", whose own details label "Decision" again
DECISION_COLON_TITLE = """Decision: Allotment rents 2026

Decision maker
Cabinet Member for Communities

Decision date
09/10/2025

Decision
That allotment rents rise by 3% from 1 January 2026.
"""

# a site's rows of links apart by bars above and below the content; a meeting "held" with its day
SITE_LINK_ROWS = """Westmarch Council
Skip to main content | Accessibility | Contact us

Library van replacement

Board meeting held 4 March 2026

Decision: To replace the library van with an electric van.

Copyright Westmarch Council | Privacy | Cookies
"""

# a community council's minutes dated after the word ("Minutes 5th March 2026 Meeting of Council");
# an item approving the last meeting's minutes names that meeting's day, not this one's
MINUTES_DATED_AFTER_THE_WORD = """Glanrhyd Community Council

Minutes 5th March 2026 Meeting of Council

Present: Cllr A Pugh (Chair), Cllr B Rees, Cllr C Owen

1. Minutes
To receive the minutes of the Council meeting held on 3rd February 2026.
The minutes were agreed and signed by the Chair.

2. Bus shelter
It was resolved to repair the bus shelter on Heol y Bont at a cost of £650.
"""

# a form whose labels stand before dotted leaders ("Subject matter ... value"), one with a hyphen
# ("Decision-taker"), and headings in plain words over the decision and its reasons
DOTTED_LEADERS = """SOUTH ORLEY DISTRICT COUNCIL
EXECUTIVE DECISION NOTICE

Decision reference ... ED/114
Decision-taker ... Executive
Date of meeting ... 20 January 2026
Is it a key decision? ... Yes
Call-in applies? ... Na / No
Decision comes into effect ... 30 January 2026

What was decided
That the Council Tax Support Scheme for 2026/27 be recommended to Council for adoption.

Why
To provide stability for low income households.
"""

# a page fragment headed by its kind and title ("Decision notice: ..."), and one whose heading is a
# numbered record's ("Decision 2026/012: ..."), no label of a decision
KIND_AND_NUMBERED_HEADINGS = """Decision notice: Community Grants Round 3

Decision taker: Leader of the Council
Date taken: 21/05/2026

Decision
To award grants totalling £38,750 to the 14 organisations listed in the schedule.
"""
NUMBERED_HEADING = """Decision 2026/012: Victim services commissioning

Published: 28 January 2026

Recommendation
That the Police and Crime Commissioner awards the Victim Support Hub contract to Safeway Victim Care CIC.
"""

# a Word form: a table of three labels over a row of their values, then the rest in label rows
LABELS_OVER_ONE_ROW = """Lowmoor District Council - Delegated Decision Record

Decision title
Decision maker
Date of decision

Renewal of CCTV maintenance contract
Community Safety Manager
12/06/2026

Decision

To renew the CCTV maintenance contract with Vigil Systems Ltd for one year at a cost of £21,600.

Reasons

Continuity of maintenance is needed while the wider CCTV review is completed.
"""

# a PCC's record whose parts are headings over their paragraphs, the last one no field's; a part's
# heading in capitals alone between blanks ends the decision above it
PARTS_OVER_PARAGRAPHS = """Office of the Police and Crime Commissioner for Northvale

Title: Funding for the Safer Streets Night Marshals scheme

Recommendation:
That the Commissioner approves a grant of £62,000 to Kelby Business Improvement District.

APPROVAL

Date: 9 March 2026

Declaration of interests
I confirm that I have no personal interest in this decision.

Public access to information
Information in this form is subject to the Freedom of Information Act 2000.
"""

# an officer deciding in the first person by role alone ("I, the Director of Place, ... have
# decided:"); a sentence on when the decision may be implemented is no part of the reasons
FIRST_PERSON_ROLE = """Tamsworth City Council

RECORD OF DELEGATED OFFICER DECISION

Decision title: Quarry Lane bus gate

I, the Director of Place, in exercise of the powers delegated to me under the Council's Scheme of Delegation, have decided:

To make an experimental traffic regulation order introducing a bus gate on Quarry Lane.

Reasons:
To reduce through traffic on Quarry Lane.

This decision will not be implemented until 5.00pm on 8 March 2026, the end of the call-in period.

Date: 27 February 2026
"""

# minutes headed by the body and the day ("Minutes of the Executive, Thursday 19 March 2026"),
# closed at the end ("The meeting closed at 7.42 pm.")
MINUTES_OF_THE_BODY = """Haddon Vale Council

Minutes of the Executive, Thursday 19 March 2026

12. Empty Homes Strategy
RESOLVED: That the Empty Homes Strategy 2026-2030 be adopted.
Reason for decision: To bring long-term empty homes back into use.

The meeting closed at 7.42 pm.
"""

# a record that names its decision in its first rows ("Decision: Adoption of ...") and states it under
# "Decision taken"; a numbered label with an aside; the call-in sentence after the declarations
NAMED_THEN_STATED = """WYNDHAM ABBEY DISTRICT COUNCIL
Record of Executive Decision
Decision: Adoption of the Private Sector Housing Enforcement Policy
Decision maker: Councillor Harriet Moss, Cabinet Member for Housing

Decision taken
To adopt the Private Sector Housing Enforcement Policy 2026 with immediate effect.

11. Date when the decision can be implemented (if not called in)
3 December 2026

Declarations of interest
Councillor Moss declared that she is a landlord of one property in the district.

This decision will not be implemented until 5.00pm on 8 July 2026, the end of the call-in period.
"""

# a leader's list: each entry a title, then "Date:", "Decision:" and "Reason:" lines, all apart by
# blank lines (a block's section ran on into the next entry's title)
CARDS_OF_LABELLED_LINES = """Decisions taken by the Leader - May 2026

Rudford Borough Council

Rudford Market Hall lease

Date: 6 May 2026

Decision: To grant a 10-year lease of units 3 and 4 of Rudford Market Hall to Hollow Oak Bakery.

Reason: To bring vacant units back into use.

Armed Forces Covenant refresh

Date: 14 May 2026

Decision: To re-sign the Armed Forces Covenant and adopt the action plan.

Reason: To maintain the council's Silver Award status.
"""

# the issuer's name above the record's heading, the title below it: no title, nor purpose, above
ISSUER_OVER_HEADING = """Westholm Police, Fire and Crime Commissioner

Record of Decision

Purchase of two replacement fire appliances

The Commissioner has approved the purchase of two replacement fire appliances at a cost of £698,000.

Decision made by: Commissioner Daniel Okafor
Date: 22 January 2026
"""

# a template nobody filled in: its values are placeholders in brackets
PLACEHOLDER_TEMPLATE = """Record of Executive Decision - TEMPLATE

Title: [Insert title]

Decision maker: [Name and role]

Date of decision: [Date]

Decision: [Set out the decision taken]

Reasons: [Set out the reasons]
"""

# a commissioner named as the heading names them, over a numbered log's title; plain-words labels
COMMISSIONER_LOG = """Westmarsh Police and Crime Commissioner

Decision Log 014/2026 – Funding for the Rural Crime Partnership

Decision
The Commissioner approves a grant of £45,000 to the Westmarsh Rural Crime Partnership.

Date decision published
9 March 2026

When it takes effect
16 March 2026
"""

# a decider and its day in one heading ("Decision of the Cabinet taken on Wednesday 4 March 2026")
DECIDED_ON_HEADING = """Decision of the Cabinet taken on Wednesday 4 March 2026

Item 7: Housing Allocations Policy Review 2026

RESOLVED: That the revised Housing Allocations Policy be adopted.
"""

# a meeting's record of its decisions as a table: its items numbered in a column named "Item", its
# body and day in the heading
ITEMS_TABLE = """Brinsley Vale Council
Record of Decisions – Cabinet, 15 October 2026

Item
Subject
Decision

5
Council Tax Support Scheme 2027/28
RESOLVED: That the Council Tax Support Scheme 2027/28 be recommended to Council for adoption.

6
Quarter 2 Budget Monitoring Report
RESOLVED: That the forecast outturn position be noted.
"""

# what a notice says of itself in sentences: key, when to call it in, who issued it; a letterhead's
# address with its telephone number
SAID_IN_SENTENCES = """The Guildhall, High Street, Oakhurst OK2 9QP · 01632 960981

Housing Allocations Policy Review 2026

Decision: To adopt the revised Housing Allocations Policy.

This is a key decision. Any five non-executive members who wish to call it in must notify the Head of Democratic Services by 5pm on 13 March 2026.

Issued by Oakhurst District Council under the Openness of Local Government Bodies Regulations 2014.
"""

# a form's template: placeholders, and tick boxes none of which is ticked
TICKBOX_TEMPLATE = """Record of Executive Decision - TEMPLATE

Title of decision
[Insert title]

Decision maker
[Name and role]

Key decision
☐ Yes  ☐ No

Subject to call-in
☐ Yes  ☐ No

Decision
[Set out the decision taken]
"""

# a leader's notice named by its kind above its title; an extract of a committee's minutes
LEADERS_NOTICE = """Leader's Decision Notice

Appointment of Representatives to Outside Bodies 2026/27

Decision: To appoint the councillors listed in the schedule to the outside bodies named there.

Date of decision: 2 June 2026
"""
MINUTES_EXTRACT = """Extract from the minutes of the Environment Committee held on 9 September 2026

14. Allotment rents

RESOLVED – That allotment rents be increased by 5% from 1 October 2027.
"""

# a town council's form of numbered questions, each answered on the next line
NUMBERED_QUESTIONS = """Hollingmere Town Council - Delegated Decision

1. Name and title of decision maker
Marcus Flint, Town Clerk

2. What is the decision?
To replace the pavilion boiler at a cost of £4,200.

3. Why is the decision needed?
The boiler failed its safety inspection.

4. Which Councillors were consulted?
The Chair and Vice-Chair of the Council.

Declarations of interest: None.

This decision is not a key decision.
"""

# a body's name with the record's kind after a dash; minutes of an "Ordinary Meeting" of a council
KIND_AFTER_THE_NAME = """Ashcombe District Council - Cabinet Member decision

Garden Waste Collection Charge 2026/27

Decision: To set the garden waste charge at £52 a year.

Date of decision: 14 April 2026
"""
ORDINARY_MEETING = """Minutes of the Ordinary Meeting of Hollingmere Parish Council held on 3 March 2026

12. Play area
RESOLVED: That the quotation from Greenway Playsafe Ltd of £3,400 be accepted.
"""

CASES = [
    ("a meeting's date in a sentence wrapped over lines", MEETING_WRAPPED, 0, 1,
     {"decision_date": "2024-03-15",
      "decision": "RESOLVED - That the minutes of the meeting held on 16 February 2024 be approved as a correct record."}),
    ("a header one cell to a line, some set as labels, then rows that open with a reference", REFERENCE_CELLS, 0, 2,
     {"title": "Custody suite repairs"}),
    ("a meeting page's date line, its minutes under a section heading", MEETING_SUMMARY, 0, 1,
     {"title": "Apologies for Absence", "decision_date": "2024-06-20"}),
    ("a meeting's page: a minute under a section heading is a minute of its own", MEETING_PAGE, 1, 2,
     {"title": "Harbour Dues 2024/25",
      "decision": "The Committee agreed the harbour dues for 2024/25 as set out in the report."}),
    ("minutes numbered by reference ('M/41/2024:-'): the deciding minute", COUNCIL_MINUTES, 0, 1,
     {"title": "SYMPATHY", "decision_date": "2024-03-04",
      "decision": "At the request of Councillor Hale it was agreed to send a letter of sympathy to the family of "
                  "the late Ann Moss."}),
    ("a meeting's page that never says minutes: numbered items and a resolution", MEETING_PAGE, 0, 2,
     {"title": "Resolution", "decision_maker": "Harbour and Coast Committee", "decision_date": "2024-03-12",
      "purpose": "Consider, and if so decide, adopt the following resolution:\n\"That the public be excluded from the "
                 "meeting for item 7.\"",
      "decision": "The meeting resolved that the public be excluded from the meeting for item 7."}),
    ("a table with tab-separated cells: first row", TAB_TABLE, 0, 3,
     {"title": "Library opening hours", "decision_maker": "J. Patel, Head of Culture",
      "decision_date": "2021-03-02", "decision_status": "Published"}),
    ("a table with tab-separated cells: last row", TAB_TABLE, 2, 3,
     {"title": "Lease of Unit 4, Mill Yard", "decision_maker": "Head of Property", "decision_date": "2021-03-15"}),
    ("a table whose cells ran together with single spaces", RUN_TOGETHER_TABLE, 1, 2,
     {"title": "Closure of Ferry Lane car park", "decision_maker": "Director of Place",
      "decision_date": "2022-05-11", "decision_status": "Published"}),
    ("a pipe table: the page's heading names the issuer of every row", PIPE_TABLE, 1, 2,
     {"title": "Estates strategy", "authority": "Police and Crime Commissioner for Eastmoor",
      "decision": "The Commissioner approved the estates strategy 2024-2028.", "decision_date": "2024-01-30"}),
    ("a table with each cell on a line of its own", CELLS_PER_LINE, 1, 2,
     {"title": "Grant to Tollbridge Community Trust", "decision_maker": "Director of Communities",
      "decision_date": "2023-02-13"}),
    ("a table whose rows open with a reference, a summary below", REFERENCE_ROWS, 1, 2,
     {"title": "Custody nurse contract", "decision_maker": "Commissioner",
      "authority": "Police and Crime Commissioner for Westmarch",
      "purpose": "The custody nurse contract ends in May and a new provider is needed for the next three years."}),
    ("a list whose entries repeat one pattern", DATED_LIST, 1, 3,
     {"title": "Adult education budget", "decision_date": "2024-03-10"}),
    ("a list of entries: a title line, then the same labelled lines", ENTRY_BLOCKS, 1, 2,
     {"title": "MD4102 Canal towpath lighting", "decision_date": "2024-03-14", "decision_maker": "Mayor of Westmarch"}),
    ("a list of entries: a reference, a title and a link's note, then a dated line", DATED_BLOCKS, 1, 2,
     {"title": "Estates strategy", "publication_date": "2024-01-30"}),
    ("a pipe table whose first column is the title", TITLE_FIRST_PIPES, 1, 2,
     {"title": "Gritting salt purchase", "decision_maker": "Director of Highways", "decision_date": "2024-03-11",
      "purpose": "Two thousand tonnes of salt will be bought."}),
    ("minutes whose headings end in a full stop: the deciding minute", STOPPED_HEADINGS, 0, 1,
     {"title": "BUS SHELTER REPAIR", "authority": "LITTLE MARSHAM PARISH COUNCIL", "decision_date": "2023-03-14",
      "decision": "Having considered two quotes Cllrs RESOLVED to accept the quote of £850 from Marsham Joinery.",
      "declarations_of_interest": "None."}),
    ("minutes numbered by year ('23/104 ALLOTMENT RENTS'): each deciding minute, its number no part of its title",
     YEAR_NUMBERED_MINUTES, 1, 2,
     {"title": "CHRISTMAS LIGHTS", "decision_date": "2023-11-06",
      "decision": "RESOLVED: To spend up to £2,000 on new Christmas lights for the High Street."}),
    ("minutes whose headings name the item ('Item 2 Village hall roof')", ITEM_WORD_MINUTES, 0, 1,
     {"title": "Village hall roof", "authority": "WESTON UNDERHILL PARISH COUNCIL", "decision_date": "2024-01-18",
      "decision": "The Council considered three quotations. It was agreed to accept the quotation from Underhill "
                  "Roofing of £6,400."}),
    ("a dated log: cells run together, a name then what was decided ('Detail' that records decisions)",
     DATED_LOG, 1, 3,
     {"title": "Use of Drones for Search", "decision_date": "2019-03-03",
      "decision": "Subject to a privacy review, the Commissioner agreed to fund a trial of two drones.",
      "purpose": None}),
    ("board minutes: an item's numbered paragraphs ('2.1.', '2.2.') below its heading", BOARD_MINUTES, 0, 1,
     {"title": "Car Parking Charges for Staff", "decision_date": "2023-03-14",
      "decision": "2.1. The Director of Estates presented the proposal to end staff parking charges.\n2.2. The Board "
                  "agreed to end staff parking charges from 1 April 2023."}),
    ("a list whose entries name their decider in brackets", BRACKETED_DECIDERS, 1, 3,
     {"title": "Sale of land at Mill Lane", "decision_maker": "Head of Property", "decision_date": "2024-03-12"}),
    ("a list of entries: a title with its date in brackets, then who approved it", APPROVED_BY_LIST, 2, 3,
     {"title": "Cycling strategy", "decision_maker": "Cabinet Member for Transport", "decision_date": "2024-03-17"}),
    ("items named by number ('Agenda item 6'), one deciding; a paper's letter is no title", NAMED_ITEMS, 0, 1,
     {"title": "Harbour Dues 2021-22", "decision_date": "2021-03-09",
      "decision": "To set the harbour dues for 2021-22 as shown in the appendix.",
      "reasons": "The dues must be set before the sailing season opens."}),
    ("a decision's verb in the imperative heads its list ('Approve:')", IMPERATIVE_LIST, 0, 1,
     {"title": "Tollbridge depot lease",
      "decision": "The Chief Executive made the following decision;\nApprove:\nthe renewal of the Tollbridge depot "
                  "lease for ten years at £18,000 a year.",
      "reasons": "The depot is needed for the gritting fleet."}),
    ("a form flattened without separators", BARE_FORM, 0, 1,
     {"title": "Harbour wall repairs", "decision_maker": "Lead Member for Coast and Harbours",
      "effective_from": "2024-06-12", "decision_status": "Decision Implemented",
      "decision": "approve the repair of the north harbour wall at a cost of £240,000.",
      "consultation": "Harbour users and the ward councillors."}),
    ("a form flattened without separators: a dash inside a value, a value cell wrapped onto its own line",
     BARE_FORM_WRAPPED, 0, 1,
     {"title": "Quay Street - pedestrian crossing", "effective_from": "2022-05-03",
      "decision_maker": "Director of Highways - Transport and Streets Amira Khan",
      "decision": "approve a new pedestrian crossing on Quay Street."}),
    ("a list whose entries say how each was dated ('signed 5 May 2025')", SIGNED_LIST, 2, 3,
     {"title": "Skills bootcamps funding", "decision_date": "2025-05-19"}),
    ("entries of a title and labelled lines, the decider and the day on one line", TAKEN_BY_BLOCKS, 1, 2,
     {"title": "Library opening hours", "decision_maker": "Cabinet", "decision_date": "2025-07-09",
      "purpose": "Adoption of longer opening hours at three libraries."}),
    ("a table copied with tabs: a title cell and a summary cell side by side", TAB_SUMMARY_TABLE, 1, 2,
     {"title": "Town hall boiler", "decision_maker": "Head of Property", "decision_date": "2026-03-10",
      "purpose": "Approval to replace the town hall boiler at a cost of £60,000."}),
    ("minutes whose numbered headings run on into the item's text ('3. BENCH REPAIR. Cllrs RESOLVED ...')",
     HEADINGS_INLINE, 1, 2,
     {"title": "HALL HIRE", "decision": "Cllrs RESOLVED to raise the hall hire charge to £15 an hour.",
      "declarations_of_interest": "Cllr Reed declared a pecuniary interest in item 3.", "decision_date": "2025-03-03"}),
    ("minutes numbered by the committee's letters and the year ('E14/25 ...')", LETTERED_MINUTES, 0, 2,
     {"title": "Recycling Centre Opening Hours", "decision_maker": "Environment Committee", "decision_date": "2025-02-04",
      "declarations_of_interest": "There were no declarations of interest."}),
    ("minutes dated after the word; an earlier meeting's day in an item is not theirs",
     MINUTES_DATED_AFTER_THE_WORD, 1, 2, {"title": "Bus shelter", "decision_date": "2026-03-05"}),
    ("a meeting's table of decisions: numbers under 'Item', the body and day in its heading", ITEMS_TABLE, 1, 2,
     {"title": "Quarter 2 Budget Monitoring Report", "decision_maker": "Cabinet", "decision_date": "2026-10-15",
      "decision": "RESOLVED: That the forecast outturn position be noted."}),
    ("cards of a title and labelled lines apart by blanks, a block's label among them", CARDS_OF_LABELLED_LINES, 0, 2,
     {"title": "Rudford Market Hall lease", "decision_maker": "Leader", "decision_date": "2026-05-06",
      "reasons": "To bring vacant units back into use."}),
    ("cards: a title, labelled lines with a reference among them, then a summary with no label", DECISION_CARDS, 1, 2,
     {"title": "Renewal of CCTV maintenance contract", "decision_date": "2025-02-10",
      "decision_maker": "Director of Community Safety",
      "decision": "To renew the CCTV maintenance contract with Secure Eye Ltd for three years."}),
    ("a meeting page titled with its body and day; an earlier meeting's day in an item is not its own",
     MEETING_TITLE_PAGE, 0, 1,
     {"title": "Highways Capital Programme 2026/27", "decision_maker": "Cabinet", "decision_date": "2026-03-18"}),
    ("a meeting page's rows: each item's title, then 'Minutes:' and what was minuted, on one line", MINUTE_ROWS, 1, 2,
     {"title": "Ferry Fares", "declarations_of_interest": "There were no declarations of interest.",
      "decision": "The Committee had before it a report on ferry fares for 2026/27.\nThe Committee resolved:- to approve "
                  "the ferry fares as set out in the report."}),
]
FORMATS = ("txt", "bold_labels.pdf", "bold_labels.docx", "cms.html")
# Renderings that do not keep a shape yet, kept visible: the renderers set a table's cells in
# paragraphs, and a PDF or Word paragraph keeps no tab; a page's <p> per line keeps all.
# A PDF line and a web page's paragraph keep no tab: two text cells side by side run together there.
KNOWN_GAPS: set[tuple[str, str]] = {
    ("a table copied with tabs: a title cell and a summary cell side by side", "bold_labels.pdf"),
    ("a table copied with tabs: a title cell and a summary cell side by side", "cms.html")}
_NAMES = {text: f"shape{n}" for n, (_, text, *_) in enumerate(CASES)}


@lru_cache(maxsize=None)
def _source(text: str, fmt: str, folder: str) -> Path:
    return render_as(text, fmt, Path(folder) / f"{_NAMES[text]}.{fmt}")


@lru_cache(maxsize=None)
def _extracted(path: Path):
    return extract(path)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("shapes"))


PARAMS = [pytest.param(fmt, *case, id=f"{case[0]}-{fmt}",
                       marks=[pytest.mark.xfail(strict=True, reason="the rendering loses the shape")]
                       if (case[0], fmt) in KNOWN_GAPS else [])
          for case in CASES for fmt in FORMATS]


@pytest.mark.parametrize("fmt,name,text,index,count,expected", PARAMS)
def test_shape(folder, fmt, name, text, index, count, expected):
    result = _extracted(_source(text, fmt, folder))
    assert result.error is None
    assert len(result.notices) == count
    notice = result.notices[index].model_dump(mode="json")
    assert {field: notice[field] for field in expected} == expected
    assert "not_a_notice" not in {w.code for w in result.warnings}


FRAGMENT = """<div class="mgContent">
<h2 class="mgSubTitleTxt">Decision details</h2>
<h3>Harbour wall repairs</h3>
<p><strong>Decision Maker:</strong> Cabinet</p>
<p><strong>Decision status:</strong> Recommendations Approved</p>
<h4>Decision:</h4>
<p>That the repair of the north harbour wall be approved.</p>
<p><strong>Date of decision:</strong> 12/06/2024</p>
</div>
"""


@pytest.mark.parametrize("name,data", [
    ("a content div saved alone", FRAGMENT),
    ("a fragment after a blank line and a comment", "\n<!-- saved by a scraper -->\n" + FRAGMENT),
    ("a fragment that opens with inline markup, named .htm", "Decision <b>details</b>\n" + FRAGMENT),
], ids=lambda v: v if isinstance(v, str) and len(v) < 60 else None)
def test_a_page_fragment_is_read_as_a_web_page(tmp_path, name, data):
    path = tmp_path / "fragment.htm"
    path.write_text(data, encoding="utf-8")
    result = extract(path)
    assert result.source.format == "html"
    notice = result.notices[0]
    assert (notice.title, notice.decision_maker, str(notice.decision_date)) == (
        "Harbour wall repairs", "Cabinet", "2024-06-12")
    assert notice.decision == "That the repair of the north harbour wall be approved."
    assert "<" not in (notice.decision or "")


@pytest.mark.parametrize("text", [
    "Decision details\nTitle: <b>not a page</b> but a note about markup\n",  # one tag, not named .htm
    "<AI1>\nDecision: That the minutes be approved.\n",  # ModernGov's item marker is no element
], ids=["one inline tag", "item marker"])
def test_text_with_a_tag_in_it_stays_text(tmp_path, text):
    path = tmp_path / "notice.txt"
    path.write_text(text, encoding="utf-8")
    assert extract(path).source.format == "text"


@pytest.mark.parametrize("text", [
    # one line that opens with a label and no separator is a sentence, not a form
    "Decision details\n\nDecision Title Harbour wall repairs\n\nDecision: That the repairs be approved.\n",
    # a paragraph of prose made of label-like openings
    "The decision is to approve the repairs.\nThe Council agreed.\nReport by the Director of Place.\n",
], ids=["one bare label", "prose"])
def test_bare_labels_need_a_form_of_them(text):
    from extractor.inline_labels import bare_label_rows
    from extractor.lexicon import load_lexicon
    from extractor.pipeline import read

    assert bare_label_rows(read(text=text), load_lexicon()) == {}


@pytest.mark.parametrize("fmt,name,text", [pytest.param(fmt, name, text, id=f"{name}-{fmt}")
                                           for name, text, *_ in CASES for fmt in FORMATS])
def test_every_line_of_a_shape_is_placed_once(folder, fmt, name, text):
    from extractor.coverage import coverage_gaps
    from extractor.pipeline import run

    extraction = run(_source(text, fmt, folder))
    assert coverage_gaps(extraction.document, extraction.assembled) == []


# -- records in prose, furniture, papers that are no notice ------------------------------------
FORMULA_RECORD = """Officer decision

Mill Street depot lease renewal

The Deputy Director (Place) authorised:

The renewal of the lease of the Mill Street depot to Harbour Logistics Ltd for five years at £42,000 a year.
"""

PROPOSED_THAT = """Ref: OPCC/D/2024/07

The Eastmoor custody suite needs new CCTV cameras because the current system is no longer supported.

It is proposed that the Commissioner:

- Approve the purchase of a new CCTV system for the custody suite at a cost of £64,000.
"""

NOTED_FORM = """Delegated Decision Notification

LEAD DIRECTOR i: Director of Place

SUBJECT ii : Resurfacing of Quarry Lane

DETAILS iii : The Director of Place has approved the resurfacing of Quarry Lane at a cost of £80,000.
"""

LOGO_PAGE = """Westmarch Combined Authority logo
Skip to main content
Text Only

MD2024/09 Active travel fund

Decision: That the Mayor approves grants of £1.2m from the active travel fund.

Date of decision: 9 May 2024
"""

# An aggregator's page: a row of badges under the title (date, decider with a type tag, "Key
# decision", a status), link texts, a purpose whose list items wrap (a line ending "Constitution;"
# that reads almost as a label ("Consultation")), and a details table whose label and value cells ran together.
BADGE_PAGE = """Harbour Ferry Contract Renewal

March 3, 2024 Cabinet Member for Transport (Cabinet member) Key decision Approved View on council website
Full council record

Purpose

This report seeks approval to renew the harbour ferry contract;
(i) Amending the timetable set by the Harbour
Constitution;
(ii) Extending the contract for three years.

Details

OutcomeRecommendations Approved
Decision date3 Mar 2024
"""

# An aggregator's re-rendering: the page's kind ("Decision") above the title, then the council's
# own labels run together in one "Content:" value, two of them long phrasings no lexicon holds,
# then a list of papers, and a heading the lexicon does not know after it.
RUN_OF_LABELS = """Decision

Harbour Wall Repair Programme

Decision Maker: Cabinet

Date of Decision: March 5, 2025

Purpose: To agree the harbour wall repair programme for 2025/26.

Content: Decision: 1. Approve the programme set out in Appendix 1. Reason(s): The wall is failing in two places. Other options considered and rejected by the Cabinet: Defer the works.  Details of any conflict of interest declared by the Leader or lead councillors and any dispensation granted: None.

Supporting Documents

Harbour wall programme report.pdf
Appendix 1 - programme.pdf

Related Meeting

Cabinet - Wednesday, 5th March, 2025 6.00 pm
"""

# A record in prose under its issuer's name: a short title with its year, the decider named in a
# sentence before "He has decided ...", and a sentence that gives the reason below the decision.
PROSE_PRECEPT = """Police and Crime Commissioner for Northvale
Precept 2026/27

The Police and Crime Commissioner for Northvale has considered the draft budget and the results of the survey.

He has decided to propose a rise of £14 in the Band D precept for 2026/27.

The rise is needed to keep 90 community support officers on patrol.

Decision date: 29 January 2026
"""

# An officer's record whose decision follows "authorised:", then a sentence saying why.
PROSE_AUTHORISED = """Delegated decision

Museum roof repairs

The Director of Place authorised:

the award of a contract for £85,000 to Fenmoor Roofing to repair the museum roof.

This was necessary because the roof has leaked into the gallery twice this winter.

Date of decision: 9 March 2026
"""

# A table of decisions still to be taken, under a forward plan's heading: no notice at all.
PLAN_TABLE = """Forward plan of key decisions
1 February 2026 to 31 May 2026

Decision to be taken | Decision maker | Date of decision
Adoption of the Eastford cycling plan | Cabinet | March 2026
Award of the street cleansing contract | Cabinet | April 2026
Disposal of land at Tanner Row | Cabinet Member for Assets | May 2026
"""

# A page that links its signed decision by the file's name under a heading the lexicon does not
# know, below the summary, and its other papers under a label it knows.
SIGNED_FILE = """Decision by: Director of Housing, Eastmoor Development Corporation

Executive summary

This decision approves a grant of £200,000 to Eastmoor Community Land Trust for ten new homes.

Signed decision document

ED0412 Land Trust grant (signed).pdf

Supporting documents

ED0412 Land Trust grant.pdf

ED0412 Appendix A.pdf
"""

# "Introduction and background" says what a record is for where no "Purpose" does; "Background"
# alone under "Reasons for decision" is that section's sub-heading.
BACKGROUND_RECORD = """Decision notice 2026/03

Mobile library replacement

Introduction and background
The mobile library van is 15 years old and breaks down most weeks.

Decision
To buy a new electric mobile library van for £180,000.

Reasons for decision

Background

Repairs cost £20,000 last year and the van missed 40 stops.
"""

# A minute whose body is named on a line of its own above the sentence it opens
MINUTE_SUBJECT = """Minutes:
The Head of Leisure presented the report on the lease of the boathouse.
The Committee
Recommended That Members approve the lease of the boathouse to Eastmoor Rowing Club for ten years.
"""

# A form whose labels stand above their values: the record-kind heading "Decision Details" among
# them labels the prose below it; a paragraph of sentences after a list of papers is no paper
FORM_WITH_DETAILS = """Decision Title
Harbour lighting renewal

Decision Category
Executive

Decision Details

The harbour lamps are failing and will be replaced with LED lamps this winter. Work starts in November.

Decision Result
To replace the harbour lamps with LED lamps.

Decision Reports
Harbour lighting report

The work was agreed with the harbour users' group at its meeting in September, and the usual notice period was waived.
"""

# Records that name their decider only in the sentence that records the decision, in the past tense
PCC_AGREED = """Decision record 2026/11

Title: Custody suite cameras

Decision: The PCC agreed to fund new cameras in the custody suite at a cost of £45,000.

Date: 8 April 2026
"""

MAYOR_APPROVED = """Mayoral decision MD702

Cycle parking hubs

The Mayor approved spending of £800,000 on cycle parking hubs at six stations.

Signed 19 May 2026
"""

TAKEN_UNDER_POWERS = """Officer decision

Boathouse lease

Decision taken by the Head of Estates under delegated powers on 4 June 2026:

To grant a ten-year lease of the boathouse to Eastmoor Rowing Club.
"""

# A deadline to call a decision in says it can be called in (FIELDS.md), where nothing else says so
CALL_IN_DEADLINE = """Record of Decision

Harbour crane hire

Decision maker: Cabinet Member for Harbours

Decision: To hire a mobile crane for the harbour wall works.

Deadline for call-in: 25 September 2026
"""

NOT_KEY_BADGES = """Tollbridge Depot Lease

12 June 2024 Head of Property (Officer) Non-key decision Approved View on council website

Purpose

To renew the lease of the Tollbridge depot for ten years.
"""

WRAPPED_TEXT = """Record of Decision

Sale of the Eastgate Highways Depot

Ref: ODR/2024/18

Following a review of the council's depots, the building formerly used as the Eastgate
Highways Depot on Station Road, Eastgate, was found to be surplus to requirements and
will be sold. The highways team has moved to the new Northfield depot, which opened in
the spring, and the old building has stood empty since then.

Two offers were received after the property was advertised by the council's own agent.
The higher offer, from a local builder, is for £310,000 with no conditions attached to
it. The offer has been checked by the council's valuer and is the best value available.

Decision: That the Eastgate Highways Depot be sold to the highest bidder for £310,000.

Date of decision: 3 July 2024
"""

PLAN_OF_DECISIONS = """PLAN OF KEY DECISIONS - 1 MARCH 2025

1. Library opening hours

Decision maker: Executive

Decision due: Not before 1 March 2025

2. Harbour car park charges

Decision maker: Executive

Decision due: Between 1 March 2025 and 30 April 2025
"""

BOARD_PAPER = """WESTDALE NATIONAL PARK AUTHORITY Paper 3 12/05/24

Title: Committee membership

Prepared by: Ann Vale, Chief Executive

Purpose
This paper seeks the Board's agreement to the membership of its committees.

Recommendations
That the Board agree the membership of the committees set out in the annex.
"""

ROLE_IN_PROSE = """Purchase of body-worn video cameras

Published: 14 March 2024

The cameras used by officers are eight years old and the supplier no longer repairs them.

The Commissioner has approved the purchase of 1,200 body-worn video cameras at a cost of £1.1m.
"""

PROPOSED_RECORD = """WESTSHIRE COUNTY COUNCIL
PROPOSED RECORD OF DECISION

Decision maker: Cabinet Member for Adult Social Care

Title of decision: Day centre transport contract

Decision proposed: To award the day centre transport contract to Rural Connect Ltd for three years.

Date: 3 June 2024
"""

SUMMARY_OUTCOME = """Custody suite refurbishment

Executive Summary:
The custody suite at Westford police station was built in 1998 and no longer meets the standards set for custody.
The Commissioner was asked to choose between refurbishing the suite and building a new one.
She has opted to refurbish the existing suite at a cost of £2.4m.
"""

CAPITALS_FORM = """RECORD OF DECISION
Ref: OPCC/D/2025/02
EXECUTIVE SUMMARY
The Commissioner must tell the Police and Crime Panel by 1 February which precept he proposes for 2025/26.
PROPOSAL
That the Commissioner propose a precept of £260.50 for a band D property in 2025/26.
PART 2 - SUPPORTING INFORMATION
The precept will raise £98m which, with the government's grant, pays for the budget in the report.
"""

SIGNED_PROPOSAL = """Ref: OPCC/D/2025/11

The former Eastford police office on Mill Road has been empty since the team moved to the new hub in 2023.

Two offers were received after the building was advertised, and the higher offer is for £180,000.

It is proposed that the Commissioner:

- Approve the sale of the former Eastford police office for £180,000.

Eastmoor Police and Crime Commissioner

I hereby approve the above proposal.
"""

BORDERED_CELLS = """Decision Tracking - Decision Detail
|
|
Decision Title
|
Closure of the Quay Street public toilets
|
Decision Makers
|
Lead Member for Environment |
|
Current Status
|
Decision Implemented
|
Decision Result
|
To close the Quay Street toilets and open the new facilities at the bus station. |
"""

ISSUE_MEETINGS = """Issue - meetings

Westvale Combined Authority

Meeting: 14/11/2024 - Cabinet (Item 6.)

6. Consent to the establishment of the Westvale Combined Authority

To seek approval to the draft order establishing the Westvale Combined Authority.

Additional documents:

Decision:

That the draft order be approved.
"""

ISSUE_MINUTE = """Issue - decisions

14/03/2024 - HARBOUR MASTER'S REPORT

The Council gave consideration to a report by the Harbour Master on the use of the east quay during the winter.

The Council noted the content of the report.
"""

BROKEN_LINES = """Issue - decisions

Design support contract

24/05/2024 - Design support contract

i. The plan to tender the design support contract be approved.

ii. The Executive delegate authority to the Director of Place and the

Executive Member for Finance and Property to award the

contract to the best bidder.
"""

TRACKING_FORM = """Decision Tracking - Decision Detail

Decision Title Harbour wall repairs
Decision Number 04512/24/H/A
Decision Category Key
Decision Details To approve the repair of the harbour wall after the storm damage of January 2024.
Decision Makers Lead Member for Harbours
Implementation Date 12 March 2024
Current Status Decision Implemented
Decision Result approve the repair of the harbour wall.
"""

ALONE_FORM = """Decision Detail

Decision Title

Closure of the Quay Street toilets

Decision Details

The toilets on Quay Street will close when the new facilities at the bus station open in May.

Decision Makers

Lead Member for Environment

Current Status

Decision Implemented

Decision Result

To close the Quay Street toilets.

Referral Committees

Environment Scrutiny Committee

Topic keywords

Public toilets
"""

DECISIONS_TAKEN = """RECORD OF DECISION

The following decisions were taken on TUESDAY, 4 MARCH 2025 by the EXECUTIVE

These decisions do not take effect until FRIDAY, 14 MARCH 2025

Decision taken

To approve the harbour dredging programme for 2025.

Reason

The channel has silted up and larger boats cannot reach the quay.

Additional reasons

None

Interests

None declared

Options considered and rejected

None
"""

MAYORAL_SUMMARY = """MD2201 Harbour Scheme of Delegation

Decision by:
Westvale Mayor

Executive summary

The Mayor's approval is sought for the revised harbour scheme of delegation for 2025-26.

That the Mayor approves the appended scheme of delegation.

Part 1: Facts and advice

The scheme is revised every year to reflect changes in staff.
"""

MINUTE_WITH_LABELS = """41 Review of the Harbour Byelaws - Key Decision PDF 120 KB
To consider proposed changes to the harbour byelaws.
Additional documents:
Minutes:
The Committee considered a report seeking its agreement to update the harbour byelaws, last reviewed in 2015.
Alternative options considered and rejected:
To keep the existing byelaws.
The Committee resolved to agree the updated byelaws as set out in Appendix A to the report.
Reason for Decision:
The byelaws were last reviewed in 2015 and needed updating.
"""

LISTED_UNDER_PURPOSE = """Decision details

Quay Street Traffic Order Amendment

Decision Maker: Executive Member for Transport

Purpose of Report: To give the Executive Member the results of the advertisement of the order and the objections to it.

The Executive Member will be asked to consider the objections and choose an option.

i. Noted and agreed to over-rule the objection to the order and implement it as advertised.

ii. Approved the new signal layout shown in Annex B.

Reason: To make the junction safer for cyclists.
"""

VALUES_BELOW = """Decision details

Harbour lighting

Decision status:

Decision Made

Is Key decision?:

No

Decision:

To replace the harbour lamps with LED lamps.
"""

OFFICER_HEADED = """Delegated decision by the Head of Waste Services

Subject: Garden waste subscription price 2025

Decision taken
To set the garden waste subscription at £52 for 2025.

Reasons
To recover the full cost of the service.
Decision taken on: 14 October 2024
"""

DATED_BARE = """Precept Decision 2025/26

He has decided to propose a rise of £13 in the Band D precept for 2025/26, taking it to £289.50.

Dated 24 January 2025
"""

BLANK_FORM = """Request for an Officer Decision

Decision maker:

Subject:

Decision sought:

Reasons for the decision:

Alternatives considered:

Signed: ______________________   Date: ____________
"""

MEETING_AGENDA = """Cabinet - Tuesday 5 March 2024 7.00 pm

Venue: Council Chamber, Town Hall, Northvale
Contact: Democratic Services, 01632 960000

Agenda items
1. Apologies for absence
2. Minutes of the previous meeting PDF 210 KB
3. Budget 2024/25 PDF 1 MB
4. Local Plan consultation PDF 400 KB
"""

COMMITTEE_REPORT = """Report to: Cabinet
Date of meeting: 12 March 2024
Report of: Director of Place
Subject: Northvale Town Centre Parking Strategy

1. Purpose of the report
1.1 To seek approval of the Town Centre Parking Strategy.

2. Recommendations
2.1 That Cabinet approves the Town Centre Parking Strategy set out in Appendix A.
"""

LETTERHEAD_RECORD = """Office of the Police and Crime Commissioner for Westmoor
Police Headquarters, Ring Road, Northtown NT1 2AB
Tel 01632 000000 | opcc@westmoor.police.uk

DECISION RECORD 2024/07

Funding for youth diversion scheme

Background
Westmoor Youth Trust runs a scheme that diverts young people away from crime. Its funding from the Home Office ends in March.

Decision
I approve a grant of £60,000 to Westmoor Youth Trust for 2024/25.

Signature
Police and Crime Commissioner
Date 4 March 2024
"""

REPEATED_HEADING = """Decision details

Harbour parking charges

Decision Maker: Lead Member for Transport

Decision:
12.1 The Lead Member considered a report by the Director of Place.

DECISIONS

12.2 The Lead Member RESOLVED to approve the new harbour parking charges.

REASONS

12.3 The charges have not changed since 2015.
"""

PROSE_CASES = [
    ("under a label with its colon a line without one is its value, even one that reads as a label",
     VALUES_BELOW,
     {"title": "Harbour lighting", "decision_status": "Decision Made", "is_key_decision": False,
      "decision": "To replace the harbour lamps with LED lamps."}),
    ("decisions listed below a purpose, their heading lost, are the decision", LISTED_UNDER_PURPOSE,
     {"purpose": "To give the Executive Member the results of the advertisement of the order and the objections to "
                 "it.\nThe Executive Member will be asked to consider the objections and choose an option.",
      "decision": "i. Noted and agreed to over-rule the objection to the order and implement it as advertised.\n"
                  "ii. Approved the new signal layout shown in Annex B."}),
    ("a minute's resolution stranded under another label is the decision", MINUTE_WITH_LABELS,
     {"purpose": "To consider proposed changes to the harbour byelaws.",
      "decision": "The Committee resolved to agree the updated byelaws as set out in Appendix A to the report.",
      "alternatives_considered": "To keep the existing byelaws.", "is_key_decision": True}),
    ("a summary followed by 'That the Mayor approves ...' gives that decision", MAYORAL_SUMMARY,
     {"purpose": "The Mayor's approval is sought for the revised harbour scheme of delegation for 2025-26.",
      "decision": "That the Mayor approves the appended scheme of delegation."}),
    ("a record's heading states when, by whom and from when; a guessed label never beats a known one",
     DECISIONS_TAKEN,
     {"decision_date": "2025-03-04", "decision_maker": "EXECUTIVE", "effective_from": "2025-03-14",
      "decision": "To approve the harbour dredging programme for 2025.",
      "reasons": "The channel has silted up and larger boats cannot reach the quay."}),
    ("a form without separators: a reference row is no value, the record's heading has one", TRACKING_FORM,
     {"title": "Harbour wall repairs", "decision_maker": "Lead Member for Harbours",
      "purpose": "To approve the repair of the harbour wall after the storm damage of January 2024.",
      "decision": "approve the repair of the harbour wall.", "decision_status": "Decision Implemented",
      "category": "Key", "is_key_decision": True}),
    ("labels alone above their values: unknown ones still end the value above", ALONE_FORM,
     {"title": "Closure of the Quay Street toilets", "decision_maker": "Lead Member for Environment",
      "purpose": "The toilets on Quay Street will close when the new facilities at the bus station open in May.",
      "decision": "To close the Quay Street toilets.", "decision_status": "Decision Implemented"}),
    ("a minute's narrative of a report considered is the decision, no purpose", ISSUE_MINUTE,
     {"purpose": None,
      "decision": "The Council gave consideration to a report by the Harbour Master on the use of the east quay "
                  "during the winter.\nThe Council noted the content of the report."}),
    ("a role that runs on into a sentence is no decider's heading", BROKEN_LINES,
     {"decision_maker": None}),
    ("cell borders on lines of their own are gaps between cells", BORDERED_CELLS,
     {"title": "Closure of the Quay Street public toilets", "decision_maker": "Lead Member for Environment",
      "decision_status": "Decision Implemented",
      "decision": "To close the Quay Street toilets and open the new facilities at the bus station."}),
    ("an issue's meetings page: the title names a body, the meeting gives date and decider", ISSUE_MEETINGS,
     {"title": "Westvale Combined Authority", "decision_maker": "Cabinet", "decision_date": "2024-11-14",
      "purpose": "To seek approval to the draft order establishing the Westvale Combined Authority.",
      "decision": "That the draft order be approved."}),
    ("prose before a formula is the purpose, a signature block names the decider", SIGNED_PROPOSAL,
     {"purpose": "The former Eastford police office on Mill Road has been empty since the team moved to the new hub "
                 "in 2023.\nTwo offers were received after the building was advertised, and the higher offer is for "
                 "£180,000.",
      "decision": "It is proposed that the Commissioner:\nApprove the sale of the former Eastford police office for "
                  "£180,000.",
      "decision_maker": "Eastmoor Police and Crime Commissioner"}),
    ("a summary that ends in the decider's outcome gives the decision", SUMMARY_OUTCOME,
     {"decision": "She has opted to refurbish the existing suite at a cost of £2.4m."}),
    ("a heading in capitals ends the section a heading in capitals opened", CAPITALS_FORM,
     {"decision": "That the Commissioner propose a precept of £260.50 for a band D property in 2025/26.",
      "purpose": "The Commissioner must tell the Police and Crime Panel by 1 February which precept he proposes for "
                 "2025/26."}),
    ("a proposed record states no decision date", PROPOSED_RECORD,
     {"title": "Day centre transport contract", "decision_date": None,
      "decision": "To award the day centre transport contract to Rural Connect Ltd for three years."}),
    ("a record in prose names its decider by role", ROLE_IN_PROSE,
     {"decision_maker": "Commissioner",
      "decision": "The Commissioner has approved the purchase of 1,200 body-worn video cameras at a cost of £1.1m.",
      "purpose": "The cameras used by officers are eight years old and the supplier no longer repairs them."}),
    ("a decider's formula opens the decision and names the decider", FORMULA_RECORD,
     {"decision_maker": "Deputy Director (Place)",
      "decision": "The Deputy Director (Place) authorised:\nThe renewal of the lease of the Mill Street depot to Harbour "
                  "Logistics Ltd for five years at £42,000 a year."}),
    ("'it is proposed that' opens the decision", PROPOSED_THAT,
     {"decision": "It is proposed that the Commissioner:\nApprove the purchase of a new CCTV system for the custody "
                  "suite at a cost of £64,000."}),
    ("a form's note markers after its labels", NOTED_FORM,
     {"title": "Resurfacing of Quarry Lane",
      "purpose": "The Director of Place has approved the resurfacing of Quarry Lane at a cost of £80,000."}),
    ("a logo, a skip link and a text-only switch are no title", LOGO_PAGE,
     {"title": "MD2024/09 Active travel fund", "decision_date": "2024-05-09"}),
    ("an officer's record names its decider in its heading; 'taken on' before a date ends the reasons",
     OFFICER_HEADED,
     {"decision_maker": "Head of Waste Services", "decision_date": "2024-10-14",
      "reasons": "To recover the full cost of the service.",
      "decision": "To set the garden waste subscription at £52 for 2025."}),
    ("a date's label and its date with no separator", DATED_BARE,
     {"decision_date": "2025-01-24",
      "decision": "He has decided to propose a rise of £13 in the Band D precept for 2025/26, taking it to £289.50."}),
    ("a letterhead's address above the record's heading; its title, purpose and signer", LETTERHEAD_RECORD,
     {"title": "Funding for youth diversion scheme",
      "authority": "Office of the Police and Crime Commissioner for Westmoor",
      "purpose": "Westmoor Youth Trust runs a scheme that diverts young people away from crime. Its funding from the "
                 "Home Office ends in March.",
      "decision": "I approve a grant of £60,000 to Westmoor Youth Trust for 2024/25.",
      "decision_maker": "Police and Crime Commissioner", "decision_date": "2024-03-04"}),
    ("a heading that names the field of its section again is a sub-heading, no section", REPEATED_HEADING,
     {"decision": "12.1 The Lead Member considered a report by the Director of Place.\n12.2 The Lead Member RESOLVED "
                  "to approve the new harbour parking charges.",
      "reasons": "12.3 The charges have not changed since 2015."}),
    ("a row of badges: the date, the decider, 'Key decision'; cells glued ('Decision date3 Mar 2024'); links",
     BADGE_PAGE,
     {"title": "Harbour Ferry Contract Renewal", "decision_maker": "Cabinet Member for Transport",
      "is_key_decision": True, "decision_status": "Recommendations Approved", "decision_date": "2024-03-03",
      "decision": None, "consultation": None}),
    ("the page's kind above its title; long labels in a run of labelled pieces; a heading after a list",
     RUN_OF_LABELS,
     {"title": "Harbour Wall Repair Programme", "decision": "1. Approve the programme set out in Appendix 1.",
      "reasons": "The wall is failing in two places.", "alternatives_considered": "Defer the works.",
      "declarations_of_interest": "None.", "decision_date": "2025-03-05",
      "accompanying_documents": ["Harbour wall programme report.pdf", "Appendix 1 - programme.pdf"]}),
    ("a record in prose: a short title with its year after the issuer, the decider named before 'He has decided'",
     PROSE_PRECEPT,
     {"title": "Precept 2026/27", "decision_maker": "Police and Crime Commissioner for Northvale",
      "decision": "He has decided to propose a rise of £14 in the Band D precept for 2026/27.",
      "reasons": "The rise is needed to keep 90 community support officers on patrol.", "decision_date": "2026-01-29"}),
    ("a record in prose: 'authorised:' and the decision, then a sentence that gives the reason", PROSE_AUTHORISED,
     {"title": "Museum roof repairs", "decision_maker": "Director of Place",
      "reasons": "This was necessary because the roof has leaked into the gallery twice this winter."}),
    ("a paper linked by its file's name under a heading no lexicon holds, then the papers under a label",
     SIGNED_FILE,
     {"accompanying_documents": ["ED0412 Land Trust grant (signed).pdf", "ED0412 Land Trust grant.pdf",
                                 "ED0412 Appendix A.pdf"]}),
    ("a generic label says what a record is for; the same word under another label is its sub-heading",
     BACKGROUND_RECORD,
     {"title": "Mobile library replacement",
      "purpose": "The mobile library van is 15 years old and breaks down most weeks.",
      "decision": "To buy a new electric mobile library van for £180,000.",
      "reasons": "Background\nRepairs cost £20,000 last year and the van missed 40 stops."}),
    ("'The Committee' alone above 'Recommended That ...' opens that sentence, no decider's label", MINUTE_SUBJECT,
     {"decision_maker": None,
      "decision": "The Head of Leisure presented the report on the lease of the boathouse.\nThe Committee\nRecommended "
                  "That Members approve the lease of the boathouse to Eastmoor Rowing Club for ten years."}),
    ("'Decision Details' among a form's labels labels the prose below; prose after a list of papers is none",
     FORM_WITH_DETAILS,
     {"title": "Harbour lighting renewal",
      "purpose": "The harbour lamps are failing and will be replaced with LED lamps this winter. Work starts in November.",
      "decision": "To replace the harbour lamps with LED lamps.",
      "accompanying_documents": ["Harbour lighting report"]}),
    ("'The PCC agreed to ...' after 'Decision:' names the decider", PCC_AGREED,
     {"decision_maker": "PCC", "decision_date": "2026-04-08", "title": "Custody suite cameras"}),
    ("a mayoral decision's number is no title; 'Signed <date>' is the day", MAYOR_APPROVED,
     {"title": "Cycle parking hubs", "decision_maker": "Mayor", "decision_date": "2026-05-19",
      "decision": "The Mayor approved spending of £800,000 on cycle parking hubs at six stations."}),
    ("'Decision taken by X under delegated powers on <date>:' names X and the day", TAKEN_UNDER_POWERS,
     {"decision_maker": "Head of Estates", "decision_date": "2026-06-04",
      "decision": "To grant a ten-year lease of the boathouse to Eastmoor Rowing Club."}),
    ("a call-in deadline says the decision is subject to call-in", CALL_IN_DEADLINE,
     {"call_in_deadline": "2026-09-25", "subject_to_call_in": True}),
    ("a row of badges that says 'Non-key decision'", NOT_KEY_BADGES,
     {"decision_maker": "Head of Property", "is_key_decision": False, "decision_date": "2024-06-12"}),
    ("labels in rows of their own above their values' rows, a blank between all", LABEL_ROWS_ABOVE_VALUES,
     {"title": "Closure of Hill Street public toilets", "is_key_decision": False, "decision_date": "2026-02-19",
      "decision": "To close the Hill Street public toilets from 1 April 2026 and to open the new facilities at the bus station.",
      "reasons": "The Hill Street building needs repairs costing more than a new build."}),
    ("a long label alone with its colon, its last word wrapped; 'A / Title' names the title", LONG_LABELS_FORM,
     {"title": "Winter gritting fleet: replacement of six vehicles",
      "decision_maker": "Alex Rowe, Cabinet Member for Highways",
      "alternatives_considered": "Leasing was considered and rejected as more expensive over ten years.",
      "declarations_of_interest": "None"}),
    ("the signer's role above 'Signature:' is no part of the decision", SIGNER_ABOVE_SIGNATURE,
     {"decision": "The Mayor approves the launch of a twelve week public consultation on the proposed franchising scheme.",
      "decision_date": "2026-02-05"}),
    ("a letterhead's address and postcode, and a record's number, are no title", ADDRESS_LETTERHEAD,
     {"title": None, "authority": "NORTHMOOR COUNTY COUNCIL", "decision": "To buy six gritting vehicles."}),
    ("a heading of the page's kind and its title on one line", KIND_COLON_TITLE,
     {"title": "Grant to Westbury Food Bank", "decision_maker": "Director of Communities",
      "decision": "To award a grant of £12,000 to Westbury Food Bank for 2025/26."}),
    ("'Decision: <title>' heading a page that labels its decision again", DECISION_COLON_TITLE,
     {"title": "Allotment rents 2026", "decision_date": "2025-10-09",
      "decision": "That allotment rents rise by 3% from 1 January 2026."}),
    ("rows of a site's links apart by bars are chrome; 'meeting held <date>' dates it", SITE_LINK_ROWS,
     {"title": "Library van replacement", "decision_date": "2026-03-04", "purpose": None,
      "decision": "To replace the library van with an electric van."}),
    ("labels before dotted leaders; 'What was decided' and 'Why' over their text; 'Na / No'", DOTTED_LEADERS,
     {"decision_maker": "Executive", "decision_date": "2026-01-20", "is_key_decision": True,
      "subject_to_call_in": False, "effective_from": "2026-01-30",
      "decision": "That the Council Tax Support Scheme for 2026/27 be recommended to Council for adoption.",
      "reasons": "To provide stability for low income households."}),
    ("'Decision notice: <title>' heads the page", KIND_AND_NUMBERED_HEADINGS,
     {"title": "Community Grants Round 3",
      "decision": "To award grants totalling £38,750 to the 14 organisations listed in the schedule."}),
    ("a numbered record's heading and its title on one line is no label", NUMBERED_HEADING,
     {"title": "Decision 2026/012: Victim services commissioning",
      "decision": "That the Police and Crime Commissioner awards the Victim Support Hub contract to Safeway Victim Care CIC."}),
    ("a form's labels over one row of their values, then more of the form: one notice", LABELS_OVER_ONE_ROW,
     {"title": "Renewal of CCTV maintenance contract", "decision_maker": "Community Safety Manager",
      "decision_date": "2026-06-12",
      "decision": "To renew the CCTV maintenance contract with Vigil Systems Ltd for one year at a cost of £21,600.",
      "reasons": "Continuity of maintenance is needed while the wider CCTV review is completed."}),
    ("parts as headings over paragraphs; a part's heading in capitals ends the decision", PARTS_OVER_PARAGRAPHS,
     {"decision": "That the Commissioner approves a grant of £62,000 to Kelby Business Improvement District.",
      "declarations_of_interest": "I confirm that I have no personal interest in this decision.",
      "decision_date": "2026-03-09"}),
    ("a decider by role alone in the first person; when it may be implemented is no reason", FIRST_PERSON_ROLE,
     {"decision_maker": "Director of Place", "reasons": "To reduce through traffic on Quarry Lane.",
      "decision": "To make an experimental traffic regulation order introducing a bus gate on Quarry Lane."}),
    ("minutes headed by the body and the day; the meeting's close is no reason", MINUTES_OF_THE_BODY,
     {"decision_maker": "Executive", "decision_date": "2026-03-19", "title": "Empty Homes Strategy",
      "reasons": "To bring long-term empty homes back into use."}),
    ("a decision named in a row, then stated under its own label; a numbered label with an aside",
     NAMED_THEN_STATED,
     {"decision": "To adopt the Private Sector Housing Enforcement Policy 2026 with immediate effect.",
      "effective_from": "2026-12-03",
      "declarations_of_interest": "Councillor Moss declared that she is a landlord of one property in the district."}),
    ("the issuer's name above the record's heading is no title nor purpose", ISSUER_OVER_HEADING,
     {"title": "Purchase of two replacement fire appliances", "purpose": None,
      "decision": "The Commissioner has approved the purchase of two replacement fire appliances at a cost of £698,000."}),
    ("a commissioner heading a numbered log; 'Date decision published', 'When it takes effect'", COMMISSIONER_LOG,
     {"title": "Decision Log 014/2026 – Funding for the Rural Crime Partnership",
      "decision_maker": "Westmarsh Police and Crime Commissioner", "publication_date": "2026-03-09",
      "effective_from": "2026-03-16"}),
    ("a decider and its day in one heading", DECIDED_ON_HEADING,
     {"decision_maker": "Cabinet", "decision_date": "2026-03-04",
      "decision": "RESOLVED: That the revised Housing Allocations Policy be adopted."}),
    ("'will come into force, and may then be implemented, on <date>' is when it takes effect",
     "Record of decision\n\nTitle: Garden waste charge\n\nDecision: To set the garden waste charge at £52 a year.\n\n"
     "This decision will come into force, and may then be implemented, on 15 May 2026 unless it is called in.\n",
     {"effective_from": "2026-05-15", "subject_to_call_in": True}),
    ("a key decision, a call-in deadline and the issuer said in sentences; an address with its phone",
     SAID_IN_SENTENCES,
     {"title": "Housing Allocations Policy Review 2026", "is_key_decision": True, "subject_to_call_in": True,
      "call_in_deadline": "2026-03-13", "authority": "Oakhurst District Council"}),
    ("a leader's notice named by its kind above its title", LEADERS_NOTICE,
     {"title": "Appointment of Representatives to Outside Bodies 2026/27", "decision_date": "2026-06-02"}),
    ("an extract of a committee's minutes names the committee", MINUTES_EXTRACT,
     {"decision_maker": "Environment Committee", "decision_date": "2026-09-09",
      "decision": "RESOLVED – That allotment rents be increased by 5% from 1 October 2027."}),
    ("a form of numbered questions; a key decision's statement after the declarations", NUMBERED_QUESTIONS,
     {"decision_maker": "Marcus Flint, Town Clerk", "decision": "To replace the pavilion boiler at a cost of £4,200.",
      "reasons": "The boiler failed its safety inspection.", "consultation": "The Chair and Vice-Chair of the Council.",
      "declarations_of_interest": "None."}),
    ("a body's name with the record's kind after a dash heads the page", KIND_AFTER_THE_NAME,
     {"authority": "Ashcombe District Council", "title": "Garden Waste Collection Charge 2026/27"}),
    ("minutes of an ordinary meeting name the council, not the meeting's kind", ORDINARY_MEETING,
     {"decision_maker": "Hollingmere Parish Council", "decision_date": "2026-03-03"}),
    ("hand-wrapped paragraphs are read whole", WRAPPED_TEXT,
     {"purpose": "Following a review of the council's depots, the building formerly used as the Eastgate Highways "
                 "Depot on Station Road, Eastgate, was found to be surplus to requirements and will be sold. The "
                 "highways team has moved to the new Northfield depot, which opened in the spring, and the old building "
                 "has stood empty since then.\nTwo offers were received after the property was advertised by the "
                 "council's own agent. The higher offer, from a local builder, is for £310,000 with no conditions "
                 "attached to it. The offer has been checked by the council's valuer and is the best value "
                 "available."}),
]
NOT_NOTICES = [("a plan of decisions to come", PLAN_OF_DECISIONS), ("a board paper that recommends", BOARD_PAPER),
               ("a blank request form", BLANK_FORM), ("a meeting's page of agenda items", MEETING_AGENDA),
               ("a committee report headed 'Report to:'", COMMITTEE_REPORT),
               ("a forward plan's table of decisions still to be taken", PLAN_TABLE),
               ("a request form left blank, its labels unknown", UNKNOWN_BLANK_FORM),
               ("a template whose values are placeholders in brackets", PLACEHOLDER_TEMPLATE),
               ("a template's placeholders and tick boxes none of which is ticked", TICKBOX_TEMPLATE)]
_NAMES.update({text: f"prose{n}" for n, (_, text, _) in enumerate(PROSE_CASES)})
_NAMES.update({text: f"paper{n}" for n, (_, text) in enumerate(NOT_NOTICES)})
# the hand-wrapped text is a text file's shape: a PDF or Word rendering wraps by its own layout
# the alone-label form's PDF rendering sets only the labels our lexicon knows in bold and loses the
# blank lines between label and value, so an unknown label is a plain line inside the value: a
# shape no real form has (its labels share one style), left out of the PDF run
# the renderer styles every line our lexicon reads as a label as one, so "Decision Made" under
# "Decision status:" is printed bold like a label in every rendering: a text-only shape
# a PDF wraps the run of labelled pieces over lines of its own measure, so a long label no lexicon
# holds is cut in two by a line's end: labels are read within a line (PDF left out for that case)
# the web rendering sets "Decision:" in a heading of its own above the title, as a form sets a label
# over its value: on a page "Decision: <title>" is one heading (web left out for that case); the PDF
# rendering sets a meeting's short heading and its first minute with no space between, as no
# printed minutes do (PDF left out for that case)
PROSE_FORMATS = {name: (("txt",) if text in (WRAPPED_TEXT, VALUES_BELOW) else tuple(f for f in FORMATS if not f.endswith(".pdf"))
                        if text in (ALONE_FORM, DECISIONS_TAKEN, RUN_OF_LABELS)
                        else tuple(f for f in FORMATS if f != "cms.html") if text == DECISION_COLON_TITLE
                        else tuple(f for f in FORMATS if not f.endswith(".pdf")) if text in (MINUTES_OF_THE_BODY, MINUTES_EXTRACT)
                        else FORMATS) for name, text, _ in PROSE_CASES}


@pytest.mark.parametrize("fmt,name,text,expected", [
    pytest.param(fmt, name, text, expected, id=f"{name}-{fmt}")
    for name, text, expected in PROSE_CASES for fmt in PROSE_FORMATS[name]])
def test_prose_and_furniture(folder, fmt, name, text, expected):
    notice = _extracted(_source(text, fmt, folder)).notices[0].model_dump(mode="json")
    assert {field: notice[field] for field in expected} == expected


@pytest.mark.parametrize("fmt,name,text", [pytest.param(fmt, name, text, id=f"{name}-{fmt}")
                                           for name, text in NOT_NOTICES for fmt in FORMATS
                                           # (the PDF renderer's font has no tick-box glyph: "☐ Yes" prints "Yes")
                                           if not (text == TICKBOX_TEMPLATE and fmt.endswith(".pdf"))])
def test_a_paper_of_another_kind_is_no_notice(folder, fmt, name, text):
    result = _extracted(_source(text, fmt, folder))
    assert "not_a_notice" in {w.code for w in result.warnings}
    notice = result.notices[0]
    assert (notice.title, notice.decision, notice.decision_maker, notice.decision_date) == (None, None, None, None)


def _one_page_pdf(path: Path, strap_size: float) -> Path:
    """A one-page record with a strap line above the record, as a letterhead prints it."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    c.setFont("Helvetica", strap_size)
    c.drawString(56, height - 40, "Democratic Services - Decision Record")
    c.setFont("Helvetica-Bold", 13)
    c.drawString(56, height - 140, "Replacement of play equipment at Elm Park")
    c.setFont("Helvetica", 11)
    for n, line in enumerate(["Decision Maker: Cabinet Member for Parks",
                              "Decision: That the play equipment at Elm Park be replaced.",
                              "Date of decision: 4 June 2024"]):
        c.drawString(56, height - 180 - 24 * n, line)
    c.save()
    return path


@pytest.mark.parametrize("strap_size,furniture", [(7, True), (11, False)], ids=["small print", "body size"])
def test_a_letterhead_strap_line_in_small_print_is_furniture(tmp_path, strap_size, furniture):
    from extractor.pipeline import read

    document = read(_one_page_pdf(tmp_path / "record.pdf", strap_size))
    first = document.lines[0]
    assert document.text[first.content_start:first.end] == "Democratic Services - Decision Record"
    assert ("furniture" in first.hints) is furniture
    if furniture:
        assert extract(tmp_path / "record.pdf").notices[0].title == "Replacement of play equipment at Elm Park"


def _two_line_letterhead(path: Path, second: str) -> Path:
    """A one-page record under a body's name set over two lines in two sizes ("Northdale" / "Council")."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    c.setFont("Helvetica-Bold", 18)
    c.drawString(56, height - 60, "Northdale")
    c.setFont("Helvetica", 9)
    c.drawString(56, height - 74, second)
    c.setFont("Helvetica-Bold", 12)
    c.drawString(56, height - 130, "Closure of the Mill Street public toilets")
    c.setFont("Helvetica", 10)
    for n, line in enumerate(["Decision maker: Cabinet Member for Environment", "Date of decision: 2 June 2025",
                              "Decision: To close the Mill Street public toilets from 1 August 2025."]):
        c.drawString(56, height - 160 - 18 * n, line)
    c.save()
    return path


@pytest.mark.parametrize("second,authority", [("Council", "Northdale Council"), ("District Council", "Northdale District Council")],
                         ids=["a label's word", "two words"])
def test_a_body_s_name_set_over_two_lines_heads_the_page(tmp_path, second, authority):
    """"Council" alone is also a label ("Council: ..."): under the name's first half it completes the name."""
    notice = extract(_two_line_letterhead(tmp_path / "record.pdf", second)).notices[0]
    assert (notice.authority, notice.title) == (authority, "Closure of the Mill Street public toilets")


def _boxed_record(path: Path) -> Path:
    """A county's officer record as a PDF form: the council's name and its address set side by
    side on one baseline, a record heading in capitals the page wraps, label cells (long, one with
    an aside) left of value cells, a signature row."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()

    def cell(text: str) -> Paragraph:
        return Paragraph(text, styles["Normal"])

    letterhead = Table([[cell("<b>WESTSHIRE COUNTY COUNCIL</b>"), cell("Democratic Services<br/>Shire Hall<br/>Westtown WT1 1AA")]],
                       colWidths=[300, 170])
    rows = [("Subject matter of the decision (including reference to any report)", "Award of a contract for library van servicing."),
            ("Name and job title of the officer taking the decision", "Kit Marlowe, Assistant Director for Libraries"),
            ("Decision taken", "To award the library van servicing contract to Vale Motors Ltd for £36,000."),
            ("Reason(s) for the decision", "Vale Motors Ltd submitted the best of the three tenders received."),
            ("Date of decision", "12 March 2025")]
    form = Table([[cell(f"<b>{label}</b>"), cell(value)] for label, value in rows], colWidths=[170, 300])
    form.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story = [letterhead, Spacer(1, 12),
             Paragraph("RECORD OF DECISION TAKEN BY AN OFFICER UNDER DELEGATED POWERS", styles["Heading3"]),
             Spacer(1, 6), form, Spacer(1, 18),
             Table([[cell("Signed: K. Marlowe"), cell("Date: 12/03/2025")]], colWidths=[235, 235])]
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return path


def test_a_boxed_form_with_a_letterhead_beside_its_address(tmp_path):
    """The name and the address on one baseline are two texts; the heading's wrapped last word is no
    title; a label's aside names nothing ("(including reference to any report)")."""
    notice = extract(_boxed_record(tmp_path / "record.pdf")).notices[0]
    assert (notice.authority, notice.title, notice.decision_maker, notice.decision_date.isoformat()) == (
        "WESTSHIRE COUNTY COUNCIL", "Award of a contract for library van servicing",
        "Kit Marlowe, Assistant Director for Libraries", "2025-03-12")
    assert notice.decision == "To award the library van servicing contract to Vale Motors Ltd for £36,000."


def _ruled_grid(path: Path, rules: str = "grid") -> Path:
    """A register of officer decisions as a PDF: a grid (``rules``: "grid" ruled all round, "none"
    with no rules, "below" with a rule under each row only), a header row of column names, each
    row's cells wrapped inside their boxes (a decision over two lines, a decider over two), and a
    title cell that spans the grid above its header."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    styles = getSampleStyleSheet()

    def cell(text: str) -> Paragraph:
        return Paragraph(text, styles["Normal"])

    header = ["Decision No.", "Date", "Title", "Decision", "Decision maker"]
    rows = [["OD/2025/041", "03/02/2025", "Purchase of two electric vans",
             "To buy two electric vans for the parks team at a cost of £64,000.", "Head of Parks"],
            ["OD/2025/042", "10/02/2025", "Renewal of CCTV maintenance contract",
             "To renew the CCTV maintenance contract with Secure Eye Ltd for three years.", "Director of Community Safety"]]
    grid = Table([[cell("<b>Register of Officer Decisions - February 2025</b>"), "", "", "", ""],
                  [cell(f"<b>{name}</b>") for name in header], *[[cell(text) for text in row] for row in rows]],
                 colWidths=[80, 65, 130, 190, 95])
    ruling = {"grid": [("GRID", (0, 0), (-1, -1), 0.5, colors.black)], "none": [],
              "below": [("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.black)]}[rules]
    grid.setStyle(TableStyle([*ruling, ("SPAN", (0, 0), (-1, 0)), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    SimpleDocTemplate(str(path), pagesize=landscape(A4)).build([Paragraph("Southfield City Council", styles["Title"]), grid])
    return path


@pytest.mark.parametrize("rules", ["grid", "none", "below"])
@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_a_grid_of_decisions_in_a_pdf(tmp_path, engine, rules):
    """Each cell of a grid's row is one text, its wrapped lines joined, as a Word table's cell is:
    one notice per row, each cell under its column's field, whichever engine reads the PDF, and
    whether the grid is ruled or its columns show only as white space."""
    result = extract(_ruled_grid(tmp_path / "register.pdf", rules), pdf_engine=engine)
    assert [(n.title, n.decision_date.isoformat(), n.decision_maker, n.decision) for n in result.notices] == [
        ("Purchase of two electric vans", "2025-02-03", "Head of Parks",
         "To buy two electric vans for the parks team at a cost of £64,000."),
        ("Renewal of CCTV maintenance contract", "2025-02-10", "Director of Community Safety",
         "To renew the CCTV maintenance contract with Secure Eye Ltd for three years.")]
    assert {n.authority for n in result.notices} == {"Southfield City Council"}


def _labels_over_values(path: Path) -> Path:
    """A delegated decision record as a PDF: a ruled table of three labels over one row of their
    values, then a table of one column, each label in a row above its value's."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    grid = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")])

    def cell(text: str) -> Paragraph:
        return Paragraph(text, styles["Normal"])

    head = Table([[cell("<b>Decision title</b>"), cell("<b>Decision maker</b>"), cell("<b>Date of decision</b>")],
                  [cell("Renewal of CCTV maintenance contract"), cell("Community Safety Manager"), cell("12/06/2026")]],
                 colWidths=[200, 150, 100], style=grid)
    body = Table([[cell("<b>Decision</b>")], [cell("To renew the CCTV maintenance contract for one year.")],
                  [cell("<b>Reasons</b>")], [cell("Continuity of maintenance is needed during the CCTV review.")]],
                 colWidths=[450], style=grid)
    SimpleDocTemplate(str(path), pagesize=A4).build([Paragraph("Lowmoor District Council", styles["Title"]), head,
                                                     Spacer(1, 10), body])
    return path


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_a_form_s_labels_over_one_row_of_values_in_a_pdf(tmp_path, engine):
    """A header row over one row of values, then more of the form, is one notice's labels and
    values, not a table of decisions (nor is "Decision" / its text / "Reasons" a second row)."""
    notices = extract(_labels_over_values(tmp_path / "record.pdf"), pdf_engine=engine).notices
    assert [(n.title, n.decision_maker, n.decision_date.isoformat(), n.decision, n.reasons) for n in notices] == [
        ("Renewal of CCTV maintenance contract", "Community Safety Manager", "2026-06-12",
         "To renew the CCTV maintenance contract for one year.",
         "Continuity of maintenance is needed during the CCTV review.")]


def _large_type_heading(path: Path) -> Path:
    """A record whose council's name is set large and centred, right over a line in the body's
    type that names the record: the name reaches the layout's right edge, but runs on into nothing."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    styles = getSampleStyleSheet()
    rows = [("Title of decision", "Purchase of electric refuse vehicles"),
            ("Decision", "To purchase four electric refuse vehicles through the Eastern Fleet Framework.")]
    form = Table([[Paragraph(label, styles["Normal"]), Paragraph(value, styles["Normal"])] for label, value in rows],
                 colWidths=[170, 300], style=TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    story = [Paragraph("LANGSTONE BOROUGH COUNCIL", styles["Title"]),
             Paragraph("Record of Decision by an Officer", styles["Heading2"]), form]
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return path


def test_a_heading_in_large_type_runs_on_into_no_smaller_line(tmp_path):
    notice = extract(_large_type_heading(tmp_path / "record.pdf")).notices[0]
    assert (notice.authority, notice.title) == ("LANGSTONE BOROUGH COUNCIL", "Purchase of electric refuse vehicles")


def _two_columns_under_headings(path: Path) -> Path:
    """A record set in two columns under headings centred across the page: the headings cross the
    gutter, the columns below it do not."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    page.setFont("Helvetica-Bold", 16)
    page.drawCentredString(width / 2, height - 60, "ASHCOMBE VALE BOROUGH COUNCIL")
    page.setFont("Helvetica-Bold", 12)
    page.drawCentredString(width / 2, height - 80, "Record of Executive Decision")
    left = ["Decision", "RESOLVED: That the charge for the garden waste", "collection service be set at £52 per bin per",
            "year from 1 April 2026, and that the charge for", "a second bin be set at £40 per year from the",
            "same date, with the concession for residents", "on council tax support kept at half the charge.",
            "", "Decision maker: Executive", "Date of decision: 12 January 2026"]
    right = ["Reasons for decision", "The revised charge recovers the full cost of the", "service as the Medium Term Financial Strategy",
             "requires, and the second bin charge reflects the", "lower cost of collecting a bin from a property",
             "already on the round, as the review found last", "autumn when it looked at the costs of the service.",
             "", "Alternative options rejected", "Keeping the charge of £48 was rejected as it would",
             "need a subsidy of £96,000 from the general fund."]
    page.setFont("Helvetica", 10)
    for column, x in ((left, 57), (right, 310)):
        y = height - 120
        for line in column:
            page.drawString(x, y, line)
            y -= 14
    page.save()
    return path


def test_two_columns_under_headings_across_the_page(tmp_path):
    notice = extract(_two_columns_under_headings(tmp_path / "record.pdf")).notices[0]
    assert (notice.authority, notice.decision_maker, notice.decision_date.isoformat()) == (
        "ASHCOMBE VALE BOROUGH COUNCIL", "Executive", "2026-01-12")
    assert notice.decision == (
        "RESOLVED: That the charge for the garden waste collection service be set at £52 per bin per year from 1 "
        "April 2026, and that the charge for a second bin be set at £40 per year from the same date, with the "
        "concession for residents on council tax support kept at half the charge.")
    assert notice.reasons.startswith("The revised charge recovers the full cost of the service as the Medium Term")
    assert notice.alternatives_considered == ("Keeping the charge of £48 was rejected as it would need a subsidy of "
                                              "£96,000 from the general fund.")


FURNISHED_PAGE = """<html><body>
<div><p>We use some essential cookies to make this website work. We'd like to set additional cookies too.</p>
<button>Accept additional cookies</button></div>
<div><a href="#content">Skip to content</a></div>
<div><img src="l.png" alt="Southvale Combined Authority logo"></div>
<div><a href="/">Home</a> / <a href="/d">Decisions</a> / Officer decision ODN 71</div>
<div id="content">
<h1>Officer decision ODN 71: Bus station lighting</h1>
<p>Decision maker: Director of Transport</p>
<p>Date of decision: 9 July 2026</p>
<h2>Decision</h2>
<p>To replace the bus station lighting at a cost of £90,000.</p>
</div>
<div><p>Was this page useful? Yes No</p><p>Report a problem with this page</p></div>
</body></html>
"""


def test_a_page_s_furniture_never_reaches_a_value(tmp_path):
    """A cookie banner, a trail ("Home / Decisions / ..."), a logo and a feedback prompt around the
    content; the heading opens with the kind of record and its number, then its subject."""
    page = tmp_path / "decision.html"
    page.write_text(FURNISHED_PAGE, encoding="utf-8")
    notice = extract(page).notices[0]
    assert (notice.title, notice.decision, notice.decision_maker, notice.decision_date.isoformat()) == (
        "Officer decision ODN 71: Bus station lighting", "To replace the bus station lighting at a cost of £90,000.",
        "Director of Transport", "2026-07-09")


def test_a_proved_form_reads_one_word_labels_but_not_sentences():
    from extractor.inline_labels import bare_label_rows
    from extractor.lexicon import load_lexicon
    from extractor.pipeline import read

    text = ("Decision tracking record\n"
            "Decisions marked with a dagger contain exempt information.\n"  # a sentence: no label
            "Title Repairs to the Quarry Hill footbridge\n"
            "Decision maker Cabinet Member for Highways\n"
            "Decision status Approved\n"
            "Purpose To consider structural repairs to the footbridge.\n"
            "Decision Rating High\n"  # a label whose last word names no field (a rating): a row of no field's
            "Date of decision 13/03/2024\n")
    document = read(text=text)
    labels = {document.text[document.lines[i].content_start:document.lines[i].content_start + at].strip()
              for i, at in bare_label_rows(document, load_lexicon()).items()}
    assert labels == {"Title", "Decision maker", "Decision status", "Purpose", "Date of decision", "Decision Rating"}


HTML_TABLES = [
    ("a reference first, a date that is no reference", """<main><h1>Decisions made by the Mayor</h1>
<table><thead><tr><th>Reference</th><th>Title</th><th>Date signed</th><th>Decision</th></tr></thead><tbody>
<tr><td>MD3201</td><td>Green Skills Fund</td><td>12 March 2024</td><td>That the Mayor approves £2m for the fund.</td></tr>
<tr><td>MD3202</td><td>River cleanup</td><td>14 March 2024</td><td>That the Mayor approves a grant of £300,000.</td></tr>
</tbody></table></main>""", 1, {"title": "River cleanup", "decision_date": "2024-03-14",
                                "decision": "That the Mayor approves a grant of £300,000."}),
    ("a date first, an empty cell", """<div class="content"><h2>Officer decisions 2024</h2>
<table><tr><th>Date</th><th>Subject</th><th>Decision maker</th><th>Status</th></tr>
<tr><td>04/03/2024</td><td>Library opening hours</td><td>Head of Culture</td><td>Published</td></tr>
<tr><td>11/03/2024</td><td>Gritting salt purchase</td><td>Director of Highways</td><td></td></tr>
<tr><td>18/03/2024</td><td>Lease of Unit 4</td><td>Head of Property</td><td>Published</td></tr>
</table></div>""", 1, {"title": "Gritting salt purchase", "decision_maker": "Director of Highways",
                       "decision_date": "2024-03-11", "decision_status": None}),
]


@pytest.mark.parametrize("name,html,index,expected", HTML_TABLES, ids=[c[0] for c in HTML_TABLES])
def test_a_web_table_of_decisions(tmp_path, name, html, index, expected):
    path = tmp_path / "decisions.html"
    path.write_text(html, encoding="utf-8")
    result = extract(path)
    notice = result.notices[index].model_dump(mode="json")
    assert {field: notice[field] for field in expected} == expected
    assert len(result.notices) == html.count("<tr>") - 1  # a notice a row, the header row none


def test_a_bare_label_form_is_read_but_asks_for_review():
    """Labels with no separator, proved only by the form's shape, are weaker evidence than labels
    with their colon: the values are read, each scored 0.7, and the notice needs review."""
    notice = extract(text=BARE_FORM).notices[0]
    assert notice.title == "Harbour wall repairs"
    assert {span.score for name, span in notice.provenance.items() if name != "document_type"} == {0.7}
    assert notice.confidence == 0.7 and notice.needs_review
    with_colons = extract(text=BARE_FORM.replace("Decision Title ", "Decision Title: ")
                          .replace("Decision Makers ", "Decision Makers: ")).notices[0]
    assert with_colons.provenance["title"].score == 0.95


def test_header_cells_set_as_label_rows_still_head_a_table(tmp_path):
    """A page that sets a table's header cells as label rows (each name in a two-cell row of its
    own, as a ModernGov-style page does): the header is still one, because rows that each open with
    a reference follow; a form's label rows are followed by values, not references."""
    path = render_as(REFERENCE_CELLS, "moderngov.html", tmp_path / "cells.moderngov.html")
    result = extract(path)
    assert [n.title for n in result.notices] == ["Custody suite repairs", "Rural crime vehicles"]


# Pages that lost their line breaks (a scraper's excerpt, a sharing site's transcript): one line.
FLAT_MINUTES = ("HOLLOWAY GREEN PARISH COUNCIL MINUTES OF PARISH COUNCIL MEETING AT 7.30 pm. ON TUESDAY 9 MAY 2023 "
                "Present: Cllrs R Vane (Chairman), T Okafor, L Byrne. 1. Apologies. Cllr M Shaw. 2. 31.23. "
                "Declarations of Interest. None were made. 3. 32.23. PLAYING FIELD FENCE. Having considered two "
                "quotes Cllrs RESOLVED to accept the quote of £3,200 from Green Lane Fencing. Action: Clerk 4. 33.23 "
                "BENCH PLAQUE. Cllrs RESOLVED to order a plaque for the memorial bench. 5. 34.23 DATE OF NEXT MEETING: "
                "13 June 2023. Signed: Chairman: Date:\n")
FLAT_YEAR_MINUTES = ("Minutes of the meeting of Eastbrook Town Council held at the Town Hall on Monday 6 November 2023 "
                     "at 7pm Present: Councillors J Ames (Mayor), R Bell, S Cole 23/101 APOLOGIES Apologies were "
                     "received from Cllr P Evans. 23/102 DECLARATIONS OF INTEREST None. 23/103 ALLOTMENT RENTS The "
                     "Clerk presented a report on allotment rents for 2024. RESOLVED: That allotment rents are increased "
                     "by 5% from 1 January 2024. 23/104 CHRISTMAS LIGHTS RESOLVED: To spend up to £2,000 on new "
                     "Christmas lights for the High Street. The meeting closed at 8.15pm.\n")
FLAT_STATEMENT = ("NORTHSHIRE DISTRICT COUNCIL STATEMENT OF DECISION SUBJECT: Harbour Car Park Charges Notice is hereby "
                  "given that Councillor Jane Moss, Cabinet Member for Transport, has made the following executive "
                  "decision on the above mentioned subject for the reason set out below. Summary of Decision 1. That the "
                  "harbour car park charges be raised by 10p an hour from 1 April 2024. 2. That the Director of Place be "
                  "authorised to publish the notice of the new charges. Reason for Decision: The charges have not "
                  "changed since 2019 and no longer cover the car park's running costs. Publication Date: 4 March 2024 "
                  "Implementation Date: 12 March 2024\n")
FLAT_LOG = ("Eastmoor PCC Decision Log Date Decision Detail Linked Documents (if applicable) 12-Jan-22 Westgate Police "
            "Office Having been declared surplus, it was agreed to sell the Westgate police office. 12-Jan-22 Rural "
            "Crime Team The Commissioner agreed to fund two more officers for the rural crime team. 20-Dec-21 Custody "
            "Nurse Contract Agreed that the custody nurse contract be extended to March 2023. 02-Dec-21 Road Safety "
            "Grants The Commissioner approved grants of £40,000 to three road safety charities. Upload: someone 215 "
            "views\n")
FLAT_BOARD = ("Westmarch Community Health Trust Minutes of the Board Meeting in Public Tuesday 14 March 2023 10:00 - "
              "12:00 Trust Headquarters, Mill Road Members: Ann Cole Ben Dale Chair Chief Executive 1. Welcome 1.1. Ann "
              "Cole welcomed members to the meeting, which she opened at 10:05. 2. Apologies for Absence 2.1. Ann Cole "
              "noted apologies from Tom Reed. 3. Declarations of Interest 3.1. There were no declarations of interest. "
              "4. Car Parking Charges for Staff 4.1. The Director of Estates presented the proposal to end staff parking "
              "charges. 4.2. The Board agreed to end staff parking charges from 1 April 2023. 5. Any Other Business 5.1. "
              "There was no other business.\n")
FLAT_CASES = [
    ("a page flattened into one line: board minutes whose items hold numbered paragraphs", FLAT_BOARD, 0, 1,
     {"title": "Car Parking Charges for Staff", "decision_date": "2023-03-14",
      "declarations_of_interest": "3.1. There were no declarations of interest.",
      "decision": "4.1. The Director of Estates presented the proposal to end staff parking charges.\n4.2. The Board "
                  "agreed to end staff parking charges from 1 April 2023."}),
    ("a page flattened into one line: a table of decisions, each entry opening with its date", FLAT_LOG, 1, 4,
     {"title": "Rural Crime Team", "decision_date": "2022-01-12",
      "decision": "The Commissioner agreed to fund two more officers for the rural crime team."}),
    ("a page flattened into one line: minutes numbered 1. 2. 3. with their minute references", FLAT_MINUTES, 0, 2,
     {"title": "PLAYING FIELD FENCE", "authority": "HOLLOWAY GREEN PARISH COUNCIL", "decision_date": "2023-05-09",
      "decision": "Having considered two quotes Cllrs RESOLVED to accept the quote of £3,200 from Green Lane Fencing."}),
    ("a page flattened into one line: minutes numbered in their year", FLAT_YEAR_MINUTES, 1, 2,
     {"title": "CHRISTMAS LIGHTS",
      "decision": "RESOLVED: To spend up to £2,000 on new Christmas lights for the High Street."}),
    ("a page flattened into one line: a statement of decision", FLAT_STATEMENT, 0, 1,
     {"title": "Harbour Car Park Charges", "authority": "NORTHSHIRE DISTRICT COUNCIL",
      "decision_maker": "Cabinet Member for Transport",
      "decision": "1. That the harbour car park charges be raised by 10p an hour from 1 April 2024. 2. That the Director "
                  "of Place be authorised to publish the notice of the new charges.",
      "reasons": "The charges have not changed since 2019 and no longer cover the car park's running costs.",
      "publication_date": "2024-03-04", "effective_from": "2024-03-12"}),
]
_NAMES.update({text: f"flat{n}" for n, (_, text, *_) in enumerate(FLAT_CASES)})
# A PDF sets the one paragraph in lines of its page's width, each running to the margin: the
# same cuts are found in the run of wrapped lines.
FLAT_FORMATS = FORMATS


@pytest.mark.parametrize("fmt,name,text,index,count,expected", [
    pytest.param(fmt, *case, id=f"{case[0]}-{fmt}") for case in FLAT_CASES for fmt in FLAT_FORMATS])
def test_a_flattened_page(folder, fmt, name, text, index, count, expected):
    result = _extracted(_source(text, fmt, folder))
    assert len(result.notices) == count
    notice = result.notices[index].model_dump(mode="json")
    assert {field: notice[field] for field in expected} == expected

# Ordinary text the new rules must leave alone (found by a review of the rules): each a value or
# heading that looks like something a rule reads, and what it must still read as.
GUARDS = [
    ('a column of titles whose first has a year in it is no column of numbers', 'Decisions taken by the Cabinet Member for Finance\n\nTitle\nDecision\nDate\n\nBudget 2026\nTo set the council tax base for 2026/27.\n4 March 2026\n\nTreasury management strategy\nTo adopt the treasury management strategy.\n4 March 2026\n\nFees and charges review\nTo raise fees and charges by 3 per cent.\n4 March 2026\n',
     0, 3, {'title': 'Budget 2026', 'decision': 'To set the council tax base for 2026/27.'}),
    ("a contents line's dotted leader and page number is no label", 'Record of decision\n\nContents\nDecision .............................. 2\nReasons for decision ........................ 3\nAlternative options considered .............. 4\n\nTitle: Library opening hours\n\nDecision maker: Cabinet Member for Communities\n\nDate of decision: 4 March 2026\n\nDecision: To approve the revised library opening hours from 1 April 2026.\n\nReasons for decision: Most users asked for later evening opening.\n\nAlternative options considered: To keep the current hours.\n',
     0, 1, {'decision': 'To approve the revised library opening hours from 1 April 2026.', 'reasons': 'Most users asked for later evening opening.'}),
    ("a title above the record's heading is its title", 'Play area refurbishment at Mill Park\n\nRecord of decision\n\nDecision maker: Cabinet Member for Leisure\n\nDate of decision: 4 March 2026\n\nDecision: To refurbish the play area at Mill Park.\n',
     0, 1, {'title': 'Play area refurbishment at Mill Park'}),
    ("'can be implemented at once' inside a decision is no call-in notice", 'Record of decision\n\nTitle: Highways maintenance programme\n\nDecision maker: Cabinet Member for Highways\n\nDate of decision: 4 March 2026\n\nDecision:\nTo approve the 2026/27 highways maintenance programme.\n\nWorks on the A614 can be implemented at once as they are urgent and are exempt from the call-in period under rule 16.\n\nTo delegate authority to the Director of Place to vary the programme within budget.\n',
     0, 1, {'decision': 'To approve the 2026/27 highways maintenance programme.\nWorks on the A614 can be implemented at once as they are urgent and are exempt from the call-in period under rule 16.\nTo delegate authority to the Director of Place to vary the programme within budget.'}),
    ('values in capitals between blank lines are values', "Record of decision\n\nTitle: Community grants round 2\n\nDecision maker: Cabinet Member for Communities\n\nDate of decision: 4 March 2026\n\nDecision:\nTo award community grants of £5,000 each to\n\nWESTBROOK SCOUTS\n\nNORTHGATE FOODBANK\n\nReasons: Both groups met the scheme's criteria.\n",
     0, 1, {'decision': 'To award community grants of £5,000 each to WESTBROOK SCOUTS\nNORTHGATE FOODBANK'}),
    ("'not exempt from call-in' answers yes", 'Record of decision\n\nTitle: Waste collection contract\n\nDecision maker: Cabinet\n\nDate of decision: 4 March 2026\n\nKey decision: This is a key decision and it is not exempt from call-in.\n\nDecision: To award the waste collection contract to Cleanway Ltd.\n',
     0, 1, {'is_key_decision': True}),
    ('a title that ends in an address is a title', 'Disposal of land at 12 High Street, Oakhurst OK2 9QP\n\nRecord of decision\n\nDecision maker: Cabinet Member for Assets\n\nDate of decision: 4 March 2026\n\nDecision: To dispose of the freehold of the land to the highest bidder.\n',
     0, 1, {'title': 'Disposal of land at 12 High Street, Oakhurst OK2 9QP'}),
    ("a title that starts with 'Copyright' is a title", 'Copyright licensing for council libraries\n\nRecord of decision\n\nDecision maker: Cabinet Member for Culture\n\nDate of decision: 4 March 2026\n\nDecision: To renew the music copyright licence for 2026/27 at a cost of £3,200.\n',
     0, 1, {'title': 'Copyright licensing for council libraries'}),
    ("'issued by the Leader' names no authority", 'RECORD OF DECISION\n\nTitle: Grounds maintenance contract extension\n\nDecision maker: Cabinet Member for Environment\n\nDecision date: 3 March 2026\n\nDecision: To extend the grounds maintenance contract with Greenway Ltd for 12 months.\n\nReasons: The current contract ends in April and a procurement exercise is under way.\n\nThis notice is issued by the Leader of the Council under the Local Authorities (Executive Arrangements) Regulations 2012.\n',
     0, 1, {'authority': None}),
    ("'Section I,' is no first-person decider", 'OFFICER DECISION RECORD\n\nTitle: Purchase of replacement gritting vehicles\n\nDecision: To purchase two replacement gritting vehicles at a cost of £240,000.\n\nReasons: Under Part 3, Section I, Delegations to Officers, and in exercise of the powers given to chief officers, the vehicles may be bought without a Cabinet decision.\n\nDate of decision: 4 March 2026\n',
     0, 1, {'decision_maker': None}),
    ("a decider's name after a dash stays", 'Decision of the Cabinet Member – Councillor Anna Vale\n\nTitle: Play area refurbishment\n\nDate of decision: 4 March 2026\n\nDecision: To refurbish the play area at Mill Park.\n',
     0, 1, {'decision_maker': 'Cabinet Member – Councillor Anna Vale'}),
    ("'If this is a key decision' says nothing", 'Record of decision\n\nTitle: Review of taxi licensing fees\n\nDecision maker: Cabinet Member for Regulatory Services\n\nDate of decision: 4 March 2026\n\nDecision: To consult on revised taxi licensing fees.\n\nReasons: If this is a key decision, it must appear on the Forward Plan; the Monitoring Officer has advised that it does not meet the threshold. The fees were last set in 2019.\n',
     0, 1, {'is_key_decision': None}),
    ('a call-in made before names no deadline', 'Record of decision\n\nTitle: Review of taxi licensing fees\n\nDecision maker: Cabinet Member for Regulatory Services\n\nDate of decision: 4 March 2026\n\nDecision: To consult on revised taxi licensing fees.\n\nReasons: A similar decision in 2024 was called in by members and reviewed by the Scrutiny Committee before 14 February 2025, which upheld it.\n',
     0, 1, {'call_in_deadline': None}),
    ('the office of a commissioner is no decider', 'Office of the Westmarsh Police and Crime Commissioner\n\nRecord of Decision\n\nTitle: Grant to youth diversion scheme\n\nDate of decision: 4 March 2026\n\nDecision: To award a grant of £40,000 to the youth diversion scheme.\n',
     0, 1, {'decision_maker': None}),
    ('a bracketed value that is no placeholder stays', 'Record of decision\n\nTitle: Sale of former depot\n\nDecision maker: Cabinet Member for Assets\n\nDate of decision: 4 March 2026\n\nDecision: To sell the former depot to the preferred bidder.\n\nReasons:\n[Exempt under paragraph 3 of Schedule 12A]\n',
     0, 1, {'reasons': '[Exempt under paragraph 3 of Schedule 12A]'}),
    ("'have agreed the following:' in reasons hands over to nothing", 'Record of decision\n\nTitle: Town centre parking charges\n\nDecision maker: Cabinet Member for Transport\n\nDate of decision: 4 March 2026\n\nDecision: To freeze town centre parking charges for 2026/27.\n\nReasons: The Chamber of Commerce and the Town Council have agreed the following: footfall has fallen for three years and a rise would harm trade.\n',
     0, 1, {'reasons': 'The Chamber of Commerce and the Town Council have agreed the following: footfall has fallen for three years and a rise would harm trade.'}),
]


@pytest.mark.parametrize("name,text,index,count,expected", GUARDS, ids=[g[0] for g in GUARDS])
def test_a_rule_leaves_ordinary_text_alone(name, text, index, count, expected):
    notices = extract(text=text).notices
    assert len(notices) == count
    notice = notices[index].model_dump(mode="json")
    assert {field: notice[field] for field in expected} == expected


def test_a_row_of_bars_that_is_not_all_links_is_still_read_as_chrome_whole():
    """"Home > Council | Decisions | Record 2026/14" is a breadcrumb, and "| No. | Item |" a pipe
    table's header: the bar row's own rule (every part a link's words) failing, the whole-line
    rules still read them as chrome."""
    from extractor.lexicon import load_lexicon
    from extractor.segment import find_sections

    document = read(text="Home > Council | Decisions | Record of decision 2026/14\n| No. | Item |\n"
                         "Record of decision\n\nTitle: Play area refurbishment\n")
    kinds = [(s.kind, document.text[s.start:s.end]) for s in find_sections(document, load_lexicon())]
    assert kinds[:2] == [("chrome", "Home > Council | Decisions | Record of decision 2026/14"), ("chrome", "| No. | Item |")]
