"""PDF/A-3b for records: XMP metadata in Dublin Core, an sRGB output intent, every font
embedded (WeasyPrint's ``pdf/a-3b`` variant does the last two) and the record's own data
attached as JSON with ``AFRelationship /Source``.

Only Dublin Core properties are added to the XMP: they are predefined in XMP, so a
PDF/A checker needs no extension schema for them (custom namespaces would need one).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring

import weasyprint
from weasyprint.pdf.metadata import NS, DocumentMetadata

PDF_VARIANT = "pdf/a-3b"
RECORD_ATTACHMENT = "record.json"


@dataclass
class ArchivalRecord:
    """What a record says about itself, in its XMP and its attached JSON."""

    title: str
    description: str
    province: str  # dc:coverage
    publisher: str  # dc:publisher: the committee or the province
    identifier: str  # dc:identifier: "ครั้งที่ 3/2568", "ปีงบประมาณ 2568 ไตรมาส 1"
    dates: list[str] = field(default_factory=list)  # dc:date, ISO 8601
    keywords: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)

    def data_json(self) -> bytes:
        return record_json(self.data)


def record_json(data: dict[str, Any]) -> bytes:
    """The attached JSON, canonical so that the same record gives the same bytes."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1, default=str).encode()


class _RecordMetadata(DocumentMetadata):
    record: ArchivalRecord

    def generate_rdf_metadata(self, variant, version, conformance):
        rdf = super().generate_rdf_metadata(variant, version, conformance)
        return rdf.replace(b"</rdf:RDF>", _dublin_core(self.record) + b"</rdf:RDF>")


def _dublin_core(record: ArchivalRecord) -> bytes:
    description = Element(f"{{{NS['rdf']}}}Description")
    description.attrib[f"{{{NS['rdf']}}}about"] = ""
    for name, value in (("coverage", record.province), ("identifier", record.identifier)):
        SubElement(description, f"{{{NS['dc']}}}{name}").text = value
    for name, container, values in (
        ("publisher", "Bag", [record.publisher]),
        ("date", "Seq", record.dates),
    ):
        if not values:
            continue
        items = SubElement(
            SubElement(description, f"{{{NS['dc']}}}{name}"), f"{{{NS['rdf']}}}{container}"
        )
        for value in values:
            SubElement(items, f"{{{NS['rdf']}}}li").text = value
    # The fragment declares its own namespaces again: valid XML inside rdf:RDF.
    return tostring(description, encoding="utf-8", xml_declaration=False)


def apply(document: weasyprint.Document, record: ArchivalRecord) -> dict[str, Any]:
    """Set ``document``'s metadata from ``record``; the ``write_pdf`` options to use."""
    metadata = document.metadata
    metadata.__class__ = _RecordMetadata
    metadata.record = record
    metadata.title = record.title
    metadata.description = record.description
    metadata.keywords = list(record.keywords)
    metadata.lang = "th"
    attachment = weasyprint.Attachment(
        string=record.data_json().decode(),
        name=RECORD_ATTACHMENT,
        description=record.title,
        relationship="Source",
    )
    return {"pdf_variant": PDF_VARIANT, "attachments": [attachment]}
