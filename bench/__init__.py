"""`make bench`: figures at whole-ICS (and whole-England) scale, printed and saved as JSON."""
