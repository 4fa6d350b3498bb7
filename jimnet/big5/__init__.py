"""BIG5 toward 18: five transition domains, scored over time, with actions, a countdown and a dashboard."""
