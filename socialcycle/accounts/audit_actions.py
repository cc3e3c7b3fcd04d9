"""Every action the audit log records, in one place, so a typo cannot invent a new one.

Each value is the exact text stored in `AuditEvent.action` (and shown on the audit page,
its CSV and its JSON), so rows written before this enum existed read the same. Renaming
a value splits the log's history in two: add a member instead.

Two sets of actions are open and stay plain text, written only by `audit.py`: the Django
admin's ("admin: changed team", see `record_admin_edit`) and the middleware's net, which
records an unlogged change as the page's view name.
"""

from __future__ import annotations

from enum import StrEnum, unique


@unique
class AuditAction(StrEnum):
    # Plain verbs; the event's object type says what was made or changed.
    CREATE = "create"  # a workspace (accounts), a team (acting)
    CHANGE = "change"  # a workspace's settings, a tracked name (accounts)
    RENAME = "rename"  # a source (listening), a team (acting)

    # accounts: workspaces, members, API tokens
    TRACK = "track"
    UNTRACK = "untrack"
    INVITE = "invite"
    ACCEPT_INVITATION = "accept invitation"
    CHANGE_ROLE = "change role"
    REMOVE_MEMBER = "remove member"
    CREATE_API_TOKEN = "create API token"  # noqa: S105 (an action, not a secret)
    REVOKE_API_TOKEN = "revoke API token"  # noqa: S105 (an action, not a secret)

    # listening: sources, imports, participants
    START_IMPORT = "start import"
    RESUME_IMPORT = "resume import"
    MERGE_PARTICIPANTS = "merge_participants"
    CONNECT_SOURCE = "connect source"
    PAUSE_SOURCE = "pause source"
    RESUME_SOURCE = "resume source"
    POLL_SOURCE_NOW = "poll source now"

    # understanding: spam, topics, corrections of an analysis
    MARK_SPAM = "mark spam"
    MARK_NOT_SPAM = "mark not spam"
    RENAME_TOPIC = "rename topic"
    MERGE_TOPICS = "merge topics"
    RETIRE_TOPIC = "retire topic"
    SPLIT_TOPIC = "split topic"
    CORRECT_SENTIMENT = "correct sentiment"
    CORRECT_KINDS = "correct kinds"
    CORRECT_TOPIC = "correct topic"
    CONFIRM_KINDS = "confirm kinds"

    # acting: teams, routing rules, webhooks
    CHANGE_MEMBERS = "change members"
    CHANGE_BUSINESS_HOURS = "change business hours"
    CREATE_ROUTING_RULE = "create routing rule"
    CREATE_WEBHOOK = "create webhook"
    SWITCH_WEBHOOK = "switch webhook"

    # acting: an insight's history, one per InsightEvent.Kind ("insight " + the kind in
    # words); `acting.history.AUDIT_ACTIONS` picks the member for a kind.
    INSIGHT_CREATED = "insight created"
    INSIGHT_STATUS_CHANGED = "insight status changed"
    INSIGHT_ASSIGNED = "insight assigned"
    INSIGHT_PUBLISHED = "insight published"
    INSIGHT_RENAMED = "insight renamed"
    INSIGHT_COMMENTED = "insight commented"
    INSIGHT_POST_ATTACHED = "insight post attached"
    INSIGHT_CONFIRMED = "insight confirmed"
    INSIGHT_DISMISSED = "insight dismissed"
    INSIGHT_MERGED = "insight merged"
    INSIGHT_SPLIT = "insight split"

    # responding: inbox, replies, templates
    ASSIGN_POSTS = "assign posts"
    REPLY = "reply"
    ADD_REPLY_TEMPLATE = "add reply template"
    CHANGE_REPLY_TEMPLATE = "change reply template"

    # community: moderation, testimonials, knowledge base, Q&A
    MODERATE = "moderate"
    SELECT_TESTIMONIAL = "select testimonial"
    RECORD_TESTIMONIAL_CONSENT = "record testimonial consent"
    WITHDRAW_TESTIMONIAL = "withdraw testimonial"
    PROMOTE_TIP = "promote tip"
    EDIT_ARTICLE = "edit article"
    PUBLISH_ARTICLE = "publish article"
    UNPUBLISH_ARTICLE = "unpublish article"
    ACCEPT_ANSWER = "accept answer"

    # measuring: digests, alerts, exports
    SEND_DIGEST = "send digest"
    ACKNOWLEDGE_ALERT = "acknowledge alert"
    EXPORT_PARTICIPANTS = "export_participants"

    # privacy: erasure and subject access
    ERASE_PARTICIPANT = "erase participant"
    EXPORT_PARTICIPANT_DATA = "export participant data"
