"""Every write with side effects, by kind of campaign: letters, petitions, events."""
