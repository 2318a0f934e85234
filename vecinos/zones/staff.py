"""What staff do to zones and members in the back office, each as one audited function.

The members' own actions (joining, confirming, leaving) are in services.py; these functions
are the staff side: adding someone by hand, changing a record, revealing a phone number,
renaming a block, linking captains, writing a new consent text and importing shapes.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from vecinos.core.audit import log_action

from . import geo, services
from .audit import AuditCode
from .models import Block, ConsentText, Member, Zone


@transaction.atomic
def add_member(
    signup: services.Signup,
    *,
    actor,
    role: str = Member.Role.MEMBER,
    tags: list[str] | None = None,
    notes: str = "",
) -> tuple[Member, bool]:
    """Add someone an organizer signed up in person; return (member, created).

    The person gets the usual welcome message. A phone or e-mail we already hold adds
    nobody and sends nothing (staff see the existing record instead), except that a member
    who had stopped is signed up again, since they are standing in front of an organizer.
    """
    existing = services.find_member(phone=signup.phone, email=signup.email)
    if existing is not None and existing.status != Member.Status.STOPPED:
        return existing, False
    member = services.join_zone(signup, source=Member.Source.STAFF)
    if role != Member.Role.MEMBER:
        services.set_role(member, role, actor=actor)
    if tags:
        services.set_tags(member, tags, actor=actor)
    if notes:
        set_notes(member, notes, actor=actor)
    log_action(actor, AuditCode.MEMBER_ADDED, member)
    return member, True


def allowed_statuses(member: Member) -> list[str]:
    """Return the statuses staff may give this member.

    A member who stopped comes back only by joining again themselves: staff never restart
    messages to someone who said stop.
    """
    if member.status == Member.Status.STOPPED:
        return [Member.Status.STOPPED]
    if member.status == Member.Status.ACTIVE:
        return [Member.Status.ACTIVE, Member.Status.STOPPED]
    return list(Member.Status.values)


@transaction.atomic
def update_member(
    member: Member,
    *,
    actor,
    role: str,
    status: str,
    block: Block | None,
    tags: list[str],
    notes: str,
) -> Member:
    """Apply an organizer's changes to a member, one audited service call per change."""
    if status not in allowed_statuses(member):
        raise ValueError(f"Status {status!r} is not allowed for this member")
    if role != member.role:
        services.set_role(member, role, actor=actor)
    if block != member.block:
        services.change_block(member, block, zone=member.zone, actor=actor)
    current_tags = sorted(member.tags.values_list("name", flat=True))
    if sorted(tag.strip() for tag in tags if tag.strip()) != current_tags:
        services.set_tags(member, tags, actor=actor)
    if notes != member.notes:
        set_notes(member, notes, actor=actor)
    if status != member.status:
        if status == Member.Status.STOPPED:
            services.stop_membership(member, actor=actor)
        elif status == Member.Status.ACTIVE:
            confirm_in_person(member, actor=actor)
    return member


@transaction.atomic
def confirm_in_person(member: Member, *, actor) -> None:
    """Activate a pending member whose sign-up an organizer confirmed face to face."""
    member.status = Member.Status.ACTIVE
    member.confirmed_at = timezone.now()
    member.save(update_fields=["status", "confirmed_at"])
    log_action(actor, AuditCode.MEMBER_CONFIRMED_BY_STAFF, member)


@transaction.atomic
def set_notes(member: Member, notes: str, *, actor) -> None:
    """Replace the organizers' notes on a member (encrypted; the audit row holds no text)."""
    member.notes = notes
    member.save(update_fields=["notes"])
    log_action(actor, AuditCode.MEMBER_NOTES_CHANGED, member, detail={"length": len(notes)})


@transaction.atomic
def rename_block(block: Block, name: str, *, actor) -> Block:
    """Give a block the name its neighbors know it by ("Las Casitas de la 9")."""
    block.name = name.strip()[:120]
    block.save(update_fields=["name"])
    log_action(actor, AuditCode.BLOCK_RENAMED, block)
    return block


@transaction.atomic
def set_block_captains(block: Block, accounts, *, actor) -> None:
    """Link the staff accounts of the block's captains, who then see its members."""
    block.captain_accounts.set(accounts)
    log_action(actor, AuditCode.BLOCK_CAPTAINS_CHANGED, block, detail={"count": len(accounts)})


@transaction.atomic
def create_consent_text(*, actor, version: str, text_en: str, text_es: str) -> ConsentText:
    """Add a new version of the consent text; the versions people agreed to stay as they were."""
    consent = ConsentText.objects.create(
        version=version.strip(), text_en=text_en.strip(), text_es=text_es.strip()
    )
    log_action(actor, AuditCode.CONSENT_TEXT_CREATED, consent)
    return consent


def import_shapes(
    features: list[geo.Feature],
    *,
    actor,
    kind: str,
    name_property: str = "",
    code_property: str = "",
    attribution: str = "",
    only: list[str] | None = None,
    zone: Zone | None = None,
) -> geo.ImportReport:
    """Import zones or blocks from features already read, and record the import's counts."""
    if kind == "zones":
        report = geo.import_zones(
            features, name_property=name_property, attribution=attribution, only=only or None
        )
    else:
        report = geo.import_blocks(
            features,
            code_property=code_property,
            name_property=name_property or None,
            zone=zone,
        )
    log_action(
        actor,
        AuditCode.SHAPES_IMPORTED,
        object_type="zones.zone" if kind == "zones" else "zones.block",
        detail={
            "kind": kind,
            "created": report.created,
            "updated": report.updated,
            "skipped": report.skipped,
        },
    )
    return report
