"""How a phone number or an e-mail address is shown in a staff list: enough to tell two apart,
too little to contact anyone. The full value is shown only through an audited reveal."""


def mask_phone(phone: str) -> str:
    """Show only the last two digits of a phone number: "••• ••• ••34"."""
    digits = [c for c in phone or "" if c.isdigit()]
    if not digits:
        return ""
    return "••• ••• ••" + "".join(digits[-2:])


def mask_email(email: str) -> str:
    """Show the first letter and the top-level domain only: "m•••@•••.org"."""
    if not email or "@" not in email:
        return ""
    local, _, domain = email.partition("@")
    tld = domain.rsplit(".", 1)[-1] if "." in domain else ""
    return f"{local[:1]}•••@•••.{tld}" if tld else f"{local[:1]}•••@•••"
