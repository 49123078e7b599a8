#!/usr/bin/env python3
"""Builds data/network.json, the bundled network, from the sourced reference files.

    python3 data/build.py           # writes data/network.json
    python3 data/build.py --check   # fails if data/network.json is not what the sources build

Inputs (copies of the project's reference data, see data/reference/README.md):
- data/reference/organisations.json: regions, ICBs, trusts and sites (ODS data);
- data/reference/gms-structure.json: hubs and alliances (names, lead trusts, areas, notes);
- data/reference/network-facts.json: the older facts, still the source of the lead trusts'
  addresses and notes and of the alliances' websites where the newer file has none;
- data/carried.json: the transformation projects and training courses as an earlier version of
  the dataset built them from network-facts.json. Only their slugs and websites are used: a
  record the reference corrects keeps its slug (its id is a contract), and its website where that
  is one of the corrected record's sources.

Every record keeps the sources the reference gives it, as URLs (or the reference's description
where a source has no URL). Nothing here adds a fact: the script only selects, renames and
joins what the reference files say. Standard library only; the output is deterministic.
"""

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REFERENCE = HERE / "reference"
OUTPUT = HERE / "network.json"

ABOUT = (
    "The bundled network of gms-graph: the NHS England Genomic Medicine Service and the NHS "
    "organisations around it. Built by data/build.py from data/reference/ (organisations.json: "
    "regions, integrated care boards, trusts and hospital sites from NHS ODS data, Open Government "
    "Licence; gms-structure.json: the hubs and alliances; network-facts.json: the older facts). "
    "Every record keeps its sources. Coverage links carry a confidence: STATED where a source says "
    "it, INFERRED where it is worked out from sourced facts, UNCONFIRMED where no source read "
    "supports it. Websites are the reference's domains with https:// added. `gms-graph seed "
    "--file` loads a file of this shape; records are matched by natural key (region code, ICB "
    "and trust and site ODS code, slug)."
)

# A fact the reference files do not hold, with the public source read for it.
ICBS_ESTABLISHED = {
    "date": "2022-07-01",
    "source": "https://www.england.nhs.uk/integratedcare/integrated-care-in-your-area/",
    "quote": "NHS England established 42 statutory integrated care boards (ICBs) on 1 July 2022",
}

ORGANISATION_NOTE = (
    "Named by the sources as a member of a hub; not in the ODS data bundled here "
    "(organisations.json), and no source read gives its ODS code."
)

ALLIANCE_REGIONS_NOTE = "Regions are its hub's: an alliance works in the same geography as its hub."


def load(name):
    with open(REFERENCE / name, encoding="utf-8") as f:
        return json.load(f)


class Sources:
    """A reference file's numbered sources, as the strings the dataset keeps."""

    def __init__(self, table, file):
        self.table = table
        self.file = file

    def cite(self, text):
        """`text` with its "(source N)" references spelled out as the sources themselves."""
        if text is None:
            return None
        return re.sub(r"source (\d+)", lambda m: self([m.group(1)])[0], text)

    def __call__(self, numbers):
        out = []
        for n in numbers:
            entry = self.table.get(str(n))
            if entry is None:
                raise SystemExit(f"{self.file}: source {n} is not in its sources list")
            if isinstance(entry, str):
                text = entry
            else:
                text = entry.get("url") or entry["what"]
            if text not in out:
                out.append(text)
        if not out:
            raise SystemExit(f"{self.file}: a record without sources")
        return out


def merged(*lists):
    out = []
    for items in lists:
        for item in items:
            if item not in out:
                out.append(item)
    return out


def website(domain):
    if domain is None:
        return None
    return domain if domain.startswith("http") else f"https://{domain}"


def slug(reference_id, prefix):
    if not reference_id.startswith(prefix):
        raise SystemExit(f"gms-structure.json: id {reference_id!r} does not start with {prefix!r}")
    return reference_id[len(prefix):]


def upper(value):
    """A reference enum value (`partner laboratory`) as the dataset's (`PARTNER_LABORATORY`)."""
    return value.upper().replace(" ", "_")


def slugify(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "").replace("’", "")).strip("-")


def icb_links(links, cite, sources):
    """A hub's or an alliance's ICB links: how much of each ICB, how sure, and on what basis."""
    return [
        {
            "icb": link["icb_ods"],
            "coverage": upper(link["coverage"]),
            "confidence": upper(link["confidence"]),
            "basis": cite(link["basis"]),
            "quote": link.get("quote"),
            "note": cite(link.get("note")),
            "sources": sources(link["sources"]),
        }
        for link in links
    ]


def extent(region_link, region_icbs):
    """How much of a region a hub covers, from the ICB links the reference worked it out from:
    WHOLE when it serves every ICB of the region whole, PART when it serves some whole or in
    part, UNCLEAR otherwise."""
    via = {}
    for item in region_link["via_icbs"]:
        match = re.fullmatch(r"([A-Z0-9]+) \((whole|part|unclear)\)", item)
        if not match:
            raise SystemExit(f"gms-structure.json: a via_icbs entry of unknown shape: {item!r}")
        via[match.group(1)] = match.group(2)
    whole = {code for code, coverage in via.items() if coverage == "whole"}
    if whole == region_icbs:
        return "WHOLE"
    if any(coverage in ("whole", "part") for coverage in via.values()):
        return "PART"
    return "UNCLEAR"


def dated(text):
    """A date as the reference gives it (`2014`, `2014-12`, `2014-12-22`) as its first day and
    how much of it is given."""
    if text is None:
        return None, None
    if re.fullmatch(r"\d{4}", text):
        return f"{text}-01-01", "YEAR"
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return f"{text}-01", "MONTH"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text, "DAY"
    raise SystemExit(f"gms-structure.json: a date of unknown shape: {text!r}")


def timeline_event(structure, date, starts):
    """The reference's timeline event of `date` whose text starts with `starts`."""
    for e in structure["timeline"]:
        if e.get("date") == date and e["event"].startswith(starts):
            return e
    raise SystemExit(f"gms-structure.json: no timeline event {date} {starts!r}")


def joined(*parts):
    """The given texts, in order, as one; None when there is none."""
    texts = [p.strip() for p in parts if p]
    return " ".join(t if t.endswith((".", "!", "?")) else f"{t}." for t in texts) or None


# How a course is delivered, from the words the reference gives: the first pattern that matches.
COURSE_FORMATS = [
    (r"\bMOOC\b", "MOOC"),
    (r"postgraduate programme", "POSTGRADUATE_PROGRAMME"),
    (r"CPPD module|course unit", "POSTGRADUATE_MODULE"),
    (r"online course|e-learning", "E_LEARNING"),
    (r"face-to-face", "FACE_TO_FACE"),
    (r"videos", "VIDEO"),
    (r"condensed course", "SHORT_COURSE"),
]


def course_format(text):
    for pattern, value in COURSE_FORMATS:
        if re.search(pattern, text):
            return value
    raise SystemExit(f"gms-structure.json: a course format build.py cannot place: {text!r}")


def carried_by_title(records):
    """The carried records by their old title, which the reference's `corrects` names."""
    return {r["title"]: r for r in records}


def projects(structure, carried, cite, sources, alliance_slugs):
    """The transformation projects as the reference corrects them. A status is shown only as a
    source gives it: an ACTIVE the reference only infers is UNCONFIRMED, with the reason."""
    old = carried_by_title(carried["transformationProjects"])
    out = []
    for p in structure["transformation_projects"]:
        before = old.get(p.get("corrects"))
        lead = p.get("lead") or {}
        participants = p.get("participants") or {}
        all_sources = sources(
            merged(p["sources"], lead.get("sources", []), participants.get("sources", []))
        )
        status, confidence = p.get("status"), p.get("status_confidence")
        status_note = cite(p.get("status_quote") or p.get("status_note") or p.get("status_as_of"))
        if status in (None, "unconfirmed") or confidence == "unconfirmed":
            status, confidence = "unconfirmed", "unconfirmed"
        elif status == "active" and confidence != "stated":
            status_note = joined(
                "No source states that it is active; the reference infers it",
                status_note,
            )
            status, confidence = "unconfirmed", "unconfirmed"
        start, start_precision = dated(p.get("start"))
        end, end_precision = dated(p.get("end"))
        leads = [
            {
                "alliance": slug(a, "gmsa-"),
                "confidence": upper(lead.get("alliance_confidence") or lead["confidence"]),
                "quote": lead.get("quote"),
                "note": cite(
                    joined(
                        lead.get("alliance_note"),
                        lead.get("note"),
                        lead.get("text"),
                        lead.get("led_by_text"),
                        lead.get("with") and f"With {lead['with']}",
                        lead.get("commissioner") and f"Commissioner: {lead['commissioner']}",
                    )
                ),
                "sources": sources(lead["sources"]) if lead.get("sources") else all_sources,
            }
            for a in lead.get("alliances", [])
        ]
        taking_part = [l["alliance"] for l in leads]
        # "all 7 GMSAs" is the one participant list the reference gives as alliances.
        if (participants.get("text") or "").startswith("all 7 GMSAs"):
            taking_part = merged(taking_part, alliance_slugs)
        title = p.get("title") or p["corrects"]
        website = before and before.get("website")
        out.append(
            {
                "slug": before["slug"] if before else p["id"],
                "title": title,
                "titleConfidence": upper(p["title_confidence"]),
                "otherTitles": [cite(t) for t in p.get("other_titles", [])],
                "summary": cite(
                    p.get("description")
                    or p.get("finding")
                    or p.get("quote")
                    or p.get("status_quote")
                    or lead.get("quote")
                    or title
                ),
                "theme": upper(p["theme"]) if p.get("theme") else "UNCONFIRMED",
                "status": upper(status),
                "statusConfidence": upper(confidence),
                "statusNote": status_note,
                "startDate": start,
                "startDatePrecision": start_precision,
                "endDate": end,
                "endDatePrecision": end_precision,
                "leadAlliances": leads,
                "participatingAlliances": taking_part,
                "participants": cite(participants.get("text")),
                "website": website if website in all_sources else None,
                "note": cite(
                    joined(
                        p.get("record_type") and f"Record: {p['record_type']}",
                        p.get("title_note") and f"Title: {p['title_note']}",
                        p.get("start_detail") and f"Start: {p['start_detail']}",
                        p.get("start_note") and f"Start: {p['start_note']}",
                        p.get("end_note") and f"End: {p['end_note']}",
                        not leads and lead.get("note") and f"Lead: {lead['note']}",
                        *(p.get("notes") or []),
                    )
                ),
                "sources": all_sources,
            }
        )
    return out


def courses(structure, carried, cite, sources):
    """The training courses as the reference corrects them."""
    old = carried_by_title(carried["trainingCourses"])
    out = []
    for c in structure["training_courses"]:
        before = old.get(c["corrects"])
        if before is None:
            raise SystemExit(f"gms-structure.json: course {c['id']} corrects no carried course")
        provider = c["provider"]
        all_sources = sources(merged(c["sources"], provider.get("sources", [])))
        title = c.get("title") or c["corrects"]
        website = before.get("website")
        status = c.get("status")
        # The provider column holds a name, not a paragraph: the first clause, with the whole
        # text in the note where there is more.
        provider_text = cite(provider["text"])
        provider_name = provider_text.split(";")[0].strip()
        if len(provider_name) > 255:
            raise SystemExit(f"gms-structure.json: course {c['id']}: provider too long to hold")
        out.append(
            {
                "slug": before["slug"],
                "title": title,
                "titleConfidence": upper(c["title_confidence"]),
                "titleNote": cite(joined(c.get("title_note"), c.get("finding"))),
                "provider": provider_name,
                "format": course_format(c["format"]),
                "formatAsStated": c["format"],
                "audience": None,
                "durationMinutes": c.get("duration_minutes"),
                "credits": c.get("credits"),
                "website": website if website in all_sources else None,
                "alliance": None,
                "hub": None,
                "note": cite(
                    joined(
                        provider_name != provider_text and f"Provider: {provider_text}",
                        c.get("unit_code") and f"Unit code {c['unit_code']}",
                        c.get("duration") and f"Duration: {c['duration']}",
                        c.get("learners") and f"Learners: {c['learners']}",
                        c.get("cpd_credits") and f"CPD credits: {c['cpd_credits']}",
                        c.get("accreditation") and f"Accredited by {c['accreditation']}",
                        status
                        and f"Status: {status}"
                        + "".join(
                            f"; {c[k]}" for k in ("status_as_of", "status_note") if c.get(k)
                        ),
                        c.get("note"),
                    )
                ),
                "sources": all_sources,
            }
        )
    return out


# The records each timeline event concerns: those its words name, by the slug the event gets
# (its date and first words). An event not listed here names no record of the dataset (the
# 100,000 Genomes Project, the service as a whole, a strategy). "centres designated on" names
# the Genomic Medicine Centres whose designation is that day.
EVENT_CONCERNS = {
    "2014-12-22-eleven-nhs-genomic": ["centres designated on 2014-12-22"],
    "2015-12-16-yorkshire-and-the-humber": ["centres designated on 2015-12-16"],
    "2018-10-02-nhs-england-announces-the-seven": ["every hub"],
    "2019-04-south-east-hub-network": ["Hub:south-east", "Hub:north-west"],
    "2019-08-01-liverpool-womens-genomic": [
        "HubMembership:north-west--liverpool-womens-nhs-foundation-trust",
        "Organisation:liverpool-womens-nhs-foundation-trust",
        "Trust:R0A",
        "Hub:north-west",
    ],
    "2020-genomic-medicine-service-alliances": ["every alliance"],
    "2020-10-rapid-prenatal-exome": ["Hub:north-thames", "Hub:central-and-south"],
    "2021-02-south-west-glh-aligned": ["Hub:south-west", "Alliance:south-west"],
    "2021-05-national-lynch-syndrome": ["TransformationProject:universal-lynch-syndrome-testing"],
    "2023-01-nhs-jewish-brca": ["TransformationProject:jewish-brca-testing-programme"],
    "2023-06-progress-pharmacogenetics": [
        "TransformationProject:progress-pharmacogenetics-in-primary-care"
    ],
    "2024-eight-nhs-genomic-networks": ["every network of excellence"],
    "2025-national-lynch-syndrome": ["TransformationProject:universal-lynch-syndrome-testing"],
    "2025-10-31-registration-deadline-for": ["TransformationProject:jewish-brca-testing-programme"],
    "2026-04-next-phase-of-networks": ["every network of excellence"],
    "undated-central-and-south-presents": ["Hub:central-and-south", "Alliance:central-and-south"],
    "undated-hub-names-change": [
        "Hub:south-east",
        "Hub:north-thames",
        "Hub:north-east-and-yorkshire",
    ],
}

# The records each contradiction between sources bears on, by its topic in the reference: the
# record whose value the sources dispute (the value shown is the one the reference chose).
CONFLICT_CONCERNS = {
    "South East GLH trust count": ["Hub:south-east"],
    "Lynch syndrome project dates": [
        "TransformationProject:universal-lynch-syndrome-testing",
        "event 2021-05-national-lynch-syndrome",
        "event 2025-national-lynch-syndrome",
    ],
    "Jewish BRCA programme launch": [
        "TransformationProject:jewish-brca-testing-programme",
        "event 2023-01-nhs-jewish-brca",
    ],
    "PROGRESS phase I sites": ["TransformationProject:progress-pharmacogenetics-in-primary-care"],
    "GMS start date": ["event 2018-10-nhs-genomic-medicine-service", "event 2020-04-gms-rolled-out"],
    "North West Coast GMC lead": ["GenomicMedicineCentre:north-west-coast"],
    "When the 13 GMCs were established": [
        "event 2014-12-22-eleven-nhs-genomic",
        "event 2015-12-16-yorkshire-and-the-humber",
        "every centre",
    ],
    "North Thames GMC membership": ["GenomicMedicineCentre:north-thames"],
    "Lead trust name spelling": [
        "Trust:RQ3",
        "HubMembership:central-and-south--rq3",
        "Trust:RHM",
        "HubMembership:central-and-south--rhm",
    ],
    "Earlier reference facts (network-facts.json)": [
        "Hub:south-west",
        "Hub:north-east-and-yorkshire",
        "TransformationProject:brca-carrier-app",
        "TrainingCourse:fh-genetics-for-pharmacists",
    ],
}


def concerned(names, ids, slug_of_event, centres_on):
    """The global ids `names` stand for, each checked against the dataset's records."""
    out = []
    groups = {
        "every hub": "Hub:",
        "every alliance": "Alliance:",
        "every network of excellence": "NetworkOfExcellence:",
        "every centre": "GenomicMedicineCentre:",
    }
    for name in names:
        if name in groups:
            found = sorted(i for i in ids if i.startswith(groups[name]))
        elif name.startswith("centres designated on "):
            found = centres_on(name.removeprefix("centres designated on "))
        elif name.startswith("event "):
            found = [f"TimelineEvent:{slug_of_event(name.removeprefix('event '))}"]
        else:
            found = [name]
        if not found:
            raise SystemExit(f"data/build.py: {name!r} names no record")
        for i in found:
            if i not in ids:
                raise SystemExit(f"data/build.py: {i!r} is not a record of the dataset")
            if i not in out:
                out.append(i)
    return out


def claims(detail, numbers, sources):
    """A contradiction's claims, each with its sources: the reference writes them as "X (source
    N) vs Y (sources M, K)", several such sets apart by "; ". A part that cites no source of its
    own gets the contradiction's sources that no other part cites. A contradiction the reference
    words without "vs" is one claim with all its sources."""
    if " vs " not in detail:
        return [{"claim": detail, "sources": sources(numbers)}]
    parts = [claim.strip() for part in detail.split("; ") for claim in part.split(" vs ")]
    cited = [
        [n for group in re.findall(r"\(sources? ([\d, ]+)\)", part) for n in re.findall(r"\d+", group)]
        for part in parts
    ]
    rest = [n for n in map(str, numbers) if not any(n in c for c in cited)] or list(map(str, numbers))
    return [
        {
            "claim": re.sub(r"\s*\(sources? [\d, ]+\)", "", part),
            "sources": sources(c or rest),
        }
        for part, c in zip(parts, cited)
    ]


def conflicts(structure, sources, concerns_of):
    """Where the sources contradict each other, claim by claim, and the records each bears on."""
    out = []
    for c in structure["contradictions"]:
        if c["topic"] not in CONFLICT_CONCERNS:
            raise SystemExit(f"data/build.py: contradiction {c['topic']!r} names no record")
        out.append(
            {
                "slug": slugify(c["topic"]),
                "topic": c["topic"],
                "detail": re.sub(
                    r"\(sources? ([\d, ]+)\)",
                    lambda m: "(" + "; ".join(sources(re.findall(r"\d+", m.group(1)))) + ")",
                    c["detail"],
                ),
                "claims": claims(c["detail"], c["sources"], sources),
                "concerns": concerns_of(CONFLICT_CONCERNS[c["topic"]]),
                "note": None,
                "sources": sources(c["sources"]),
            }
        )
    return out


def notes_by_code(organisations, sites, trusts):
    """The data notes of organisations.json, attached to the sites and trusts they name."""
    found = {}

    def add(code, text):
        found.setdefault(code, []).append(text)

    for note in organisations["data_notes"]:
        items = note.get("items")
        if not items:
            # A note names sites, or else a trust: it goes to what it names.
            tokens = sorted(set(re.findall(r"\b[A-Z0-9]{3,5}\b", note["note"])))
            named = [t for t in tokens if t in sites] or [t for t in tokens if t in trusts]
            for token in named:
                add(token, note["note"])
            continue
        for item in items:
            if "postcode" in item:
                sites = [s.split(" ")[0] for s in item["sites"]]
                for site in sites:
                    others = ", ".join(s for s in item["sites"] if not s.startswith(site + " "))
                    add(site, f"Postcode {item['postcode']} is also given to {others} in the ODS data.")
            elif "published_at" in item:
                add(
                    item["ods_code"],
                    f"The ODS data gives this site published_at {item['published_at']}, "
                    "a field whose meaning its source does not document.",
                )
            else:
                raise SystemExit(f"organisations.json: a data note item of unknown shape: {item}")
    return {code: " ".join(texts) for code, texts in found.items()}


def build():
    organisations = load("organisations.json")
    structure = load("gms-structure.json")
    facts = load("network-facts.json")
    carried = json.loads((HERE / "carried.json").read_text(encoding="utf-8"))
    org_sources = Sources(organisations["sources"], "organisations.json")
    gms_sources = Sources(structure["sources"], "gms-structure.json")
    fact_sources = Sources(facts["sources"], "network-facts.json")

    region_ons = {r["ods_code"]: r["ons_code"] for r in organisations["regions"]}
    notes = notes_by_code(
        organisations,
        {s["ods_code"] for s in organisations["sites"]},
        {t["ods_code"] for t in organisations["trusts"]},
    )

    regions = [
        {
            "code": r["ons_code"],
            "odsCode": r["ods_code"],
            "name": r["name"],
            "note": f"Boundaries as published on {r['boundary_publication_date']} (ODS data).",
            "sources": org_sources(r["sources"]),
        }
        for r in sorted(organisations["regions"], key=lambda r: r["ons_code"])
    ]

    icbs = [
        {
            "odsCode": i["ods_code"],
            "code": i["ons_code"],
            "name": i["name"],
            "region": region_ons[i["region"]],
            "validFrom": ICBS_ESTABLISHED["date"],
            "validFromPrecision": "DAY",
            "note": f"In force from {ICBS_ESTABLISHED['date']}: \"{ICBS_ESTABLISHED['quote']}\".",
            "sources": merged(org_sources(i["sources"]), [ICBS_ESTABLISHED["source"]]),
        }
        for i in sorted(organisations["icbs"], key=lambda i: i["ods_code"])
    ]

    older_trusts = {t["ods_code"]: t for t in facts["trusts"]}
    trusts = []
    for t in sorted(organisations["trusts"], key=lambda t: t["ods_code"]):
        (icb,) = t["icbs"]
        older = older_trusts.get(t["ods_code"], {})
        sources = org_sources(t["sources"])
        if older:
            sources = merged(fact_sources(older["sources"]), sources)
        note = " ".join(n for n in [older.get("note"), notes.get(t["ods_code"])] if n)
        trusts.append(
            {
                "odsCode": t["ods_code"],
                "name": t["name"],
                "address": older.get("address") or t["address_as_published"],
                "postcode": t["postcode"],
                "website": None,
                "region": region_ons[t["region"]],
                "icb": icb,
                "note": note or None,
                "sources": sources,
            }
        )

    sites = [
        {
            "odsCode": s["ods_code"],
            "name": s["name"],
            "trust": s["trust"],
            "postcode": s["postcode"],
            "latitude": s["latitude"],
            "longitude": s["longitude"],
            "note": notes.get(s["ods_code"]),
            "sources": org_sources(s["sources"]),
        }
        for s in sorted(organisations["sites"], key=lambda s: s["ods_code"])
    ]

    regions_of_hub = {}
    extents = {}
    icbs_of_region = {}
    for i in organisations["icbs"]:
        icbs_of_region.setdefault(i["region"], set()).add(i["ods_code"])
    hubs_announced = timeline_event(structure, "2018-10-02", "NHS England announces the seven")
    hubs_from, hubs_from_precision = dated(hubs_announced["date"])
    alliances_established = timeline_event(structure, "2020", "Genomic Medicine Service Alliances")
    alliances_from, alliances_from_precision = dated(alliances_established["date"])
    hubs = []
    memberships = []
    organisations = {}
    for g in structure["glhs"]:
        coverage = g["regions_inferred"]
        if any(r["confidence"] != "inferred" for r in coverage):
            raise SystemExit(f"gms-structure.json: {g['id']}: a region link that is not inferred")
        codes = [region_ons[r["region_ods"]] for r in coverage]
        extents[g["id"]] = {
            region_ons[r["region_ods"]]: extent(r, icbs_of_region[r["region_ods"]]) for r in coverage
        }
        area = g["area"]
        regions_of_hub[g["id"]] = codes
        hub_slug = slug(g["id"], "glh-")
        for m in g["organisations"]:
            key = (m["ods_code"] or slugify(m["name_as_stated"])).lower()
            if m["ods_code"] is None:
                organisation = organisations.setdefault(
                    slugify(m["name_as_stated"]),
                    {
                        "slug": slugify(m["name_as_stated"]),
                        "name": m["name_as_stated"],
                        "odsCode": None,
                        "note": ORGANISATION_NOTE,
                        "sources": [],
                    },
                )
                organisation["sources"] = merged(organisation["sources"], gms_sources(m["sources"]))
            memberships.append(
                {
                    "slug": f"{hub_slug}--{key}",
                    "hub": hub_slug,
                    "trust": m["ods_code"],
                    "organisation": None if m["ods_code"] else slugify(m["name_as_stated"]),
                    "nameAsStated": m["name_as_stated"],
                    "role": upper(m["role"]),
                    "roleConfidence": upper(m["role_confidence"]),
                    "roleAsStated": m.get("role_as_stated"),
                    "odsMapping": m.get("ods_mapping"),
                    "quote": m.get("quote"),
                    "note": gms_sources.cite(m.get("note")),
                    "sources": gms_sources(m["sources"]),
                }
            )
        hubs.append(
            {
                "slug": hub_slug,
                "name": g["name"],
                "leadTrust": g["lead_trust_ods"],
                "coverageDescription": next((a["text"] for a in area["as_stated"]), None),
                "regions": {"confidence": "INFERRED", "codes": codes, "extent": extents[g["id"]]},
                "icbs": icb_links(g["icb_links"], gms_sources.cite, gms_sources),
                "validFrom": hubs_from,
                "validFromPrecision": hubs_from_precision,
                "note": gms_sources.cite(
                    " ".join(
                        [n for n in [area.get("note"), area.get("not_whole_region")] if n]
                        + (g.get("notes") or [])
                        + ["validFrom is the day NHS England announced the seven hubs."]
                    )
                ),
                "sources": merged(
                    gms_sources(merged(g["sources"], *(r["sources"] for r in coverage))),
                    gms_sources(hubs_announced["sources"]),
                ),
            }
        )

    older_alliances = {a["name"]: a for a in facts["alliances"]}
    alliances = []
    for a in structure["gmsas"]:
        older = older_alliances.get(a["name"], {})
        sources = gms_sources(a["sources"])
        domain = a.get("website")
        if domain is None and older.get("website"):
            domain = older["website"]
            sources = merged(sources, fact_sources(older["sources"]))
        host = a.get("host_or_support") or {}
        note = " ".join(n for n in [host.get("text") and f"{host['text'][0].upper()}{host['text'][1:]}.", ALLIANCE_REGIONS_NOTE] if n)
        if host.get("sources"):
            sources = merged(sources, gms_sources(host["sources"]))
        alliances.append(
            {
                "slug": slug(a["id"], "gmsa-"),
                "name": a["name"],
                "hub": slug(a["aligned_glh"], "glh-"),
                "website": website(domain),
                "hostTrust": None,
                "regions": {
                    "confidence": "INFERRED",
                    "codes": regions_of_hub[a["aligned_glh"]],
                    "extent": extents[a["aligned_glh"]],
                },
                "icbs": icb_links(a["icb_links"], gms_sources.cite, gms_sources),
                "validFrom": alliances_from,
                "validFromPrecision": alliances_from_precision,
                "note": note,
                "sources": merged(sources, gms_sources(alliances_established["sources"])),
            }
        )

    networks = []
    for n in structure["networks_of_excellence"]["networks"]:
        lead = n.get("lead") or {}
        summary = n.get("summary") or {}
        partners = n.get("partners") or {}
        networks.append(
            {
                "slug": slug(n["id"], "noe-"),
                "topic": n["topic"],
                "summary": summary.get("text"),
                "lead": lead.get("text"),
                "leadConfidence": upper(lead["confidence"]),
                "leadQuote": lead.get("quote"),
                "leadAlliances": [slug(a, "gmsa-") for a in lead.get("alliances", [])],
                "partners": partners.get("text"),
                "note": gms_sources.cite(lead.get("note")),
                "sources": gms_sources(
                    merged(
                        n["sources"],
                        lead.get("sources", []),
                        summary.get("sources", []),
                        partners.get("sources", []),
                    )
                ),
            }
        )

    centres = []
    for c in structure["genomic_medicine_centres_100k"]["centres"]:
        lead = c["lead"]
        designated = c.get("designated") or {}
        date, precision = dated(designated.get("date"))
        centres.append(
            {
                "slug": slug(c["id"], "gmc-"),
                "name": c["name"],
                "leadTrust": lead.get("ods_code"),
                "leadAsStated": lead.get("name_as_stated"),
                "leadConfidence": upper(lead["confidence"]),
                "leadOdsMapping": lead.get("ods_mapping"),
                "validFrom": date,
                "validFromPrecision": precision,
                "partners": [
                    {
                        "nameAsStated": p["name_as_stated"],
                        "odsCode": p.get("ods_code"),
                        "role": p.get("role"),
                        "confidence": upper(p["confidence"]),
                        "odsMapping": p.get("ods_mapping"),
                        "note": gms_sources.cite(p.get("note")),
                        "sources": gms_sources(p["sources"]),
                    }
                    for p in c.get("partners", [])
                ],
                "note": gms_sources.cite(" ".join(c.get("notes") or []) or None),
                "sources": gms_sources(merged(c["sources"], designated.get("sources", []))),
            }
        )

    timeline = []
    seen = set()
    for e in structure["timeline"]:
        date, precision = dated(e.get("date"))
        words = "-".join(slugify(e["event"]).split("-")[:6])
        key = f"{e.get('date') or 'undated'}-{words}"
        if key in seen:
            raise SystemExit(f"gms-structure.json: two timeline events would share the slug {key!r}")
        seen.add(key)
        timeline.append(
            {
                "slug": key,
                "date": date,
                "datePrecision": precision,
                "event": e["event"],
                "confidence": upper(e["confidence"]),
                "note": gms_sources.cite(e.get("note")),
                "sources": gms_sources(e["sources"]),
            }
        )

    projects_built = projects(
        structure,
        carried,
        gms_sources.cite,
        gms_sources,
        [a["slug"] for a in alliances],
    )
    courses_built = courses(structure, carried, gms_sources.cite, gms_sources)
    ids = {f"Region:{r['code']}" for r in regions}
    ids |= {f"Icb:{i['odsCode']}" for i in icbs} | {f"Trust:{t['odsCode']}" for t in trusts}
    ids |= {f"Site:{s['odsCode']}" for s in sites} | {f"Hub:{h['slug']}" for h in hubs}
    ids |= {f"Alliance:{a['slug']}" for a in alliances}
    ids |= {f"HubMembership:{m['slug']}" for m in memberships}
    ids |= {f"Organisation:{o}" for o in organisations}
    ids |= {f"NetworkOfExcellence:{n['slug']}" for n in networks}
    ids |= {f"GenomicMedicineCentre:{c['slug']}" for c in centres}
    ids |= {f"TimelineEvent:{e['slug']}" for e in timeline}
    ids |= {f"TransformationProject:{p['slug']}" for p in projects_built}
    ids |= {f"TrainingCourse:{c['slug']}" for c in courses_built}

    def slug_of_event(prefix):
        found = [e["slug"] for e in timeline if e["slug"].startswith(prefix)]
        if len(found) != 1:
            raise SystemExit(f"data/build.py: {len(found)} timeline events start {prefix!r}, not one")
        return found[0]

    def concerns_of(names):
        return concerned(
            names,
            ids,
            slug_of_event,
            lambda day: [f"GenomicMedicineCentre:{c['slug']}" for c in centres if c["validFrom"] == day],
        )

    for e in timeline:
        names = [v for k, v in EVENT_CONCERNS.items() if e["slug"].startswith(k)]
        e["concerns"] = concerns_of(names[0]) if names else []
    unused = [k for k in EVENT_CONCERNS if not any(e["slug"].startswith(k) for e in timeline)]
    if unused:
        raise SystemExit(f"data/build.py: no timeline event for {unused}")

    return {
        "about": ABOUT,
        "regions": regions,
        "icbs": icbs,
        "trusts": trusts,
        "sites": sites,
        "hubs": hubs,
        "alliances": alliances,
        "organisations": sorted(organisations.values(), key=lambda o: o["slug"]),
        "hubMemberships": memberships,
        "networksOfExcellence": networks,
        "genomicMedicineCentres": centres,
        "timeline": timeline,
        "transformationProjects": projects_built,
        "trainingCourses": courses_built,
        "conflicts": conflicts(structure, gms_sources, concerns_of),
    }


def main():
    text = json.dumps(build(), indent=2, ensure_ascii=False) + "\n"
    if sys.argv[1:] == ["--check"]:
        if OUTPUT.read_text(encoding="utf-8") != text:
            raise SystemExit(
                "data/network.json is not what data/build.py builds from data/reference/: "
                "run python3 data/build.py"
            )
        print("data/network.json is what data/build.py builds")
    elif sys.argv[1:]:
        raise SystemExit("usage: python3 data/build.py [--check]")
    else:
        OUTPUT.write_text(text, encoding="utf-8")
        print(f"wrote {OUTPUT.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
