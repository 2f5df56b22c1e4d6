"""What the directory announces to the layers above it, which it must not import."""
from django.dispatch import Signal

# Sent with `username` when a user's sign-in locks are to go (a password reset, an admin's unlock);
# each receiver returns how many locks it lifted.
lift_sign_in_locks = Signal()

# Sent with `user` when everything that signs in for a user must stop working (a password reset,
# deactivation, an explicit revocation): API tokens, calendar-feed addresses. Each receiver
# returns how many it revoked.
revoke_credentials = Signal()
