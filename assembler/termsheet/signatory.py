"""Who signs for an entity, and through whom: the chain of a signature block.

An investor that is a fund rarely signs itself: its general partner (or investment adviser, managing member, trustee)
signs for it, and a person signs for that entity. The term sheet gives the chain outermost first
(`signatory.through`), and every signature block of the set prints it, one tier a line, each indented under the last:

    ALTAR ROCK FUND L.P.
    By: Tudor Investment Corporation, its general partner
        By: ______________________
        Name: William T. Flaherty
        Title: Vice President

A capacity is one of a few words (`Capacity`), each with the words a block prints: "its general partner" for an
office the entity holds in the fund's own governance, "as investment adviser" for an agent acting under a contract.
"""
from __future__ import annotations

from enum import Enum

from assembler.termsheet.types import Model, Text

MAX_TIERS = 3  # entities between the party and the person who signs


class Capacity(str, Enum):
    """The capacity in which an entity of the chain signs for the one above it."""

    general_partner = "general partner"
    managing_member = "managing member"
    manager = "manager"
    sole_member = "sole member"
    trustee = "trustee"
    investment_adviser = "investment adviser"
    investment_manager = "investment manager"
    attorney_in_fact = "attorney-in-fact"

    @property
    def words(self) -> str:
        """What follows the entity's name in "By: <entity>, ...": "its general partner", "as investment adviser"."""
        agent = self in (Capacity.investment_adviser, Capacity.investment_manager, Capacity.attorney_in_fact)
        return f"{'as' if agent else 'its'} {self.value}"


class Tier(Model):
    """An entity of the chain: its name and the capacity in which it signs for the entity above it."""

    name: Text
    capacity: Capacity



def office(person) -> str:
    """The signer's office in words, through the chain: "Vice President" (no chain), "Vice President of Tudor
    Investment Corporation, its general partner", "Managing Member of B GP LLC, general partner of A LP, its general
    partner" (the checklist's parties, the index of signatories, the schedule of investors)."""
    tiers = list(person.through)
    if not tiers:
        return person.title
    parts = [f"{person.title} of {tiers[-1].name}"]
    parts += [f"{tiers[k].capacity.value} of {tiers[k - 1].name}" for k in range(len(tiers) - 1, 0, -1)]
    return ", ".join(parts + [tiers[0].capacity.words])


def capacity_moved(old: str) -> str:
    """The message for a term sheet that still gives the one-line `capacity` of earlier versions."""
    choices = ", ".join(c.value for c in Capacity)
    return ("'capacity' is replaced by 'through', the entities the signatory signs through, outermost "
            "first; keep the person's own office in 'title' and write, for example, 'title: Vice President' and "
            "'through: [{name: Tudor Investment Corporation, capacity: investment adviser}]' (capacity one of: "
            f"{choices})")


def check_chains(ts, source) -> list:
    """Chains that cannot be right: an entity signing through itself, or the same entity twice in one chain."""
    problems = []
    parties = [(("company", "signatory"), ts.company.name, ts.company.signatory)]
    parties += [(("investors", i, "signatory"), inv.name, inv.signatory) for i, inv in enumerate(ts.investors)]
    if ts.placement_agent is not None and ts.placement_agent.signatory is not None:
        parties.append((("placement_agent", "signatory"), ts.placement_agent.name, ts.placement_agent.signatory))
    for loc, party, person in parties:
        seen = [party]
        for k, tier in enumerate(person.through):
            if tier.name in seen:
                what = "the party itself" if tier.name == party else "named twice in the chain"
                problems.append(source.problem(loc + ("through", k, "name"), f"'{tier.name}' is {what}",
                                               "list only the entities between the party and the person who signs, "
                                               "outermost first"))
            seen.append(tier.name)
    return problems
