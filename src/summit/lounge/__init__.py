"""The meeting lounge on the days of the summit: the organizers' live grid of tables × slots,
check-in (QR code or a tap), no-shows reported by either side, video-call links of virtual
meetings, and moving a meeting by drag and drop."""
