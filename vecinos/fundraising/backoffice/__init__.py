"""The fundraiser's screens in the admin: campaigns, gifts, offline entry and the export."""
