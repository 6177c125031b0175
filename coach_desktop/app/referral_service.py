"""Referrals from the screens: a sent referral to a community resource and its follow-up task, in one write.

REFERENCE §1.5: each positive social-need domain prompts a referral and a follow-up task that closes the loop.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from ..domain.community import CommunityResource
from ..domain.member import Member
from ..domain.work_items import Referral, ReferralCategory, ReferralStatus, Task, TaskType
from ..vault.errors import RecordInvalid
from ..vault.repository import ChangeSet
from ..vault.vault import Vault

# When the coach checks the referral happened; the synthetic panel and the worklist's "overdue referral" use the
# same two weeks. A program setting, not a clinical rule.
FOLLOW_UP_DAYS = 14
FOLLOW_UP_TITLE = "Check the referral happened"


class ReferralService:
    def __init__(self, vault: Vault, today: Callable[[], date] = date.today,
                 follow_up_days: int = FOLLOW_UP_DAYS) -> None:  # fmt: skip
        self._vault = vault
        self._today = today
        self._follow_up_days = follow_up_days

    def refer(self, member_id: str, category: ReferralCategory, resource_id: str,
              reason: str) -> tuple[Referral, list[ChangeSet]]:  # fmt: skip
        """Send the member to a directory resource: the referral (sent today) and its follow-up task."""
        repo = self._vault.repository()
        member = repo.get(Member.KIND, member_id)
        resource = repo.get(CommunityResource.KIND, resource_id)
        if not isinstance(member, Member) or not isinstance(resource, CommunityResource):
            raise RecordInvalid("That member or resource is no longer on this computer.")
        today = self._today()
        expected = today + timedelta(days=self._follow_up_days)
        referral = Referral(member_id=member.id, practice_id=member.practice_id, category=ReferralCategory(category),
                            to_name=resource.name, reason=reason, status=ReferralStatus.SENT, sent_on=today,
                            expected_by=expected, resource_id=resource.id)  # fmt: skip
        task = Task(member_id=member.id, practice_id=member.practice_id, type=TaskType.REFERRAL_FOLLOW_UP,
                    title=FOLLOW_UP_TITLE, due=expected, source_kind=Referral.KIND, source_id=referral.id,
                    assigned_to=self._vault.actor.user_id)  # fmt: skip
        saved = repo.save_all(creates=[referral, task])
        stored = saved[0][0]
        assert isinstance(stored, Referral)
        return stored, [change for _, change in saved]
