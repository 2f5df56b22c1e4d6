"""What the directory announces to the layers above it, which it must not import."""
from django.dispatch import Signal

# Sent with `username` when a user's sign-in locks are to go (a password reset, an admin's unlock);
# each receiver returns how many locks it lifted.
lift_sign_in_locks = Signal()
