"""Path converters that refuse what the database cannot hold.

Django's `int` converter takes any run of digits; a number past a 64-bit integer then fails
inside the database driver (OverflowError) and answers 500. Every app's numeric path
parameters use `<id:...>` instead, which answers 404 for such a number.
"""

MAX_ID = 2**63 - 1


class DatabaseIdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("larger than a database id")
        return number

    def to_url(self, value) -> str:
        return str(int(value))
