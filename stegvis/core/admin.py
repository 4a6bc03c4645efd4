# Participant data and the audit log are deliberately not in Django admin: the
# administrator role sees no participant content (role separation), and the log is
# read through its own review page.
