# Analysis notes are read and written on the project's analysis page, where the access
# rules live; they are deliberately not in Django admin.
