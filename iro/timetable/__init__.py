"""Working days, bank holidays and the statutory review timetable, in plain Python (no Django)."""
