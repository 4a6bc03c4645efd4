# Team meetings and barriers can point at enrolments, so they are deliberately not in
# Django admin: the administrator role sees no participant content (role separation).
