"""The broadcasts screens of the back office: write, preview, approve, send, follow."""
