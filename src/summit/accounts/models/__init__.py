from summit.accounts.models.invitation import Invitation
from summit.accounts.models.profile import Profile

__all__ = ["Invitation", "Profile"]
