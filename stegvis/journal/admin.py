# Journal notes are participant content and deliberately not in Django admin: the
# administrator role sees no participant content (role separation).
