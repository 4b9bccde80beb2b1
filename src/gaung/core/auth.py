"""Login behaviour: no public sign-up; logins are created by invitation or activation."""

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # ASN activate through an invitation or NIP + one-time code; admins are appointed.
        return False
