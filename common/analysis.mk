# boot-analysis engine: capture, rules, activities, save/replay, text and JSON reports.
