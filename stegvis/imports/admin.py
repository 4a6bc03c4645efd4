# Imports are not in Django admin: their error reports describe participants' rows, which
# the administrator role does not see (role separation).
