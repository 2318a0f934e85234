import pytest

from vecinos.content.testing import make_homes
from vecinos.records.tests.factories import make_archives


@pytest.fixture
def homes(db):
    return make_homes()


@pytest.fixture
def archives(homes):
    return make_archives(homes)
