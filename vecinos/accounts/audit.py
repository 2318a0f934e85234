"""The accounts' audit codes, `accounts.<thing>.<verb>`.

Rows written before these codes carry "two_factor.<verb>" (for example "two_factor.reset"):
the log is hash-chained, so they stay as they are. OLD_CODES maps each code to the one it
replaced, for anything that reads history.
"""

from django.db import models


class AuditCode(models.TextChoices):
    TWO_FACTOR_LOCKED = "accounts.two_factor.locked", "Second step locked after failures"
    TWO_FACTOR_RESET = "accounts.two_factor.reset", "Second step reset by an admin"
    AUTHENTICATOR_CONFIRMED = "accounts.authenticator.confirmed", "Authenticator app set up"
    BACKUP_CODES_ISSUED = "accounts.backup_codes.issued", "Backup codes issued"
    PASSKEY_REGISTERED = "accounts.passkey.registered", "Passkey registered"
    PASSKEY_REMOVED = "accounts.passkey.removed", "Passkey removed"
    PASSKEY_RENAMED = "accounts.passkey.renamed", "Passkey renamed"
    PASSKEY_USED = "accounts.passkey.used", "Passkey used to sign in"


OLD_CODES = {
    AuditCode.TWO_FACTOR_LOCKED: "two_factor.locked",
    AuditCode.TWO_FACTOR_RESET: "two_factor.reset",
    AuditCode.AUTHENTICATOR_CONFIRMED: "two_factor.app_confirmed",
    AuditCode.BACKUP_CODES_ISSUED: "two_factor.backup_codes_issued",
}
