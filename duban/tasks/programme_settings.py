"""The keys a programme's settings (Programme.settings) may hold, with their defaults: the
supervision ladder's rungs and the notice prefix, and the rectification kinds' deadlines. The programme services check changes against
these; the sweep (supervision.rules) reads them."""

DEFAULTS = {
    "reminder_workdays_before": 5,   # 提醒
    "urge_workdays_after": 0,        # 催办 on the day
    "notice_workdays_after": 3,      # 督办单
    "escalate_workdays_after": 10,   # 约谈 / 报告责任领导
    "recheck_workdays_before": 0,    # 回头看 reminder on its due day
    "catchup_workdays": 3,           # a sweep missed for up to this many working days still fires
    "pace_tolerance_percent": 20,    # yellow notice when this far behind the planned pace (序时进度)
    "blue_notice_on_reminder": False,  # some offices also number the "deadline near" reminder
    "notice_prefix": "钱督",
    "immediate_deadline_days": 30,   # 立行立改: the deadline a finding gets when none is given
    "ongoing_checkpoint_years": 3,   # 持续整改: yearly checkpoints planned ahead
    "report_due_months": 2,          # 巡视整改: the rectification report after the feedback
    "comment_days_min": 30,          # 重大行政决策: public comment at least this long unless a reason is given
}
