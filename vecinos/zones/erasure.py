"""What zones hold about a person: their membership, found by phone or e-mail."""

from vecinos.privacy.erasure import PersonalDataSource, register

from .models import Member, MemberToken


class MemberSource(PersonalDataSource):
    name = "zone_members"
    model = Member
    email_field = "email"
    phone_field = "phone"
    export_fields = (
        "name",
        "phone",
        "email",
        "language",
        "zone",
        "block",
        "role",
        "status",
        "source",
        "available_mornings",
        "available_evenings",
        "has_car",
        "languages_spoken",
        "notes",
        "consent",
        "consented_at",
        "created_at",
        "confirmed_at",
        "stopped_at",
        "trained_at",
        "training_expires_at",
    )

    def export(self, row):
        data = super().export(row)
        data["tags"] = sorted(row.tags.values_list("name", flat=True))
        return data

    def erase(self, rows):
        # The member goes with their links and codes, their tags and everything encrypted
        # on the row. The audit row is erase_person's, with counts only: one per member
        # would list who asked to be forgotten.
        pks = [row.pk for row in rows]
        MemberToken.objects.filter(member__in=pks).delete()
        Member.tags.through.objects.filter(member__in=pks).delete()
        Member.objects.filter(pk__in=pks).delete()
        return len(pks)


register(MemberSource())
