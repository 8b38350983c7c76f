"""The API's own request and answer models; the shapes of ideas, comments, themes and
members are app.services.sharing.public's, shared with the webhooks."""

from datetime import datetime
from typing import Annotated, Literal

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field

from app.services.accounts.profiles import ProfileComment, ProfileIdea
from app.services.bounds import MAX_ID
from app.services.sharing.public import IdeaSummary

# A larger id names nothing and is refused before the database (app/services/bounds.py).
IdPath = Annotated[int, Path(ge=1, le=MAX_ID)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class IdeaIn(Strict):
    title: str = Field(max_length=1_000)
    body: str = Field(default="", max_length=100_000)
    theme: str = Field(description="the theme's slug", max_length=200)
    check_duplicates: bool = Field(
        default=False,
        description="refuse (409, with similar_ids) when very similar ideas exist, as the "
        "new-idea form does before asking the member to confirm",
    )


class IdeaPatch(Strict):
    """Only the fields sent change."""

    title: str | None = Field(default=None, max_length=1_000)
    body: str | None = Field(default=None, max_length=100_000)
    theme: str | None = Field(default=None, max_length=200)


class CommentIn(Strict):
    body: str = Field(max_length=100_000)
    stance: Literal["for", "against", "neutral", "none"] | None = Field(
        default=None,
        description="on the idea: required on a top-level comment, optional on a reply",
    )
    parent_id: int | None = Field(
        default=None, ge=1, le=MAX_ID, description="the comment replied to"
    )


class CommentPatch(Strict):
    body: str = Field(max_length=100_000)
    stance: Literal["for", "against", "neutral", "none"] | None = None


class IdeaList(BaseModel):
    items: list[IdeaSummary]
    next_cursor: str | None = Field(description="pass as `cursor` for the next page")


# A total of answers while the idea's round hides it (app/services/rounds/state.py).
HIDDEN_TOTAL = Field(
    default=None, description="null while the idea's inquiry round hides its totals"
)


class VoteOut(BaseModel):
    idea_id: int
    voted: bool
    vote_count: int | None = HIDDEN_TOTAL


class StanceIn(BaseModel):
    stance: Literal["support", "disagree", "pass", "clear"] = Field(
        description="support (the same as voting), disagree, pass, or clear (no answer)"
    )


class StanceOut(BaseModel):
    idea_id: int
    stance: Literal["support", "disagree", "pass"] | None = Field(
        description="the member's answer now; null when there is none"
    )
    vote_count: int | None = HIDDEN_TOTAL
    disagree_count: int | None = HIDDEN_TOTAL
    pass_count: int | None = HIDDEN_TOTAL


class StatusOption(BaseModel):
    value: str
    label: str
    official: bool = Field(description="whether moderators may set it (merged comes from merging)")


class StatusChangeOut(BaseModel):
    status: str
    from_status: str
    response: str | None
    actor_name: str | None
    created_at: datetime


class ProfileOut(BaseModel):
    """A member's public profile, with their latest ideas and comments."""

    id: int
    display_name: str
    organisation: str
    bio: str
    role: str
    joined_at: datetime
    # The service's own rows: one definition of what a profile lists.
    ideas: list[ProfileIdea]
    comments: list[ProfileComment]


class MeOut(BaseModel):
    """The token's own member (only they see their email)."""

    id: int
    display_name: str
    organisation: str
    bio: str
    email: str
    role: str
    verified: bool
    token_scope: str


class MyVoteOut(BaseModel):
    id: int
    idea_id: int
    idea_title: str
    status: str
    voted_at: datetime


class MyVotes(BaseModel):
    items: list[MyVoteOut]
    before: int | None = Field(description="pass as `before` for the next page")


class StatusIn(Strict):
    status: str = Field(max_length=40)
    response: str = Field(default="", max_length=100_000)


class MergeIn(Strict):
    into: int = Field(ge=1, le=MAX_ID, description="the id of the idea to merge into")
