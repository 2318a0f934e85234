"""`make bench`: measure the public pages against nginx serving the same HTML as a file."""
