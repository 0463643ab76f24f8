"""docs/architecture.md matches the code: the event diagram and table are what the services'
reactions maps and the contracts say, and every capability package it names exists (and every
package of billing and recovery is named)."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

from shared.contracts import REGISTRY, contract_for
from shared.testing.live_stack import SERVICES, service_consumers

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "architecture.md"
UPSTREAM = "upstream"


def doc() -> str:
    return DOC.read_text(encoding="utf-8")


def reactions() -> dict[str, set[str]]:
    """{event type (or upstream routing key): services reacting to it}, from the reactions maps."""
    found: dict[str, set[str]] = defaultdict(set)
    for service in SERVICES:
        for consumer in service_consumers(service):
            for key in consumer.handlers:
                event_type, _, version = key.rpartition(".v")
                contract = contract_for(event_type, int(version)) if version.isdigit() else None
                found[contract.event_type if contract else key].add(service)
    return found


def published_events() -> dict[str, str]:
    """{event type: producing service} for every versioned contract."""
    return {contract.event_type: contract.producer for contract in REGISTRY.values()}


def diagram_edges(text: str) -> dict[tuple[str, str], set[str]]:
    block = re.search(r"```mermaid\n(.*?)```", text, re.S)
    assert block, "docs/architecture.md has no mermaid block"
    edges = {}
    for source, labels, target in re.findall(r"^\s*(\w+)\s*-->\|([^|]*)\|\s*(\w+)\s*$", block.group(1), re.M):
        edges[(source, target)] = {label.strip() for label in labels.split(",")}
    return edges


def test_the_diagram_draws_exactly_who_reacts_to_whose_events():
    producers = published_events()
    expected: dict[tuple[str, str], set[str]] = defaultdict(set)
    for event, services in reactions().items():
        for service in services:
            expected[(producers.get(event, UPSTREAM), service)].add(event)
    assert diagram_edges(doc()) == dict(expected)


def test_the_event_table_lists_every_event_its_producer_and_who_reacts():
    rows = {
        event: (producer, {s.strip() for s in reacting.split(",") if s.strip() and s.strip() != "—"})
        for event, producer, reacting in re.findall(r"^\| `(\w+)` \| (\w+) \| ([^|]*) \|$", doc(), re.M)
    }
    reacting = reactions()
    assert rows == {event: (producer, reacting.get(event, set())) for event, producer in published_events().items()}


@pytest.mark.parametrize("service", ["billing", "recovery"])
def test_every_capability_package_is_on_the_map_and_every_package_named_exists(service):
    text = doc()
    package_root = ROOT / "services" / service / service
    named = set(re.findall(rf"`services/{service}/{service}/(\w+)/`", text))
    packages = {p.name for p in package_root.iterdir()
                if (p / "__init__.py").exists() and p.name != "migrations"}
    assert named == packages


def test_every_module_path_named_exists():
    missing = [path for path in re.findall(r"`((?:services|shared)/[\w/]+\.py)`", doc())
               if not (ROOT / path).exists()]
    assert not missing
