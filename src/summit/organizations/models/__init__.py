from summit.organizations.models.organization import Membership, Organization

__all__ = ["Membership", "Organization"]
