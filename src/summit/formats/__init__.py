"""Date and time formats per language (``FORMAT_MODULE_PATH``): one format of each kind per
locale, 24-hour times in both, so pages, e-mails and PDFs never mix "09/24/2026 6 p.m." with
"2026-09-25 18:00". Times are shown in the active time zone, which event pages and e-mails
set to the event's. Input formats stay Django's.
"""
