#!/usr/bin/env python3
"""Builds data/network.json, the bundled network, from the sourced reference files.

    python3 data/build.py           # writes data/network.json
    python3 data/build.py --check   # fails if data/network.json is not what the sources build

Inputs (copies of the project's reference data, see data/reference/README.md):
- data/reference/organisations.json: regions, ICBs, trusts and sites (ODS data);
- data/reference/gms-structure.json: hubs and alliances (names, lead trusts, areas, notes);
- data/reference/network-facts.json: the older facts, still the source of the lead trusts'
  addresses and notes and of the alliances' websites where the newer file has none;
- data/carried.json: the transformation projects and training courses as they were built from
  network-facts.json, carried over until they are rebuilt from gms-structure.json.

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
            "sources": org_sources(i["sources"]),
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
    hubs = []
    memberships = []
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
            memberships.append(
                {
                    "slug": f"{hub_slug}--{key}",
                    "hub": hub_slug,
                    "trust": m["ods_code"],
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
                "note": gms_sources.cite(
                    " ".join(
                        [n for n in [area.get("note"), area.get("not_whole_region")] if n]
                        + (g.get("notes") or [])
                    )
                    or None
                ),
                "sources": gms_sources(merged(g["sources"], *(r["sources"] for r in coverage))),
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
                "note": note,
                "sources": sources,
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

    return {
        "about": ABOUT,
        "regions": regions,
        "icbs": icbs,
        "trusts": trusts,
        "sites": sites,
        "hubs": hubs,
        "alliances": alliances,
        "hubMemberships": memberships,
        "networksOfExcellence": networks,
        "genomicMedicineCentres": centres,
        "timeline": timeline,
        "transformationProjects": carried["transformationProjects"],
        "trainingCourses": carried["trainingCourses"],
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
