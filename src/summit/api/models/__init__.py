from summit.api.models.token import SCOPES, ApiToken

__all__ = ["SCOPES", "ApiToken"]
