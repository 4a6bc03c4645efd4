# Jobs are not in Django admin: their messages are the owner's, and results may hold
# participant data, which the administrator role does not see (role separation).
