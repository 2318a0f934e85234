"""Coalition's background work: sending an event invitation a second staff member approved."""

from django_tasks import task


@task()
def send_invitation_task(invitation_id: int) -> dict:
    """Queue the invitations of an approved request (events.approve_invitation)."""
    from .models import EventInvitation
    from .services.events import send_invitation

    invitation = EventInvitation.objects.filter(pk=invitation_id).first()
    if invitation is None:
        return {"queued": 0}
    return {"queued": send_invitation(invitation).queued or 0}
