# Post-exit checks are participant content and deliberately not in Django admin (role separation).
